// Runs train/regularize from a resolved config and returns a record; never prints.
import type { Split } from '../data/dataset.js';
import { INITS } from '../nn/init.js';
import { createInspector, type Snapshot } from '../nn/inspect.js';
import type { Params } from '../nn/params.js';
import { train, type CostPoint, type TrainHooks } from '../nn/train.js';
import { preflight } from './preflight.js';
import type { RunConfig, TrainCommand } from './settings.js';

export { prepareData } from './preflight.js';

export interface TrainRecord {
  command: TrainCommand;
  config: RunConfig;
  /** e.g. "he: W ~ N(0,1)·sqrt(2/fan_in)" */
  initFormula: string;
  costs: CostPoint[];
  accuracy: { train: number; test: number };
  durationMs: number;
  /** Some reported cost was inf or nan. */
  diverged: boolean;
  data: { train: number; test: number; features: number };
  initial: Params;
  params: Params;
  /** The data it ran on (not part of any JSON output). */
  split: Split;
  /** Per-layer measurements at each reported iteration, when asked for (--inspect). */
  snapshots: Snapshot[] | null;
  /** Why the run trained on another engine than the WebAssembly one, or null. */
  engineNotice: string | null;
}

export interface RunOptions {
  hooks?: TrainHooks;
  /** Data already loaded and checked by prepareData (the run's other checks still run). */
  split?: Split;
  inspect?: boolean;
}

/**
 * Diverged: the parameters overflowed or the last reported cost is not finite. An inf cost early on
 * alone is not divergence: the course's large random init starts at inf and recovers.
 */
function diverged(costs: readonly CostPoint[], params: Params): boolean {
  const last = costs[costs.length - 1];
  if (last && !Number.isFinite(last.cost)) return true;
  return Object.values(params).some((p) => p.data.some((v) => !Number.isFinite(v)));
}

export async function runTraining(command: TrainCommand, config: RunConfig, options: RunOptions = {}): Promise<TrainRecord> {
  const { split: data, scale } = await preflight(config, options);
  const inspector = options.inspect ? createInspector({ ...config, scaleValue: scale, Y: data.train.Y }) : null;
  const own = options.hooks?.onReport;
  const inspect = inspector?.hooks.onReport;
  const hooks: TrainHooks = {
    ...options.hooks,
    onReport: own && inspect ? (i, e, c) => (inspect(i, e, c), own(i, e, c)) : inspect ?? own,
  };
  const result = train(data, { ...config, scale }, hooks);
  const spec = INITS[config.init];
  return {
    command,
    config,
    initFormula: config.scale === null ? `${config.init}: ${spec.formula}` : `${config.init}: W ~ N(0,1)·(${config.scale})`,
    costs: result.costs,
    accuracy: result.accuracy,
    durationMs: result.durationMs,
    diverged: diverged(result.costs, result.params),
    data: { train: data.train.X.cols, test: data.test.X.cols, features: data.train.X.rows },
    initial: result.initial,
    params: result.params,
    split: data,
    snapshots: inspector?.snapshots() ?? null,
    engineNotice: result.engineNotice,
  };
}
