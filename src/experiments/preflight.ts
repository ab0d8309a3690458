// Everything a run can be checked for before it starts, so that a bad or oversized run ends in one line
// before any work: conflicting settings, how many costs it reports, its data and layer sizes, its
// formula, and whether its memory fits. train and every variant of a sweep go through the same checks.
import type { Split } from '../data/dataset.js';
import { loadSplit } from '../data/registry.js';
import { clip, UsageError } from '../errors.js';
import { formatBytes, MAX_INSPECT_SNAPSHOTS, MAX_REPORTS } from '../limits.js';
import type { Scale } from '../nn/init.js';
import { compileScale } from './formula.js';
import { memoryLimit, runBytes, type RunShape } from './memory.js';
import { flagOf, type RunConfig } from './settings.js';

/** Node and nnlab themselves, before any run: ~55 MiB resident, rounded up. */
const PROCESS_BYTES = 64 * 2 ** 20;

/** Reported costs of a run: iteration 0, then every printEvery-th. */
export const reportsOf = (c: Pick<RunConfig, 'iterations' | 'printEvery'>): number => (c.iterations === 0 ? 0 : Math.ceil(c.iterations / c.printEvery));

/** What the settings alone can tell: a formula on an init that draws nothing, too many reports or snapshots. */
export function checkSettings(config: RunConfig, inspect: boolean): void {
  if (config.scale !== null && config.init === 'zeros') {
    throw new UsageError(`--scale does not apply to --init zeros, which draws nothing; use --init random --scale "${clip(config.scale)}"`);
  }
  const reports = reportsOf(config);
  if (reports > MAX_REPORTS) {
    throw new UsageError(`--iterations ${config.iterations} with --print-every ${config.printEvery} reports ${reports} costs; at most ${MAX_REPORTS} are kept (--print-every ${Math.ceil(config.iterations / MAX_REPORTS)} or more)`);
  }
  const snapshots = reports * (config.layers.length - 1);
  if (inspect && snapshots > MAX_INSPECT_SNAPSHOTS) {
    throw new UsageError(`--inspect measures ${config.layers.length - 1} layers at each of ${reports} reports (${snapshots} snapshots); at most ${MAX_INSPECT_SNAPSHOTS} (raise --print-every)`);
  }
}

/** Checks what depends on the data: the test set's features and the layer sizes at both ends. */
export function checkLayers(config: RunConfig, split: Split): void {
  const features = split.train.X.rows;
  if (split.test.X.rows !== features) {
    throw new UsageError(`${flagOf('testDataset')}: the test set has ${split.test.X.rows} features, the training set ${features}`);
  }
  const { layers } = config;
  if (layers[0] !== features) {
    throw new UsageError(`${flagOf('layers')} ${clip(layers.join(','))}: the input size must equal the dataset's ${features} features (e.g. ${clip([features, ...layers.slice(1)].join(','))})`);
  }
  if (layers[layers.length - 1] !== 1) {
    throw new UsageError(`${flagOf('layers')} ${clip(layers.join(','))}: the output size must be 1 (one sigmoid unit for labels 0/1)`);
  }
}

/** Loads the data and checks what depends on it (layer sizes). */
export function prepareData(config: RunConfig): Split {
  const split = loadSplit(config.dataset, config.testDataset ?? undefined);
  checkLayers(config, split);
  return split;
}

/** The sizes of a run on its data, for the memory estimate. */
export const shapeOf = (config: RunConfig, split: Split, inspect: boolean): RunShape => ({
  layers: config.layers,
  train: split.train.X.cols,
  test: split.test.X.cols,
  dropout: config.keepProb < 1,
  reports: reportsOf(config),
  inspect,
});

/**
 * Runs that may be in memory at once (one, or one per worker thread) against what this process may have.
 * Throws UsageError with the estimate and the limit when they do not fit.
 */
export function checkMemory(shapes: readonly RunShape[]): void {
  const each = shapes.map(runBytes);
  const need = PROCESS_BYTES + each.reduce((a, b) => a + b, 0);
  const limit = memoryLimit();
  if (need <= limit.bytes) return;
  const most = Math.max(...each);
  const biggest = shapes[each.indexOf(most)]!;
  const run = `${flagOf('layers')} ${clip(biggest.layers.join(','))} on ${biggest.train} examples`;
  const has = limit.text;
  if (PROCESS_BYTES + most > limit.bytes) throw new UsageError(`${run} needs about ${formatBytes(PROCESS_BYTES + most)} of memory; ${has}`);
  const fit = Math.floor((limit.bytes - PROCESS_BYTES) / most);
  throw new UsageError(`${shapes.length} runs at once (up to ${formatBytes(most)} each, for ${run}) need about ${formatBytes(need)} of memory; ${has}; --jobs ${fit} would fit`);
}

export interface Preflight {
  split: Split;
  /** The --scale formula evaluated, when there is one. */
  scale?: Scale;
}

/** Every check of a run, in order of cost; returns the data and formula the run then uses. */
export async function preflight(config: RunConfig, options: { split?: Split; inspect?: boolean } = {}): Promise<Preflight> {
  const inspect = options.inspect === true;
  checkSettings(config, inspect);
  const split = options.split ?? prepareData(config);
  checkMemory([shapeOf(config, split, inspect)]);
  const scale = config.scale === null ? undefined : await compileScale(config.scale, config.layers);
  return { split, scale };
}
