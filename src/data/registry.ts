// Named datasets, one registry, one signature: (split, overrides) → Dataset. Anything else is a CSV
// or MAT-file path.
import { fileURLToPath } from 'node:url';
import { clip, didYouMean, UsageError } from '../errors.js';
import { makeCircles, type CirclesOptions } from './circles.js';
import { loadCsv } from './csv.js';
import type { Dataset, Split } from './dataset.js';
import { isMatPath, loadMat } from './matData.js';

export type SplitName = 'train' | 'test';
export type CirclesOverrides = Partial<CirclesOptions>;

export interface DatasetSpec {
  readonly description: string;
  readonly source: string;
  readonly sizes: Record<SplitName, number>;
  readonly features: number;
  load(split: SplitName, overrides?: CirclesOverrides): Dataset;
}

export const DATASET_DIR = fileURLToPath(new URL('../../datasets/', import.meta.url));

const CIRCLES_COURSE: Record<SplitName, CirclesOptions> = {
  train: { samples: 300, noise: 0.05, factor: 0.8, seed: 1 },
  test: { samples: 100, noise: 0.05, factor: 0.8, seed: 2 },
};

export const DATASETS: Record<string, DatasetSpec> = {
  circles: {
    description: 'two concentric circles, outer class 0, inner class 1',
    source: "generated: scikit-learn's make_circles(noise=0.05, factor=0.8), numpy seed 1 (train), 2 (test)",
    sizes: { train: 300, test: 100 },
    features: 2,
    load: (split, overrides = {}) => makeCircles({ ...CIRCLES_COURSE[split], ...overrides }),
  },
  football: {
    description: "the French goalkeeper's kicks: where the ball was headed by each team",
    source: `shipped: ${DATASET_DIR}football-{train,test}.csv`,
    sizes: { train: 211, test: 200 },
    features: 2,
    load: (split, overrides = {}) => {
      const extra = Object.keys(overrides).filter((k) => overrides[k as keyof CirclesOverrides] !== undefined);
      if (extra.length > 0) throw new UsageError(`football is a fixed dataset; --${extra[0]} applies to circles only`);
      return loadCsv(`${DATASET_DIR}football-${split}.csv`);
    },
  },
};

export const DATASET_NAMES = Object.keys(DATASETS);

/** The named dataset, or undefined (never an Object.prototype member: "constructor" is no dataset). */
export const datasetSpec = (name: string): DatasetSpec | undefined => (Object.hasOwn(DATASETS, name) ? DATASETS[name] : undefined);

const looksLikePath = (s: string): boolean => /[\\/.]/.test(s);

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

/** A data file's training set, and its test set if it holds one (a MAT-file's Xval, yval). */
function loadFile(path: string): { train: Dataset; test?: Dataset } {
  return isMatPath(path) ? loadMat(path) : { train: loadCsv(path) };
}

/**
 * A dataset name, or a CSV or MAT-file path. A test file may be given (a MAT-file's Xval, yval, else
 * its X, y); otherwise a file's own test set, else the training set doubles as it (testIsTrain).
 */
/**
 * The points a model predicts on: a named dataset's or a file's split; a CSV file may lack a y column
 * and hold a single row. Throws UsageError.
 */
export function loadInputs(dataset: string, split: SplitName): { data: Dataset; hasSplit: boolean } {
  if (!datasetSpec(dataset) && !isMatPath(dataset) && looksLikePath(dataset)) {
    return { data: loadCsv(dataset, { unlabelled: true, minRows: 1 }), hasSplit: false };
  }
  const s = loadSplit(dataset);
  return { data: s[split], hasSplit: s.testIsTrain !== true };
}

export function loadSplit(dataset: string, testDataset?: string, origin: SplitOrigin = {}): Split {
  const test = (): Dataset | undefined => {
    if (!testDataset) return undefined;
    const file = within(origin.testDataset, () => loadFile(testDataset));
    return file.test ?? file.train;
  };
  const spec = datasetSpec(dataset);
  if (spec) return { train: within(origin.dataset, () => spec.load('train')), test: test() ?? spec.load('test') };
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
