// Buffers for one network on one batch, allocated once so that training allocates nothing per step.
import { zeros, type Matrix } from '../linalg/matrix.js';
import type { Grads } from './params.js';

export interface Workspace {
  readonly layers: readonly number[];
  readonly m: number;
  /** A[0] is X; A[l] the activation of layer l (after dropout for hidden layers). */
  readonly A: Matrix[];
  /** Dropout masks of hidden layers (1 = kept); null where no dropout runs. */
  readonly D: (Uint8Array | null)[];
  /** dZ[l], reused as dA[l] before the ReLU/dropout backward. */
  readonly dZ: Matrix[];
  readonly grads: Grads;
}

/** backward false: a forward pass only (prediction), so dZ and the gradients are left empty (0×0). */
export function createWorkspace(layers: readonly number[], X: Matrix, dropout: boolean, backward = true): Workspace {
  const m = X.cols;
  const L = layers.length - 1;
  const A: Matrix[] = [X];
  const D: (Uint8Array | null)[] = [null];
  const dZ: Matrix[] = [zeros(0, 0)];
  const grads: Grads = {};
  for (let l = 1; l <= L; l++) {
    A.push(zeros(layers[l]!, m));
    dZ.push(backward ? zeros(layers[l]!, m) : zeros(0, 0));
    D.push(dropout && l < L ? new Uint8Array(layers[l]! * m) : null);
    grads[`dW${l}`] = backward ? zeros(layers[l]!, layers[l - 1]!) : zeros(0, 0);
    grads[`db${l}`] = backward ? zeros(layers[l]!, 1) : zeros(0, 0);
  }
  return { layers, m, A, D, dZ, grads };
}
