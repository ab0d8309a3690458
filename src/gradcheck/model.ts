// --case model: the network that train would build (optionally after N iterations), or a model file's
// (--model), checked on the training examples of its data.
import type { Dataset } from '../data/dataset.js';
import { loadSplit, within } from '../data/registry.js';
import { clip, UsageError } from '../errors.js';
import { checkFinite, checkInputs, modelActivation, readModel } from '../experiments/readModel.js';
import { checkPassMemory, dataOverrides, optionNames } from '../experiments/preflight.js';
import { fileOrigin, fromFlags, spelling, type RunConfig, type Where } from '../experiments/settings.js';
import { prepareData, runTraining } from '../experiments/train.js';
import { MAX_GRADCHECK_WORK } from '../limits.js';
import { parameterCount } from '../nn/params.js';
import { settingText } from '../numpyText.js';
import type { CheckResult, Epsilon, Progress, Thresholds } from './compare.js';
import { firstExamples } from './cases.js';
import { parseInjections, type Injection } from './inject.js';
import { checkNetwork, checkWork, gradShapes, type Network } from './network.js';
import type { ActivationName } from '../nn/activations.js';

export interface ModelCheckOptions {
  config: RunConfig;
  /** Training iterations before the check. */
  after: number;
  /** Check on the first k training examples; null = all. */
  examples: number | null;
  inject: string | null;
  epsilon: Epsilon;
  thresholds: Thresholds;
  /** Where each setting came from, for messages (default: flags). */
  where?: Where;
  onProgress?: Progress;
}

export interface ModelCheck {
  check: CheckResult;
  /** Examples actually used, and the training set's size. */
  examples: number;
  available: number;
}

/**
 * How many examples the check uses (the first k; all when k is null), its work (checkWork) and memory
 * held against their limits: checked before any training or checking starts. Throws UsageError with
 * the estimate, the limit and the --examples that would fit.
 */
function examplesFor(train: Dataset, k: number | null, layers: readonly number[], where: Where): number {
  const available = train.X.cols;
  const used = k ?? available;
  if (used > available) throw new UsageError(`${where('examples')} ${used}: the training set has only ${available} examples`);
  const work = checkWork(layers, used);
  if (work > MAX_GRADCHECK_WORK) {
    const fit = Math.floor(MAX_GRADCHECK_WORK / checkWork(layers, 1));
    const way = fit >= 1 ? `; ${spelling(where, 'examples')} ${fit} would fit` : '; even one example is more: check a smaller network of the same kind';
    throw new UsageError(`gradcheck of layers ${clip(layers.join(','))} (${parameterCount(layers)} parameters) on ${used} example${used === 1 ? '' : 's'} is about ${settingText(Number(work.toPrecision(2)))} multiply-adds, 4 to 8 forward passes per parameter; nnlab checks at most ${settingText(MAX_GRADCHECK_WORK)} (about a minute)${way}`);
  }
  checkPassMemory('gradcheck', layers, used, 'check', false, spelling(where, 'examples'));
  return used;
}

/** The check on the first `used` training examples. */
function checkOn(train: Dataset, used: number, net: Omit<Network, 'X' | 'Y'>, injections: readonly Injection[], o: CheckSettings): ModelCheck {
  const { X, Y } = firstExamples(train.X, train.Y, used);
  return { check: checkNetwork('model', { ...net, X, Y }, injections, o.epsilon, o.thresholds, o.onProgress), examples: used, available: train.X.cols };
}

export async function modelCheck(o: ModelCheckOptions): Promise<ModelCheck> {
  const { config } = o;
  const where = o.where ?? fromFlags;
  if (config.keepProb < 1) {
    throw new UsageError(`gradient checking needs dropout off (${spelling(where, 'keepProb')} 1), as the course advises; got ${where('keepProb')} ${config.keepProb}`);
  }
  // Check the spec before any training, so a typo costs nothing.
  const injections = o.inject === null ? [] : parseInjections(o.inject, gradShapes(config.layers));
  const split = prepareData(config, where);
  const used = examplesFor(split.train, o.examples, config.layers, where);
  const record = await runTraining('train', { ...config, iterations: o.after, printEvery: Math.max(1, o.after) }, { split, where });
  return checkOn(split.train, used, { layers: config.layers, params: record.params, lambd: config.lambd, activation: config.activation }, injections, { ...o, where });
}

interface CheckSettings {
  epsilon: Epsilon;
  thresholds: Thresholds;
  where: Where;
  /** Told how far the finite differences have come, for a progress bar. */
  onProgress?: Progress;
}

export interface FileModelCheckOptions extends CheckSettings {
  /** The model file (--model). */
  path: string;
  /** The data whose training examples it is checked on, with a generated dataset's options (null: its own). */
  dataset: string;
  samples: number | null;
  noise: number | null;
  dataSeed: number | null;
  /** The hidden activation given (--activation): for plain parameters, or the file's own. */
  activation: ActivationName | undefined;
  lambd: number;
  examples: number | null;
  inject: string | null;
}

/**
 * gradcheck --model: the backward pass at a model file's parameters, with its hidden activation (ReLU for
 * plain parameters unless one is given), on a dataset's training examples.
 */
export function fileModelCheck(o: FileModelCheckOptions): ModelCheck & { layers: number[]; activation: ActivationName } {
  const model = within(fileOrigin(o.where, 'model'), () => {
    const m = readModel(o.path);
    checkFinite(m, 'has no finite cost to check gradients against');
    return m;
  });
  const activation = modelActivation(model, o.activation, o.where);
  const injections = o.inject === null ? [] : parseInjections(o.inject, gradShapes(model.layers));
  const { train } = loadSplit(o.dataset, undefined, { dataset: fileOrigin(o.where, 'dataset') }, dataOverrides(o), optionNames(o.where));
  checkInputs(model, train.X.rows, `${o.where('dataset')} ${o.dataset}`);
  const used = examplesFor(train, o.examples, model.layers, o.where);
  const net = { layers: model.layers, params: model.params, lambd: o.lambd, activation };
  return { ...checkOn(train, used, net, injections, o), layers: model.layers, activation };
}
