// tanh, sigmoid and leaky ReLU hidden layers against numpy (tools/gen_activation_fixtures.py): the functions
// themselves against glibc's, and the course's training loop against numpy's, with glibc's tanh/exp and
// with numpy's own SIMD kernels.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSplit } from '../src/data/registry.js';
import type { ActivationName } from '../src/nn/activations.js';
import { createTsEngine } from '../src/nn/engine.js';
import type { InitName } from '../src/nn/init.js';
import { train, type TrainSettings } from '../src/nn/train.js';
import { fixture, nnlab } from './helpers/cli.js';

interface FunctionSet { name: string; count: number; expression: string; libm: string; v8Differs: { k: number[]; ulps: number[] }; numpyDefaultDiffers: number }
interface Run {
  /** 'small' is the planar exercise's W = randn·0.01: nnlab's random init with --scale 0.01. */
  dataset: string; layers: number[]; activation: ActivationName; init: InitName | 'small'; seed: number; lr: number; iterations: number; printEvery: number;
  lambd: number; keepProb: number; costs: { iteration: number; cost: number }[]; finalCost: number; accuracy: { train: number; test: number };
  numpyDefault: { costs: number[]; finalCost: number; accuracy: { train: number; test: number } };
}
const fx = JSON.parse(readFileSync(fixture('activations.json'), 'utf8')) as { functions: Record<'tanh' | 'exp', FunctionSet[]>; runs: Run[] };

/** The grids of the tool, rebuilt with the same IEEE arithmetic. */
const GRID: Record<string, (k: number) => number> = {
  'k * 1e-4 - 25': (k) => k * 1e-4 - 25,
  'k * 1e-7 - 0.03': (k) => k * 1e-7 - 0.03,
  'k * 1e-3 - 40': (k) => k * 1e-3 - 40,
  'k * 0.1 - 745': (k) => k * 0.1 - 745,
};

/** x moved by n units in the last place (finite x of one sign). */
function ulpMove(x: number, n: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  v.setBigInt64(0, v.getBigInt64(0) + BigInt(n));
  return v.getFloat64(0);
}

describe("V8's Math.tanh and Math.exp against glibc's", () => {
  for (const fn of ['tanh', 'exp'] as const) {
    for (const set of fx.functions[fn]) {
      it(`${fn} on ${set.count} inputs ${set.expression}: equal except at the ${set.v8Differs.k.length} recorded, each within 2 ulp`, () => {
        const make = GRID[set.expression]!;
        const values = new Float64Array(set.count);
        for (let k = 0; k < set.count; k++) values[k] = Math[fn](make(k));
        set.v8Differs.k.forEach((k, i) => (values[k] = ulpMove(values[k]!, set.v8Differs.ulps[i]!)));
        expect(createHash('sha256').update(new Uint8Array(values.buffer)).digest('hex')).toBe(set.libm);
        expect(Math.max(0, ...set.v8Differs.ulps.map(Math.abs))).toBeLessThanOrEqual(2);
      });
    }
  }
});

function expectRun(got: { costs: { iteration: number; cost: number }[]; finalCost: number; accuracy: object }, want: Run): void {
  const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
  expect(got.costs.map((c) => c.iteration)).toEqual(want.costs.map((c) => c.iteration));
  got.costs.forEach((c, i) => {
    expect(rel(c.cost, want.costs[i]!.cost), `glibc numpy, iteration ${c.iteration}`).toBeLessThanOrEqual(1e-9);
    expect(rel(c.cost, want.numpyDefault.costs[i]!), `SIMD numpy, iteration ${c.iteration}`).toBeLessThanOrEqual(1e-9);
  });
  // numpy's final cost is the course's, under a last dropout mask: nnlab's finalCostWithDropout
  const final = want.keepProb < 1 ? got.finalCostWithDropout! : got.finalCost;
  expect(rel(final, want.finalCost)).toBeLessThanOrEqual(1e-9);
  expect(got.accuracy).toEqual(want.accuracy);
  expect(got.accuracy).toEqual(want.numpyDefault.accuracy);
}

const settingsOf = (r: Run): TrainSettings =>
  ({ ...r, dropoutMasks: 'course', ...(r.init === 'small' ? { init: 'random', scale: () => 0.01 } : { init: r.init }) });

const label = (r: Run): string =>
  `${r.activation} ${r.init} on ${r.dataset} ${r.layers.join(',')}, lr ${r.lr}, ${r.iterations} iterations${r.lambd ? `, λ ${r.lambd}` : ''}${r.keepProb < 1 ? `, keep ${r.keepProb}` : ''}`;

describe('training with tanh, sigmoid and leaky ReLU hidden layers equals numpy: costs within 1e-9, accuracies exact', () => {
  for (const r of fx.runs) {
    it(label(r), () => {
      expectRun(train(loadSplit(r.dataset), settingsOf(r)), r);
    });
  }
  const first = fx.runs[0]!;
  it(`${label(first)} on the TypeScript engine`, () => {
    expectRun(train(loadSplit(first.dataset), settingsOf(first), {}, createTsEngine), first);
  });
  for (const [act, init] of [['tanh', 'xavier'], ['tanh', 'he'], ['sigmoid', 'xavier']] as const) {
    it(`nnlab train --activation ${act} --init ${init} (the CLI, train's defaults)`, () => {
      const want = fx.runs.find((r) => r.activation === act && r.init === init && r.dataset === 'circles')!;
      const r = nnlab(['train', '--activation', act, '--init', init, '--json']);
      expect(r.code).toBe(0);
      expectRun(JSON.parse(r.stdout), want);
    });
  }
});
