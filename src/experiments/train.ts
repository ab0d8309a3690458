// Runs train/regularize from a resolved config and returns a record; never prints.
import { sameData, type Split } from '../data/dataset.js';
import { diagnoseDivergence, type Divergence } from '../nn/divergence.js';
import { INITS } from '../nn/init.js';
import { createInspector, forwardStats, type Snapshot } from '../nn/inspect.js';
import { initialSignals, type InitialSignal } from '../nn/initialSignal.js';
import type { Params } from '../nn/params.js';
import { train, type CostPoint, type NonFinite, type ParamStage, type TrainEngine, type TrainHooks } from '../nn/train.js';
import { preflight } from './preflight.js';
import { checkLayers, initModel } from './initFrom.js';
import { describeModel, type InitSource } from './modelFile.js';
import { initSourceOf, modelActivation } from './readModel.js';
import { fromFlags, spelling, type RunConfig, type TrainCommand, type Where } from './settings.js';
import { settingText } from '../numpyText.js';

export { prepareData } from './preflight.js';

export interface TrainRecord {
  command: TrainCommand;
  config: RunConfig;
  /**
   * e.g. "he: W ~ N(0,1)·sqrt(2/fan_in)", with a scale override "he with --scale 1: W ~ N(0,1)·(1)",
   * from a model "from r.json (nnlab model: train, 2000 iterations on circles)"
   */
  initFormula: string;
  /** The model the run started from (--init-from), or null when its parameters were drawn. */
  initFrom: InitSource | null;
  costs: CostPoint[];
  /** The drawn cost curve: ~200 evenly spaced costs and the final one, as training computes them (TrainResult.curve). */
  curve: CostPoint[];
  /** Parameters at log-spaced iterations (nn/train.ts stageIterations), when asked for (RunOptions.stages). */
  stages: ParamStage[];
  /** The cost of the trained parameters, after the last update, without dropout (not the last reported cost). */
  finalCost: number;
  /** With dropout: the same under a dropout mask, as training computes its costs; null without dropout. */
  finalCostWithDropout: number | null;
  /**
   * When finalCost is not finite: the training outputs of the trained network (without dropout) that are
   * exactly 0 or 1 on the wrong side, each making −log(0) = inf in the cost; 0 when finalCost is finite.
   */
  finalInfTerms: number;
  accuracy: { train: number; test: number };
  durationMs: number;
  /** The trained parameters, or the activations they give, are inf or NaN, or the cost blew up to inf or NaN. */
  diverged: boolean;
  /** What was inf or nan at the end of a diverged run. */
  nonFinite: NonFinite[];
  /** For a diverged run: what overflowed, measured by replaying it. */
  divergence: Divergence | null;
  /** Examples and features; testOnTrainingData: no test set was given, so the test figures are on the training data. */
  data: { train: number; test: number; features: number; testOnTrainingData: boolean };
  initial: Params;
  params: Params;
  /** The data it ran on (not part of any JSON output). */
  split: Split;
  /**
   * The hidden layers' activation spread and saturation at the start (initial weights, no dropout), and
   * the same for an init suited to the activation where the run's is not one (same seed).
   */
  initialSignal: { run: InitialSignal; suited: InitialSignal | null };
  /** Per-layer measurements at each reported iteration, when asked for (--inspect). */
  snapshots: Snapshot[] | null;
  /** Why the run trained on another engine than the one asked for, or null. */
  engineNotice: string | null;
  /** The engine that ran the steps (TrainResult.engine). */
  engine: TrainEngine;
}

export interface RunOptions {
  hooks?: TrainHooks;
  /** Data already loaded and checked by prepareData (the run's other checks still run). */
  split?: Split;
  /** Where each setting came from, for messages (default: flags). */
  where?: Where;
  inspect?: boolean;
  /** Parameter snapshots to keep besides the start, for pictures of training (default none). */
  stages?: number;
}

/** The dataset as a label: "moons", or "moons with noise 0.3, data seed 5" when its generator options were set. */
export function datasetLabel(c: Pick<RunConfig, 'dataset' | 'samples' | 'noise' | 'dataSeed'>): string {
  const set = [
    c.samples === null ? null : `${c.samples} samples`,
    c.noise === null ? null : `noise ${settingText(c.noise)}`,
    c.dataSeed === null ? null : `data seed ${c.dataSeed}`,
  ].filter((p) => p !== null);
  return set.length === 0 ? c.dataset : `${c.dataset} with ${set.join(', ')}`;
}

/** The hidden activation as a label, said only when it is not the course's ReLU: "", or " · tanh". */
export const activationLabel = (c: { activation: string }): string => (c.activation === 'relu' ? '' : ` · ${c.activation}`);

/**
 * The init as a label: "he", "he with --scale 1" when a formula replaced its multiplier, "from r.json";
 * `scaleName` is how the user spelt the scale setting (a file's key "scale", a flag "--scale").
 */
export const initLabel = (c: { init: string; scale: string | null; initFrom?: string | null }, scaleName = '--scale'): string =>
  (c.initFrom ? `from ${c.initFrom}` : c.scale === null ? c.init : `${c.init} with ${scaleName} ${c.scale}`);

export async function runTraining(command: TrainCommand, config: RunConfig, options: RunOptions = {}): Promise<TrainRecord> {
  const where = options.where ?? fromFlags;
  const { split: data, scale } = await preflight(config, options);
  const model = config.initFrom === null ? null : initModel(config.initFrom, where);
  if (model) {
    checkLayers(model, config.layers, where);
    modelActivation(model, config.activation, where);
  }
  const initFrom = model ? initSourceOf(model, config as unknown as Record<string, unknown>) : null;
  const inspector = options.inspect ? createInspector({ ...config, scaleValue: scale, Y: data.train.Y }) : null;
  const own = options.hooks?.onReport;
  const inspect = inspector?.hooks.onReport;
  const hooks: TrainHooks = {
    ...options.hooks,
    beforeReport: inspector?.hooks.beforeReport ?? options.hooks?.beforeReport,
    onReport: own && inspect ? (i, e, c) => (inspect(i, e, c), own(i, e, c)) : inspect ?? own,
  };
  const result = train(data, { ...config, scale, initial: model?.params }, { ...hooks, stages: options.stages });
  const spec = INITS[config.init];
  return {
    command,
    config,
    initFormula: initFrom ? `from ${describeModel(initFrom)}` : config.scale === null ? `${config.init}: ${spec.formula}` : `${initLabel(config, spelling(where, 'scale'))}: W ~ N(0,1)·(${config.scale})`,
    initFrom,
    costs: result.costs,
    curve: result.curve,
    stages: result.stages,
    finalCost: result.finalCost,
    finalCostWithDropout: result.finalCostWithDropout,
    finalInfTerms: Number.isFinite(result.finalCost) ? 0 : forwardStats(result.params, config.layers, data.train.X, data.train.Y, config.activation).saturation.infTerms,
    accuracy: result.accuracy,
    durationMs: result.durationMs,
    // An inf cost alone is not divergence: the course's large random init starts at inf and recovers.
    diverged: result.diverged,
    nonFinite: result.nonFinite,
    divergence: result.diverged ? diagnoseDivergence(result.initial, config.layers, data.train, config, config.iterations) : null,
    data: { train: data.train.X.cols, test: data.test.X.cols, features: data.train.X.rows, testOnTrainingData: data.testIsTrain === true || sameData(data.train, data.test) },
    initial: result.initial,
    params: result.params,
    split: data,
    initialSignal: initialSignals({ ...config, label: initLabel(config), custom: config.scale !== null, loaded: model !== null }, result.initial, data.train.X),
    snapshots: inspector?.snapshots() ?? null,
    engineNotice: result.engineNotice,
    engine: result.engine,
  };
}
