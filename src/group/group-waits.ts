/**
 * What a group coordinator is waiting for, as countdowns the page can show: a member's session
 * running out, a rebalance's join phase, a member that has not revoked its partitions yet. The UX
 * rule (docs/ARCHITECTURE.md, "The page teaches"): waiting shows its countdown and its config.
 */
export interface GroupWait {
  groupId: string;
  /** The member the wait is about, or null for the group's own join phase. */
  memberId: string | null;
  kind: GroupWaitKind;
  /** Time left before the coordinator acts, on the cluster's clock. */
  endsInMs: number;
  /** The config that sets the wait, as a person would look it up. */
  config: string;
}

export type GroupWaitKind =
  /** A new classic group waits for more members before its first assignment (group.initial.rebalance.delay.ms). */
  | 'initial-rebalance-delay'
  /** A classic rebalance waits for every member to rejoin, at most the largest rebalance timeout (max.poll.interval.ms). */
  | 'join'
  /** A silent member is removed when its session runs out. */
  | 'session'
  /** A KIP-848 member that has not revoked what it must give up is fenced after its rebalance timeout. */
  | 'revocation';

/** Whether a member whose session ends in remainingMs has been silent for longer than silentMs. */
export function silentLongerThan(silentMs: number, remainingMs: number, sessionTimeoutMs: number): boolean {
  return sessionTimeoutMs - remainingMs > silentMs;
}
