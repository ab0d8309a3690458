// A network as a gradient-check problem: the model's own forward/backward and cost, dropout off.
import { clone, type Matrix } from '../linalg/matrix.js';
import { crossEntropy, l2Penalty } from '../nn/cost.js';
import { cloneParams, paramNames, parameterCount, type Params } from '../nn/params.js';
import { backwardInto, forwardInto, type Regularization } from '../nn/propagate.js';
import { createWorkspace } from '../nn/workspace.js';
import { gradientCheck, type CheckResult, type Cost, type Epsilon, type Progress, type Tensor, type Thresholds } from './compare.js';
import { applyInjections, type Injection } from './inject.js';

export interface Network {
  readonly layers: readonly number[];
  readonly X: Matrix;
  readonly Y: Matrix;
  readonly params: Params;
  readonly lambd: number;
}

/** Gradient name → shape, for checking --inject specs against this network. */
export function gradShapes(layers: readonly number[]): Record<string, [number, number]> {
  const shapes: Record<string, [number, number]> = {};
  for (let l = 1; l < layers.length; l++) {
    shapes[`dW${l}`] = [layers[l]!, layers[l - 1]!];
    shapes[`db${l}`] = [layers[l]!, 1];
  }
  return shapes;
}

/**
 * The work of checking a network on m examples, in multiply-adds, an upper estimate: 2 cost evaluations
 * per parameter for the fixed step and 2 more for the auto step (run when the fixed step does not
 * pass), each a forward pass of m × (weights + units).
 */
export function checkWork(layers: readonly number[], m: number): number {
  let weights = 0;
  let units = 0;
  for (let l = 1; l < layers.length; l++) {
    weights += layers[l]! * layers[l - 1]!;
    units += layers[l]!;
  }
  return 4 * parameterCount(layers) * m * (weights + units);
}

/** Which hidden units are active (ReLU input > 0), layer after layer, in one array. */
function activePattern(A: readonly Matrix[], out: Uint8Array): Uint8Array {
  let o = 0;
  for (let l = 1; l < A.length - 1; l++) for (const v of A[l]!.data) out[o++] = v > 0 ? 1 : 0;
  return out;
}

/**
 * The analytic gradients (after the planted mistakes) and the cost over a private copy of the parameters.
 * A perturbation that switches a hidden unit on or off crossed a ReLU kink, so J is not smooth there.
 */
export function checkProblem(net: Network, injections: readonly Injection[] = []): { tensors: Tensor[]; cost: Cost; noEffect: CheckResult['noEffect'] } {
  const params = cloneParams(net.params);
  const ws = createWorkspace(net.layers, net.X, false);
  const reg: Regularization = { lambd: net.lambd, keepProb: 1 };
  forwardInto(ws, params, reg);
  const units = ws.A.slice(1, -1).reduce((s, a) => s + a.data.length, 0);
  const base = activePattern(ws.A, new Uint8Array(units));
  const now = new Uint8Array(units);
  backwardInto(ws, params, net.Y, reg);
  const grads = Object.fromEntries(Object.entries(ws.grads).map(([k, g]) => [k, clone(g)]));
  const noEffect = applyInjections(grads, injections);
  const cost: Cost = {
    J: () => crossEntropy(forwardInto(ws, params, reg), net.Y) + l2Penalty(params, net.layers, net.lambd, ws.m),
    crossedKink: () => !activePattern(ws.A, now).every((v, i) => v === base[i]),
  };
  const tensors = paramNames(net.layers).map((name) => ({ name, value: params[name]!, grad: grads[`d${name}`]! }));
  return { tensors, cost, noEffect };
}

export function checkNetwork(name: string, net: Network, injections: readonly Injection[], epsilon: Epsilon, t: Thresholds, onProgress?: Progress): CheckResult {
  const { tensors, cost, noEffect } = checkProblem(net, injections);
  return { ...gradientCheck(name, tensors, cost, epsilon, t, onProgress), noEffect };
}
