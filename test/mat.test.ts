// MATLAB MAT-files: the course's data.mat, files scipy wrote (tools/gen_mat_fixtures.py), and the
// formats and damage that are refused, each with one line naming the file and what is wrong.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { toPoints } from '../src/data/dataset.js';
import { readMat, MAX_VARIABLE_BYTES } from '../src/data/mat.js';
import { loadMat } from '../src/data/matData.js';
import { loadSplit } from '../src/data/registry.js';
import { UsageError } from '../src/errors.js';
import { fixture, nnlab } from './helpers/cli.js';
import { usageMessage } from './helpers/usage.js';

const mat = (name: string): string => fixture(`mat/${name}`);
const expected = JSON.parse(readFileSync(mat('expected.json'), 'utf8')) as Record<string, { train: { X: number[][]; y: number[] }; test: { X: number[][]; y: number[] } | null }>;
const tmp = mkdtempSync(join(tmpdir(), 'nnlab-mat-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const asRows = (d: { X: { rows: number; cols: number; data: Float64Array }; Y: { data: Float64Array } }) => {
  const { rows } = toPoints(d);
  return { X: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r[r.length - 1]!) };
};

const refusal = (file: string): string => usageMessage(() => loadMat(file));

describe("the course's data.mat", () => {
  it('holds X 211×2 double, y 211×1 stored as uint8, Xval 200×2, yval 200×1, compressed', () => {
    const vars = readMat(readFileSync(mat('course-data.mat')), 'data.mat', new Set(['X', 'y', 'Xval', 'yval']));
    expect(vars.map((v) => [v.name, v.className, v.dims.join('×')])).toEqual([
      ['X', 'double', '211×2'], ['y', 'double', '211×1'], ['yval', 'double', '200×1'], ['Xval', 'double', '200×2'],
    ]);
  });

  it('is the football dataset, value for value: X, y the training set, Xval, yval the test set', () => {
    const fromMat = loadSplit(mat('course-data.mat'));
    const football = loadSplit('football');
    expect(fromMat.testIsTrain).toBeUndefined();
    for (const part of ['train', 'test'] as const) {
      expect(Array.from(fromMat[part].X.data)).toEqual(Array.from(football[part].X.data));
      expect(Array.from(fromMat[part].Y.data)).toEqual(Array.from(football[part].Y.data));
      expect([fromMat[part].X.rows, fromMat[part].X.cols]).toEqual([football[part].X.rows, football[part].X.cols]);
    }
  });

  it('regularize --dataset data.mat prints exactly what regularize prints on football, costs and accuracies', () => {
    const figures = (args: string[]) => {
      const r = nnlab(['regularize', ...args, '--json']);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      return { costs: j.costs, finalCost: j.finalCost, accuracy: j.accuracy, data: j.data };
    };
    const a = figures(['--dataset', mat('course-data.mat')]);
    expect(a).toEqual(figures([]));
    expect(a.data).toEqual({ train: 211, test: 200, features: 2, testOnTrainingData: false });
    expect(a.accuracy).toEqual({ train: 0.9478672985781991, test: 0.915 });
  });
});

describe('files scipy wrote', () => {
  for (const [name, want] of Object.entries(expected)) {
    it(`${name}: the training set${want.test ? ' and the test set' : ''} value for value`, () => {
      const s = loadMat(mat(name));
      expect(asRows(s.train)).toEqual(want.train);
      if (want.test) expect(asRows(s.test!)).toEqual(want.test);
      else expect(s.test).toBeUndefined();
    });
  }

  it('a file without Xval, yval has no test set: the test figures are on the training data', () => {
    const split = loadSplit(mat('train-only.mat'));
    expect(split.testIsTrain).toBe(true);
  });

  it('--test-dataset FILE.mat takes its Xval, yval, or its X, y when it has none', () => {
    expect(asRows(loadSplit('football', mat('plain.mat')).test)).toEqual(expected['plain.mat']!.test);
    expect(asRows(loadSplit(mat('plain.mat'), mat('train-only.mat')).test)).toEqual(expected['train-only.mat']!.train);
  });

  it('datasets export prints a .mat file as CSV, --split test its Xval, yval', () => {
    const train = nnlab(['datasets', 'export', mat('plain.mat')]);
    expect(train.stdout.split('\n')[0]).toBe('x1,x2,x3,y');
    expect(train.stdout.trim().split('\n').slice(1).map((l) => l.split(',').map(Number))).toEqual(expected['plain.mat']!.train.X.map((r, i) => [...r, expected['plain.mat']!.train.y[i]]));
    const test = nnlab(['datasets', 'export', mat('plain.mat'), '--split', 'test']);
    expect(test.stdout.trim().split('\n')).toHaveLength(5);
    const none = nnlab(['datasets', 'export', mat('train-only.mat'), '--split', 'test']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^nnlab: --split test: .*train-only\.mat has no test split; --split test applies to the named datasets and \.mat files with Xval, yval\n$/);
  });
});

describe('refused, naming the file and the reason', () => {
  const cases: [string, RegExp][] = [
    ['v4.mat', /v4\.mat: a MATLAB level-4 MAT-file \(v4\), which nnlab does not read; save it as a level-5 file/],
    ['v73.mat', /v73\.mat: a MATLAB v7\.3 MAT-file \(HDF5\), which nnlab does not read/],
    ['no-y.mat', /no-y\.mat: no variable y; .*; it holds X, labels$/],
    ['transposed.mat', /transposed\.mat: X is 3×6 \(3 examples as rows\) but y has 6 labels; nnlab reads examples as rows, so X should be 6×3 \(transpose it\)$/],
    ['bad-label.mat', /bad-label\.mat: y\(3\) is 2; labels must be 0 or 1$/],
    ['nan.mat', /nan\.mat: X\(3,2\) is NaN, not a finite number$/],
    ['complex.mat', /complex\.mat: X is complex; nnlab reads real numbers$/],
    ['cell.mat', /cell\.mat: X is a cell array; nnlab reads numeric matrices$/],
    ['three-d.mat', /three-d\.mat: X has 3 dimensions \(6×3×2\); nnlab reads 2-D matrices$/],
    ['xval-only.mat', /xval-only\.mat: it has Xval but no yval; a test set needs both$/],
  ];
  for (const [name, message] of cases) it(name, () => expect(refusal(mat(name))).toMatch(message));

  it('a file that is not a MAT-file, a missing file, a folder', () => {
    const csv = join(tmp, 'data.mat');
    writeFileSync(csv, 'x1,x2,y\n1,2,0\n');
    expect(refusal(csv)).toMatch(/data\.mat: not a MATLAB MAT-file \(no level-5 header\)/);
    expect(refusal(join(tmp, 'missing.mat'))).toMatch(/missing\.mat: no such file$/);
    expect(refusal(tmp + '/')).toMatch(/is a folder, not a MAT-file$/);
  });

  it('a damaged file: cut short anywhere, or a compressed variable that does not decompress', () => {
    const whole = readFileSync(mat('compressed.mat'));
    for (let cut = 130; cut < whole.length; cut += 37) {
      const file = join(tmp, `cut-${cut}.mat`);
      writeFileSync(file, whole.subarray(0, cut));
      expect(refusal(file)).toMatch(/cut-\d+\.mat: .*(cut off|past the end of the file|does not decompress|no variable)/);
    }
    const plain = readFileSync(mat('plain.mat'));
    for (let cut = 136; cut < plain.length - 8; cut += 41) {
      const file = join(tmp, `plain-cut-${cut}.mat`);
      writeFileSync(file, plain.subarray(0, cut));
      expect(refusal(file)).toMatch(/plain-cut-\d+\.mat: .*(cut off|past the end of the file|no variable|the file is damaged)/);
    }
    const flipped = Buffer.from(whole);
    for (let i = 140; i < 200; i++) flipped[i] = flipped[i]! ^ 0x5a;
    writeFileSync(join(tmp, 'flipped.mat'), flipped);
    expect(refusal(join(tmp, 'flipped.mat'))).toMatch(/flipped\.mat: .*the file is damaged or not a MAT-file$/);
  });

  it('no damage crashes it: 600 files with random bytes changed read or are refused with a UsageError', () => {
    let seed = 12345;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (const name of ['plain.mat', 'compressed.mat', 'course-data.mat']) {
      const whole = readFileSync(mat(name));
      for (let k = 0; k < 200; k++) {
        const b = Buffer.from(whole);
        for (let i = 0, n = 1 + rand(8); i < n; i++) b[128 + rand(b.length - 128)] = rand(256);
        const file = join(tmp, `fuzz-${name}-${k}.mat`);
        writeFileSync(file, b);
        try {
          loadMat(file);
        } catch (e) {
          expect(e).toBeInstanceOf(UsageError);
        }
      }
    }
  });

  it('a compressed variable that would expand past the limit is refused, not inflated', () => {
    const le = (n: number): Buffer => Buffer.from(new Uint32Array([n]).buffer);
    const body = MAX_VARIABLE_BYTES + 64;
    const head = Buffer.concat([le(6), le(8), le(6), le(0), le(5), le(8), le(body / 8), le(1), le(0x00010001), Buffer.from('X\0\0\0'), le(9), le(body)]);
    const inner = Buffer.concat([le(14), le(head.length + body), head]);
    const z = deflateSync(Buffer.concat([inner, Buffer.alloc(body)]), { level: 1 });
    const header = Buffer.alloc(128, 0x20);
    header.write('MATLAB 5.0 MAT-file, a decompression bomb', 0, 'latin1');
    header.writeUInt16LE(0x0100, 124);
    header.write('IM', 126, 'latin1');
    const file = join(tmp, 'bomb.mat');
    writeFileSync(file, Buffer.concat([header, le(15), le(z.length), z]));
    expect(refusal(file)).toMatch(/bomb\.mat: a compressed variable at byte 128 expands beyond 256 MiB, more than nnlab reads$/);
  });

  it('the CLI: exit 2, one line on stderr, nothing on stdout', () => {
    const r = nnlab(['regularize', '--dataset', mat('v73.mat')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^nnlab: .*v73\.mat: a MATLAB v7\.3 MAT-file \(HDF5\), which nnlab does not read; save it as a level-5 file \(MATLAB\/Octave: save -v7, scipy: savemat\)\n$/);
  });
});
