// Everything a run can be checked for before it starts, so that a bad or oversized run ends in one line
// before any work: conflicting settings, how many costs it reports, its data and layer sizes, its
// formula, and whether its memory fits. train and every variant of a sweep go through the same checks.
import type { Split } from '../data/dataset.js';
import { loadSplit, type GeneratorOverrides, type OptionNames, type SplitOrigin } from '../data/registry.js';
import { clip, UsageError } from '../errors.js';
import { formatBytes, MAX_INSPECT_SNAPSHOTS, MAX_REPORTS } from '../limits.js';
import type { Scale } from '../nn/init.js';
import { compileScale } from './formula.js';
import { memoryLimit, passBytes, PROCESS_BYTES, runBytes, type PassKind, type RunShape } from './memory.js';
import { fileOrigin, fromFlags, spelling, type RunConfig, type Where } from './settings.js';


/** Reported costs of a run: iteration 0, then every printEvery-th. */
export const reportsOf = (c: Pick<RunConfig, 'iterations' | 'printEvery'>): number => (c.iterations === 0 ? 0 : Math.ceil(c.iterations / c.printEvery));

/**
 * What the settings alone can tell: a formula on an init that draws nothing, too many reports or
 * snapshots. `where` names each setting's origin in messages.
 */
export function checkSettings(config: RunConfig, inspect: boolean, where: Where = fromFlags): void {
  if (config.scale !== null && config.init === 'zeros') {
    throw new UsageError(where('scale').startsWith('--')
      ? `--scale does not apply to --init zeros, which draws nothing; use --init random --scale "${clip(config.scale)}"`
      : `${where('scale')}: a scale does not apply to init zeros, which draws nothing; use init random`);
  }
  const reports = reportsOf(config);
  if (reports > MAX_REPORTS) {
    throw new UsageError(`${where('iterations')} ${config.iterations} with ${where('printEvery')} ${config.printEvery} reports ${reports} costs; at most ${MAX_REPORTS} are kept (${spelling(where, 'printEvery')} ${Math.ceil(config.iterations / MAX_REPORTS)} or more)`);
  }
  const snapshots = reports * (config.layers.length - 1);
  if (inspect && snapshots > MAX_INSPECT_SNAPSHOTS) {
    throw new UsageError(`--inspect measures ${config.layers.length - 1} layers at each of ${reports} reports (${snapshots} snapshots); at most ${MAX_INSPECT_SNAPSHOTS} (raise --print-every)`);
  }
}

/** Checks what depends on the data: the test set's features and the layer sizes at both ends. */
export function checkLayers(config: RunConfig, split: Split, where: Where = fromFlags): void {
  const features = split.train.X.rows;
  if (split.test.X.rows !== features) {
    throw new UsageError(`${where('testDataset')}: the test set has ${split.test.X.rows} features, the training set ${features}`);
  }
  const { layers } = config;
  if (layers[0] !== features && config.initFrom !== null) {
    throw new UsageError(`${where('initFrom')} ${clip(config.initFrom)}: the model takes ${layers[0]} inputs; ${where('dataset')} ${clip(config.dataset)} has ${features} features`);
  }
  if (layers[0] !== features) {
    throw new UsageError(`${where('layers')} ${clip(layers.join(','))}: the input size must equal the dataset's ${features} features (e.g. ${clip([features, ...layers.slice(1)].join(','))})`);
  }
  if (layers[layers.length - 1] !== 1) {
    throw new UsageError(`${where('layers')} ${clip(layers.join(','))}: the output size must be 1 (one sigmoid unit for labels 0/1)`);
  }
}

/** Where the data paths came from, to name in messages (see fileOrigin). */
export const splitOrigin = (where: Where): SplitOrigin => ({ dataset: fileOrigin(where, 'dataset'), testDataset: fileOrigin(where, 'testDataset') });

/** A run's generator options for a generated dataset (the settings left null keep the dataset's own). */
export const dataOverrides = (c: Pick<RunConfig, 'samples' | 'noise' | 'dataSeed'>): GeneratorOverrides =>
  ({ samples: c.samples ?? undefined, noise: c.noise ?? undefined, seed: c.dataSeed ?? undefined });

/** The generator options as the settings that give them are spelt where they came from. */
export const optionNames = (where: Where): OptionNames => ({ samples: where('samples'), noise: where('noise'), seed: where('dataSeed'), factor: '--factor' });

/** Loads the data and checks what depends on it (layer sizes). Throws UsageError naming the setting's origin. */
export function prepareData(config: RunConfig, where: Where = fromFlags): Split {
  const split = loadSplit(config.dataset, config.testDataset ?? undefined, splitOrigin(where), dataOverrides(config), optionNames(where));
  checkLayers(config, split, where);
  return split;
}

/** The sizes of a run on its data, for the memory estimate. */
export const shapeOf = (config: RunConfig, split: Split, inspect: boolean): RunShape => ({
  layers: config.layers,
  train: split.train.X.cols,
  test: split.test.X.cols,
  dropout: config.keepProb < 1,
  activation: config.activation,
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
  const run = `--layers ${clip(biggest.layers.join(','))} on ${biggest.train} examples`;
  const has = limit.text;
  if (PROCESS_BYTES + most > limit.bytes) throw new UsageError(`${run} needs about ${formatBytes(PROCESS_BYTES + most)} of memory; ${has}`);
  const fit = Math.floor((limit.bytes - PROCESS_BYTES) / most);
  throw new UsageError(`${shapes.length} runs at once (up to ${formatBytes(most)} each, for ${run}) need about ${formatBytes(need)} of memory; ${has}; --jobs ${fit} would fit`);
}

/**
 * A pass of a model over m examples (predict, eval, gradcheck), checked as a run is: against what this
 * process may have, before any of its buffers is allocated. `what` names the command; given how
 * --examples is spelt, the message says how many examples would fit. Throws UsageError with the estimate and the limit.
 */
export function checkPassMemory(what: string, layers: readonly number[], m: number, kind: PassKind, dropout = false, examplesFlag?: string): void {
  const need = PROCESS_BYTES + passBytes(layers, m, kind, dropout);
  const limit = memoryLimit();
  if (need <= limit.bytes) return;
  let fit = '';
  if (examplesFlag !== undefined) {
    const perExample = passBytes(layers, 1, kind) - passBytes(layers, 0, kind);
    const k = Math.floor((limit.bytes - PROCESS_BYTES - passBytes(layers, 0, kind)) / perExample);
    if (k >= 1) fit = `; ${examplesFlag} ${k} would fit`;
  }
  throw new UsageError(`${what} with layers ${clip(layers.join(','))} on ${m} example${m === 1 ? '' : 's'} needs about ${formatBytes(need)} of memory; ${limit.text}${fit}`);
}

export interface Preflight {
  split: Split;
  /** The --scale formula evaluated, when there is one. */
  scale?: Scale;
}

/** Every check of a run, in order of cost; returns the data and formula the run then uses. */
export async function preflight(config: RunConfig, options: { split?: Split; inspect?: boolean; where?: Where } = {}): Promise<Preflight> {
  const inspect = options.inspect === true;
  const where = options.where ?? fromFlags;
  checkSettings(config, inspect, where);
  const split = options.split ?? prepareData(config, where);
  checkMemory([shapeOf(config, split, inspect)]);
  const scale = config.scale === null ? undefined : await compileScale(config.scale, config.layers, where('scale'));
  return { split, scale };
}
