// Batch gradient descent as the course runs it. The cost is computed only where it is used: at the
// reported iterations (the printed table) and at ~200 evenly spaced ones (the drawn curve).
import type { Split } from '../data/dataset.js';
import type { ActivationName } from './activations.js';
import type { DropoutMasks } from './dropout.js';
import type { Engine, EngineName, StepSettings } from './engine.js';
import { initialize, type InitName, type Scale } from './init.js';
import { cloneParams, type Params } from './params.js';
import { crossEntropy, l2Penalty } from './cost.js';
import { accuracy, predictProba } from './predict.js';
import { createEngine, type EngineFactory } from './engines.js';

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

/** Parameters as they were when step `iteration` began (iteration = iterations: the trained ones). */
export interface ParamStage {
  iteration: number;
  params: Params;
}

export interface TrainResult {
  initial: Params;
  params: Params;
  /** Reported costs: iteration i is the cost of the forward pass of step i, before its update. */
  costs: CostPoint[];
  /**
   * The cost curve: the cost every `curveEvery` iterations (same meaning as `costs`, under dropout when
   * there is dropout), then the trained parameters' cost in that same sense at iteration `iterations`;
   * independent of printEvery. Empty when curvePoints is 0.
   */
  curve: CostPoint[];
  /** Parameter snapshots at evenly spaced iterations, the trained parameters last; empty unless asked. */
  stages: ParamStage[];
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
  /** The engine that ran the steps. */
  engine: TrainEngine;
}

/** The engine that ran a run's steps, and what else identifies it (native: its kernels and threads). */
export interface TrainEngine {
  name: EngineName;
  detail: string | null;
}

export type NonFinite = 'parameters' | 'activations' | 'cost';

export interface TrainHooks {
  /** Called before every reported iteration's step, with the parameters it is about to use. */
  beforeReport?(iteration: number, engine: Engine): void;
  /** Called after every reported iteration with the engine's state. */
  onReport?(iteration: number, engine: Engine, cost: number): void;
  /** Called once the engine is made, before the first step: e.g. to say at once why it is not the one asked for (Engine.notice). */
  onEngine?(engine: Engine): void;
  /** Called now and then with the number of iterations done and the latest cost computed (NaN before any). */
  onProgress?(done: number, total: number, cost: number): void;
}

export interface TrainOptions extends TrainHooks {
  /** About how many points the cost curve gets (default CURVE_POINTS; 0: no curve, only reported costs computed). */
  curvePoints?: number;
  /** Parameter snapshots to keep besides the start, at stageIterations (default 0). */
  stages?: number;
}

/** Points of the drawn cost curve: enough for a smooth line, few enough to cost nothing measurable. */
export const CURVE_POINTS = 200;

/** Every how many iterations the curve takes a cost: at least 1, at most `points` costs before the final one. */
export const curveStep = (iterations: number, points: number): number => Math.max(1, Math.ceil(iterations / points));

/**
 * The iterations of a run's `count` stages besides 0, in multiples of `unit` (the curve's step, so that each
 * stage has its cost on the curve), and the last iteration: spaced evenly on a log scale, so that training's
 * early changes, where a boundary forms, get most stages (a run that settles by 5% of its iterations still
 * shows forming); at least one unit apart, so the first few are `unit` apart. Without repeats: fewer stages
 * when the run has fewer units.
 */
export function stageIterations(iterations: number, count: number, unit = 1): number[] {
  if (count <= 0) return [];
  const n = Math.floor(iterations / unit);
  const out = [0];
  for (let k = 1, prev = 0; k <= count; k++) {
    const v = Math.min(n, Math.max(prev + 1, Math.round(n ** (k / count))));
    if (v <= prev) break;
    out.push(v * unit);
    prev = v;
  }
  if (out.length > 1) out[out.length - 1] = iterations;
  else if (iterations > 0) out.push(iterations);
  return out;
}

export type { EngineFactory } from './engines.js';

function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return false;
  return true;
}

export function train(split: Split, s: TrainSettings, options: TrainOptions = {}, makeEngine: EngineFactory = createEngine): TrainResult {
  const t0 = performance.now();
  const initial = s.initial ? cloneParams(s.initial) : initialize(s.layers, s.init, s.seed, s.scale);
  const engine = makeEngine(initial, s.layers, split.train, s);
  options.onEngine?.(engine);
  const costs: CostPoint[] = [];
  const curve: CostPoint[] = [];
  const stages: ParamStage[] = [];
  const points = options.curvePoints ?? CURVE_POINTS;
  const curveEvery = curveStep(s.iterations, Math.max(1, points));
  const stageAt = stageIterations(s.iterations, options.stages ?? 0, points > 0 ? curveEvery : 1);
  let nextStage = 0;
  const progressEvery = Math.max(1, Math.floor(s.iterations / 200));
  let latest = NaN;
  let params: Params;
  let finalCost: number;
  let finalCostWithDropout: number | null = null;
  const nonFinite: NonFinite[] = [];
  try {
    for (let i = 0; i < s.iterations; i++) {
      if (stageAt[nextStage] === i) stages.push({ iteration: stageAt[nextStage++]!, params: engine.params() });
      const report = i % s.printEvery === 0;
      const drawn = points > 0 && i % curveEvery === 0;
      if (report) options.beforeReport?.(i, engine);
      // One forward pass serves both: asking for the cost does not change the step.
      const cost = engine.step(report || drawn);
      if (drawn) curve.push({ iteration: i, cost });
      if (report || drawn) latest = cost;
      if (report) {
        costs.push({ iteration: i, cost });
        options.onReport?.(i, engine, cost);
      }
      if (options.onProgress && i % progressEvery === 0) options.onProgress(i, s.iterations, latest);
    }
    const trainingCost = engine.cost();
    params = engine.params();
    // The curve's last point means what its others do: the cost as training computes it.
    if (points > 0) curve.push({ iteration: s.iterations, cost: trainingCost });
    if (stageAt[nextStage] === s.iterations) stages.push({ iteration: s.iterations, params });
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
  // The bar's last cost means what its others do: the cost as training computes it (under dropout, masked).
  options.onProgress?.(s.iterations, s.iterations, finalCostWithDropout ?? finalCost);
  return {
    initial,
    params,
    costs,
    curve,
    stages,
    finalCost,
    finalCostWithDropout,
    diverged: nonFinite.length > 0,
    nonFinite,
    accuracy: { train: accuracy(params, s.layers, split.train, s.activation), test: accuracy(params, s.layers, split.test, s.activation) },
    durationMs: performance.now() - t0,
    engineNotice: engine.notice ?? null,
    engine: { name: engine.name, detail: engine.detail ?? null },
  };
}
