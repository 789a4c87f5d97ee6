/**
 * The path of a small live chart: d3-scale maps the last `windowMs` of samples onto the box,
 * d3-shape draws the line. Pure, so the metrics strip only sets `d` on a <path>.
 */
import { line, scaleLinear } from 'd3';

export interface MetricSample {
  timeMs: number;
  value: number;
}

export interface SparklineBox {
  width: number;
  height: number;
  windowMs: number;
  nowMs: number;
}

export interface Sparkline {
  /** The SVG path, '' when no sample falls in the window. */
  path: string;
  /** The top of the y scale: the largest value in the window, at least 1 so a flat zero sits on the baseline. */
  max: number;
  latest: number | null;
}

export function sparkline(samples: readonly MetricSample[], { width, height, windowMs, nowMs }: SparklineBox): Sparkline {
  const visible = samples.filter((s) => s.timeMs >= nowMs - windowMs && s.timeMs <= nowMs && Number.isFinite(s.value));
  const max = Math.max(1, ...visible.map((s) => s.value));
  const x = scaleLinear()
    .domain([nowMs - windowMs, nowMs])
    .range([0, width]);
  // One pixel of headroom top and bottom so the stroke is never clipped.
  const y = scaleLinear()
    .domain([0, max])
    .range([height - 1, 1]);
  const path =
    line<MetricSample>()
      .x((s) => x(s.timeMs))
      .y((s) => y(s.value))(visible) ?? '';
  return { path, max, latest: visible.length === 0 ? null : visible[visible.length - 1].value };
}
