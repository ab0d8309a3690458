// predict and eval on the real binary: the course's printed predictions from a saved model, the run's
// own final cost and accuracies, numpy's gradients, the predictions CSV, and bad input.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../src/data/csv.js';
import { loadSplit } from '../src/data/registry.js';
import { firstExamples } from '../src/gradcheck/cases.js';
import { confusion, scores } from '../src/nn/metrics.js';
import { PUBLISHED_RANDOM_PREDICTIONS } from '../src/experiments/published.js';
import { fixture, nnlab } from './helpers/cli.js';
import { tree } from './helpers/tree.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-predict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (args: string[]) => nnlab(args, { cwd: dir });
const json = (args: string[]) => {
  const r = run([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};
function refused(args: string[], message: RegExp): void {
  const r = run(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
}

// The ×10 run's predictions as the course prints them (../shared/data/published-random-init.json).
const published = { predictions: { train: [...PUBLISHED_RANDOM_PREDICTIONS.train].map(Number), test: [...PUBLISHED_RANDOM_PREDICTIONS.test].map(Number) } };
let trained: { finalCost: number; accuracy: { train: number; test: number } };

beforeAll(() => {
  trained = json(['train', '--init', 'random', '--save', 'r.json']);
});

describe('the large random (×10) run, saved and used', () => {
  it('predict reproduces the 300 printed training predictions and the 100 test predictions exactly', () => {
    const train = json(['predict', '--model', 'r.json', '--dataset', 'circles']);
    expect(train.predictions).toEqual(published.predictions.train);
    expect(train.probabilities).toHaveLength(300);
    expect(train.probabilities.every((p: number, j: number) => (p > 0.5 ? 1 : 0) === train.predictions[j])).toBe(true);
    expect(train.dataset).toEqual({ name: 'circles', split: 'train', examples: 300, features: 2, trainedOnThis: true });
    const test = json(['predict', '--model', 'r.json', '--dataset', 'circles', '--split', 'test']);
    expect(test.predictions).toEqual(published.predictions.test);
    expect(test.dataset.trainedOnThis).toBe(false);
  });

  it('eval: accuracy 0.83 / 0.86 and, on the training set, a cost equal to the run\'s final cost', () => {
    const train = json(['eval', '--model', 'r.json', '--dataset', 'circles']);
    const test = json(['eval', '--model', 'r.json', '--dataset', 'circles', '--split', 'test']);
    expect([train.accuracy, test.accuracy]).toEqual([0.83, 0.86]);
    expect(trained.accuracy).toEqual({ train: 0.83, test: 0.86 });
    expect(train.cost).toBe(trained.finalCost);
    expect(train.l2).toBe(0);
  });

  it('eval on the training set gives a dropout run\'s final cost too: the cost without dropout, not the one under the mask', () => {
    const dropRun = json(['regularize', '--keep-prob', '0.86', '--save', 'drop.json']);
    const e = json(['eval', '--model', 'drop.json', '--dataset', 'football']);
    expect(e.cost).toBe(dropRun.finalCost);
    // counter-example: the cost under the course's dropout mask is another number
    expect(e.cost).not.toBe(dropRun.finalCostWithDropout);
  });

  it('eval: the confusion matrix, precision, recall and F1 are those of the predictions against y', () => {
    const p = json(['predict', '--model', 'r.json', '--dataset', 'circles']).predictions as number[];
    const y = Array.from(loadSplit('circles').train.Y.data);
    const e = json(['eval', '--model', 'r.json', '--dataset', 'circles']);
    const tp = p.filter((v, j) => v === 1 && y[j] === 1).length;
    const fp = p.filter((v, j) => v === 1 && y[j] === 0).length;
    const fn = p.filter((v, j) => v === 0 && y[j] === 1).length;
    expect(e.confusion).toEqual({ tn: 300 - tp - fp - fn, fp, fn, tp });
    expect(e.precision).toBe(tp / (tp + fp));
    expect(e.recall).toBe(tp / (tp + fn));
    expect(e.f1).toBeCloseTo((2 * e.precision * e.recall) / (e.precision + e.recall), 15);
    expect(e.accuracy).toBe((300 - fp - fn) / 300);
  });

  it('the human output names the model and says whether the data is its training data', () => {
    const r = run(['eval', '--model', 'r.json', '--dataset', 'circles', '--split', 'test']);
    expect(r.stdout).toMatch(/^nnlab eval · circles, test split \(100 examples\)\nmodel r\.json · layers 2,10,5,1 · train, 15000 iterations on circles\nthis is not the data the model was trained on \(another sha256\)\n/);
    expect(r.stdout).toMatch(/^accuracy  0\.86 \(86\.00%\)$/m);
    const p = run(['predict', '--model', 'r.json', '--dataset', 'circles']);
    expect(p.stdout).toContain('\nthis is the data the model was trained on (the same sha256)\n');
    // a plain model names no training set, so nothing is said either way
    // copied beside the run, so the wrapping does not depend on where the clone lives
    for (const f of ['gradcheck-case.json', 'gradcheck-case.csv']) writeFileSync(join(dir, f), readFileSync(fixture(`models/${f}`)));
    const plain = run(['predict', '--model', 'gradcheck-case.json', '--dataset', 'gradcheck-case.csv']);
    expect(plain.stdout).toMatch(/\nmodel gradcheck-case\.json · layers 4,5,3,1 · plain parameters\npredictions/);
    expect(p.stdout).toMatch(/^predicted 1 for \d+ of 300 examples · accuracy 0\.83 \(83\.00%\) against y$/m);
    expect(Math.max(...p.stdout.split('\n').slice(1).map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });

  it('a file without splits is named alone, not as a train split; a named dataset keeps its split', () => {
    writeFileSync(join(dir, 'one.csv'), 'x1,x2\n0.1,0.2\n');
    const p = run(['predict', '--model', 'r.json', '--dataset', 'one.csv']);
    expect(p.stdout).toMatch(/^nnlab predict · one\.csv \(1 example\)\n/);
    expect(json(['predict', '--model', 'r.json', '--dataset', 'one.csv']).dataset.split).toBeNull();
    writeFileSync(join(dir, 'two.csv'), 'x1,x2,y\n0.1,0.2,1\n0.3,0.2,0\n');
    const e = run(['eval', '--model', 'r.json', '--dataset', 'two.csv']);
    expect(e.code).toBe(0);
    expect(e.stdout).toMatch(/^nnlab eval · two\.csv \(2 examples\)\n/);
    expect(run(['predict', '--model', 'r.json', '--dataset', 'circles']).stdout).toMatch(/^nnlab predict · circles, train split \(300 examples\)\n/);
    expect(json(['predict', '--model', 'r.json', '--dataset', 'circles']).dataset.split).toBe('train');
  });
});

describe('scores where a denominator is 0 (scikit-learn calls them ill-defined)', () => {
  it('nothing predicted 1: precision undefined, F1 0; no label 1 and none predicted: all undefined', () => {
    expect(scores(confusion([0, 0, 0], [1, 0, 1]))).toEqual({ precision: null, recall: 0, f1: 0 });
    expect(scores(confusion([0, 0], [0, 0]))).toEqual({ precision: null, recall: null, f1: null });
    expect(scores(confusion([1, 1, 0, 0], [1, 0, 1, 1]))).toEqual({ precision: 0.5, recall: 1 / 3, f1: 0.4 });
  });
});

describe('eval --lambd: the cost of a model trained with L2 is its run\'s final cost', () => {
  it('regularize --lambd 0.7, then eval --lambd 0.7 on football and on the course data.mat', () => {
    const reg = json(['regularize', '--lambd', '0.7', '--iterations', '3000', '--save', 'l2.json']);
    const e = json(['eval', '--model', 'l2.json', '--dataset', 'football', '--lambd', '0.7']);
    expect(e.cost).toBe(reg.finalCost);
    expect(e.cost).toBe(e.crossEntropy + e.l2);
    expect(e.l2).toBeGreaterThan(0);
    const mat = json(['eval', '--model', 'l2.json', '--dataset', fixture('mat/course-data.mat'), '--split', 'test', '--lambd', '0.7']);
    const football = json(['eval', '--model', 'l2.json', '--dataset', 'football', '--split', 'test', '--lambd', '0.7']);
    expect(mat.accuracy).toBe(reg.accuracy.test);
    expect({ ...mat, dataset: null }).toEqual({ ...football, dataset: null });
    expect(mat.dataset.trainedOnThis).toBe(false);
  });
});

/** Per element, relative: |a − b| ≤ tol·|b| (0 where numpy has 0). */
function expectRelative(got: number[][], want: number[][], tol: number): void {
  expect([got.length, got[0]!.length]).toEqual([want.length, want[0]!.length]);
  got.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - want[i]![j]!)).toBeLessThanOrEqual(tol * Math.abs(want[i]![j]!))));
}

describe('eval --grads against numpy', () => {
  it("the course's gradient-check case: numpy's correct backward pass, to 1e-12 relative", () => {
    const ref = JSON.parse(readFileSync(fixture('models/gradcheck-case-grads.json'), 'utf8')) as { cost: number; grads: Record<string, number[][]> };
    const e = json(['eval', '--model', fixture('models/gradcheck-case.json'), '--dataset', fixture('models/gradcheck-case.csv'), '--grads']);
    expect(Object.keys(e.gradients)).toEqual(['lambd', 'keepProb', 'dropoutMasks', 'cost', 'dW1', 'db1', 'dW2', 'db2', 'dW3', 'db3']);
    expect(e.gradients.cost).toBeCloseTo(ref.cost, 14);
    for (const [k, want] of Object.entries(ref.grads)) expectRelative(e.gradients[k], want, 1e-12);
  });

  // numpy's pass with L2 and with the course's dropout masks (tools/gen_nn_fixtures.py, 13 football examples).
  const nn = JSON.parse(readFileSync(fixture('nn.json'), 'utf8')) as { examples: number; cases: { lambd: number; keepProb: number; params: object; cost: number; grads: Record<string, number[][]> }[] };
  for (const c of nn.cases) {
    it(`λ = ${c.lambd}, keep-prob ${c.keepProb}: the training-mode pass with numpy's seed-1 masks`, () => {
      const { train } = loadSplit('football');
      writeFileSync(join(dir, 'nn.csv'), toCsv(firstExamples(train.X, train.Y, nn.examples)));
      writeFileSync(join(dir, 'nn.json'), JSON.stringify(c.params));
      const e = json(['eval', '--model', 'nn.json', '--dataset', 'nn.csv', '--grads', '--lambd', String(c.lambd), '--keep-prob', String(c.keepProb), '--dropout-masks', 'course']);
      expect(Math.abs(e.gradients.cost - c.cost)).toBeLessThanOrEqual(1e-12 * c.cost);
      for (const [k, want] of Object.entries(c.grads)) expectRelative(e.gradients[k], want, 1e-12);
    });
  }

  it('the human output prints every gradient in full, as nested rows', () => {
    const r = run(['eval', '--model', fixture('models/gradcheck-case.json'), '--dataset', fixture('models/gradcheck-case.csv'), '--grads']);
    const ref = JSON.parse(readFileSync(fixture('models/gradcheck-case-grads.json'), 'utf8')) as { grads: Record<string, number[][]> };
    expect(r.stdout).toContain("gradients of the course's backward pass at these parameters:\n");
    expect(r.stdout).toContain(`db3 (1×1)\n  [[${ref.grads.db3![0]![0]}]]\n`);
    expect(r.stdout).toMatch(/^dW1 \(5×4\)\n  \[\[-0\.373477787809\d*, /m);
    // rows longer than 80 columns go on over more lines, and every number is still there in full
    const block = r.stdout.slice(r.stdout.indexOf('gradients of'));
    expect(Math.max(...block.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
    const dW1 = /^dW1 \(5×4\)\n([\s\S]*?)\ndb1/m.exec(r.stdout)![1]!;
    const same = json(['eval', '--model', fixture('models/gradcheck-case.json'), '--dataset', fixture('models/gradcheck-case.csv'), '--grads']);
    expect(JSON.parse(dW1.replace(/\s+/g, ''))).toEqual(same.gradients.dW1);
  });
});

describe('predict --out FILE.csv', () => {
  it('writes the dataset\'s columns plus p and prediction; an existing file is never replaced', () => {
    const r = run(['predict', '--model', 'r.json', '--dataset', 'circles', '--split', 'test', '--out', 'preds.csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nwrote predictions preds\.csv\n$/);
    const lines = readFileSync(join(dir, 'preds.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('x1,x2,y,p,prediction');
    expect(lines).toHaveLength(101);
    const csv = toCsv(loadSplit('circles').test).trimEnd().split('\n');
    const p = json(['predict', '--model', 'r.json', '--dataset', 'circles', '--split', 'test']);
    lines.slice(1).forEach((l, j) => expect(l).toBe(`${csv[j + 1]},${p.probabilities[j]},${p.predictions[j]}`));
    const before = tree(dir);
    refused(['predict', '--model', 'r.json', '--dataset', 'circles', '--out', 'preds.csv'],
      /^nnlab: --out preds\.csv: already exists and is kept: nnlab cannot tell a CSV file it wrote from one of yours, so it replaces none, even with --force/);
    expect(tree(dir)).toEqual(before);
    mkdirSync(join(dir, 'folder'));
    refused(['predict', '--model', 'r.json', '--dataset', 'circles', '--out', 'folder'], /^nnlab: --out folder: it is a folder; predictions are written to a regular file$/);
    refused(['predict', '--model', 'r.json', '--dataset', 'circles', '--out', 'new/'], /^nnlab: --out new\/: ends in \/, so it names a folder; give a file name$/);
    expect(tree(dir)).toEqual({ ...before, folder: 'dir' });
  });

  it('--json prints only JSON, and the file is written all the same', () => {
    const r = run(['predict', '--model', 'r.json', '--dataset', 'circles', '--out', 'train-preds.csv', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).command).toBe('predict');
    expect(readFileSync(join(dir, 'train-preds.csv'), 'utf8').split('\n')).toHaveLength(302);
  });

  it('--boundary draws the regions for 2 features and is refused for others', () => {
    const r = run(['predict', '--model', 'r.json', '--dataset', 'circles', '--boundary']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^[.ox+ ]{60}$/.test(l)).length).toBeGreaterThan(20);
    refused(['predict', '--model', fixture('models/gradcheck-case.json'), '--dataset', fixture('models/gradcheck-case.csv'), '--boundary'],
      /^nnlab: --boundary draws the plane of 2 features; --dataset .*gradcheck-case\.csv has 4$/);
  });
});

describe('bad input: exit 2, one line', () => {
  it('missing flags, data of another width, a split the data lacks, dropout without --grads', () => {
    refused(['predict', '--dataset', 'circles'], /^nnlab: predict needs --model FILE: a model file/);
    refused(['eval', '--model', 'r.json'], /^nnlab: eval needs --dataset: a dataset name \(nnlab datasets list\), a CSV file or a \.mat file$/);
    refused(['eval', '--model', 'r.json', '--dataset', fixture('models/gradcheck-case.csv')], /^nnlab: r\.json: the model takes 2 inputs \(W1 is 10×2\); --dataset .*gradcheck-case\.csv has 4 features$/);
    refused(['predict', '--model', 'r.json', '--dataset', fixture('circles-train.csv'), '--split', 'test'], /^nnlab: --split test: .*circles-train\.csv has no test split/);
    refused(['eval', '--model', 'r.json', '--dataset', 'circles', '--keep-prob', '0.8'], /^nnlab: --keep-prob applies to --grads \(the course's training-mode pass\); eval's cost and predictions use no dropout$/);
    refused(['eval', '--model', 'r.json', '--dataset', 'circles', '--lambd', '-1'], /^nnlab: --lambd must be a finite number ≥ 0 \(got -1\)$/);
    refused(['predict', '--model', 'nope.json', '--dataset', 'circles'], /^nnlab: nope\.json: no such file$/);
  });
});
