// What the wasm and native engines share: their parameters, gradients and workspace as views of one
// buffer laid out by the engine, and the transposed layer inputs (with their ones column) filled in.
import type { Dataset } from '../data/dataset.js';
import type { Matrix } from '../linalg/matrix.js';
import type { Activation } from './activations.js';
import type { Grads, Params } from './params.js';
import type { Workspace } from './workspace.js';

/** Byte offsets of one layer's arrays in the buffer (0: none); AT is atRows × atw, the layer's output transposed (block by block when atRows < m). */
export interface LayerOffsets {
  n: number;
  A: number;
  D: number;
  P: number;
  dZ: number;
  W: number;
  b: number;
  dW: number;
  db: number;
  AT: number;
  atw: number;
  /** AT's rows: m (default), or a block of samples the engine refills as it goes */
  atRows?: number;
}

/**
 * Params (copied from `initial`), grads and workspace over `buf`; X, and X transposed into layer 0's AT
 * (when it holds all m rows), copied in; every AT gets its ones column (so the dW product also sums db).
 */
export function viewsOver(buf: ArrayBuffer, rec: readonly LayerOffsets[], X: Dataset['X'], activation: Activation, initial: Params): { params: Params; grads: Grads; ws: Workspace } {
  const L = rec.length - 1;
  const m = X.cols;
  const layers = rec.map((r) => r.n);
  const view = (at: number, rows: number, cols: number): Matrix => ({ rows, cols, data: new Float64Array(buf, at, rows * cols) });
  view(rec[0]!.A, layers[0]!, m).data.set(X.data);
  for (let l = 0; l < L; l++) {
    const rows = rec[l]!.atRows ?? m;
    const AT = new Float64Array(buf, rec[l]!.AT, rows * rec[l]!.atw);
    for (let j = 0; j < rows; j++) AT[j * rec[l]!.atw] = 1;
  }
  if ((rec[0]!.atRows ?? m) === m) {
    const XT = new Float64Array(buf, rec[0]!.AT, m * rec[0]!.atw);
    for (let p = 0; p < layers[0]!; p++) for (let j = 0; j < m; j++) XT[j * rec[0]!.atw + 1 + p] = X.data[p * m + j]!;
  }
  const params: Params = {};
  const grads: Grads = {};
  for (let l = 1; l <= L; l++) {
    const k = layers[l - 1]!;
    params[`W${l}`] = view(rec[l]!.W, layers[l]!, k);
    params[`b${l}`] = view(rec[l]!.b, layers[l]!, 1);
    params[`W${l}`]!.data.set(initial[`W${l}`]!.data);
    params[`b${l}`]!.data.set(initial[`b${l}`]!.data);
    grads[`dW${l}`] = view(rec[l]!.dW, layers[l]!, k);
    grads[`db${l}`] = view(rec[l]!.db, layers[l]!, 1);
  }
  const ws: Workspace = {
    layers,
    m,
    activation,
    A: rec.map((r) => view(r.A, r.n, m)),
    D: rec.map((r) => (r.D ? new Uint8Array(buf, r.D, r.n * m) : null)),
    P: rec.map((r) => (r.P ? new Float64Array(buf, r.P, r.n * m) : null)),
    dZ: rec.map((r, l) => (l === 0 ? view(0, 0, 0) : view(r.dZ, r.n, m))),
    grads,
  };
  return { params, grads, ws };
}
