// A network as a gradient-check problem: the model's own forward/backward and cost, dropout off.
import { linearInto, sigmoidInPlace } from '../linalg/kernels.js';
import { clone, type Matrix } from '../linalg/matrix.js';
import { ACTIVATIONS, LEAKY_SLOPE, type ActivationName } from '../nn/activations.js';
import { crossEntropy, l2Penalty } from '../nn/cost.js';
import { bias, cloneParams, paramNames, weight, type Params } from '../nn/params.js';
import { backwardInto, forwardInto, type Regularization } from '../nn/propagate.js';
import { createWorkspace, type Workspace } from '../nn/workspace.js';
import { ERROR_FACTOR, MACHINE_EPSILON, gradientCheck, type CheckResult, type Cost, type Epsilon, type Tensor, type Thresholds } from './compare.js';
import { applyInjections, type Injection, type InjectionEffect } from './inject.js';

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
 * The forward pass with every hidden unit held on or off as `pattern` says (A = Z where it was on,
 * offSlope·Z where it was off: 0 for ReLU, the leaky slope for leaky ReLU): the linear piece of the
 * network around the parameters that gave the pattern. Equal to forwardInto bit for bit wherever no unit
 * changed state.
 */
function heldForwardInto(ws: Workspace, params: Params, pattern: Uint8Array, offSlope: number): Matrix {
  const L = ws.layers.length - 1;
  let o = 0;
  for (let l = 1; l <= L; l++) {
    const W = weight(params, l);
    const Z = ws.A[l]!;
    linearInto(Z.data, W.data, ws.A[l - 1]!.data, bias(params, l).data, W.rows, W.cols, ws.m);
    if (l === L) sigmoidInPlace(Z.data, Z.data.length);
    else for (let j = 0; j < Z.data.length; j++) if (!pattern[o++]) Z.data[j] = offSlope === 0 ? 0 : offSlope * Z.data[j]!;
  }
  return ws.A[L]!;
}

/** Outputs exactly 0 or 1 on the wrong side: each makes the cost inf through −log(0). */
function wrongSaturated(A: Matrix, Y: Matrix): number {
  let n = 0;
  for (let j = 0; j < A.data.length; j++) if ((A.data[j] === 1 && Y.data[j] === 0) || (A.data[j] === 0 && Y.data[j] === 1)) n++;
  return n;
}

/**
 * The rounding error of the cross-entropy at outputs A: each output carries about one rounding
 * (2⁻⁵²·a), which a term −log(a) or −log(1 − a) magnifies by 1/a or 1/(1 − a); near a = 1 with y = 0
 * (a saturated, confidently wrong output) that is the cost's dominant error. Plus one rounding of J.
 */
function costRounding(A: Matrix, Y: Matrix, J: number): number {
  let s = 0;
  for (let j = 0; j < A.data.length; j++) {
    const a = A.data[j]!;
    const y = Y.data[j]!;
    // a·(y/a) = y for y = 1; a/(1 − a) for y = 0 (inf at a = 1, where J is inf too)
    s += MACHINE_EPSILON * (y === 0 ? a / (1 - a) : y === 1 ? 1 : a * (y / a + (1 - y) / (1 - a)));
  }
  return s / Y.cols + MACHINE_EPSILON * Math.abs(J);
}

export interface CheckProblem {
  tensors: Tensor[];
  cost: Cost;
  /** What each planted mistake changed. */
  effects: InjectionEffect[];
  /** Outputs at θ exactly 0 or 1 on the wrong side (why the cost is inf there, when it is). */
  infTerms: number;
}

/**
 * The analytic gradients (after the planted mistakes) and the cost over a private copy of the parameters.
 * A perturbation that switches a hidden unit on or off crossed a ReLU (or leaky ReLU) kink, so J is not
 * smooth there; the cost then also offers J with the units held as they are at θ. tanh and sigmoid are
 * smooth everywhere: no coordinate is a kink with them.
 */
export function checkProblem(net: Network, injections: readonly Injection[] = []): CheckProblem {
  const params = cloneParams(net.params);
  const ws = createWorkspace(net.layers, net.X, false, true, net.activation);
  const kinked = ACTIVATIONS[net.activation].signOnly;
  const offSlope = net.activation === 'leaky_relu' ? LEAKY_SLOPE : 0;
  const reg: Regularization = { lambd: net.lambd, keepProb: 1 };
  forwardInto(ws, params, reg);
  const infTerms = wrongSaturated(ws.A[ws.A.length - 1]!, net.Y);
  const units = ws.A.slice(1, -1).reduce((s, a) => s + a.data.length, 0);
  const base = activePattern(ws.A, new Uint8Array(units));
  const now = new Uint8Array(units);
  backwardInto(ws, params, net.Y, reg);
  const grads = Object.fromEntries(Object.entries(ws.grads).map(([k, g]) => [k, clone(g)]));
  const effects = applyInjections(grads, injections);
  const penalty = (): number => l2Penalty(params, net.layers, net.lambd, ws.m);
  let last = 0;
  const cost: Cost = {
    J: () => (last = crossEntropy(forwardInto(ws, params, reg), net.Y) + penalty()),
    rounding: () => costRounding(ws.A[ws.A.length - 1]!, net.Y, last),
    ...(kinked ? {
      kinks: {
        crossed: () => !activePattern(ws.A, now).every((v, i) => v === base[i]),
        held: () => (last = crossEntropy(heldForwardInto(ws, params, base, offSlope), net.Y) + penalty()),
      },
    } : {}),
  };
  const tensors = paramNames(net.layers).map((name) => ({ name, value: params[name]!, grad: grads[`d${name}`]! }));
  return { tensors, cost, effects, infTerms };
}

export function checkNetwork(name: string, net: Network, injections: readonly Injection[], epsilon: Epsilon, t: Thresholds): CheckResult {
  const { tensors, cost, effects, infTerms } = checkProblem(net, injections);
  const check = gradientCheck(name, tensors, cost, epsilon, t);
  return { ...check, ...injectionReport(check, effects), infTerms };
}

/**
 * Mistakes that changed nothing, and mistakes too small to see: a change to a tensor's gradient smaller
 * than what its pass threshold allows, threshold·(‖g‖ + ‖ĝ‖), and than the differences' error there,
 * moves no verdict.
 */
function injectionReport(c: CheckResult, effects: readonly InjectionEffect[]): Pick<CheckResult, 'noEffect' | 'undetectable'> {
  const noEffect = effects.filter((e) => e.noEffect !== null).map((e) => ({ text: e.text, reason: e.noEffect! }));
  const undetectable = effects.filter((e) => e.noEffect === null && Number.isFinite(e.change)).flatMap((e) => {
    const p = c.parameters.find((q) => `d${q.name}` === e.grad)!;
    const resolves = Math.max(c.threshold * (p.norms.analytic + p.norms.numeric), ERROR_FACTOR * p.norms.error);
    return e.change <= resolves ? [{ text: e.text, grad: e.grad, change: e.change, resolves }] : [];
  });
  return { noEffect, undetectable };
}
