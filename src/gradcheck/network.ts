// A network as a gradient-check problem: the model's own forward/backward and cost, dropout off.
import { clone, type Matrix } from '../linalg/matrix.js';
import { ACTIVATIONS, type ActivationName } from '../nn/activations.js';
import { crossEntropy, l2Penalty } from '../nn/cost.js';
import { cloneParams, paramNames, type Params } from '../nn/params.js';
import { backwardInto, forwardInto, type Regularization } from '../nn/propagate.js';
import { createWorkspace } from '../nn/workspace.js';
import { gradientCheck, type CheckResult, type Cost, type Epsilon, type Tensor, type Thresholds } from './compare.js';
import { applyInjections, type Injection } from './inject.js';

export interface Network {
  readonly layers: readonly number[];
  readonly X: Matrix;
  readonly Y: Matrix;
  readonly params: Params;
  readonly lambd: number;
  /** The hidden layers' activation (the course's network: ReLU). */
  readonly activation: ActivationName;
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

/** Which hidden units are active (ReLU or leaky ReLU input > 0), layer after layer, in one array. */
function activePattern(A: readonly Matrix[], out: Uint8Array): Uint8Array {
  let o = 0;
  for (let l = 1; l < A.length - 1; l++) for (const v of A[l]!.data) out[o++] = v > 0 ? 1 : 0;
  return out;
}

/**
 * The analytic gradients (after the planted mistakes) and the cost over a private copy of the parameters.
 * A perturbation that switches a hidden unit on or off crossed a ReLU (or leaky ReLU) kink, so J is not
 * smooth there; tanh and sigmoid are smooth everywhere, so no coordinate is a kink with them.
 */
export function checkProblem(net: Network, injections: readonly Injection[] = []): { tensors: Tensor[]; cost: Cost; noEffect: CheckResult['noEffect'] } {
  const params = cloneParams(net.params);
  const ws = createWorkspace(net.layers, net.X, false, true, net.activation);
  const kinked = ACTIVATIONS[net.activation].signOnly;
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
    crossedKink: () => kinked && !activePattern(ws.A, now).every((v, i) => v === base[i]),
  };
  const tensors = paramNames(net.layers).map((name) => ({ name, value: params[name]!, grad: grads[`d${name}`]! }));
  return { tensors, cost, noEffect };
}

export function checkNetwork(name: string, net: Network, injections: readonly Injection[], epsilon: Epsilon, t: Thresholds): CheckResult {
  const { tensors, cost, noEffect } = checkProblem(net, injections);
  return { ...gradientCheck(name, tensors, cost, epsilon, t), noEffect };
}
