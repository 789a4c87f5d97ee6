/**
 * Coalesces bursts of change notifications into one flush per animation frame, since a redraw the
 * screen never shows is wasted work: the cluster calls onChange after every metadata record and
 * every poll, far more often than a picture can be redrawn.
 */
export interface FrameScheduler {
  schedule(): void;
  cancel(): void;
}

export function perFrame(
  flush: () => void,
  requestFrame: (callback: () => void) => number = requestAnimationFrame,
  cancelFrame: (handle: number) => void = cancelAnimationFrame,
): FrameScheduler {
  let handle: number | null = null;
  return {
    schedule() {
      if (handle !== null) return;
      handle = requestFrame(() => {
        handle = null;
        flush();
      });
    },
    cancel() {
      if (handle !== null) cancelFrame(handle);
      handle = null;
    },
  };
}
