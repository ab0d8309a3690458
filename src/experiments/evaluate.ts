// A model on a dataset (predict, eval): its predictions, the course's cost, the classification figures
// and, when asked, the gradients of the course's backward pass at its parameters. Never prints.
import { csvBlocks } from '../data/csv.js';
import type { Dataset } from '../data/dataset.js';
import { loadInputs, type SplitName } from '../data/registry.js';
import { UsageError } from '../errors.js';
import { crossEntropy, l2Penalty } from '../nn/cost.js';
import type { DropoutMasks } from '../nn/dropout.js';
import { gradientsAt } from '../nn/gradients.js';
import { confusion, scores, type Confusion } from '../nn/metrics.js';
import type { Grads } from '../nn/params.js';
import { predictProba } from '../nn/predict.js';
import { num } from '../numpyText.js';
import type { ActivationName } from '../nn/activations.js';
import { dataOverrides, optionNames } from './preflight.js';
import { checkFinite, checkInputs, modelActivation, readModel, trainedOn, type LoadedModel } from './readModel.js';
import { fromFlags } from './settings.js';

export interface ModelOnData {
  model: LoadedModel;
  /** The hidden layers' activation the model runs with: its file's, else the one given, else ReLU. */
  activation: ActivationName;
  /** As given: a dataset name or a file path. */
  dataset: string;
  /** The split used; null for a file without splits (a CSV file, a .mat file without Xval, yval). */
  split: SplitName | null;
  data: Dataset;
  /** The data's sha256 equals that of the training set the model file names; null if it names none. */
  trainedOnThis: boolean | null;
}

/** What predict and eval are given besides the model: the data, and an activation for plain parameters. */
export interface ModelDataOptions {
  dataset: string;
  split: SplitName;
  /** A generated dataset's options (null: its own), as train takes them. */
  samples: number | null;
  noise: number | null;
  dataSeed: number | null;
  activation: ActivationName | undefined;
}

/** Reads the model and the dataset's split, and checks that they fit. Throws UsageError. */
export function modelOnData(modelPath: string, o: ModelDataOptions): ModelOnData {
  const { dataset, split } = o;
  const model = readModel(modelPath);
  checkFinite(model, 'predicts nothing: its outputs would be nan');
  const activation = modelActivation(model, o.activation, fromFlags);
  const { data, hasSplit } = loadInputs(dataset, split, dataOverrides(o), optionNames(fromFlags));
  if (split === 'test' && !hasSplit) {
    throw new UsageError(`--split test: ${dataset} has no test split; --split test applies to the named datasets and .mat files with Xval, yval`);
  }
  checkInputs(model, data.X.rows, `--dataset ${dataset}`);
  return { model, activation, dataset, split: hasSplit ? split : null, data, trainedOnThis: trainedOn(model, data) };
}

export interface Predictions {
  /** The output a = σ(z) for each example, and the predicted class (a > 0.5). */
  probabilities: Float64Array;
  labels: Uint8Array;
  /** Share of predictions equal to the dataset's labels; null for data without labels. */
  accuracy: number | null;
}

export function predictions(m: ModelOnData): Predictions {
  const probabilities = predictProba(m.model.params, m.model.layers, m.data.X, m.activation).data;
  const labels = Uint8Array.from(probabilities, (a) => (a > 0.5 ? 1 : 0));
  let hits = 0;
  labels.forEach((p, j) => (hits += p === m.data.Y.data[j] ? 1 : 0));
  return { probabilities, labels, accuracy: m.data.unlabelled ? null : hits / labels.length };
}

/** predict --out, in blocks: the input columns (x1, ..., xn, and y when the data has labels), then p and prediction. */
export function predictionsCsv(m: ModelOnData, p: Predictions): Generator<string> {
  const { rows: features, cols: n, data } = m.data.X;
  const labelled = !m.data.unlabelled;
  const header = [...Array.from({ length: features }, (_, i) => `x${i + 1}`), ...(labelled ? ['y'] : []), 'p', 'prediction'];
  const row: (number | string)[] = new Array<number | string>(header.length);
  return csvBlocks(header, n, (j) => {
    for (let f = 0; f < features; f++) row[f] = data[f * n + j]!;
    if (labelled) row[features] = m.data.Y.data[j]!;
    row[header.length - 2] = num(p.probabilities[j]!);
    row[header.length - 1] = p.labels[j]!;
    return row;
  });
}

export interface GradientSettings {
  lambd: number;
  keepProb: number;
  dropoutMasks: DropoutMasks;
}

export interface Evaluation {
  /** crossEntropy + l2: the course's compute_cost(_with_regularization), no dropout. */
  cost: number;
  crossEntropy: number;
  /** λ/(2m)·Σ‖W‖², 0 without lambd. */
  l2: number;
  lambd: number;
  accuracy: number;
  confusion: Confusion;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** The training-mode pass's cost and gradients, when asked for. */
  gradients: (GradientSettings & { cost: number; grads: Grads }) | null;
}

/** The course's figures for the model on this data; with `grads`, one forward and backward pass too. */
export function evaluate(m: ModelOnData, lambd: number, grads: GradientSettings | null): Evaluation {
  const { params, layers } = m.model;
  if (m.data.unlabelled) throw new UsageError(`--dataset ${m.dataset}: eval needs labels (a y column); predict takes data without them`);
  const p = predictions(m);
  const ce = crossEntropy({ rows: 1, cols: p.probabilities.length, data: p.probabilities }, m.data.Y);
  const l2 = l2Penalty(params, layers, lambd, m.data.X.cols);
  const c = confusion(p.labels, m.data.Y.data);
  return {
    cost: ce + l2,
    crossEntropy: ce,
    l2,
    lambd,
    accuracy: p.accuracy!,
    confusion: c,
    ...scores(c),
    gradients: grads ? { ...grads, ...gradientsAt(params, layers, m.data, { ...grads, activation: m.activation }) } : null,
  };
}
