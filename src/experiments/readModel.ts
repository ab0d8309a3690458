// Reading a model wherever one is given (--model, --init-from): an nnlab model file (modelFile.ts), or a
// plain {"W1": [[...]], "b1": [[...]], ...} as a notebook dumps numpy's .tolist(). Every tensor's shape
// is checked against the network it belongs to, and an error names the tensor and the shape it needs.
import { readInputText } from '../inputFile.js';
import { MAX_MODEL_BYTES } from '../limits.js';
import type { Dataset } from '../data/dataset.js';
import { datasetSha256 } from '../data/hash.js';
import { clip, didYouMean, UsageError } from '../errors.js';
import { zeros, type Matrix } from '../linalg/matrix.js';
import { ACTIVATION_NAMES, isActivationName, type ActivationName } from '../nn/activations.js';
import type { Params } from '../nn/params.js';
import { MODEL_FORMAT } from '../output/seal.js';
import { activationsOf, CONTINUED_SETTINGS, type InitSource } from './modelFile.js';
import { spelling, type Where } from './settings.js';

export interface LoadedModel {
  path: string;
  kind: InitSource['kind'];
  /** Format version of an nnlab model file; null for plain parameters. */
  version: number | null;
  layers: number[];
  /**
   * The hidden layers' activation an nnlab model file names (version 1 files, from before nnlab ran
   * others, mean ReLU); null where none is named: plain parameters, a network without hidden layers.
   */
  activation: ActivationName | null;
  params: Params;
  /** What a version-2 file says about its training: command, settings and results. */
  training: { command: string; settings: Record<string, unknown>; finalCost: unknown; accuracy: unknown } | null;
  /** The training set a version-2 file names, with its content hash. */
  dataset: { name: string; features: number; examples: number; sha256: string } | null;
}

const READABLE_VERSIONS = [1, 2];
const readText = (path: string): string => readInputText(path, 'a model file', MAX_MODEL_BYTES);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as nnlab writes numbers: a number, or numpy's "inf", "-inf", "nan". */
function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  return v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === 'nan' ? NaN : undefined;
}

type Shape = [number, number];
const shown = ([r, c]: Shape): string => `${r}×${c}`;

/** Nested rows as a matrix, or a description of what the value is instead ("a flat list of 5 numbers"). */
function tensorOf(path: string, name: string, v: unknown): Matrix | string {
  if (v === undefined) return 'missing';
  if (!Array.isArray(v)) return typeof v === 'number' ? `a single number, not nested rows [[${v}]]` : `not a list of rows (${v === null ? 'null' : typeof v})`;
  if (v.length === 0) return 'an empty list';
  if (!Array.isArray(v[0])) return v.every((x) => numberOf(x) !== undefined) ? `a flat list of ${v.length} numbers` : 'not a list of rows';
  const cols = (v[0] as unknown[]).length;
  const m = zeros(v.length, cols);
  v.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== cols) {
      throw new UsageError(`${path}: ${name} row ${i} has ${Array.isArray(row) ? row.length : 'no'} values, row 0 has ${cols}; a tensor's rows are all as long`);
    }
    row.forEach((x: unknown, j) => {
      const n = numberOf(x);
      if (n === undefined) throw new UsageError(`${path}: ${name}[${i}][${j}] is ${JSON.stringify(x)}, not a number`);
      m.data[i * cols + j] = n;
    });
  });
  return cols === 0 ? 'a list of empty rows' : m;
}

const NAME = /^([Wb])([1-9]\d*)$/;

/**
 * W1, b1, ..., WL, bL with their shapes checked, layer by layer. `layers` (an nnlab file's) fixes
 * every shape; without it (plain parameters) W1 gives the input size and each W the next layer's.
 */
function paramsOf(path: string, raw: Record<string, unknown>, layers: number[] | null): { params: Params; layers: number[] } {
  const keys = Object.keys(raw);
  const stray = keys.find((k) => !NAME.test(k));
  if (stray === 'parameters' && isObject(raw.parameters)) {
    throw new UsageError(`${path}: parameters nested under "parameters" make an nnlab model file, which also needs "format": "${MODEL_FORMAT}", "version" and "layers"; or put W1, b1, ... at the top level`);
  }
  if (stray !== undefined) {
    const expected = keys.filter((k) => NAME.test(k)).length > 0 ? [] : ['W1', 'b1', 'W2', 'b2', 'W3', 'b3'];
    const hint = /^[wB]\d+$/.test(stray) ? ` (did you mean ${stray[0] === 'w' ? 'W' : 'b'}${stray.slice(1)}?)` : didYouMean(stray, expected);
    throw new UsageError(`${path}: unknown key '${clip(stray)}' among the parameters${hint}; they are W1, b1, W2, b2, ... (numpy arrays as nested lists)`);
  }
  const depth = Math.max(0, ...keys.map((k) => Number(NAME.exec(k)![2])));
  if (depth === 0) throw new UsageError(`${path}: no parameters; expected {"W1": [[...]], "b1": [[...]], ...} or an nnlab model file`);
  // A name is missing among the first keys.length layers if at all (there are too few keys otherwise).
  for (let l = 1; l <= Math.min(depth, keys.length); l++) {
    const missing = [`W${l}`, `b${l}`].find((n) => !(n in raw));
    const all = depth <= 3 ? Array.from({ length: depth }, (_, i) => `W${i + 1}, b${i + 1}`).join(', ') : `W1, b1, ..., W${depth}, b${depth}`;
    if (missing) throw new UsageError(`${path}: no ${missing}; a ${depth}-layer model has ${all} (got ${keys.join(', ')})`);
  }
  if (layers && layers.length - 1 !== depth) throw new UsageError(`${path}: layers ${layers.join(',')} has ${layers.length - 1} layers, the parameters ${depth} (W1 to W${depth})`);
  const sizes = layers ? [...layers] : [];
  const params: Params = {};
  for (let l = 1; l <= depth; l++) {
    const W = tensorOf(path, `W${l}`, raw[`W${l}`]);
    // Known before reading W: its columns (the previous layer's units), and its rows with layers or at the output.
    const cols = sizes[l - 1];
    const rows = layers ? sizes[l] : l === depth ? 1 : undefined;
    if (typeof W === 'string' || (cols !== undefined && W.cols !== cols) || (rows !== undefined && W.rows !== rows)) {
      // numpy users sometimes store W as inputs × units: say so when the transpose would fit.
      const flipped = typeof W !== 'string' && (cols === undefined || W.rows === cols) && (rows === undefined || W.cols === rows);
      const got = typeof W === 'string' ? W : `${shown([W.rows, W.cols])}${flipped ? `, which looks transposed (nnlab's W${l} is units × inputs: W${l}.T)` : ''}`;
      const previous = l > 1 ? `one per unit of layer ${l - 1}, as W${l - 1} is ${shown([sizes[l - 1]!, sizes[l - 2]!])}` : '';
      const output = "nnlab's output layer is one sigmoid unit";
      const need = layers ? `be ${shown([rows!, cols!])} (layers ${layers.join(',')})`
        : cols !== undefined && rows !== undefined ? `be ${shown([rows, cols])} (columns ${previous}; ${output})`
          : cols !== undefined ? `have ${cols} columns (${previous})`
            : rows !== undefined ? `have 1 row (${output})` : 'be nested rows, units × inputs';
      throw new UsageError(`${path}: W${l} must ${need}; got ${got}`);
    }
    if (!layers) [sizes[l - 1], sizes[l]] = [W.cols, W.rows];
    const b = tensorOf(path, `b${l}`, raw[`b${l}`]);
    if (typeof b !== 'string' && b.cols === 1 && b.rows === W.cols && b.rows !== W.rows) {
      throw new UsageError(`${path}: W${l} is ${shown([W.rows, W.cols])} but b${l} has ${b.rows} rows: W${l} looks transposed (nnlab's W${l} is units × inputs, ${shown([W.cols, W.rows])}: W${l}.T)`);
    }
    if (typeof b === 'string' || b.rows !== W.rows || b.cols !== 1) {
      const nested = typeof b === 'string' && b.startsWith('a flat list') ? `, nested as [[...], [...]] (numpy's tolist() of a (${W.rows}, 1) array)` : '';
      throw new UsageError(`${path}: b${l} must be ${W.rows}×1 (one row per unit of layer ${l}, as W${l} is ${shown([W.rows, W.cols])})${nested}; got ${typeof b === 'string' ? b : shown([b.rows, b.cols])}`);
    }
    params[`W${l}`] = W;
    params[`b${l}`] = b;
  }
  return { params, layers: sizes };
}

/**
 * A version-2 file's hidden activation: "activations" holds the same registry activation for every hidden
 * layer, then "sigmoid"; null for a network without hidden layers (["sigmoid"]). Throws UsageError.
 */
function activationOf(path: string, v: unknown, layers: number[]): ActivationName | null {
  const hidden = Array.isArray(v) ? v[0] : undefined;
  const name = layers.length === 2 ? 'relu' : typeof hidden === 'string' && isActivationName(hidden) ? hidden : null;
  if (name !== null && JSON.stringify(v) === JSON.stringify(activationsOf(layers, name))) return layers.length === 2 ? null : name;
  const got = v === undefined ? 'it is missing' : `got ${clip(JSON.stringify(v))}`;
  const expected = layers.length === 2 ? '["sigmoid"] for a network without hidden layers'
    : `one hidden activation (${ACTIVATION_NAMES.join(', ')}) for each of the ${layers.length - 2} hidden layers, then "sigmoid" for the output, e.g. ${JSON.stringify(activationsOf(layers, 'tanh'))}`;
  throw new UsageError(`${path}: activations must be ${expected} (${got})`);
}

/**
 * The hidden activation a run on this model uses: the one the model file names; where it names none
 * (plain parameters, no hidden layers), the one given, else ReLU. A given activation that differs from
 * the file's is refused (UsageError naming where it was given).
 */
export function modelActivation(model: LoadedModel, given: ActivationName | undefined, where: Where): ActivationName {
  if (model.activation === null) return given ?? 'relu';
  if (given !== undefined && given !== model.activation) {
    throw new UsageError(`${where('activation')} ${given} does not match ${model.path}, whose hidden layers are ${model.activation}; leave ${spelling(where, 'activation')} out to use the model's`);
  }
  return model.activation;
}

function parse(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const python = /\b(NaN|-?Infinity)\b/.test(text) ? "; JSON has no NaN or Infinity (Python's json writes them)"
      : /^\s*\{\s*'/.test(text) ? '; this looks like a Python dict printed with str(); write it with json.dump' : '';
    throw new UsageError(`${path}: not valid JSON (${(e as Error).message})${python}`);
  }
}

/** Reads and checks a model. Throws UsageError naming the file, and the tensor and the shape it needs. */
export function readModel(path: string): LoadedModel {
  const data = parse(path, readText(path));
  if (!isObject(data)) throw new UsageError(`${path}: a model is a JSON object: an nnlab model file, or {"W1": [[...]], "b1": [[...]], ...}`);
  if (!('format' in data)) return { path, kind: 'plain', version: null, ...paramsOf(path, data, null), activation: null, training: null, dataset: null };
  if (data.format !== MODEL_FORMAT) throw new UsageError(`${path}: format is ${JSON.stringify(data.format)}; nnlab reads "${MODEL_FORMAT}" files or plain {"W1": [[...]], "b1": [[...]], ...}`);
  const version = data.version;
  if (typeof version !== 'number' || !READABLE_VERSIONS.includes(version)) {
    throw new UsageError(`${path}: an nnlab model file of format version ${JSON.stringify(version)}; this nnlab reads versions ${READABLE_VERSIONS.join(' and ')}`);
  }
  const layers = data.layers;
  if (!Array.isArray(layers) || layers.length < 2 || !layers.every((n) => Number.isSafeInteger(n) && n >= 1)) {
    throw new UsageError(`${path}: layers must be a list of at least 2 positive integers (${layers === undefined ? 'it is missing' : `got ${clip(JSON.stringify(layers))}`})`);
  }
  if (layers[layers.length - 1] !== 1) throw new UsageError(`${path}: layers ${layers.join(',')}: the output size must be 1 (one sigmoid unit)`);
  const activation = version >= 2 ? activationOf(path, data.activations, layers as number[]) : layers.length > 2 ? 'relu' : null;
  if (!isObject(data.parameters)) throw new UsageError(`${path}: parameters must be an object {"W1": [[...]], "b1": [[...]], ...}`);
  const { params } = paramsOf(path, data.parameters, layers as number[]);
  const training = isObject(data.training) && typeof data.training.command === 'string' && isObject(data.training.settings) ? data.training as LoadedModel['training'] : null;
  const d = data.dataset;
  const dataset = isObject(d) && typeof d.name === 'string' && typeof d.sha256 === 'string' && typeof d.features === 'number' && typeof d.examples === 'number'
    ? { name: d.name, features: d.features, examples: d.examples, sha256: d.sha256 } : null;
  return { path, kind: 'nnlab-model', version, layers: layers as number[], activation, params, training, dataset };
}

/** Whether `data` is the training set the model file names (by content hash); null when it names none. */
export function trainedOn(model: LoadedModel, data: Dataset): boolean | null {
  return model.dataset === null ? null : model.dataset.sha256 === datasetSha256(data);
}

/** The model's input size must be the data's feature count. `what` names the data (e.g. "--dataset football"). */
export function checkInputs(model: LoadedModel, features: number, what: string): void {
  if (model.layers[0] !== features) {
    const flipped = model.layers[1] === features ? `: W1 looks transposed (nnlab's W1 is units × inputs: W1.T)` : '';
    throw new UsageError(`${model.path}: the model takes ${model.layers[0]} inputs (W1 is ${shown([model.layers[1]!, model.layers[0]!])}); ${what} has ${features} features${flipped}`);
  }
}

/** How a continued run's parameters are described in its record; `run` is the continuing run's settings. */
export function initSourceOf(model: LoadedModel, run: Record<string, unknown>): InitSource {
  const s = model.training?.settings;
  const differs = s ? CONTINUED_SETTINGS.filter((k) => k in s && k in run && s[k] !== run[k]).map((key) => ({ key, model: s[key], run: run[key] })) : [];
  const iterations = s?.iterations;
  const dataset = s?.dataset;
  return {
    path: model.path,
    kind: model.kind,
    trained: model.training && typeof iterations === 'number' && typeof dataset === 'string' ? { command: model.training.command, iterations, dataset } : null,
    differs,
  };
}
