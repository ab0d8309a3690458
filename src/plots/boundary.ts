// The data of the course's decision-boundary plot: its extent, the points, and the model's prediction on a
// grid of cells over the plane (drawn by boundarySpec.ts as an SVG and by terminal.ts as text).
import type { Dataset } from '../data/dataset.js';
import type { Matrix } from '../linalg/matrix.js';
import { minMax, type Bounds, type Grid, type LabelledPoint, type Range } from './common.js';

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

/** Cells along x1 and x2 for square cells with `longest` of them along the longer side. */
export function squareCells(bounds: Bounds, longest: number): [number, number] {
  const s1 = bounds.x1[1] - bounds.x1[0];
  const s2 = bounds.x2[1] - bounds.x2[0];
  const n = Math.max(1, Math.floor(longest));
  return s1 >= s2 ? [n, Math.max(1, Math.round((n * s2) / s1))] : [Math.max(1, Math.round((n * s1) / s2)), n];
}

/**
 * The model's probability of class 1, and its class, at the centre of each cell of a grid over bounds:
 * resolution × resolution cells, or [n1, n2]. Centres go through predict as (2 × k) matrices of up to
 * `maxPoints` columns: few forward passes, and no more memory than a wide network's activations for
 * maxPoints points.
 */
export function boundaryGrid(predict: (X: Matrix) => Float64Array, bounds: Bounds, resolution: number | readonly [number, number] = 250, maxPoints = Infinity): Grid {
  const [n1, n2] = (typeof resolution === 'number' ? [resolution, resolution] : resolution).map((n) => Math.max(1, Math.floor(n))) as [number, number];
  const centres = ([lo, hi]: Range, n: number): number[] => Array.from({ length: n }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / n);
  const x1 = centres(bounds.x1, n1);
  const x2 = centres(bounds.x2, n2);
  const m = n1 * n2;
  const classOf = new Uint8Array(m);
  const probability = new Float64Array(m);
  const step = Math.max(1, Math.min(m, Math.floor(maxPoints)));
  for (let start = 0; start < m; start += step) {
    const k = Math.min(step, m - start);
    const data = new Float64Array(2 * k);
    for (let c = 0; c < k; c++) {
      data[c] = x1[(start + c) % n1]!;
      data[k + c] = x2[Math.floor((start + c) / n1)]!;
    }
    const p = predict({ rows: 2, cols: k, data });
    if (p.length !== k) throw new RangeError(`predict returned ${p.length} values for ${k} grid points`);
    for (let c = 0; c < k; c++) {
      probability[start + c] = p[c]!;
      classOf[start + c] = p[c]! > 0.5 ? 1 : 0;
    }
  }
  return { x1, x2, classOf, p: probability };
}
