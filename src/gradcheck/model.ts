// --case model: the network that train would build (optionally after N iterations), or a model file's
// (--model), checked on the training examples of its data.
import type { Dataset } from '../data/dataset.js';
import { loadSplit, within } from '../data/registry.js';
import { UsageError } from '../errors.js';
import { dataOverrides, optionNames } from '../experiments/preflight.js';
import { checkInputs, modelActivation, readModel } from '../experiments/readModel.js';
import { fileOrigin, fromFlags, spelling, type RunConfig, type Where } from '../experiments/settings.js';
import { prepareData, runTraining } from '../experiments/train.js';
import type { CheckResult, Epsilon, Thresholds } from './compare.js';
import { firstExamples } from './cases.js';
import { parseInjections, type Injection } from './inject.js';
import { checkNetwork, gradShapes, type Network } from './network.js';
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
}

export interface ModelCheck {
  check: CheckResult;
  /** Examples actually used, and the training set's size. */
  examples: number;
  available: number;
}

/** The check on the first k training examples (all when k is null); k beyond the data is refused. */
function checkOn(train: Dataset, k: number | null, net: Omit<Network, 'X' | 'Y'>, injections: readonly Injection[], o: CheckSettings): ModelCheck {
  const available = train.X.cols;
  const used = k ?? available;
  if (used > available) throw new UsageError(`${o.where('examples')} ${used}: the training set has only ${available} examples`);
  const { X, Y } = firstExamples(train.X, train.Y, used);
  return { check: checkNetwork('model', { ...net, X, Y }, injections, o.epsilon, o.thresholds), examples: used, available };
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
  const record = await runTraining('train', { ...config, iterations: o.after, printEvery: Math.max(1, o.after) }, { split, where });
  return checkOn(split.train, o.examples, { layers: config.layers, params: record.params, lambd: config.lambd, activation: config.activation }, injections, { ...o, where });
}

interface CheckSettings {
  epsilon: Epsilon;
  thresholds: Thresholds;
  where: Where;
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
  const model = within(fileOrigin(o.where, 'model'), () => readModel(o.path));
  const activation = modelActivation(model, o.activation, o.where);
  const injections = o.inject === null ? [] : parseInjections(o.inject, gradShapes(model.layers));
  const { train } = loadSplit(o.dataset, undefined, { dataset: fileOrigin(o.where, 'dataset') }, dataOverrides(o), optionNames(o.where));
  checkInputs(model, train.X.rows, `${o.where('dataset')} ${o.dataset}`);
  const net = { layers: model.layers, params: model.params, lambd: o.lambd, activation };
  return { ...checkOn(train, o.examples, net, injections, o), layers: model.layers, activation };
}
