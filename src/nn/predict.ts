import type { Dataset } from '../data/dataset.js';
import type { Matrix } from '../linalg/matrix.js';
import type { Params } from './params.js';
import { forwardInto } from './propagate.js';
import { createWorkspace } from './workspace.js';

/** Output activations without dropout (a forward-only workspace: no dZ or gradient buffers). */
export function predictProba(params: Params, layers: readonly number[], X: Matrix): Matrix {
  return forwardInto(createWorkspace(layers, X, false, false), params, { lambd: 0, keepProb: 1 });
}

/** Share of examples where (a > 0.5) equals the label. */
export function accuracy(params: Params, layers: readonly number[], data: Dataset): number {
  const a = predictProba(params, layers, data.X).data;
  let hits = 0;
  for (let j = 0; j < a.length; j++) if ((a[j]! > 0.5 ? 1 : 0) === data.Y.data[j]) hits++;
  return hits / a.length;
}
