/**
 * Time stands still while the tab is hidden. Browsers throttle a hidden tab's timers (to once a
 * minute, in Chrome's intensive throttling), and they throttle the page's main thread and its
 * workers unevenly: the controller on the page would stop hearing heartbeats its brokers did send,
 * and fence them all. A real cluster has no such failure; the nearest real thing is a whole data
 * centre suspended at once, where every node's clock stops together. So the page pauses every
 * node's time when it is hidden and resumes it when it is shown again, unless the learner had
 * paused it first.
 */
import type { PausableTime } from '../cluster/pausable-time';

export interface VisibilitySource {
  readonly visibilityState: DocumentVisibilityState;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

/** Pauses `time` while `page` is hidden; returns the function that stops doing so. */
export function pauseWhileHidden(time: PausableTime, page: VisibilitySource): () => void {
  let pausedByHiding = false;
  const follow = () => {
    if (page.visibilityState === 'hidden') {
      if (time.paused()) return;
      time.pause();
      pausedByHiding = true;
    } else if (pausedByHiding) {
      pausedByHiding = false;
      // The learner may have resumed it by script meanwhile; resume() then does nothing.
      time.resume();
    }
  };
  page.addEventListener('visibilitychange', follow);
  follow();
  return () => page.removeEventListener('visibilitychange', follow);
}
