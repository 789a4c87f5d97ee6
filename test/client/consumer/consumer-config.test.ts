import { describe, expect, it } from 'vitest';
import type { GroupProtocol } from '../../../src/client/consumer/consumer-config';
import { resolveConsumerConfig } from '../../../src/client/consumer/consumer-config';

describe('client > consumer > config', () => {
  it("reads group.protocol in any case, as Kafka's ConfigDef.CaseInsensitiveValidString does", () => {
    const protocol = (value: string) => resolveConsumerConfig({ groupId: 'g', 'group.protocol': value as GroupProtocol }).groupProtocol;
    expect(protocol('CONSUMER')).toBe('consumer');
    expect(protocol('Classic')).toBe('classic');
  });

  it("refuses an unknown group.protocol with Kafka's message", () => {
    expect(() => resolveConsumerConfig({ groupId: 'g', 'group.protocol': 'eager' as GroupProtocol })).toThrow(
      expect.objectContaining({
        type: 'INVALID_CONFIG',
        message: 'Invalid value eager for configuration group.protocol: String must be one of (case insensitive): CLASSIC, CONSUMER',
      }),
    );
  });
});
