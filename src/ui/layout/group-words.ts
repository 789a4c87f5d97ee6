/** What a group's coordinator waits for, in words, with the time left and the config that sets it. */
import type { GroupWait } from '../../group/group-waits';

export type WaitInput = Pick<GroupWait, 'kind' | 'endsInMs' | 'config'>;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The short form fits a member's badge or a group's header; the long form is its tooltip and screen-reader text. */
export function groupWaitWords(wait: WaitInput, short = false): string {
  const left = seconds(wait.endsInMs);
  const config = ` (${wait.config})`;
  switch (wait.kind) {
    case 'session':
      return short ? `gone in ${left}` : `removed from the group in ${left} unless it heartbeats${config}`;
    case 'revocation':
      return short ? `revoke in ${left}` : `fenced in ${left} unless it revokes the partitions it must give up${config}`;
    case 'join':
      return short ? `rejoin in ${left}` : `members have ${left} left to rejoin the rebalance${config}`;
    case 'initial-rebalance-delay':
      return short ? `assigns in ${left}` : `waits ${left} more for members to join before the first assignment${config}`;
  }
}
