// Every run setting, once: its flag, what is allowed, and the check that enforces it.
// Flags, experiment files and --set all go through validateSetting, so they give the same messages.
// The checks are plain predicates: a schema library cost ~45 ms of start-up on every command.
import { clip, didYouMean, shownValue, UsageError } from '../errors.js';
import { ACTIVATION_NAMES } from '../nn/activations.js';
import { DROPOUT_MASKS } from '../nn/dropout.js';
import { INIT_NAMES } from '../nn/init.js';
import type { TrainSettings } from '../nn/train.js';
import { MAX_LAYERS, MAX_SAMPLES } from '../limits.js';
import { DECIMAL } from '../numpyText.js';
import { MAX_SEED } from '../random/randomState.js';

export type TrainCommand = 'train' | 'regularize';

/** Everything a train/regularize run needs, as a user states it: the scale is formula text here. */
export interface RunConfig extends Omit<TrainSettings, 'scale' | 'initial'> {
  dataset: string;
  testDataset: string | null;
  /** A generated dataset's options (null: the dataset's own); the test split is drawn from dataSeed + 1. */
  samples: number | null;
  noise: number | null;
  dataSeed: number | null;
  scale: string | null;
  /** A model file whose parameters the run starts from, instead of drawing them. */
  initFrom: string | null;
}

export type SettingKey = keyof RunConfig;

type Kind = 'number' | 'integer' | 'string' | 'layers';

export interface SettingDef {
  readonly flag: string;
  readonly help: string;
  readonly allowed: string;
  readonly kind: Kind;
  readonly check: (v: unknown) => boolean;
  /** For settings with a fixed list of values: the list, for "did you mean". */
  readonly choices?: readonly string[];
  readonly nullable?: boolean;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const number = (ok: (v: number) => boolean) => (v: unknown): boolean => isNumber(v) && ok(v);
const integer = (min: number, max = Number.MAX_SAFE_INTEGER) => number((v) => Number.isInteger(v) && v >= min && v <= max);
const text = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const oneOf = (list: readonly string[]) => (v: unknown): boolean => typeof v === 'string' && list.includes(v);
const layerList = (v: unknown): boolean => Array.isArray(v) && v.length >= 2 && v.length <= MAX_LAYERS && v.every(integer(1));

export const SETTINGS: Record<SettingKey, SettingDef> = {
  dataset: { flag: '--dataset <name|file>', help: 'a dataset name (nnlab datasets list), a CSV file (x1,...,y) or a MATLAB .mat file (X, y; Xval, yval as its test set)', allowed: 'a dataset name, a CSV file or a .mat file path', kind: 'string', check: text },
  testDataset: { flag: '--test-dataset <file>', help: 'test set: a CSV file, or a .mat file (its Xval, yval, else X, y) (default: the dataset\'s test split; a --dataset file without one reports its test figures on the training data)', allowed: 'a CSV or .mat file path', kind: 'string', check: text, nullable: true },
  samples: { flag: '--samples <n>', help: 'generated datasets: points in each split (default: the dataset\'s own, see nnlab datasets list)', allowed: `an integer from 1 to ${MAX_SAMPLES}`, kind: 'integer', check: integer(1, MAX_SAMPLES), nullable: true },
  noise: { flag: '--noise <s>', help: 'generated datasets: the generator\'s noise (default: the dataset\'s own)', allowed: 'a finite number ≥ 0', kind: 'number', check: number((v) => v >= 0), nullable: true },
  dataSeed: { flag: '--data-seed <n>', help: 'generated datasets: numpy seed of the training split; the test split is drawn from the next seed (default: the dataset\'s own)', allowed: `an integer from 0 to ${MAX_SEED}`, kind: 'integer', check: integer(0, MAX_SEED), nullable: true },
  layers: { flag: '--layers <sizes>', help: 'layer sizes, input first, e.g. 2,10,5,1', allowed: `a comma list of 2 to ${MAX_LAYERS} positive integers, e.g. 2,10,5,1`, kind: 'layers', check: layerList },
  activation: { flag: '--activation <name>', help: `hidden layers' activation: ${ACTIVATION_NAMES.join(', ')} (the output layer is a sigmoid)`, allowed: `one of ${ACTIVATION_NAMES.join(', ')}`, kind: 'string', check: oneOf(ACTIVATION_NAMES), choices: ACTIVATION_NAMES },
  init: { flag: '--init <name>', help: `weight initialization: ${INIT_NAMES.join(', ')}`, allowed: `one of ${INIT_NAMES.join(', ')}`, kind: 'string', check: oneOf(INIT_NAMES), choices: INIT_NAMES },
  scale: { flag: '--scale <expr>', help: 'replace the init\'s multiplier with a formula of fan_in, fan_out, e.g. "sqrt(2/(fan_in+fan_out))" (default: the init\'s own)', allowed: 'a formula of fan_in and fan_out', kind: 'string', check: text, nullable: true },
  seed: { flag: '--seed <n>', help: 'numpy seed for the initialization', allowed: `an integer from 0 to ${MAX_SEED}`, kind: 'integer', check: integer(0, MAX_SEED) },
  lr: { flag: '--lr <rate>', help: 'learning rate', allowed: 'a finite number > 0', kind: 'number', check: number((v) => v > 0) },
  iterations: { flag: '--iterations <n>', help: 'gradient descent iterations', allowed: 'an integer ≥ 0', kind: 'integer', check: integer(0) },
  printEvery: { flag: '--print-every <n>', help: 'report the cost every n iterations (iteration 0 included)', allowed: 'an integer ≥ 1', kind: 'integer', check: integer(1) },
  lambd: { flag: '--lambd <λ>', help: 'L2 regularization strength', allowed: 'a finite number ≥ 0', kind: 'number', check: number((v) => v >= 0) },
  keepProb: { flag: '--keep-prob <p>', help: 'dropout keep probability for hidden layers (1 = no dropout)', allowed: 'a number with 0 < p ≤ 1', kind: 'number', check: number((v) => v > 0 && v <= 1) },
  initFrom: { flag: '--init-from <model>', help: 'start from the parameters of a model file (nnlab\'s --save, or plain {"W1": [[...]], "b1": [[...]], ...}) instead of drawing them: the layers, and the hidden activation a model file names, are the model\'s; --init, --scale and --seed do not apply', allowed: 'a model file path', kind: 'string', check: text, nullable: true },
  dropoutMasks: { flag: '--dropout-masks <mode>', help: 'course: re-seed numpy with 1 every pass, so every iteration uses the same masks (reproduces the course); fresh: seed once, new masks every iteration', allowed: `one of ${DROPOUT_MASKS.join(', ')}`, kind: 'string', check: oneOf(DROPOUT_MASKS), choices: DROPOUT_MASKS },
};

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

const COURSE_INIT: RunConfig = {
  dataset: 'circles', testDataset: null, samples: null, noise: null, dataSeed: null, layers: [2, 10, 5, 1], activation: 'relu', init: 'he', scale: null, seed: 3, lr: 0.01,
  iterations: 15000, printEvery: 1000, lambd: 0, keepProb: 1, dropoutMasks: 'course', initFrom: null,
};

/** The two commands differ only in defaults: the initialization and the regularization assignments. */
export const DEFAULTS: Record<TrainCommand, RunConfig> = {
  train: COURSE_INIT,
  regularize: { ...COURSE_INIT, dataset: 'football', layers: [2, 20, 3, 1], init: 'xavier', lr: 0.3, iterations: 30000, printEvery: 10000 },
};

/** The flag's long name, e.g. keepProb → --keep-prob. */
export const flagOf = (key: SettingKey): string => SETTINGS[key].flag.split(' ')[0]!;

/**
 * Where a setting's value came from, for messages: "--keep-prob", "configs/x.json: keepProb" or
 * "--set keepProb". Errors name what the user actually wrote, not a flag they never typed.
 */
export type Where = (key: string) => string;

/** Settings given as flags: any camelCase key as its kebab-case flag. */
export const fromFlags: Where = (key) => (Object.hasOwn(SETTINGS, key) ? flagOf(key as SettingKey) : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);

/** How the user spells a setting where it came from: its flag (--keep-prob) or its key (keepProb). */
export const spelling = (where: Where, key: string): string => (/^--(?!set )/.test(where(key)) ? where(key) : key);

/**
 * The origin worth naming before a message about a setting's file: an experiment file's key or a --set
 * ("exp/mine.json: dataset"); undefined for a flag, whose value is its own name for the file.
 */
export const fileOrigin = (where: Where, key: string): string | undefined => (/^--(?!set )/.test(where(key)) ? undefined : where(key));

/** Settings from an experiment file, some overridden by --set. */
export const fromFile = (path: string, sets: Record<string, string> = {}): Where => (key) => (key in sets ? `--set ${key}` : `${path}: ${key}`);

/** What the value likely meant, for values of the wrong JSON type in a file (a flag's value is always text). */
function hintFor(def: SettingDef, value: unknown, where: string): string {
  if (typeof value === 'string' && def.choices) return didYouMean(value, def.choices);
  const inFile = !where.startsWith('--');
  if (!inFile) return '';
  if (typeof value === 'string' && (def.kind === 'number' || def.kind === 'integer') && toNumber(value.trim()) !== undefined) {
    return `; in a JSON file write the number without quotes (${value.trim()})`;
  }
  if (typeof value === 'string' && def.kind === 'layers') return `; in a JSON file write a list, [${value.split(',').map((s) => s.trim()).join(', ')}]`;
  if (Array.isArray(value) && def.kind !== 'layers') return '; a list of values is a sweep: put it in a sweep file ("command": "sweep") or use nnlab sweep';
  return '';
}

/** Checks one value; `where` names its origin ("--lr" or "configs/x.json: lr"). */
export function validateSetting<K extends SettingKey>(key: K, value: unknown, where: string): RunConfig[K] {
  const def = SETTINGS[key];
  if (value === null && def.nullable) return null as RunConfig[K];
  if (!def.check(value)) throw new UsageError(`${where} must be ${def.allowed} (got ${shownValue(value)})${hintFor(def, value, where)}`);
  return value as RunConfig[K];
}

/** Text from a flag or --set key=value, turned into the value its schema checks. */
export function fromText(key: SettingKey, text: string): unknown {
  const kind = SETTINGS[key].kind;
  const t = text.trim();
  if (kind === 'string') return t;
  // [2,10,5,1] as a file writes it is read too.
  if (kind === 'layers') return t.replace(/^\[(.*)\]$/, '$1').split(',').map((s) => toNumber(s.trim()) ?? s.trim());
  return toNumber(t) ?? t;
}

/** A strict number: "1e-3", "0.5", "-2", "inf"; anything else stays text (and fails its schema). */
function toNumber(t: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  return DECIMAL.test(t) ? Number(t) : undefined;
}

export function settingKey(name: string, where: string): SettingKey {
  if ((SETTING_KEYS as string[]).includes(name)) return name as SettingKey;
  throw new UsageError(`${where}: unknown setting '${clip(name)}'${didYouMean(name, SETTING_KEYS)}; known: ${SETTING_KEYS.join(', ')}`);
}

/** The settings that apply to a run, as its records show them: init, scale and seed draw nothing when initFrom is set. */
export function appliedSettings(config: RunConfig): Partial<RunConfig> {
  if (config.initFrom === null) return config;
  const { init: _init, scale: _scale, seed: _seed, ...rest } = config;
  return rest;
}
