// The course's decision-boundary plot as SVG: predicted class regions over the plane, training points on top.
import type { Dataset } from '../data/dataset.js';
import type { Matrix } from '../linalg/matrix.js';
import { axes, CLASS_COLORS, linearAxis, open, px, type Bounds, type Frame, type Grid, type LabelledPoint, type Range } from './svgCommon.js';

/** The plot's extent: the course's axes limits where it fixes them, else its plot_decision_boundary's ±1 margin. */
export function boundsFor(dataset: string, points: Iterable<{ x1: number; x2: number }>): Bounds {
  if (dataset === 'football') return { x1: [-0.75, 0.4], x2: [-0.75, 0.65] };
  if (dataset === 'circles') return { x1: [-1.5, 1.5], x2: [-1.5, 1.5] };
  // One pass, in a loop: millions of points need neither an array nor the call stack.
  let [lo1, hi1, lo2, hi2] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of points) {
    lo1 = Math.min(lo1, p.x1);
    hi1 = Math.max(hi1, p.x1);
    lo2 = Math.min(lo2, p.x2);
    hi2 = Math.max(hi2, p.x2);
  }
  if (lo1 > hi1) return { x1: [-1, 1], x2: [-1, 1] };
  return { x1: [lo1 - 1, hi1 + 1], x2: [lo2 - 1, hi2 + 1] };
}

/** A (features × m) dataset's points one by one, for plotting. */
export function* eachPoint(d: Dataset): Generator<LabelledPoint> {
  const m = d.X.cols;
  for (let j = 0; j < m; j++) yield { x1: d.X.data[j]!, x2: d.X.data[m + j]!, y: d.Y.data[j]! };
}

/** A (features × m) dataset as points, for plotting. */
export const pointsOf = (d: Dataset): LabelledPoint[] => [...eachPoint(d)];

/**
 * The model's class at the centre of each of resolution × resolution cells covering bounds.
 * Centres go through predict as (2 × k) matrices of up to `maxPoints` columns: few forward passes,
 * and no more memory than a wide network's activations for maxPoints points.
 */
export function boundaryGrid(predict: (X: Matrix) => Float64Array, bounds: Bounds, resolution = 250, maxPoints = Infinity): Grid {
  const n = Math.max(1, Math.floor(resolution));
  const centres = ([lo, hi]: Range): number[] => Array.from({ length: n }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / n);
  const x1 = centres(bounds.x1);
  const x2 = centres(bounds.x2);
  const m = n * n;
  const classOf = new Uint8Array(m);
  const step = Math.max(1, Math.min(m, Math.floor(maxPoints)));
  for (let start = 0; start < m; start += step) {
    const k = Math.min(step, m - start);
    const data = new Float64Array(2 * k);
    for (let c = 0; c < k; c++) {
      data[c] = x1[(start + c) % n]!;
      data[k + c] = x2[Math.floor((start + c) / n)]!;
    }
    const p = predict({ rows: 2, cols: k, data });
    if (p.length !== k) throw new RangeError(`predict returned ${p.length} values for ${k} grid points`);
    for (let c = 0; c < k; c++) classOf[start + c] = p[c]! > 0.5 ? 1 : 0;
  }
  return { x1, x2, classOf };
}

/** Half the spacing of evenly spaced centres (a single centre gets the fallback). */
const halfStep = (c: readonly number[], fallback: number): number => (c.length > 1 ? Math.abs(c[1]! - c[0]!) / 2 : fallback / 2);

interface Band {
  /** x2 extent */
  lo: number;
  hi: number;
  /** x1 extents of same-class runs, with their class */
  runs: { from: number; to: number; cls: number }[];
}

/**
 * Each grid row as runs of one class, clipped to the bounds; consecutive rows with the same runs are merged
 * into one band, which keeps a 250 × 250 grid down to tens of kilobytes.
 */
export function regionBands(grid: Grid, bounds: Bounds): Band[] {
  const n1 = grid.x1.length;
  const hx = halfStep(grid.x1, bounds.x1[1] - bounds.x1[0]);
  const hy = halfStep(grid.x2, bounds.x2[1] - bounds.x2[0]);
  const clip = (v: number, [lo, hi]: Range): number => Math.min(hi, Math.max(lo, v));
  const bands: Band[] = [];
  let prevKey = '';
  grid.x2.forEach((c2, j) => {
    const lo = clip(c2 - hy, bounds.x2);
    const hi = clip(c2 + hy, bounds.x2);
    if (hi <= lo) return;
    const runs: Band['runs'] = [];
    for (let i = 0; i < n1; ) {
      const cls = grid.classOf[j * n1 + i]!;
      let k = i;
      while (k + 1 < n1 && grid.classOf[j * n1 + k + 1] === cls) k++;
      const from = clip(grid.x1[i]! - hx, bounds.x1);
      const to = clip(grid.x1[k]! + hx, bounds.x1);
      if (to > from) runs.push({ from, to, cls });
      i = k + 1;
    }
    const key = runs.map((r) => `${r.from},${r.to},${r.cls}`).join(';');
    const last = bands[bands.length - 1];
    // Rows are merged only when adjacent, so a band is always one solid rectangle per run.
    if (last && key === prevKey && Math.abs(last.hi - lo) < hy * 1e-6) last.hi = hi;
    else if (last && key === prevKey && Math.abs(last.lo - hi) < hy * 1e-6) last.lo = lo;
    else bands.push({ lo, hi, runs });
    prevKey = key;
  });
  return bands;
}

export interface BoundaryOptions {
  grid: Grid;
  points: readonly LabelledPoint[];
  bounds: Bounds;
  title?: string;
  /** Pixels along the longer axis of the plot area; the other follows so that one unit is as long on both axes. */
  size?: number;
}

export function boundarySvg(opts: BoundaryOptions): string {
  const { grid, points, bounds } = opts;
  const size = opts.size ?? 440;
  const sx = bounds.x1[1] - bounds.x1[0];
  const sy = bounds.x2[1] - bounds.x2[0];
  const unit = size / Math.max(sx, sy);
  const f: Frame = { left: 64, top: opts.title ? 40 : 16, right: 0, bottom: 0 };
  f.right = f.left + sx * unit;
  f.bottom = f.top + sy * unit;
  const width = Math.ceil(f.right + 20);
  const height = Math.ceil(f.bottom + 52);
  const x = linearAxis(bounds.x1, [f.left, f.right], Math.max(3, Math.round((sx * unit) / 70)), false);
  const y = linearAxis(bounds.x2, [f.bottom, f.top], Math.max(3, Math.round((sy * unit) / 70)), false);

  const out = open(width, height, opts.title);
  // One path per class; crispEdges stops hairline seams between the rectangles.
  const d: [string[], string[]] = [[], []];
  for (const band of regionBands(grid, bounds)) {
    const top = y.map(band.hi);
    const h = y.map(band.lo) - top;
    for (const r of band.runs) {
      d[r.cls === 1 ? 1 : 0].push(`M${px(x.map(r.from))} ${px(top)}h${px(x.map(r.to) - x.map(r.from))}v${px(h)}h${px(x.map(r.from) - x.map(r.to))}z`);
    }
  }
  out.push('<g class="regions" shape-rendering="crispEdges">');
  d.forEach((parts, cls) => {
    if (parts.length > 0) out.push(`<path class="region-${cls}" fill="${CLASS_COLORS.region[cls]}" d="${parts.join('')}"/>`);
  });
  out.push('</g>');

  const inside = (p: LabelledPoint): boolean =>
    p.x1 >= bounds.x1[0] && p.x1 <= bounds.x1[1] && p.x2 >= bounds.x2[0] && p.x2 <= bounds.x2[1];
  out.push(`<g class="points" stroke="${CLASS_COLORS.outline}" stroke-width="0.7">`);
  for (const p of points.filter(inside)) {
    const fill = CLASS_COLORS.point[p.y === 1 ? 1 : 0];
    out.push(`<circle class="y${p.y === 1 ? 1 : 0}" cx="${px(x.map(p.x1))}" cy="${px(y.map(p.x2))}" r="3.6" fill="${fill}"/>`);
  }
  out.push('</g>');
  out.push(...axes(f, x, y, 'x1', 'x2'));
  out.push('</svg>');
  return out.join('\n') + '\n';
}
