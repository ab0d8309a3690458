// Model files (--save, and model.json in a run record): the trained network as documented JSON,
// sealed so that nnlab recognises its own untouched files (see output/seal.ts). Format version 2:
//   format "nnlab-model", version, seal, nnlab (the version that wrote it),
//   layers [n0, ..., nL], activations (the hidden activation for each hidden layer, "sigmoid" for the output),
//   parameters {W1, b1, ...} as nested row lists (numpy's .tolist(): Wl is nl×n(l-1), bl is nl×1),
//   training {command, settings, initFrom, finalCost, accuracy},
//   dataset {name, features, examples, sha256} (the training set; sha256 as data/hash.ts computes it).
// Version 1 files hold only layers and parameters (ReLU hidden layers, the only ones nnlab then ran); nnlab
// reads both (experiments/readModel.ts).
import type { Dataset } from '../data/dataset.js';
import { datasetSha256 } from '../data/hash.js';
import { toRows } from '../linalg/matrix.js';
import type { ActivationName } from '../nn/activations.js';
import type { Params } from '../nn/params.js';
import { sealModel } from '../output/seal.js';
import { appliedSettings, type RunConfig, type TrainCommand } from './settings.js';

/**
 * The activation of each layer after the input: the hidden one for every hidden layer, then the output's
 * sigmoid, e.g. ["tanh", "tanh", "sigmoid"] for layers 2,10,5,1 with tanh hidden layers.
 */
export const activationsOf = (layers: readonly number[], hidden: ActivationName): string[] =>
  layers.slice(1).map((_, i) => (i === layers.length - 2 ? 'sigmoid' : hidden));

/** Where a continued run's parameters came from (--init-from). */
export interface InitSource {
  path: string;
  /** nnlab-model: a model file nnlab wrote; plain: {"W1": [[...]], "b1": [[...]], ...}. */
  kind: 'nnlab-model' | 'plain';
  /** What the model file says about its own training, when it says it (version 2 files). */
  trained: { command: string; iterations: number; dataset: string } | null;
  /**
   * Training settings of the model file that differ from this run's (lr, lambd, keepProb,
   * dropoutMasks): continuing with other settings is another training, not the same one continued.
   */
  differs: { key: string; model: unknown; run: unknown }[];
}

/** The settings a continued run should keep to continue the same training. */
export const CONTINUED_SETTINGS = ['lr', 'lambd', 'keepProb', 'dropoutMasks'] as const;

/** "r.json (nnlab model: train, 2000 iterations on circles)", "w.json (plain parameters)". */
export function describeModel(s: InitSource): string {
  if (s.kind === 'plain') return `${s.path} (plain parameters)`;
  return s.trained ? `${s.path} (nnlab model: ${s.trained.command}, ${s.trained.iterations} iterations on ${s.trained.dataset})` : `${s.path} (nnlab model)`;
}

/** What a model file is written from: a finished train/regularize run. */
export interface TrainedModel {
  command: TrainCommand;
  config: RunConfig;
  initFrom: InitSource | null;
  params: Params;
  /** The trained parameters' cost, without dropout (the run's final cost). */
  finalCost: number;
  accuracy: { train: number; test: number };
  split: { train: Dataset };
}

/** The model file's text, one line of JSON. `nnlab` is the version writing it. */
export function modelFileText(r: TrainedModel, nnlab: string): string {
  const { layers } = r.config;
  const parameters = Object.fromEntries(Object.entries(r.params).map(([k, m]) => [k, toRows(m)]));
  const train = r.split.train;
  return sealModel({
    nnlab,
    layers,
    activations: activationsOf(layers, r.config.activation),
    parameters,
    training: { command: r.command, settings: appliedSettings(r.config), initFrom: r.initFrom, finalCost: r.finalCost, accuracy: r.accuracy },
    dataset: { name: r.config.dataset, features: train.X.rows, examples: train.X.cols, sha256: datasetSha256(train) },
  });
}
