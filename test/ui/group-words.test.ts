import { describe, expect, it } from 'vitest';
import { groupWaitWords } from '../../src/ui/layout/group-words';

describe('ui > group words', () => {
  it('says what a group waits for with the time left and the config that sets it, or briefly for a badge', () => {
    const session = { kind: 'session', endsInMs: 12_345, config: 'session.timeout.ms' } as const;
    expect(groupWaitWords(session)).toBe('removed from the group in 12.3 s unless it heartbeats (session.timeout.ms)');
    expect(groupWaitWords(session, true)).toBe('gone in 12.3 s');
    expect(groupWaitWords({ kind: 'initial-rebalance-delay', endsInMs: 2600, config: 'group.initial.rebalance.delay.ms' })).toBe(
      'waits 2.6 s more for members to join before the first assignment (group.initial.rebalance.delay.ms)',
    );
    expect(groupWaitWords({ kind: 'revocation', endsInMs: 4000, config: 'max.poll.interval.ms' }, true)).toBe('revoke in 4.0 s');
  });

  it('says the same in Korean, keeping the config key', () => {
    const session = { kind: 'session', endsInMs: 12_345, config: 'session.timeout.ms' } as const;
    expect(groupWaitWords(session, false, 'ko')).toBe('하트비트가 없으면 12.3 s 후 그룹에서 제거됨 (session.timeout.ms)');
    expect(groupWaitWords(session, true, 'ko')).toBe('12.3 s 후 제거');
    expect(groupWaitWords({ kind: 'join', endsInMs: 1000, config: 'rebalance.timeout.ms' }, false, 'ko')).toContain('리밸런스');
  });
});
