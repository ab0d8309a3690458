import { describe, expect, it } from 'vitest';
import type { Dataset } from '../src/data/dataset.js';
import { DATASETS, loadSplit } from '../src/data/registry.js';
import { createTsEngine, type Engine, type StepSettings } from '../src/nn/engine.js';
import { initialize, type InitName } from '../src/nn/init.js';
import { createNativeEngine } from '../src/nn/nativeEngine.js';
import type { Params } from '../src/nn/params.js';
import { LAYOUT, native } from '../src/native/addon.js';
import { BENCH_EXPERIMENTS, experimentSettings } from '../src/experiments/bench.js';
import { createNativeOrWasm, ENGINES } from '../src/nn/engines.js';
import { train, type TrainResult } from '../src/nn/train.js';

// The native kernels sum in the TS engine's order and round every multiply and add alone (no FMA):
// agreement is to the bit, on every instruction set this CPU has and with one or two threads.
const addon = native.addon;
const why = native.addon ? '' : native.why;
if (!addon) console.log(`native engine tests skipped: ${why}`);

const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

function firstDifference(a: Float64Array, b: Float64Array): string | null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!same(a[i]!, b[i]!)) return `[${i}] ${a[i]} vs ${b[i]}`;
  return null;
}

function expectSameParams(want: Params, got: Params, what: string): void {
  expect(Object.keys(got)).toEqual(Object.keys(want));
  for (const k of Object.keys(want)) expect(firstDifference(want[k]!.data, got[k]!.data), `${what}: ${k}`).toBeNull();
}

function expectSameWorkspace(a: Engine, b: Engine, what: string): void {
  const wa = a.workspace();
  const wb = b.workspace();
  for (const key of ['A', 'dZ'] as const) wa[key].forEach((M, l) => expect(firstDifference(M.data, wb[key][l]!.data), `${what}: ${key}${l}`).toBeNull());
  wa.P.forEach((P, l) => expect(P === null ? wb.P[l] : firstDifference(P, wb.P[l]!), `${what}: P${l}`).toBeNull());
  for (const k of Object.keys(wa.grads)) expect(firstDifference(wa.grads[k]!.data, wb.grads[k]!.data), `${what}: ${k}`).toBeNull();
}

interface Case { name: string; data: Dataset; layers: number[]; init: InitName; s: StepSettings; iterations: number }

const circles = loadSplit('circles').train;
const football = loadSplit('football').train;
const base: StepSettings = { lr: 0.01, lambd: 0, keepProb: 1, dropoutMasks: 'course', activation: 'relu' };
const ACTS = ['relu', 'tanh', 'sigmoid', 'leaky_relu'] as const;

const cases: Case[] = [
  { name: '2-10-5-1 he on circles', data: circles, layers: [2, 10, 5, 1], init: 'he', s: base, iterations: 300 },
  { name: '2-10-5-1 random ×10 (inf costs, saturated sigmoid)', data: circles, layers: [2, 10, 5, 1], init: 'random', s: base, iterations: 200 },
  { name: '2-20-3-1 lambd 0.7', data: football, layers: [2, 20, 3, 1], init: 'xavier', s: { ...base, lr: 0.3, lambd: 0.7 }, iterations: 300 },
  { name: '2-20-3-1 keepProb 0.86, fresh masks', data: football, layers: [2, 20, 3, 1], init: 'xavier', s: { ...base, lr: 0.3, keepProb: 0.86, dropoutMasks: 'fresh' }, iterations: 200 },
  { name: '2-1 (no hidden layer)', data: circles, layers: [2, 1], init: 'he', s: { ...base, lr: 0.1 }, iterations: 100 },
  { name: '70 layers of 3 (more than a small fixed table would hold)', data: football, layers: [2, ...Array<number>(69).fill(3), 1], init: 'xavier', s: { ...base, lr: 0.1 }, iterations: 30 },
  // m · widest transposed row above 256 KiB: the dW products' inputs are transposed 256 samples at a time
  { name: 'm = 2777 in blocks of 256, 2-13-6-1 tanh with dropout', data: DATASETS.circles!.load('train', { samples: 2777 }), layers: [2, 13, 6, 1], init: 'he', s: { ...base, activation: 'tanh', lr: 0.1, keepProb: 0.9 }, iterations: 20 },
  { name: 'm = 3000 in blocks of 256, 2-10-5-1 relu', data: DATASETS.circles!.load('train', { samples: 3000 }), layers: [2, 10, 5, 1], init: 'he', s: { ...base, lr: 0.1 }, iterations: 20 },
  { name: 'm = 9, 2-6-4-3-1', data: DATASETS.circles!.load('train', { samples: 9 }), layers: [2, 6, 4, 3, 1], init: 'he', s: { ...base, lr: 0.1, keepProb: 0.9 }, iterations: 100 },
  ...ACTS.flatMap((activation): Case[] => [
    { name: `${activation}: 2-7-3-1 L2 and dropout (m = 211)`, data: football, layers: [2, 7, 3, 1], init: 'he', s: { ...base, activation, lr: 0.1, lambd: 0.1, keepProb: 0.8 }, iterations: 200 },
    // wide enough for the blocked, two-thread paths: 3·(200 + 10 000 + 100)·300 multiply-adds a step
    { name: `${activation}: 2-100-100-1, m = 300, L2 and fresh dropout`, data: circles, layers: [2, 100, 100, 1], init: 'he', s: { ...base, activation, lr: 0.05, lambd: 0.3, keepProb: 0.85, dropoutMasks: 'fresh' }, iterations: 100 },
  ]),
];

describe.skipIf(!addon)(`native engine${why ? ` (skipped: ${why})` : ''}`, () => {
  const isas = addon ? addon.supported() : [];
  const best = addon?.isa() ?? '';

  it('runs the widest kernels the CPU has', () => {
    expect(best).toBe(isas[0]);
  });

  it('reads the buffer layout this nnlab writes (an addon built from other sources is refused at load)', () => {
    expect(addon!.layout?.()).toBe(LAYOUT);
  });

  for (const c of cases) {
    it(`equals the TS engine on every kernel set, 1, 2 and timed threads: ${c.name}`, () => {
      const initial = initialize(c.layers, c.init, 3);
      const ts = createTsEngine(initial, c.layers, c.data, c.s);
      const want: number[] = [];
      for (let i = 0; i < c.iterations; i++) want.push(ts.step(i % 7 === 0));
      want.push(ts.cost());
      try {
        for (const isa of isas) {
          addon!.isa(isa);
          // undefined: as a run on the main thread, 1 or 2 chosen by timing where the step is large
          for (const threads of [1, 2, undefined]) {
            const e = createNativeEngine(initial, c.layers, c.data, c.s, { threads });
            if ('unavailable' in e) throw new Error(e.unavailable);
            const got: number[] = [];
            for (let i = 0; i < c.iterations; i++) got.push(e.step(i % 7 === 0));
            got.push(e.cost());
            const what = `${isa}, ${threads ?? 'timed'} thread(s)`;
            expect(e.detail, what).toMatch(threads ? new RegExp(`^${isa}, ${threads} threads?$`) : new RegExp(`^${isa}, [12] threads?( for \\d+% of steps, else [12] \\(chosen by timing\\))?$`));
            expect(firstDifference(Float64Array.from(want), Float64Array.from(got)), `${what}: costs`).toBeNull();
            expectSameParams(ts.params(), e.params(), what);
            expectSameWorkspace(ts, e, what);
          }
        }
      } finally {
        addon!.isa(best);
      }
    });
  }

  it('sigmoid: exp equals Math.exp to the bit, including the values the vector path hands over', () => {
    const z = new Float64Array(200_000);
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < z.length; i++) z[i] = (rand() - 0.5) * (i % 3 === 0 ? 1600 : i % 3 === 1 ? 60 : 2);
    z.set([0, -0, 1, -1, 708, -708, 709.7, -709.7, 745.2, -745.2, 1e-9, -1e-9, 2 ** -28, -(2 ** -28), Infinity, -Infinity, NaN, 0.34657359027997264, 1.0397207708399179]);
    const want = z.map((v) => 1 / (1 + Math.exp(-v)));
    try {
      for (const isa of isas) {
        addon!.isa(isa);
        const got = new Float64Array(z.length);
        addon!.sigmoid(got, z);
        expect(firstDifference(want, got), isa).toBeNull();
      }
    } finally {
      addon!.isa(best);
    }
  });

  // The six runs of `nnlab reproduce`, whole (init, every step, costs, curve, accuracies) on every engine.
  for (const name of BENCH_EXPERIMENTS) {
    it(`course run ${name}: ts, wasm and native (1 and 2 threads) agree to the bit`, () => {
      const { dataset, settings } = experimentSettings(name);
      const split = loadSplit(dataset);
      const runs: [string, TrainResult][] = [
        ['ts', train(split, settings, {}, ENGINES.ts.create)],
        ['wasm', train(split, settings, {}, ENGINES.wasm.create)],
        ...[1, 2].map((t): [string, TrainResult] => [`native ${t}`, train(split, settings, {}, (i, l, d, s) => createNativeOrWasm(i, l, d, s, t))]),
      ];
      const [, want] = runs[0]!;
      for (const [label, r] of runs.slice(1)) {
        expect(r.engine.name, label).toBe(label.split(' ')[0]);
        const points = (c: { cost: number }[]): Float64Array => Float64Array.from(c.map((p) => p.cost));
        expect(firstDifference(points(want.costs), points(r.costs)), `${label}: costs`).toBeNull();
        expect(firstDifference(points(want.curve), points(r.curve)), `${label}: curve`).toBeNull();
        expect([r.finalCost, r.accuracy], label).toEqual([want.finalCost, want.accuracy]);
        expectSameParams(want.params, r.params, label);
      }
    });
  }
});
