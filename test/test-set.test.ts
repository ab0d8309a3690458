// A CSV given without a test set: the test figures are on the training data, and nnlab says so.
import { describe, expect, it } from 'vitest';
import { fixture, nnlab, unwrapped } from './helpers/cli.js';

const csv = fixture('circles-train.csv');
const testCsv = fixture('circles-test.csv');
const warnings = (stderr: string): string[] => stderr.trim().split('\n').filter(Boolean);

describe('a CSV dataset without --test-dataset', () => {
  it('train: the header, the test accuracy line and the JSON say the test figures are on the training data; one warning', () => {
    const r = nnlab(['train', '--dataset', csv, '--iterations', '100', '--wide']); // the long path's header on one line
    expect(r.stdout).toContain('(300 train, no test set)');
    expect(r.stdout).not.toMatch(/300 train \/ 300 test/);
    expect(r.stdout).toMatch(/^test accuracy .* on the training data \(no test set of other points\)$/m);
    expect(warnings(r.stderr)).toEqual([expect.stringMatching(/^nnlab: warning: .*circles-train\.csv has no test set of other points \(none was given, or its test points are its training points\): the test figures are on the training data/)]);
    const j = nnlab(['train', '--dataset', csv, '--iterations', '100', '--json']);
    expect(JSON.parse(j.stdout).data).toEqual({ train: 300, test: 300, features: 2, testOnTrainingData: true });
    expect(warnings(j.stderr)).toHaveLength(1);
  });

  it('counter-example: with --test-dataset, or a named dataset, nothing of the kind is said', () => {
    for (const args of [['--dataset', csv, '--test-dataset', testCsv], ['--dataset', 'circles']]) {
      const r = nnlab(['train', ...args, '--iterations', '100']);
      expect(r.stdout).not.toContain('training data');
      expect(r.stderr).toBe('');
    }
    expect(nnlab(['train', '--dataset', 'circles', '--iterations', '100']).stdout).toContain('circles (300 train / 100 test)');
  });

  it('a test set from its own file is named in the header, not taken for the dataset\'s split', () => {
    const r = nnlab(['train', '--test-dataset', testCsv, '--iterations', '100']);
    expect(unwrapped(r.stdout)).toContain(`circles (300 train) · test ${testCsv} (100)`);
    expect(r.stdout).not.toContain('/ 100 test');
  });

  it('sweep: warned once, however many variants; the JSON marks the runs', () => {
    const r = nnlab(['sweep', 'train', '--dataset', csv, '--lr', '0.01,0.02', '--iterations', '100', '--json']);
    expect(warnings(r.stderr)).toHaveLength(1);
    const out = JSON.parse(r.stdout);
    expect(out.variants.map((v: { testOnTrainingData: boolean }) => v.testOnTrainingData)).toEqual([true, true]);
    const human = nnlab(['sweep', 'train', '--dataset', csv, '--lr', '0.01,0.02', '--iterations', '100']);
    expect(human.stdout.replace(/\n  /g, ' ')).toContain('test accuracy of every variant: on the training data (no test set of other points)');
  });

  it('datasets export FILE --split test: exit 2, one line', () => {
    const r = nnlab(['datasets', 'export', csv, '--split', 'test']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(warnings(r.stderr)).toEqual([expect.stringMatching(/^nnlab: --split test: .*circles-train\.csv has no test split/)]);
  });
});

describe('a test split that holds the training points', () => {
  it('spiral without noise draws the same points for both splits: its test figures are said to be on the training data', () => {
    const same = nnlab(['train', '--dataset', 'spiral', '--iterations', '10', '--json']);
    expect(JSON.parse(same.stdout).data.testOnTrainingData).toBe(true);
    expect(same.stderr).toMatch(/spiral has no test set of other points/);
    // counter-example: with noise the splits differ
    const noisy = nnlab(['train', '--dataset', 'spiral', '--noise', '0.1', '--iterations', '10', '--json']);
    expect(JSON.parse(noisy.stdout).data.testOnTrainingData).toBe(false);
    expect(noisy.stderr).toBe('');
  });
});
