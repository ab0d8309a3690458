// The course's gradient-checking assignment: the 1-D warm-up and the 4→5→3→1 network.
import { fromData, type Matrix } from '../linalg/matrix.js';
import type { Params } from '../nn/params.js';
import { RandomState } from '../random/randomState.js';
import { gradientCheck, type CheckResult, type Epsilon, type Thresholds } from './compare.js';
import { checkNetwork, gradShapes, type Network } from './network.js';
import { COURSE_MISTAKES, parseInjections } from './inject.js';

export const COURSE_LAYERS = [4, 5, 3, 1] as const;

/** gradient_check_n_test_case: everything from np.random.seed(1), in the course's order. */
export function courseNetwork(): Network {
  const rng = new RandomState(1);
  const draw = (rows: number, cols: number): Matrix => fromData(rows, cols, rng.randn(rows * cols));
  const X = draw(4, 3);
  const Y = fromData(1, 3, Float64Array.of(1, 1, 0));
  const params: Params = {};
  for (let l = 1; l < COURSE_LAYERS.length; l++) {
    params[`W${l}`] = draw(COURSE_LAYERS[l]!, COURSE_LAYERS[l - 1]!);
    params[`b${l}`] = draw(COURSE_LAYERS[l]!, 1);
  }
  return { layers: COURSE_LAYERS, X, Y, params, lambd: 0, activation: 'relu' };
}

/**
 * The course's two runs: with its planted mistakes (or the user's, if given) and corrected.
 * The first check is "course-buggy", or "course-injected" when the user chose the mistakes.
 */
export function courseChecks(epsilon: Epsilon, t: Thresholds, inject: string | null = null): CheckResult[] {
  const net = courseNetwork();
  const planted = parseInjections(inject ?? COURSE_MISTAKES, gradShapes(net.layers));
  return [
    checkNetwork(inject === null ? 'course-buggy' : 'course-injected', net, planted, epsilon, t),
    checkNetwork('course-fixed', net, [], epsilon, t),
  ];
}

/** The warm-up: J(θ) = θ·x with x = 2 at θ = 4; J is 8, its gradient dJ/dθ = x = 2. */
export function oneDimCheck(epsilon: Epsilon, t: Thresholds): CheckResult {
  const x = 2;
  const theta = fromData(1, 1, Float64Array.of(4));
  const grad = fromData(1, 1, Float64Array.of(x));
  return gradientCheck('one-dim', [{ name: 'theta', value: theta, grad }], { J: () => theta.data[0]! * x }, epsilon, t);
}

/** The first k examples (columns) of X and Y. */
export function firstExamples(X: Matrix, Y: Matrix, k: number): { X: Matrix; Y: Matrix } {
  const take = (M: Matrix): Matrix => {
    const out = new Float64Array(M.rows * k);
    for (let r = 0; r < M.rows; r++) out.set(M.data.subarray(r * M.cols, r * M.cols + k), r * k);
    return fromData(M.rows, k, out);
  };
  return { X: take(X), Y: take(Y) };
}
