import type { Dataset } from '../data/dataset.js';
import type { Matrix } from '../linalg/matrix.js';
import type { ActivationName } from './activations.js';
import type { Params } from './params.js';
import { forwardInto } from './propagate.js';
import { createWorkspace } from './workspace.js';

/** Output activations (1, m) without dropout (a forward-only workspace: no dZ or gradient buffers). */
export function predictProba(params: Params, layers: readonly number[], X: Matrix, activation: ActivationName): Matrix {
  return forwardInto(createWorkspace(layers, X, false, false, activation), params, { lambd: 0, keepProb: 1 });
}

/** The predicted labels, (a > 0.5) as 0/1, one per example. */
export function predictLabels(params: Params, layers: readonly number[], X: Matrix, activation: ActivationName): Uint8Array {
  return Uint8Array.from(predictProba(params, layers, X, activation).data, (a) => (a > 0.5 ? 1 : 0));
}

/**
 * Share of examples whose predicted label equals the label; NaN when some output is NaN (parameters that
 * overflowed predict nothing, though a > 0.5 is false for them).
 */
export function accuracy(params: Params, layers: readonly number[], data: Dataset, activation: ActivationName): number {
  const a = predictProba(params, layers, data.X, activation).data;
  let hits = 0;
  for (let j = 0; j < a.length; j++) {
    if (a[j] !== a[j]) return NaN;
    if ((a[j]! > 0.5 ? 1 : 0) === data.Y.data[j]) hits++;
  }
  return hits / a.length;
}
