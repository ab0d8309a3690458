// Named datasets, one registry, one signature: (split, overrides) → Dataset. Anything else is a CSV
// or MAT-file path. Generated datasets draw their test split from the next seed: seed s for train,
// s + 1 (mod 2³²) for test.
import { fileURLToPath } from 'node:url';
import { clip, didYouMean, UsageError } from '../errors.js';
import { settingText } from '../numpyText.js';
import { MAX_SEED } from '../random/randomState.js';
import { makeCircles } from './circles.js';
import { loadCsv } from './csv.js';
import type { Dataset, Generator, GeneratorOptions, Split } from './dataset.js';
import { makeFlower } from './flower.js';
import { isMatPath, loadMat } from './matData.js';
import { makeMoons } from './moons.js';
import { makeGaussian, makeSpiral, makeXor } from './playground.js';

export type SplitName = 'train' | 'test';
export type GeneratorOverrides = Partial<GeneratorOptions>;
export type GeneratorOption = keyof GeneratorOptions;

export { MAX_SAMPLES } from '../limits.js';

export interface GeneratedSpec {
  make: Generator;
  /** The training split's options; the test split has testSamples points from seed + 1. */
  defaults: GeneratorOptions;
  testSamples: number;
  /** What noise means for this generator, for --help and the README. */
  noise: string;
  /** Options beyond samples, noise and seed that it takes (circles: factor). */
  extra: readonly GeneratorOption[];
  /** Samples it cannot draw as asked, and why (the flower's classes split samples in halves). */
  samplesRule?: { ok: (n: number) => boolean; allowed: string };
}

export interface DatasetSpec {
  readonly description: string;
  readonly source: string;
  readonly sizes: Record<SplitName, number>;
  readonly features: number;
  /** Present for generated datasets. */
  readonly generated?: GeneratedSpec;
  load(split: SplitName, overrides?: GeneratorOverrides): Dataset;
}

export const DATASET_DIR = fileURLToPath(new URL('../../datasets/', import.meta.url));

/** The test split's seed: the next one, wrapping from 2³²−1 to 0. */
export const testSeed = (seed: number): number => (seed + 1) % (MAX_SEED + 1);

/** The options a split of a generated dataset is drawn with: defaults, then the overrides (both splits). */
export function splitOptions(g: GeneratedSpec, split: SplitName, overrides: GeneratorOverrides = {}): GeneratorOptions {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as GeneratorOverrides;
  const o: GeneratorOptions = { ...g.defaults, samples: split === 'train' ? g.defaults.samples : g.testSamples, ...given };
  return split === 'train' ? o : { ...o, seed: testSeed(o.seed) };
}

function generated(description: string, source: string, g: GeneratedSpec): DatasetSpec {
  return {
    description,
    source,
    sizes: { train: g.defaults.samples, test: g.testSamples },
    features: 2,
    generated: g,
    load: (split, overrides = {}) => g.make(splitOptions(g, split, overrides)),
  };
}

const SKLEARN_NOISE = 'standard deviation of the Gaussian noise added to each coordinate';

export const DATASETS: Record<string, DatasetSpec> = {
  circles: generated('two concentric circles, outer class 0, inner class 1',
    "generated: scikit-learn's make_circles(noise=0.05, factor=0.8), numpy seed 1 (train), 2 (test)",
    { make: makeCircles, defaults: { samples: 300, noise: 0.05, factor: 0.8, seed: 1 }, testSamples: 100, noise: SKLEARN_NOISE, extra: ['factor'] }),
  football: {
    description: "the French goalkeeper's kicks: where the ball was headed by each team",
    source: 'shipped with nnlab: datasets/football-{train,test}.csv',
    sizes: { train: 211, test: 200 },
    features: 2,
    load: (split) => loadCsv(`${DATASET_DIR}football-${split}.csv`),
  },
  moons: generated('two interleaving half circles, upper class 0, lower class 1',
    "generated: scikit-learn's make_moons(noise=0.2), numpy seed 3 (train, as the course's optimization assignment), 4 (test)",
    { make: makeMoons, defaults: { samples: 300, noise: 0.2, seed: 3 }, testSamples: 100, noise: SKLEARN_NOISE, extra: [] }),
  flower: generated('a flower of 8 petals, alternate petals in class 0 and 1',
    "generated: the planar classification exercise's load_planar_dataset (400 points, noise 0.2), numpy seed 1 (train), 2 (test)",
    {
      make: makeFlower, defaults: { samples: 400, noise: 0.2, seed: 1 }, testSamples: 200, extra: [],
      noise: 'standard deviation of the Gaussian noise on each point\'s angle and radius',
      samplesRule: { ok: (n) => n % 2 === 0, allowed: 'an even number (the two classes have samples/2 points each)' },
    }),
  xor: generated('TensorFlow Playground\'s XOR: class 1 where x1·x2 ≥ 0',
    "generated: TensorFlow Playground's XOR formula drawn from numpy's RandomState, seed 1 (train), 2 (test)",
    { make: makeXor, defaults: { samples: 250, noise: 0, seed: 1 }, testSamples: 250, extra: [], noise: 'Playground\'s noise: the label is judged at the point plus uniform(−5, 5)·noise per coordinate' }),
  spiral: generated('TensorFlow Playground\'s two spiral arms, class 1 and class 0',
    "generated: TensorFlow Playground's spiral formula drawn from numpy's RandomState, seed 1 (train), 2 (test); with --noise 0, the default, both are the same points",
    { make: makeSpiral, defaults: { samples: 250, noise: 0, seed: 1 }, testSamples: 250, extra: [], noise: 'Playground\'s noise: uniform(−1, 1)·noise added to each coordinate' }),
  gaussian: generated('TensorFlow Playground\'s two Gaussian blobs around (2, 2), class 1, and (−2, −2), class 0',
    "generated: TensorFlow Playground's Gaussian formula drawn from numpy's RandomState, seed 1 (train), 2 (test)",
    { make: makeGaussian, defaults: { samples: 250, noise: 0, seed: 1 }, testSamples: 250, extra: [], noise: 'Playground\'s noise: each blob\'s variance is 0.5 + 3.5·noise/0.5' }),
};

export const DATASET_NAMES = Object.keys(DATASETS);
export const GENERATED_NAMES = DATASET_NAMES.filter((n) => DATASETS[n]!.generated);

/** The named dataset, or undefined (never an Object.prototype member: "constructor" is no dataset). */
export const datasetSpec = (name: string): DatasetSpec | undefined => (Object.hasOwn(DATASETS, name) ? DATASETS[name] : undefined);

const looksLikePath = (s: string): boolean => /[\\/.]/.test(s);

/** How the generator options are spelt where they came from, for messages: e.g. --samples, or "exp.json: samples". */
export type OptionNames = Record<GeneratorOption, string>;
export const OPTION_FLAGS: OptionNames = { samples: '--samples', noise: '--noise', seed: '--seed', factor: '--factor' };

/**
 * Checks generator overrides against the dataset they are for: only generated datasets take them, only
 * circles takes factor, and the generator's own rule on samples holds. Throws UsageError naming the option.
 */
export function checkOverrides(dataset: string, overrides: GeneratorOverrides, names: OptionNames = OPTION_FLAGS): void {
  const given = (Object.keys(overrides) as GeneratorOption[]).filter((k) => overrides[k] !== undefined);
  if (given.length === 0) return;
  const g = datasetSpec(dataset)?.generated;
  if (!g) {
    const what = datasetSpec(dataset) ? `${dataset} is a fixed dataset` : `${clip(dataset)} is a file`;
    throw new UsageError(`${names[given[0]!]} applies to the generated datasets (${GENERATED_NAMES.join(', ')}); ${what}`);
  }
  const stray = given.find((k) => k !== 'samples' && k !== 'noise' && k !== 'seed' && !g.extra.includes(k));
  if (stray) throw new UsageError(`${names[stray]} applies to ${DATASET_NAMES.filter((n) => DATASETS[n]!.generated?.extra.includes(stray)).join(', ')} only, not to ${dataset}`);
  const samples = overrides.samples;
  if (samples !== undefined && g.samplesRule && !g.samplesRule.ok(samples)) {
    throw new UsageError(`${names.samples} for ${dataset} must be ${g.samplesRule.allowed} (got ${samples})`);
  }
}

/** A generated split with a point beyond the largest double (±inf) is refused: no model can learn from it. */
function finite(d: Dataset, overrides: GeneratorOverrides, names: OptionNames): Dataset {
  if (d.X.data.every(Number.isFinite)) return d;
  const noise = overrides.noise === undefined ? '' : ` ${settingText(overrides.noise)}`;
  throw new UsageError(`${names.noise}${noise} puts points beyond the largest double (±inf); use a smaller noise`);
}

/** Where each path came from, when that is worth naming in messages (an experiment file's key). */
export interface SplitOrigin {
  dataset?: string;
  testDataset?: string;
}

/** Runs a load, its UsageError prefixed by the origin (an experiment file's key) when there is one. */
export const within = <T>(origin: string | undefined, load: () => T): T => {
  try {
    return load();
  } catch (e) {
    if (origin && e instanceof UsageError) throw new UsageError(`${origin}: ${e.message}`);
    throw e;
  }
};

/** One split of a named dataset with generator overrides, checked (the options, and no ±inf points). */
export function loadNamed(dataset: string, split: SplitName, overrides: GeneratorOverrides = {}, names: OptionNames = OPTION_FLAGS): Dataset {
  checkOverrides(dataset, overrides, names);
  const spec = datasetSpec(dataset)!;
  return spec.generated ? finite(spec.load(split, overrides), overrides, names) : spec.load(split);
}

/** A data file's training set, and its test set if it holds one (a MAT-file's Xval, yval). */
function loadFile(path: string): { train: Dataset; test?: Dataset } {
  return isMatPath(path) ? loadMat(path) : { train: loadCsv(path) };
}

/**
 * The points a model predicts on: a named dataset's split (generator overrides as in loadSplit) or a
 * file's; a CSV file may lack a y column and hold a single row. Throws UsageError.
 */
export function loadInputs(dataset: string, split: SplitName, overrides: GeneratorOverrides = {}, names: OptionNames = OPTION_FLAGS): { data: Dataset; hasSplit: boolean } {
  if (!datasetSpec(dataset) && !isMatPath(dataset) && looksLikePath(dataset)) {
    checkOverrides(dataset, overrides, names);
    return { data: loadCsv(dataset, { unlabelled: true, minRows: 1 }), hasSplit: false };
  }
  const s = loadSplit(dataset, undefined, {}, overrides, names);
  return { data: s[split], hasSplit: s.testIsTrain !== true };
}

/**
 * A dataset name, or a CSV or MAT-file path. A test file may be given (a MAT-file's Xval, yval, else
 * its X, y); otherwise a file's own test set, else the training set doubles as it (testIsTrain).
 * Generator overrides apply to a generated dataset's both splits (the test split from seed + 1).
 */
export function loadSplit(dataset: string, testDataset?: string, origin: SplitOrigin = {}, overrides: GeneratorOverrides = {}, names: OptionNames = OPTION_FLAGS): Split {
  const test = (): Dataset | undefined => {
    if (!testDataset) return undefined;
    const file = within(origin.testDataset, () => loadFile(testDataset));
    return file.test ?? file.train;
  };
  const spec = datasetSpec(dataset);
  // Named by the setting that gave it: a bad option is not the dataset key's fault.
  checkOverrides(dataset, overrides, names);
  if (spec) return { train: loadNamed(dataset, 'train', overrides, names), test: test() ?? loadNamed(dataset, 'test', overrides, names) };
  const file = within(origin.dataset, () => {
    if (!looksLikePath(dataset)) {
      throw new UsageError(`unknown dataset '${clip(dataset)}'${didYouMean(dataset, DATASET_NAMES)}; choose ${DATASET_NAMES.join(', ')}, a CSV file or a .mat file path`);
    }
    return loadFile(dataset);
  });
  const test_ = test() ?? file.test;
  return test_ ? { train: file.train, test: test_ } : { train: file.train, test: file.train, testIsTrain: true };
}

export function featureCount(dataset: string): number | undefined {
  return datasetSpec(dataset)?.features;
}
