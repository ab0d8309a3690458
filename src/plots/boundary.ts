// The data of the course's decision-boundary plot: its extent, the points, and the model's prediction on a
// grid of cells over the plane (drawn by boundarySpec.ts as an SVG and by terminal.ts as text).
import type { Dataset } from '../data/dataset.js';
import type { Matrix } from '../linalg/matrix.js';
import { minMax, type Bounds, type Grid, type LabelledPoint, type Range } from './common.js';

/** The plot's extent: the course's axes limits where it fixes them, else its plot_decision_boundary's ±1 margin. */
export function boundsFor(dataset: string, points: readonly { x1: number; x2: number }[]): Bounds {
  if (dataset === 'football') return { x1: [-0.75, 0.4], x2: [-0.75, 0.65] };
  if (dataset === 'circles') return { x1: [-1.5, 1.5], x2: [-1.5, 1.5] };
  if (points.length === 0) return { x1: [-1, 1], x2: [-1, 1] };
  const span = (v: number[]): Range => {
    const [lo, hi] = minMax(v);
    return [lo - 1, hi + 1];
  };
  return { x1: span(points.map((p) => p.x1)), x2: span(points.map((p) => p.x2)) };
}

/** A (features × m) dataset as points, for plotting. */
export function pointsOf(d: Dataset): LabelledPoint[] {
  const m = d.X.cols;
  const out: LabelledPoint[] = [];
  for (let j = 0; j < m; j++) out.push({ x1: d.X.data[j]!, x2: d.X.data[m + j]!, y: d.Y.data[j]! });
  return out;
}

/** Cells along x1 and x2 for square cells with `longest` of them along the longer side. */
export function squareCells(bounds: Bounds, longest: number): [number, number] {
  const s1 = bounds.x1[1] - bounds.x1[0];
  const s2 = bounds.x2[1] - bounds.x2[0];
  const n = Math.max(1, Math.floor(longest));
  return s1 >= s2 ? [n, Math.max(1, Math.round((n * s2) / s1))] : [Math.max(1, Math.round((n * s1) / s2)), n];
}

/**
 * The model's probability of class 1, and its class, at the centre of each cell of a grid over bounds:
 * resolution × resolution cells, or [n1, n2]. All centres go through predict in one (2 × n1·n2) matrix:
 * one forward pass instead of n1·n2.
 */
export function boundaryGrid(predict: (X: Matrix) => Float64Array, bounds: Bounds, resolution: number | readonly [number, number] = 250): Grid {
  const [n1, n2] = (typeof resolution === 'number' ? [resolution, resolution] : resolution).map((n) => Math.max(1, Math.floor(n))) as [number, number];
  const centres = ([lo, hi]: Range, n: number): number[] => Array.from({ length: n }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / n);
  const x1 = centres(bounds.x1, n1);
  const x2 = centres(bounds.x2, n2);
  const m = n1 * n2;
  const data = new Float64Array(2 * m);
  for (let j = 0; j < n2; j++) {
    for (let i = 0; i < n1; i++) {
      data[j * n1 + i] = x1[i]!;
      data[m + j * n1 + i] = x2[j]!;
    }
  }
  const p = predict({ rows: 2, cols: m, data });
  if (p.length !== m) throw new RangeError(`predict returned ${p.length} values for ${m} grid points`);
  const classOf = new Uint8Array(m);
  for (let k = 0; k < m; k++) classOf[k] = p[k]! > 0.5 ? 1 : 0;
  return { x1, x2, classOf, p: Float64Array.from(p) };
}
