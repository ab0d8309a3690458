import { describe, expect, it, vi } from 'vitest';
import { fromPoints, type Dataset } from '../src/data/dataset.js';
import { DATASETS, loadSplit } from '../src/data/registry.js';
import { createTsEngine, type Engine, type StepSettings } from '../src/nn/engine.js';
import { initialize, type InitName } from '../src/nn/init.js';
import type { Params } from '../src/nn/params.js';
import { createWasmEngine, WASM_MAX_BYTES, wasmBytes, wasmModule } from '../src/nn/wasmEngine.js';

// The wasm kernels sum in the TS engine's order and apply the same activation functions: agreement is to the bit.
function expectClose(got: number, want: number, what: string): void {
  if (Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))) return;
  expect(got, `${what}: ${got} vs ${want}`).toBe(want);
}

function expectSameParams(a: Params, b: Params): void {
  expect(Object.keys(b)).toEqual(Object.keys(a));
  for (const k of Object.keys(a)) {
    expect([b[k]!.rows, b[k]!.cols]).toEqual([a[k]!.rows, a[k]!.cols]);
    a[k]!.data.forEach((v, i) => expectClose(b[k]!.data[i]!, v, `${k}[${i}]`));
  }
}

function expectSameWorkspace(a: Engine, b: Engine): void {
  const wa = a.workspace();
  const wb = b.workspace();
  expect(wb.m).toBe(wa.m);
  for (const key of ['A', 'dZ'] as const) {
    wa[key].forEach((M, l) => {
      expect([wb[key][l]!.rows, wb[key][l]!.cols]).toEqual([M.rows, M.cols]);
      M.data.forEach((v, i) => expectClose(wb[key][l]!.data[i]!, v, `${key}${l}[${i}]`));
    });
  }
  wa.D.forEach((mask, l) => expect(wb.D[l] ?? null).toEqual(mask));
  wa.P.forEach((P, l) => {
    expect(wb.P[l] === null).toBe(P === null);
    P?.forEach((v, i) => expectClose(wb.P[l]![i]!, v, `P${l}[${i}]`));
  });
  for (const k of Object.keys(wa.grads)) wa.grads[k]!.data.forEach((v, i) => expectClose(wb.grads[k]!.data[i]!, v, `${k}[${i}]`));
}

interface Case {
  name: string;
  data: Dataset;
  layers: number[];
  init: InitName;
  s: StepSettings;
  iterations: number;
}

const circles = loadSplit('circles').train;
const football = loadSplit('football').train;
const base: StepSettings = { lr: 0.01, lambd: 0, keepProb: 1, dropoutMasks: 'course', activation: 'relu' };

const cases: Case[] = [
  { name: '2-10-5-1 he on circles', data: circles, layers: [2, 10, 5, 1], init: 'he', s: base, iterations: 400 },
  { name: '2-10-5-1 random ×10 on circles (inf costs, saturated sigmoid)', data: circles, layers: [2, 10, 5, 1], init: 'random', s: base, iterations: 300 },
  { name: '2-20-3-1 xavier, lambd 0.7', data: football, layers: [2, 20, 3, 1], init: 'xavier', s: { ...base, lr: 0.3, lambd: 0.7 }, iterations: 400 },
  { name: '2-20-3-1 xavier, keepProb 0.86, course masks', data: football, layers: [2, 20, 3, 1], init: 'xavier', s: { ...base, lr: 0.3, keepProb: 0.86 }, iterations: 400 },
  { name: '2-20-3-1 keepProb 0.86, fresh masks', data: football, layers: [2, 20, 3, 1], init: 'xavier', s: { ...base, lr: 0.3, keepProb: 0.86, dropoutMasks: 'fresh' }, iterations: 300 },
  { name: '2-7-3-1 (odd widths, m = 211) with L2 and dropout', data: football, layers: [2, 7, 3, 1], init: 'he', s: { ...base, lr: 0.1, lambd: 0.1, keepProb: 0.8 }, iterations: 300 },
  { name: '2-1-1', data: football, layers: [2, 1, 1], init: 'he', s: { ...base, lr: 0.1 }, iterations: 300 },
  { name: '2-1 (no hidden layer)', data: circles, layers: [2, 1], init: 'he', s: { ...base, lr: 0.1 }, iterations: 200 },
  { name: '2-6-4-3-1, m = 17', data: DATASETS.circles!.load('train', { samples: 17 }), layers: [2, 6, 4, 3, 1], init: 'he', s: { ...base, lr: 0.1, keepProb: 0.9 }, iterations: 300 },
  { name: 'm = 9 (below the wasm tile: TS fallback)', data: DATASETS.circles!.load('train', { samples: 9 }), layers: [2, 3, 1], init: 'he', s: base, iterations: 50 },
  // Shapes that cross the kernels' blocks: sample strips of wide products (k or n = 600), W packed with an
  // odd column count, an odd unit count in every strip, and dW summed over several blocks of samples.
  { name: '2-100-100-1 he on circles', data: circles, layers: [2, 100, 100, 1], init: 'he', s: base, iterations: 40 },
  { name: '2-600-7-1 (m = 211) with L2 and dropout', data: football, layers: [2, 600, 7, 1], init: 'he', s: { ...base, lr: 0.1, lambd: 0.1, keepProb: 0.8 }, iterations: 15 },
  { name: 'tanh: 2-7-600-1 (m = 211) with dropout', data: football, layers: [2, 7, 600, 1], init: 'xavier', s: { ...base, activation: 'tanh', lr: 0.1, keepProb: 0.8 }, iterations: 15 },
  { name: '2-10-5-1, m = 1100', data: DATASETS.circles!.load('train', { samples: 1100 }), layers: [2, 10, 5, 1], init: 'he', s: { ...base, lambd: 0.3 }, iterations: 100 },
  // Every hidden activation, with and without dropout (tanh and sigmoid then keep A before dropout), odd widths.
  ...(['tanh', 'sigmoid', 'leaky_relu'] as const).flatMap((activation): Case[] => [
    { name: `${activation}: 2-10-5-1 xavier on circles`, data: circles, layers: [2, 10, 5, 1], init: 'xavier', s: { ...base, activation, lr: 0.5 }, iterations: 300 },
    { name: `${activation}: 2-7-3-1 with L2 and dropout (m = 211)`, data: football, layers: [2, 7, 3, 1], init: 'he', s: { ...base, activation, lr: 0.1, lambd: 0.1, keepProb: 0.8 }, iterations: 300 },
    { name: `${activation}: 2-20-3-1 fresh masks`, data: football, layers: [2, 20, 3, 1], init: 'random', s: { ...base, activation, lr: 0.3, keepProb: 0.86, dropoutMasks: 'fresh' }, iterations: 200 },
  ]),
];

describe('wasm engine', () => {
  it('loaded the SIMD module', () => {
    expect(wasmModule).not.toBeNull();
  });

  it('fewer than 16 examples: the TypeScript engine runs, and the notice says why', () => {
    const data = DATASETS.circles!.load('train', { samples: 9 });
    const e = createWasmEngine(initialize([2, 3, 1], 'he', 3), [2, 3, 1], data, { lr: 0.1, lambd: 0, keepProb: 1, dropoutMasks: 'course', activation: 'relu' });
    expect(e.name).toBe('ts');
    expect(e.notice).toBe('the WebAssembly engine takes 16 examples or more (its tiles), and this run has 9; training on the TypeScript engine instead (same results, several times slower)');
  });

  for (const c of cases) {
    it(`equals the TS engine: ${c.name}`, () => {
      const initial = initialize(c.layers, c.init, 3);
      const ts = createTsEngine(initial, c.layers, c.data, c.s);
      const wasm = createWasmEngine(initial, c.layers, c.data, c.s);
      for (let i = 0; i < c.iterations; i++) {
        const want = i % 25 === 0;
        expectClose(wasm.step(want), ts.step(want), `cost at ${i}`);
      }
      expectSameParams(ts.params(), wasm.params());
      expectSameWorkspace(ts, wasm);
    });
  }

  it('exposes the last step through views of wasm memory, and params() as copies', () => {
    const layers = [2, 10, 5, 1];
    const e = createWasmEngine(initialize(layers, 'he', 3), layers, circles, base);
    e.step(false);
    const ws = e.workspace();
    const buffer = ws.A[1]!.data.buffer;
    expect(ws.dZ[2]!.data.buffer).toBe(buffer);
    expect(ws.grads.dW1!.data.buffer).toBe(buffer);
    expect(e.workspace()).toBe(ws);
    const p = e.params();
    expect(p.W1!.data.buffer).not.toBe(buffer);
    p.W1!.data[0] = 123;
    expect(e.params().W1!.data[0]).not.toBe(123);
  });

  it('computes tanh hidden layers bit for bit as Math.tanh, special values included', () => {
    // One hidden unit on x: z = 1·x0 + 0·x1 + 0, so A1 is tanh of chosen values.
    const special = [0, -0, 5e-324, -5e-324, 2 ** -28, -(2 ** -28), 2 ** -28 * (1 - 2 ** -53), 2 ** -29, 1e-10, 0.1733, 0.17328679513998632,
      0.5198603854199589, 0.51986038541995, 1, -1, 1 - 2 ** -53, 0.9999999, 1.0000001, 9.7, 9.705, 10, 19.4, 19.5, 21.99999, 22, -22, 22.000001,
      36.7, 1e308, -1e308, Infinity, -Infinity, NaN, 0.5, -0.5, 2.5, -3.75];
    const values = [...special];
    let seed = 11;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    while (values.length < 60001) values.push((rand() - 0.5) * [0.5, 3, 45, 1e-6][values.length % 4]!);
    for (let k = 0; k <= 50000; k++) values.push(k * 1e-3 - 25);
    const points = new Float64Array(values.length * 2);
    values.forEach((v, j) => (points[2 * j] = v));
    const data = fromPoints(points, 2, values.map((_, j) => j % 2));
    const initial: Params = { W1: { rows: 1, cols: 2, data: Float64Array.of(1, 0) }, b1: { rows: 1, cols: 1, data: Float64Array.of(0) },
      W2: { rows: 1, cols: 1, data: Float64Array.of(1) }, b2: { rows: 1, cols: 1, data: Float64Array.of(0) } };
    const e = createWasmEngine(initial, [2, 1, 1], data, { ...base, activation: 'tanh' });
    e.step(true);
    const A = e.workspace().A[1]!.data;
    // The linear pass sums from +0, so an input of -0 reaches tanh as +0.
    const wrong = values.filter((z, j) => !(Object.is(A[j], Math.tanh(0 + z)) || (Number.isNaN(A[j]) && Number.isNaN(z))));
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('computes the sigmoid bit for bit as 1/(1 + Math.exp(-z)), special values included', () => {
    // One linear unit on x: z = 1·x0 + 0·x1 + 0, so A1 is the sigmoid of chosen values.
    const special = [0, -0, 1, -1, 1e-300, -1e-300, 2 ** -28, -(2 ** -28), 2 ** -29, 0.34657359027997264, -0.3465735902799727,
      0.5, -0.5, 1.0397207708399179, -1.0397207708399179, 36.7, -36.7, 707.9, -707.9, 708, -708, 709.7, -709.7, 709.79,
      -709.79, 745.2, -745.2, 1e308, -1e308, Infinity, -Infinity, NaN, 5e-324];
    let seed = 7;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const values = [...special];
    while (values.length < 2001) values.push((rand() - 0.5) * (values.length % 3 === 0 ? 80 : values.length % 3 === 1 ? 4 : 1500));
    const points = new Float64Array(values.length * 2);
    values.forEach((v, j) => (points[2 * j] = v));
    const data = fromPoints(points, 2, values.map((_, j) => j % 2));
    const initial: Params = { W1: { rows: 1, cols: 2, data: Float64Array.of(1, 0) }, b1: { rows: 1, cols: 1, data: Float64Array.of(0) } };
    const e = createWasmEngine(initial, [2, 1], data, base);
    e.step(true);
    const A = e.workspace().A[1]!.data;
    values.forEach((z, j) => {
      const want = 1 / (1 + Math.exp(-z));
      expect(Object.is(A[j], want) || (Number.isNaN(A[j]) && Number.isNaN(want)), `sigmoid(${z}) = ${A[j]}, want ${want}`).toBe(true);
    });
  });
});

describe('wasm memory', () => {
  it('is reused run after run, and a reused memory gives the results of a fresh one', async () => {
    // A fresh copy of the module: the engines of the tests above still hold its shared memory.
    vi.resetModules();
    const { createWasmEngine } = await import('../src/nn/wasmEngine.js');
    // A dropout run leaves masks and activations behind; the next, smaller and without dropout, must not see them.
    const first = createWasmEngine(initialize([2, 20, 3, 1], 'he', 3), [2, 20, 3, 1], football, { ...base, keepProb: 0.8 });
    for (let i = 0; i < 20; i++) first.step(false);
    const buffer = first.workspace().A[1]!.data.buffer;
    first.release!();
    const layers = [2, 7, 3, 1];
    const initial = initialize(layers, 'he', 5);
    const again = createWasmEngine(initial, layers, football, { ...base, lambd: 0.1 });
    expect(again.workspace().A[1]!.data.buffer).toBe(buffer);
    const ts = createTsEngine(initial, layers, football, { ...base, lambd: 0.1 });
    for (let i = 0; i < 50; i++) expectClose(again.step(i % 10 === 0), ts.step(i % 10 === 0), `cost at ${i}`);
    expectSameParams(ts.params(), again.params());
    expectSameWorkspace(ts, again);
    again.release!();
  });

  it('a second engine while the first still holds the memory gets its own', () => {
    const a = createWasmEngine(initialize([2, 4, 1], 'he', 3), [2, 4, 1], circles, base);
    const b = createWasmEngine(initialize([2, 4, 1], 'he', 3), [2, 4, 1], circles, base);
    expect(b.workspace().A[1]!.data.buffer).not.toBe(a.workspace().A[1]!.data.buffer);
    expect(a.step(true)).toBe(b.step(true));
    a.release!();
    b.release!();
  });

  it('places buffers past 2^31 bytes and still equals the TS engine bit for bit', () => {
    // 300 000 hidden units on 300 examples: ~2.05 GiB of buffers, the later ones at offsets above 2^31,
    // where signed 32-bit offsets used to wrap.
    const layers = [2, 300_000, 1];
    const bytes = wasmBytes(layers, circles.X.cols, false);
    expect(bytes).toBeGreaterThan(2 ** 31);
    expect(bytes).toBeLessThan(WASM_MAX_BYTES);
    const initial = initialize(layers, 'he', 3);
    const s = { ...base, lambd: 0.1 };
    const wasm = createWasmEngine(initial, layers, circles, s);
    expect(wasm.notice).toBeUndefined();
    expect(wasm.workspace().dZ[2]!.data.byteOffset).toBeGreaterThan(2 ** 31);
    const cost = wasm.step(true);
    const params = wasm.params();
    wasm.release!();
    const ts = createTsEngine(initial, layers, circles, s);
    expect(cost).toBe(ts.step(true));
    const want = ts.params();
    for (const k of Object.keys(want)) expect(params[k]!.data.every((v, i) => Object.is(v, want[k]!.data[i])), k).toBe(true);
  });

  it('a run above what wasm32 addresses (4 GiB) is one the engine hands to the TS engine', () => {
    expect(wasmBytes([2, 600_000, 1], 300, false)).toBeGreaterThan(WASM_MAX_BYTES);
  });
});
