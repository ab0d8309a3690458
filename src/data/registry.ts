// Named datasets, one registry, one signature: (split, overrides) → Dataset. Anything else is a CSV path.
import { fileURLToPath } from 'node:url';
import { clip, didYouMean, UsageError } from '../errors.js';
import { makeCircles, type CirclesOptions } from './circles.js';
import { loadCsv } from './csv.js';
import type { Dataset, Split } from './dataset.js';

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

const looksLikePath = (s: string): boolean => /[\\/.]/.test(s);

/** A dataset name, or a CSV path; a test CSV may be given, else the train file is also the test set. */
export function loadSplit(dataset: string, testDataset?: string): Split {
  const spec = DATASETS[dataset];
  if (spec) {
    if (testDataset) return { train: spec.load('train'), test: loadCsv(testDataset) };
    return { train: spec.load('train'), test: spec.load('test') };
  }
  if (!looksLikePath(dataset)) {
    throw new UsageError(`unknown dataset '${clip(dataset)}'${didYouMean(dataset, DATASET_NAMES)}; choose ${DATASET_NAMES.join(', ')} or a CSV file path`);
  }
  const train = loadCsv(dataset);
  return { train, test: testDataset ? loadCsv(testDataset) : train };
}

export function featureCount(dataset: string): number | undefined {
  return DATASETS[dataset]?.features;
}
