// Batch gradient descent as the course runs it; the cost is computed only where it is reported.
import type { Split } from '../data/dataset.js';
import type { ActivationName } from './activations.js';
import type { DropoutMasks } from './dropout.js';
import type { Engine, StepSettings } from './engine.js';
import { initialize, type InitName, type Scale } from './init.js';
import { cloneParams, type Params } from './params.js';
import { crossEntropy, l2Penalty } from './cost.js';
import { accuracy, predictProba } from './predict.js';
import { defaultEngine } from './wasmEngine.js';

export interface TrainSettings {
  layers: number[];
  init: InitName;
  /** Replaces the init's multiplier (the --scale formula, already evaluated to a function). */
  scale?: Scale;
  seed: number;
  lr: number;
  iterations: number;
  printEvery: number;
  lambd: number;
  keepProb: number;
  dropoutMasks: DropoutMasks;
  /** The hidden layers' activation (the output layer is a sigmoid). */
  activation: ActivationName;
  /** Parameters to start from instead of drawing them (--init-from); they must fit `layers`. */
  initial?: Params;
}

export interface CostPoint {
  iteration: number;
  cost: number;
}

export interface TrainResult {
  initial: Params;
  params: Params;
  /** Reported costs: iteration i is the cost of the forward pass of step i, before its update. */
  costs: CostPoint[];
  /**
   * The cost of the trained parameters (after the last update), from one more forward pass without
   * dropout: the network as it predicts, which the accuracies describe.
   */
  finalCost: number;
  /**
   * With dropout: the same parameters' cost under a dropout mask, as training computes its costs (course
   * masks: the mask of every pass, so it is what a run one iteration longer would report); null without.
   */
  finalCostWithDropout: number | null;
  /**
   * Some trained parameter, or some activation of that last forward pass, is inf or NaN, or the final
   * cost is although the first was not (the cost blew up; the large random init starts at inf instead).
   */
  diverged: boolean;
  /** What was inf or nan at the end, when it diverged: some of 'parameters', 'activations', 'cost'. */
  nonFinite: NonFinite[];
  accuracy: { train: number; test: number };
  durationMs: number;
  /** Why the run used another engine than the one asked for (Engine.notice), or null. */
  engineNotice: string | null;
}

export type NonFinite = 'parameters' | 'activations' | 'cost';

export interface TrainHooks {
  /** Called before every reported iteration's step, with the parameters it is about to use. */
  beforeReport?(iteration: number, engine: Engine): void;
  /** Called after every reported iteration with the engine's state. */
  onReport?(iteration: number, engine: Engine, cost: number): void;
  /** Called now and then with the number of iterations done. */
  onProgress?(done: number, total: number): void;
}

export type EngineFactory = (initial: Params, layers: readonly number[], data: Split['train'], s: StepSettings) => Engine;

function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return false;
  return true;
}

export function train(split: Split, s: TrainSettings, hooks: TrainHooks = {}, makeEngine: EngineFactory = defaultEngine): TrainResult {
  const t0 = performance.now();
  const initial = s.initial ? cloneParams(s.initial) : initialize(s.layers, s.init, s.seed, s.scale);
  const engine = makeEngine(initial, s.layers, split.train, s);
  const costs: CostPoint[] = [];
  const progressEvery = Math.max(1, Math.floor(s.iterations / 200));
  let params: Params;
  let finalCost: number;
  let finalCostWithDropout: number | null = null;
  const nonFinite: NonFinite[] = [];
  try {
    for (let i = 0; i < s.iterations; i++) {
      const report = i % s.printEvery === 0;
      if (report) hooks.beforeReport?.(i, engine);
      const cost = engine.step(report);
      if (report) {
        costs.push({ iteration: i, cost });
        hooks.onReport?.(i, engine, cost);
      }
      if (hooks.onProgress && i % progressEvery === 0) hooks.onProgress(i, s.iterations);
    }
    const trainingCost = engine.cost();
    params = engine.params();
    if (s.keepProb < 1) {
      finalCostWithDropout = trainingCost;
      finalCost = crossEntropy(predictProba(params, s.layers, split.train.X, s.activation), split.train.Y) + l2Penalty(params, s.layers, s.lambd, split.train.X.cols);
    } else {
      finalCost = trainingCost;
    }
    const blewUp = costs.length > 0 && Number.isFinite(costs[0]!.cost) && !Number.isFinite(trainingCost);
    // Read before release: the engine's buffers are reused by the next run.
    if (!Object.values(params).every((m) => allFinite(m.data))) nonFinite.push('parameters');
    if (!engine.workspace().A.slice(1).every((m) => allFinite(m.data))) nonFinite.push('activations');
    if (blewUp) nonFinite.push('cost');
  } finally {
    engine.release?.();
  }
  hooks.onProgress?.(s.iterations, s.iterations);
  return {
    initial,
    params,
    costs,
    finalCost,
    finalCostWithDropout,
    diverged: nonFinite.length > 0,
    nonFinite,
    accuracy: { train: accuracy(params, s.layers, split.train, s.activation), test: accuracy(params, s.layers, split.test, s.activation) },
    durationMs: performance.now() - t0,
    engineNotice: engine.notice ?? null,
  };
}
