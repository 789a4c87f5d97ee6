/**
 * A token's journey along its path, as a Web Animation built from the path's own numbers.
 *
 * Every token of a batch of flights animates over the whole batch's span, waiting at its start
 * for its turn and gone once it arrived, so the batch's animations all start and end together.
 * The compositor runs them, but each animation that ends needs a main-thread frame (style, pre-paint,
 * layerize): with each token ending at its own moment, a trace of the producer benchmark found a
 * main-thread frame at almost every vsync (1,767 in 41 s, of which 207 painted anything; issue 17,
 * UI frame time), where a batch that ends together costs one.
 */
export interface Travel {
  dx: number;
  dy: number;
  /** When this token leaves, after the batch's first. */
  delayMs: number;
  /** How long it travels. */
  durationMs: number;
  /** How long the whole batch takes: the latest delay plus the travel. */
  spanMs: number;
}

/** The token waits at its start, travels (easing in and out), fading over its last tenth, and stays gone. */
export function travelKeyframes({ dx, dy, delayMs, durationMs, spanMs }: Travel): Keyframe[] {
  const at = (ms: number) => Math.min(1, Math.max(0, ms / spanMs));
  const start = 'translate(0px, 0px)';
  const end = `translate(${dx}px, ${dy}px)`;
  return [
    { offset: 0, transform: start, opacity: 1 },
    { offset: at(delayMs), transform: start, opacity: 1, easing: 'ease-in-out' },
    { offset: at(delayMs + 0.9 * durationMs), opacity: 1 },
    { offset: at(delayMs + durationMs), transform: end, opacity: 0 },
    { offset: 1, transform: end, opacity: 0 },
  ];
}

export function travel(node: Element, path: Travel): { destroy(): void } {
  const animation = node.animate(travelKeyframes(path), { duration: path.spanMs });
  return { destroy: () => animation.cancel() };
}
