// The generated datasets against scikit-learn and numpy (tools/gen_dataset_fixtures.py), value for value,
// and as `datasets export` prints them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../src/data/csv.js';
import { fromPoints, toPoints, type Generator } from '../src/data/dataset.js';
import { makeFlower } from '../src/data/flower.js';
import { linspace } from '../src/data/linspace.js';
import { makeMoons } from '../src/data/moons.js';
import { makeGaussian, makeSpiral, makeXor } from '../src/data/playground.js';
import { DATASETS, GENERATED_NAMES, loadSplit, testSeed } from '../src/data/registry.js';
import { UsageError } from '../src/errors.js';
import { MAX_SEED } from '../src/random/randomState.js';
import { fixture, nnlab } from './helpers/cli.js';

interface Case { samples: number; noise: number; seed: number; X: number[][]; y: number[] }
const fx = JSON.parse(readFileSync(fixture('datasets.json'), 'utf8')) as { datasets: Record<string, Case[]> };
const MAKE: Record<string, Generator> = { moons: makeMoons, flower: makeFlower, xor: makeXor, spiral: makeSpiral, gaussian: makeGaussian };

/** The fixture's points as nnlab's CSV writer prints them. */
const csvOf = (c: Case): string => toCsv(fromPoints(Float64Array.from(c.X.flat()), 2, c.y));

describe('generated datasets equal numpy and scikit-learn exactly', () => {
  for (const [name, cases] of Object.entries(fx.datasets)) {
    for (const c of cases) {
      it(`${name}: samples ${c.samples}, noise ${c.noise}, seed ${c.seed}`, () => {
        const { rows } = toPoints(MAKE[name]!(c));
        expect(rows.map((r) => r.slice(0, 2))).toEqual(c.X);
        expect(rows.map((r) => r[2])).toEqual(c.y);
      });
    }
  }
});

describe('datasets export prints them byte for byte', () => {
  const find = (name: string, samples: number, seed: number): Case => fx.datasets[name]!.find((c) => c.samples === samples && c.seed === seed)!;
  it("moons --samples 300 --noise 0.2 --seed 3 is make_moons(300, noise=0.2) after np.random.seed(3)", () => {
    const r = nnlab(['datasets', 'export', 'moons', '--samples', '300', '--noise', '0.2', '--seed', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(csvOf(find('moons', 300, 3)));
    // the defaults are the course's
    expect(nnlab(['datasets', 'export', 'moons']).stdout).toBe(r.stdout);
  });
  it('flower is load_planar_dataset(): 400 points from numpy seed 1', () => {
    expect(nnlab(['datasets', 'export', 'flower']).stdout).toBe(csvOf(find('flower', 400, 1)));
  });
  it('the test split is drawn from the next seed', () => {
    expect(nnlab(['datasets', 'export', 'moons', '--split', 'test']).stdout).toBe(csvOf(find('moons', 100, 4)));
    expect(nnlab(['datasets', 'export', 'flower', '--split', 'test']).stdout).toBe(csvOf(find('flower', 200, 2)));
    expect(nnlab(['datasets', 'export', 'xor', '--split', 'test']).stdout).toBe(csvOf(find('xor', 250, 2)));
    expect(nnlab(['datasets', 'export', 'moons', '--split', 'test', '--seed', '3', '--samples', '300']).stdout)
      .toBe(nnlab(['datasets', 'export', 'moons', '--seed', '4', '--samples', '300']).stdout);
  });
  it('every generator takes --samples, --noise and --seed', () => {
    for (const name of ['xor', 'spiral', 'gaussian']) {
      const c = find(name, 101, 9);
      expect(nnlab(['datasets', 'export', name, '--samples', '101', '--noise', '0.5', '--seed', '9']).stdout).toBe(csvOf(c));
    }
  });
});

describe('the registry', () => {
  it('one signature: every generated dataset loads both splits from its defaults and takes the same overrides', () => {
    for (const name of GENERATED_NAMES) {
      const spec = DATASETS[name]!;
      const g = spec.generated!;
      expect(spec.load('train').X.cols).toBe(g.defaults.samples);
      expect(spec.load('test').X.cols).toBe(g.testSamples);
      const small = spec.load('train', { samples: 6, noise: 0.1, seed: 5 });
      expect([small.X.rows, small.X.cols]).toEqual([2, 6]);
      expect(toCsv(spec.load('test', { samples: 6, noise: 0.1, seed: 5 }))).toBe(toCsv(spec.load('train', { samples: 6, noise: 0.1, seed: 6 })));
    }
  });
  it('the test seed after 2³²−1 wraps to 0', () => {
    expect(testSeed(MAX_SEED)).toBe(0);
    expect(testSeed(3)).toBe(4);
  });
  it('refuses options a dataset does not take, with the option and what takes it', () => {
    expect(() => loadSplit('football', undefined, {}, { samples: 5 })).toThrow(/--samples applies to the generated datasets \(circles, moons, flower, xor, spiral, gaussian\); football is a fixed dataset/);
    expect(() => loadSplit('moons', undefined, {}, { factor: 0.5 })).toThrow(/--factor applies to circles only, not to moons/);
    expect(() => loadSplit('flower', undefined, {}, { samples: 5 })).toThrow(/--samples for flower must be an even number/);
    expect(() => loadSplit('data/mine.csv', undefined, {}, { noise: 0.1 })).toThrow(UsageError);
    expect(() => loadSplit('moons', undefined, {}, { noise: 1e308 })).toThrow(/--noise 1e308 puts points beyond the largest double/);
  });
});

describe('np.linspace', () => {
  it("numpy's values: the endpoint is stop itself, one value is start, none is empty", () => {
    // np.linspace(0, np.pi, 4).tolist(), np.linspace(3.12, 6.24, 5).tolist()
    expect(Array.from(linspace(0, Math.PI, 4))).toEqual([0, 1.0471975511965976, 2.0943951023931953, 3.141592653589793]);
    expect(Array.from(linspace(3.12, 6.24, 5))).toEqual([3.12, 3.9000000000000004, 4.68, 5.46, 6.24]);
    expect(Array.from(linspace(2, 5, 1))).toEqual([2]);
    expect(linspace(0, 1, 0).length).toBe(0);
  });
});
