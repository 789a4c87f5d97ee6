/**
 * Zoom and pan of the topology picture: d3-zoom owns the gestures on the <svg> (D3 computes and
 * Svelte renders; D3 touches the DOM only where it must, and gestures are such a place), and reports
 * the transform for Svelte to apply to the content <g>.
 */
import { select, zoom, zoomIdentity, type ZoomBehavior } from 'd3';

const MAX_FIT_SCALE = 1.5;
/**
 * Screen pixels kept free above the fitted picture: the zoom buttons float at the svg's top right,
 * and on a narrow screen, where the picture is as wide as the svg, they would sit on the last
 * broker of the first row.
 */
const FIT_TOP_INSET_PX = 44;

export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

export interface PanZoom {
  /** The attachment for the <svg>: `<svg {@attach panZoom.attach}>`. */
  attach: (svg: SVGSVGElement) => () => void;
  zoomBy(factor: number): void;
  /** Scales a content box of this size into the svg; a small cluster is enlarged, up to 1.5:1. */
  fit(width: number, height: number): void;
  /**
   * Calls the listener whenever the svg's own size changes: with the window, but also when the
   * legend below it folds, the bottom panel collapses or the layout changes, which no window
   * resize announces. Returns what stops it.
   */
  onResize(listener: () => void): () => void;
}

/** `byUser` is false only for fit(): a wheel, a drag or a zoom button is the user taking over the view. */
export function createPanZoom(onTransform: (transform: ViewTransform, byUser: boolean) => void): PanZoom {
  let svg: SVGSVGElement | null = null;
  let fitting = false;
  const resizeListeners = new Set<() => void>();
  const behaviour: ZoomBehavior<SVGSVGElement, unknown> = zoom<SVGSVGElement, unknown>()
    .scaleExtent([0.15, 4])
    .on('zoom', (event: { transform: ViewTransform }) =>
      onTransform({ x: event.transform.x, y: event.transform.y, k: event.transform.k }, !fitting),
    );
  return {
    attach(element) {
      svg = element;
      // Double-click stays free for the chips; zooming by it would also fight Enter-to-select habits.
      // Touch: d3-zoom binds its touch handlers (one finger pans, two pinch) when the device has touch
      // points, and the svg's touch-action: none keeps the browser from taking the gesture for
      // scrolling or zooming the page.
      select(element).call(behaviour).on('dblclick.zoom', null);
      const resized = new ResizeObserver(() => {
        for (const listener of resizeListeners) listener();
      });
      resized.observe(element);
      return () => {
        resized.disconnect();
        select(element).on('.zoom', null);
        svg = null;
      };
    },
    zoomBy(factor) {
      if (svg !== null) select(svg).call(behaviour.scaleBy, factor);
    },
    fit(width, height) {
      if (svg === null || width <= 0 || height <= 0) return;
      const { clientWidth, clientHeight } = svg;
      if (clientWidth === 0 || clientHeight === 0) return;
      const k = Math.min(MAX_FIT_SCALE, clientWidth / width, Math.max(0, clientHeight - FIT_TOP_INSET_PX) / height);
      if (k <= 0) return;
      // Centred across, top-aligned below the zoom buttons: the controller and the first row of brokers are what a reader looks for first.
      const transform = zoomIdentity.translate((clientWidth - width * k) / 2, FIT_TOP_INSET_PX).scale(k);
      fitting = true;
      select(svg).call(behaviour.transform, transform);
      fitting = false;
    },
    onResize(listener) {
      resizeListeners.add(listener);
      return () => resizeListeners.delete(listener);
    },
  };
}
