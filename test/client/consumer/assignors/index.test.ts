import { describe, expect, it } from 'vitest';
import { CLASSIC_ASSIGNORS, createAssignor, rebalanceProtocolOf } from '../../../../src/client/consumer/assignors';

const list = (...names: string[]) => names.map(createAssignor);

describe('client > assignors > index', () => {
  it('creates each assignor under the name members vote with', () => {
    for (const name of ['range', 'roundrobin', 'sticky', 'cooperative-sticky']) expect(createAssignor(name).name).toBe(name);
    expect(Object.keys(CLASSIC_ASSIGNORS)).toEqual(['range', 'roundrobin', 'sticky', 'cooperative-sticky']);
  });

  it('creates a fresh sticky assignor each time, since it remembers its member', () => {
    expect(createAssignor('sticky')).not.toBe(createAssignor('sticky'));
  });

  it('rejects an unknown assignor with INVALID_CONFIG', () => {
    expect(() => createAssignor('toString')).toThrow(expect.objectContaining({ type: 'INVALID_CONFIG' }));
  });

  it.each([
    [['range', 'cooperative-sticky'], 'EAGER'],
    [['cooperative-sticky'], 'COOPERATIVE'],
    [['cooperative-sticky', 'range'], 'EAGER'],
    [['sticky'], 'EAGER'],
  ])('runs %j with the %s protocol', (names, protocol) => {
    expect(rebalanceProtocolOf(list(...names))).toBe(protocol);
  });

  it('rejects a list without a protocol in common', () => {
    const cooperativeOnly = { ...createAssignor('range'), name: 'custom', supportedProtocols: ['COOPERATIVE' as const] };
    expect(() => rebalanceProtocolOf([createAssignor('range'), cooperativeOnly])).toThrow(
      /do not have commonly supported rebalance protocol/,
    );
    expect(() => rebalanceProtocolOf([])).toThrow(expect.objectContaining({ type: 'INVALID_CONFIG' }));
  });
});
