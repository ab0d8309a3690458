// --case model: the network that train would build (optionally after N iterations), checked on its data.
import { UsageError } from '../errors.js';
import { fromFlags, spelling, type RunConfig, type Where } from '../experiments/settings.js';
import { prepareData, runTraining } from '../experiments/train.js';
import type { CheckResult, Epsilon, Thresholds } from './compare.js';
import { firstExamples } from './cases.js';
import { parseInjections } from './inject.js';
import { checkNetwork, gradShapes } from './network.js';

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

export async function modelCheck(o: ModelCheckOptions): Promise<ModelCheck> {
  const { config } = o;
  const where = o.where ?? fromFlags;
  if (config.keepProb < 1) {
    throw new UsageError(`gradient checking needs dropout off (${spelling(where, 'keepProb')} 1), as the course advises; got ${where('keepProb')} ${config.keepProb}`);
  }
  // Check the spec before any training, so a typo costs nothing.
  const injections = o.inject === null ? [] : parseInjections(o.inject, gradShapes(config.layers));
  const split = prepareData(config, where);
  const available = split.train.X.cols;
  const k = o.examples ?? available;
  if (k > available) throw new UsageError(`${where('examples')} ${k}: the training set has only ${available} examples`);
  const record = await runTraining('train', { ...config, iterations: o.after, printEvery: Math.max(1, o.after) }, { split, where });
  const { X, Y } = firstExamples(split.train.X, split.train.Y, k);
  const check = checkNetwork('model', { layers: config.layers, X, Y, params: record.params, lambd: config.lambd, activation: config.activation }, injections, o.epsilon, o.thresholds);
  return { check, examples: k, available };
}
