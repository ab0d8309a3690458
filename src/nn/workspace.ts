// Buffers for one network on one batch, allocated once so that training allocates nothing per step.
import { zeros, type Matrix } from '../linalg/matrix.js';
import { ACTIVATIONS, type Activation, type ActivationName } from './activations.js';
import type { Grads } from './params.js';

export interface Workspace {
  readonly layers: readonly number[];
  readonly m: number;
  /** The hidden layers' activation (the output layer is a sigmoid). */
  readonly activation: Activation;
  /** A[0] is X; A[l] the activation of layer l (after dropout for hidden layers). */
  readonly A: Matrix[];
  /** Dropout masks of hidden layers (1 = kept); null where no dropout runs. */
  readonly D: (Uint8Array | null)[];
  /**
   * A[l] before dropout, for the backward of an activation that reads A's value (tanh, sigmoid);
   * null where there is no dropout or the backward reads only A's sign (ReLU, leaky ReLU).
   */
  readonly P: (Float64Array | null)[];
  /** dZ[l], reused as dA[l] before the activation/dropout backward. */
  readonly dZ: Matrix[];
  readonly grads: Grads;
}

/** backward false: a forward pass only (prediction), so dZ and the gradients are left empty (0×0). */
export function createWorkspace(layers: readonly number[], X: Matrix, dropout: boolean, backward = true, activation: ActivationName = 'relu'): Workspace {
  const m = X.cols;
  const L = layers.length - 1;
  const act: Activation = ACTIVATIONS[activation];
  const A: Matrix[] = [X];
  const D: (Uint8Array | null)[] = [null];
  const P: (Float64Array | null)[] = [null];
  const dZ: Matrix[] = [zeros(0, 0)];
  const grads: Grads = {};
  for (let l = 1; l <= L; l++) {
    const hiddenDropout = dropout && l < L;
    A.push(zeros(layers[l]!, m));
    dZ.push(backward ? zeros(layers[l]!, m) : zeros(0, 0));
    D.push(hiddenDropout ? new Uint8Array(layers[l]! * m) : null);
    P.push(hiddenDropout && backward && !act.signOnly ? new Float64Array(layers[l]! * m) : null);
    grads[`dW${l}`] = backward ? zeros(layers[l]!, layers[l - 1]!) : zeros(0, 0);
    grads[`db${l}`] = backward ? zeros(layers[l]!, 1) : zeros(0, 0);
  }
  return { layers, m, activation: act, A, D, P, dZ, grads };
}
