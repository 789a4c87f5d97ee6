import { describe, expect, it } from 'vitest';
import { CooperativeStickyAssignor } from '../../../../src/client/consumer/assignors/cooperative-sticky';
import { StickyAssignor, decodeStickyUserData, encodeStickyUserData } from '../../../../src/client/consumer/assignors/sticky';
import type { MemberSubscription } from '../../../../src/client/consumer/assignors/assignor';
import { byName, member, topics, tp } from './fixtures';

/** An eager sticky member: what it owned travels in userData. */
function stickyMember(id: string, subscribed: string[], owned: string[], generation: number): MemberSubscription {
  return member(id, subscribed, { userData: encodeStickyUserData(owned.map(tp), generation), generationId: generation });
}

describe('client > assignors > sticky', () => {
  it('matches round robin on a fresh start with equal subscriptions', () => {
    const result = new StickyAssignor().assign(topics({ t0: 3, t1: 3 }), [member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])]);
    expect(byName(result)).toEqual({ C0: ['t0-0', 't0-2', 't1-1'], C1: ['t0-1', 't1-0', 't1-2'] });
  });

  it('keeps each member at its quota and gives the surplus to a joining member', () => {
    const result = new StickyAssignor().assign(topics({ t: 6 }), [
      stickyMember('C0', ['t'], ['t-0', 't-1', 't-2'], 3),
      stickyMember('C1', ['t'], ['t-3', 't-4', 't-5'], 3),
      member('C2', ['t']),
    ]);
    expect(byName(result)).toEqual({ C0: ['t-0', 't-1'], C1: ['t-3', 't-4'], C2: ['t-2', 't-5'] });
  });

  it.each<[string, MemberSubscription[], Record<string, string[]>]>([
    [
      'drops a partition claimed by two members of the same generation from both',
      [stickyMember('C0', ['t'], ['t-0', 't-1'], 5), stickyMember('C1', ['t'], ['t-1', 't-2'], 5)],
      { C0: ['t-0', 't-1'], C1: ['t-2', 't-3'] },
    ],
    [
      'gives a doubly claimed partition to the member of the higher generation',
      [stickyMember('C0', ['t'], ['t-0', 't-1'], 4), stickyMember('C1', ['t'], ['t-1', 't-2'], 5)],
      { C0: ['t-0', 't-3'], C1: ['t-1', 't-2'] },
    ],
  ])('%s', (_, members, expected) => {
    expect(byName(new StickyAssignor().assign(topics({ t: 4 }), members))).toEqual(expected);
  });

  it('balances unequal subscriptions with the general algorithm, most constrained topics first', () => {
    const result = new StickyAssignor().assign(topics({ t0: 2, t1: 2 }), [member('C0', ['t0', 't1']), member('C1', ['t0'])]);
    expect(byName(result)).toEqual({ C0: ['t1-0', 't1-1'], C1: ['t0-0', 't0-1'] });
  });

  it('drops a partition of an unsubscribed topic and rebalances the topic both still share', () => {
    const result = new StickyAssignor().assign(topics({ t0: 2, t1: 2 }), [
      stickyMember('C0', ['t0', 't1'], ['t0-0', 't1-0'], 2),
      stickyMember('C1', ['t0'], ['t0-1', 't1-1'], 2),
    ]);
    // t1-1 goes to C0, the only t1 subscriber; then t0-0 moves to C1 to even out 3 against 1.
    expect(byName(result)).toEqual({ C0: ['t1-0', 't1-1'], C1: ['t0-0', 't0-1'] });
  });

  it('puts the assignment it was given into the next subscription', () => {
    const assignor = new StickyAssignor();
    expect(assignor.subscriptionUserData()).toBeNull();
    assignor.onAssignment([tp('t-2'), tp('t-0')], 8);
    expect(decodeStickyUserData(assignor.subscriptionUserData()!)).toEqual({ partitions: [tp('t-0'), tp('t-2')], generation: 8 });
  });

  it('reads V0 userData without a generation and ignores unreadable userData', () => {
    const v1 = encodeStickyUserData([tp('t-1')], 3);
    expect(decodeStickyUserData(v1.slice(0, v1.length - 4))).toEqual({ partitions: [tp('t-1')], generation: null });
    expect(decodeStickyUserData(Uint8Array.of(1, 2))).toEqual({ partitions: [], generation: -1 });
  });
});

describe('client > assignors > cooperative-sticky', () => {
  const assignor = new CooperativeStickyAssignor();

  it('hands partitions over in two rounds when a member joins', () => {
    const round1 = assignor.assign(topics({ t: 6 }), [
      member('C0', ['t'], { owned: ['t-0', 't-1', 't-2'], generationId: 1 }),
      member('C1', ['t'], { owned: ['t-3', 't-4', 't-5'], generationId: 1 }),
      member('C2', ['t']),
    ]);
    expect(byName(round1)).toEqual({ C0: ['t-0', 't-1'], C1: ['t-3', 't-4'], C2: [] });

    // C0 revoked t-2 and C1 t-5; everyone rejoins owning what round 1 gave them.
    const round2 = assignor.assign(topics({ t: 6 }), [
      member('C0', ['t'], { owned: ['t-0', 't-1'], generationId: 2 }),
      member('C1', ['t'], { owned: ['t-3', 't-4'], generationId: 2 }),
      member('C2', ['t'], { owned: [], generationId: 2 }),
    ]);
    expect(byName(round2)).toEqual({ C0: ['t-0', 't-1'], C1: ['t-3', 't-4'], C2: ['t-2', 't-5'] });
  });

  it("moves a departed member's partitions in one round, without a revoke", () => {
    const result = assignor.assign(topics({ t: 6 }), [
      member('C0', ['t'], { owned: ['t-0', 't-1'], generationId: 1 }),
      member('C2', ['t'], { owned: ['t-4', 't-5'], generationId: 1 }),
    ]);
    expect(byName(result)).toEqual({ C0: ['t-0', 't-1', 't-2'], C2: ['t-3', 't-4', 't-5'] });
  });

  it('withholds a doubly claimed partition for a round', () => {
    const result = assignor.assign(topics({ t: 4 }), [
      member('C0', ['t'], { owned: ['t-0', 't-1'], generationId: 5 }),
      member('C1', ['t'], { owned: ['t-1', 't-2'], generationId: 5 }),
    ]);
    expect(byName(result)).toEqual({ C0: ['t-0'], C1: ['t-2', 't-3'] });
  });

  it('withholds partitions changing owner under unequal subscriptions too', () => {
    const result = assignor.assign(topics({ t0: 2, t1: 2 }), [
      member('C0', ['t0', 't1'], { owned: ['t0-0', 't0-1', 't1-0', 't1-1'], generationId: 1 }),
      member('C1', ['t0'], { generationId: 1 }),
    ]);
    expect(byName(result)).toEqual({ C0: ['t1-0', 't1-1'], C1: [] });
  });

  it('prefers the generation of the subscription, then the one in userData', () => {
    const fromUserData = member('C1', ['t'], { owned: ['t-0'], userData: Uint8Array.of(0, 0, 0, 9) });
    const stale = member('C0', ['t'], { owned: ['t-0'], generationId: 3 });
    expect(byName(assignor.assign(topics({ t: 2 }), [stale, fromUserData]))).toEqual({ C0: ['t-1'], C1: ['t-0'] });
  });
});
