// Cost curves as vega specs: one or several series (a sweep's variants), linear or log scale. Costs that
// cannot be drawn (inf, nan, and on a log scale 0 or less) break the line and are marked on the edge
// they ran off (inf and nan just above the plot, clear of its ticks), never interpolated across.
import type { Spec } from 'vega';
import type { CostPoint } from '../nn/train.js';
import { minMax } from './common.js';
import { SERIES, SERIES_DASH, specFrame } from './theme.js';

export interface CostSeries {
  name: string;
  points: readonly CostPoint[];
}

export interface CostCurveOptions {
  title: string;
  subtitle?: string;
  logScale?: boolean;
  /** Plot area in pixels (axes, titles and legend come on top). */
  width?: number;
  height?: number;
  /**
   * Iterations to mark with a vertical rule each, in marks named "stage stage-K" (K their index), so that a
   * page can show one at a time (the report's boundary slider).
   */
  stages?: readonly number[];
  /** The y axis title: what the cost is (default "cost"; "cost, with dropout" under dropout masks). */
  costTitle?: string;
}

/** Off-scale marks are kept one per this fraction of the x range and label: a million NaNs draw as a few hundred. */
const OFF_SCALE_BUCKETS = 400;
/** A series longer than this is drawn from this many buckets (an older record's million reported costs). */
const LINE_BUCKETS = 1000;

/**
 * At most ~4 points a bucket of consecutive points: the first, lowest, highest and last drawable one, so
 * that no spike is lost; a bucket holding a cost that cannot be drawn keeps a gap (null) where it was.
 */
export function thin<T extends { c: number | null }>(points: readonly T[], gap: (p: T) => T): T[] {
  if (points.length <= 4 * LINE_BUCKETS) return [...points];
  const size = Math.ceil(points.length / LINE_BUCKETS);
  const out: T[] = [];
  for (let start = 0; start < points.length; start += size) {
    const bucket = points.slice(start, start + size);
    const drawn = bucket.map((p, k) => ({ p, k })).filter(({ p }) => p.c !== null);
    const hole = (from: number, to: number): number => bucket.findIndex((p, k) => k >= from && k < to && p.c === null);
    if (drawn.length === 0) {
      out.push(gap(bucket[0]!));
      continue;
    }
    const low = drawn.reduce((a, b) => (b.p.c! < a.p.c! ? b : a));
    const high = drawn.reduce((a, b) => (b.p.c! > a.p.c! ? b : a));
    const keep = [...new Set([drawn[0]!, low, high, drawn.at(-1)!])].sort((a, b) => a.k - b.k);
    // A gap wherever the bucket held an undrawable cost between two kept points (or before or after them).
    let from = 0;
    for (const { p, k } of keep) {
      const h = hole(from, k);
      if (h >= 0) out.push(gap(bucket[h]!));
      out.push(p);
      from = k + 1;
    }
    const h = hole(from, bucket.length);
    if (h >= 0) out.push(gap(bucket[h]!));
  }
  return out;
}

const offLabel = (c: number): string => (Number.isNaN(c) ? 'nan' : c === Infinity ? 'inf' : c === -Infinity ? '-inf' : '≤ 0');

/** A span that is never empty, so that a flat curve (the zeros init's 0.693…) still gets an axis. */
function widen([lo, hi]: readonly [number, number], log: boolean): [number, number] {
  if (log) return hi / lo > 1 + 1e-9 ? [lo, hi] : [lo / 1.1, hi * 1.1];
  if (hi - lo > Math.abs(hi) * 1e-9) return [lo, hi];
  const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.01 : 1;
  return [lo - pad, hi + pad];
}

/** Labelled ticks of a log axis from lo to hi: 1, 2 and 5 times the powers of ten between, or every 1 to 9 times where those are fewer than 3. */
export function logTicks(lo: number, hi: number): number[] {
  const within = (steps: readonly number[]): number[] => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)) && out.length < 100; e++) {
      for (const m of steps) {
        const v = Number((m * 10 ** e).toPrecision(12));
        if (v >= lo && v <= hi) out.push(v);
      }
    }
    return out;
  };
  const coarse = within([1, 2, 5]);
  return coarse.length >= 3 ? coarse : within([1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

export function costCurveSpec(series: readonly CostSeries[], opts: CostCurveOptions): Spec {
  const width = opts.width ?? 560;
  const height = opts.height ?? 300;
  const log = opts.logScale === true;
  const ok = (c: number): boolean => Number.isFinite(c) && (!log || c > 0);
  const line: { s: string; i: number; c: number | null }[] = [];
  const off: { s: string; i: number; label: string; top: boolean }[] = [];
  const its: number[] = [];
  const finite: number[] = [];
  for (const { name, points } of series) {
    const own: typeof line = [];
    for (const p of points) {
      its.push(p.iteration);
      own.push({ s: name, i: p.iteration, c: ok(p.cost) ? p.cost : null });
      if (ok(p.cost)) finite.push(p.cost);
      else off.push({ s: name, i: p.iteration, label: offLabel(p.cost), top: !(p.cost <= 0 || p.cost === -Infinity) });
    }
    line.push(...thin(own, (p) => ({ ...p, c: null })));
  }
  const [i0, i1] = its.length > 0 ? minMax(its) : [0, 1];
  const xDomain = i1 > i0 ? [i0, i1] : [i0, i0 + 1];
  // A log axis ends near the data (a nice one may add most of a decade below it: 0.01 for costs from 0.065).
  const [lo, hi] = finite.length > 0 ? widen(minMax(finite), log) : log ? [0.1, 1] : [0, 1];
  const yDomain = log ? [lo / 1.1, hi * 1.1] : [lo, hi];
  const bucket = (xDomain[1]! - xDomain[0]!) / OFF_SCALE_BUCKETS;
  const seen = new Set<string>();
  const offShown = off.filter((p) => {
    const key = `${p.s}|${p.label}|${Math.round(p.i / bucket)}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  // One label per kind of mark, beside its first occurrence.
  const labelled = offShown.filter((p, k) => offShown.findIndex((q) => q.label === p.label) === k);
  const multi = series.length > 1;

  return {
    ...specFrame({ width, height, title: opts.title, subtitle: opts.subtitle }),
    data: [
      { name: 'line', values: line },
      { name: 'off', values: offShown },
      { name: 'labelled', values: labelled },
      { name: 'stages', values: (opts.stages ?? []).map((i, k) => ({ i, k })) },
    ],
    scales: [
      { name: 'x', type: 'linear', domain: xDomain, range: 'width', zero: false, nice: false },
      { name: 'y', type: log ? 'log' : 'linear', domain: yDomain, range: 'height', zero: false, nice: !log },
      { name: 'color', type: 'ordinal', domain: series.map((s) => s.name), range: multi ? SERIES : [SERIES[0]!] },
      { name: 'dash', type: 'ordinal', domain: series.map((s) => s.name), range: multi ? SERIES_DASH : [[]] },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: 'iteration', tickMinStep: 1, format: ',d', grid: true, tickCount: 6 },
      log
        ? { orient: 'left', scale: 'y', title: `${opts.costTitle ?? 'cost'} (log scale)`, grid: true, values: logTicks(yDomain[0]!, yDomain[1]!), format: '~g' }
        : { orient: 'left', scale: 'y', title: opts.costTitle ?? 'cost', grid: true, tickCount: 6 },
    ],
    legends: multi ? [{ stroke: 'color', strokeDash: 'dash', title: 'variant', symbolType: 'stroke', symbolStrokeWidth: 3 }] : [],
    marks: [
      ...(opts.stages ?? []).map((iteration, k) => ({
        type: 'rule' as const,
        name: `stage stage-${k}`,
        encode: { enter: { x: { scale: 'x', value: iteration }, y: { value: 0 }, y2: { signal: 'height' }, stroke: { value: '#888' }, strokeDash: { value: [4, 3] } } },
      })),
      {
        type: 'group',
        from: { facet: { name: 'series', data: 'line', groupby: 's' } },
        marks: [{
          type: 'line',
          from: { data: 'series' },
          encode: {
            enter: {
              x: { scale: 'x', field: 'i' },
              y: { scale: 'y', field: 'c' },
              defined: { signal: 'datum.c !== null' },
              stroke: { scale: 'color', field: 's' },
              strokeDash: { scale: 'dash', field: 's' },
              strokeWidth: { value: 2 },
              strokeJoin: { value: 'round' },
            },
          },
        }],
      },
      {
        type: 'symbol',
        name: 'off-scale',
        from: { data: 'off' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'i' },
            y: { signal: "datum.top ? -8 : height - 5" },
            shape: { signal: "datum.top ? 'triangle-up' : 'triangle-down'" },
            size: { value: 50 },
            fill: { value: '#d62728' },
          },
        },
      },
      {
        type: 'text',
        from: { data: 'labelled' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'i' },
            // above its marks (a row of them would run under a label beside them), else beside
            dx: { signal: `datum.top ? 0 : scale('x', datum.i) < width / 2 ? 8 : -8` },
            align: { signal: `scale('x', datum.i) < width / 2 ? 'left' : 'right'` },
            y: { signal: "datum.top ? -20 : height - 9" },
            baseline: { value: 'middle' },
            text: { signal: "datum.label + ' (not drawn)'" },
            fill: { value: '#d62728' },
            fontSize: { value: 11 },
          },
        },
      },
      ...(line.length === 0 ? [{
        type: 'text' as const,
        encode: { enter: { x: { signal: 'width / 2' }, y: { signal: 'height / 2' }, align: { value: 'center' as const }, text: { value: 'no costs recorded' } } },
      }] : []),
    ],
  };
}
