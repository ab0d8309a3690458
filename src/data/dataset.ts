import type { Matrix } from '../linalg/matrix.js';

/** Column-major like the course: X is (features, m), Y is (1, m) with labels 0/1. */
export interface Dataset {
  readonly X: Matrix;
  readonly Y: Matrix;
  /** Points without labels (a CSV without a y column, read for predict): Y holds NaN. */
  readonly unlabelled?: boolean;
  /** The feature columns' names, as a file's header gives them (a CSV's x1,x2; a MAT-file has none). */
  readonly columns?: readonly string[];
}

export interface Split {
  readonly train: Dataset;
  readonly test: Dataset;
  /** The test set is the training data itself: a CSV file given without a test file. */
  readonly testIsTrain?: boolean;
}

/** The same points and labels in the same order: a test set that is the training set in all but name. */
export function sameData(a: Dataset, b: Dataset): boolean {
  if (a === b) return true;
  if (a.X.rows !== b.X.rows || a.X.cols !== b.X.cols) return false;
  const eq = (x: Float64Array, y: Float64Array): boolean => x.every((v, i) => Object.is(v, y[i]));
  return eq(a.X.data, b.X.data) && eq(a.Y.data, b.Y.data);
}

/** Builds a Dataset from points given one per row (m, features) and their labels. */
export function fromPoints(points: Float64Array, features: number, labels: ArrayLike<number>): Dataset {
  const m = labels.length;
  const X = new Float64Array(features * m);
  for (let j = 0; j < m; j++) for (let f = 0; f < features; f++) X[f * m + j] = points[j * features + f]!;
  return { X: { rows: features, cols: m, data: X }, Y: { rows: 1, cols: m, data: Float64Array.from(labels) } };
}

/** The inverse: one row per point, features then label. */
export function toPoints(d: Dataset): { features: number; rows: number[][] } {
  const { rows: features, cols: m, data } = d.X;
  const rows: number[][] = [];
  for (let j = 0; j < m; j++) {
    const row: number[] = [];
    for (let f = 0; f < features; f++) row.push(data[f * m + j]!);
    row.push(d.Y.data[j]!);
    rows.push(row);
  }
  return { features, rows };
}

/**
 * What every generated dataset takes: one signature for every generator. samples: points drawn; noise:
 * the generator's noise parameter (its docstring says what it scales); seed: the numpy seed it draws
 * from (0 to 2³²−1); factor: circles only, the inner circle's radius relative to the outer.
 */
export interface GeneratorOptions {
  samples: number;
  noise: number;
  seed: number;
  factor?: number;
}

export type Generator = (options: GeneratorOptions) => Dataset;
