// Forward and backward passes over a workspace, side by side: LINEAR→activation (with inverted dropout)
// for hidden layers, LINEAR→SIGMOID for the output, cross-entropy gradients as the course writes them.
// The hidden activation is the workspace's, from the registry in activations.ts.
import {
  backpropInto, biasGradInto, dropoutBackwardInPlace, dropoutInPlace, linearInto, outputGradInto, sigmoidInPlace, weightGradInto,
} from '../linalg/kernels.js';
import type { Matrix } from '../linalg/matrix.js';
import type { MaskSource } from './dropout.js';
import { bias, weight, type Params } from './params.js';
import type { Workspace } from './workspace.js';

export interface Regularization {
  lambd: number;
  keepProb: number;
  masks?: MaskSource;
}

/** Fills ws.A; returns the output activation. Dropout runs only when keepProb < 1 and ws has masks. */
export function forwardInto(ws: Workspace, params: Params, reg: Regularization): Matrix {
  const L = ws.layers.length - 1;
  const dropout = reg.keepProb < 1 && reg.masks !== undefined;
  if (dropout) reg.masks!.fill(ws.D, reg.keepProb);
  for (let l = 1; l <= L; l++) {
    const W = weight(params, l);
    const Z = ws.A[l]!;
    const len = Z.rows * Z.cols;
    linearInto(Z.data, W.data, ws.A[l - 1]!.data, bias(params, l).data, W.rows, W.cols, ws.m);
    if (l === L) {
      sigmoidInPlace(Z.data, len);
    } else {
      ws.activation.forward(Z.data, len);
      const D = ws.D[l];
      if (dropout && D) {
        ws.P[l]?.set(Z.data);
        dropoutInPlace(Z.data, D, reg.keepProb, len);
      }
    }
  }
  return ws.A[L]!;
}

/** Fills ws.grads from the activations of the last forwardInto. */
export function backwardInto(ws: Workspace, params: Params, Y: Matrix, reg: Regularization): void {
  const L = ws.layers.length - 1;
  const m = ws.m;
  const scale = 1 / m;
  const l2 = reg.lambd / m;
  const dropout = reg.keepProb < 1 && reg.masks !== undefined;
  outputGradInto(ws.dZ[L]!.data, ws.A[L]!.data, Y.data, m * ws.layers[L]!);
  for (let l = L; l >= 1; l--) {
    const W = weight(params, l);
    const dZ = ws.dZ[l]!.data;
    const Aprev = ws.A[l - 1]!.data;
    weightGradInto(ws.grads[`dW${l}`]!.data, dZ, Aprev, W.data, scale, l2, W.rows, W.cols, m);
    biasGradInto(ws.grads[`db${l}`]!.data, dZ, scale, W.rows, m);
    if (l > 1) {
      const dA = ws.dZ[l - 1]!.data;
      const len = W.cols * m;
      backpropInto(dA, W.data, dZ, W.rows, W.cols, m);
      if (dropout) dropoutBackwardInPlace(dA, ws.D[l - 1]!, reg.keepProb, len);
      ws.activation.backward(dA, dropout ? ws.P[l - 1] ?? Aprev : Aprev, len);
    }
  }
}
