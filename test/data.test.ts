import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeCircles } from '../src/data/circles.js';
import { parseCsv, toCsv } from '../src/data/csv.js';
import { toPoints } from '../src/data/dataset.js';
import { DATASETS, loadSplit } from '../src/data/registry.js';
import { UsageError } from '../src/errors.js';
import { fixture, nnlab, ROOT } from './helpers/cli.js';

interface CirclesCase { samples: number; noise: number; factor: number; seed: number; X: number[][]; y: number[] }
const sk = JSON.parse(readFileSync(fixture('circles.json'), 'utf8')) as { cases: CirclesCase[] };

describe('circles equals scikit-learn make_circles exactly', () => {
  for (const c of sk.cases) {
    it(`samples ${c.samples}, noise ${c.noise}, factor ${c.factor}, seed ${c.seed}`, () => {
      const { rows } = toPoints(makeCircles(c));
      expect(rows.map((r) => r.slice(0, 2))).toEqual(c.X);
      expect(rows.map((r) => r[2])).toEqual(c.y);
    });
  }
});

describe('the course datasets', () => {
  it('circles train/test are the shared CSVs value for value', () => {
    expect(toCsv(DATASETS.circles!.load('train'))).toBe(readFileSync(fixture('circles-train.csv'), 'utf8'));
    expect(toCsv(DATASETS.circles!.load('test'))).toBe(readFileSync(fixture('circles-test.csv'), 'utf8'));
  });
  it('football has 211 train and 200 test points, column-major', () => {
    const { train, test } = loadSplit('football');
    expect([train.X.rows, train.X.cols, train.Y.cols, test.X.cols]).toEqual([2, 211, 211, 200]);
    expect([train.X.data[0], train.X.data[211], train.Y.data[0]]).toEqual([-0.158986, 0.423977, 1]);
  });
  it('datasets export prints the CSVs byte for byte', () => {
    for (const [args, file] of [
      [['circles'], fixture('circles-train.csv')],
      [['circles', '--split', 'test'], fixture('circles-test.csv')],
      [['football'], `${ROOT}datasets/football-train.csv`],
      [['football', '--split', 'test'], `${ROOT}datasets/football-test.csv`],
    ] as const) {
      const r = nnlab(['datasets', 'export', ...args]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(readFileSync(file, 'utf8'));
    }
  });
  it('datasets export takes circles parameters', () => {
    const c = sk.cases.find((x) => x.samples === 7)!;
    const r = nnlab(['datasets', 'export', 'circles', '--samples', '7', '--noise', '0.1', '--factor', '0.5', '--seed', '0']);
    expect(r.stdout.trim().split('\n').slice(1).map((l) => l.split(',').map(Number))).toEqual(c.X.map((x, i) => [...x, c.y[i]]));
  });
});

describe('CSV loading', () => {
  const bad: [string, string, RegExp][] = [
    ['empty', '', /empty/],
    ['no y', 'x1,x2\n1,2\n3,4\n', /no 'y' column/],
    ['ragged', 'x1,x2,y\n1,2,0\n3,1\n', /f\.csv:3: 2 values/],
    ['text', 'x1,x2,y\n1,2,0\n3,abc,1\n', /f\.csv:3: column 'x2' is "abc"/],
    ['nan', 'x1,x2,y\n1,NaN,0\n3,1,1\n', /f\.csv:2: column 'x2' is "NaN"/],
    ['infinity', 'x1,x2,y\nInfinity,1,0\n3,1,1\n', /f\.csv:2: column 'x1'/],
    ['label', 'x1,x2,y\n1,2,0\n3,1,2\n', /f\.csv:3: label y is 2/],
    ['one row', 'x1,x2,y\n1,2,0\n', /at least 2 data rows/],
  ];
  for (const [name, text, message] of bad) {
    it(`rejects ${name}`, () => {
      expect(() => parseCsv(text, 'f.csv')).toThrow(UsageError);
      expect(() => parseCsv(text, 'f.csv')).toThrow(message);
    });
  }
  it('reads features column-major and labels as a row', () => {
    const d = parseCsv('x1,x2,x3,y\n1,2,3,0\n4,5,6,1\n', 'f.csv');
    expect([d.X.rows, d.X.cols]).toEqual([3, 2]);
    expect(Array.from(d.X.data)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(Array.from(d.Y.data)).toEqual([0, 1]);
  });
});
