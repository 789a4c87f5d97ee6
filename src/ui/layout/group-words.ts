/** What a group's coordinator waits for, in words, with the time left and the config that sets it. */
import type { GroupWait } from '../../group/group-waits';
import type { Language } from '../i18n/language';

export type WaitInput = Pick<GroupWait, 'kind' | 'endsInMs' | 'config'>;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The short form fits a member's badge or a group's header; the long form is its tooltip and
 * screen-reader text. Korean keeps the config key in brackets, as English does.
 */
export function groupWaitWords(wait: WaitInput, short = false, language: Language = 'en'): string {
  const left = seconds(wait.endsInMs);
  const config = ` (${wait.config})`;
  if (language === 'ko') {
    switch (wait.kind) {
      case 'session':
        return short ? `${left} 후 제거` : `하트비트가 없으면 ${left} 후 그룹에서 제거됨${config}`;
      case 'revocation':
        return short ? `${left} 안에 반납` : `내줘야 할 파티션을 반납하지 않으면 ${left} 후 펜싱됨${config}`;
      case 'join':
        return short ? `${left} 안에 재참여` : `멤버들이 리밸런스에 다시 참여할 시간이 ${left} 남음${config}`;
      case 'initial-rebalance-delay':
        return short ? `${left} 후 할당` : `첫 할당 전에 멤버가 참여하기를 ${left} 더 기다림${config}`;
    }
  }
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
