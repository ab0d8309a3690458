import { describe, expect, it } from 'vitest';
import { backpropInto, linearInto, weightGradInto } from '../src/linalg/kernels.js';

// The oracle: the three products as plain loops, each output summed in the documented order
// (from +0, over the summed index in increasing order), before any blocking.
function linearRef(Z: Float64Array, W: Float64Array, A: Float64Array, b: Float64Array, n: number, k: number, m: number): void {
  for (let i = 0; i < n; i++) {
    const zo = i * m;
    Z.fill(0, zo, zo + m);
    for (let p = 0; p < k; p++) for (let j = 0; j < m; j++) Z[zo + j]! += W[i * k + p]! * A[p * m + j]!;
    for (let j = 0; j < m; j++) Z[zo + j]! += b[i]!;
  }
}

function weightGradRef(dW: Float64Array, dZ: Float64Array, A: Float64Array, W: Float64Array, scale: number, l2: number, n: number, k: number, m: number): void {
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += dZ[i * m + j]! * A[p * m + j]!;
      dW[i * k + p] = l2 === 0 ? scale * s : scale * s + l2 * W[i * k + p]!;
    }
  }
}

function backpropRef(dA: Float64Array, W: Float64Array, dZ: Float64Array, n: number, k: number, m: number): void {
  dA.fill(0, 0, k * m);
  for (let i = 0; i < n; i++) for (let p = 0; p < k; p++) for (let j = 0; j < m; j++) dA[p * m + j]! += W[i * k + p]! * dZ[i * m + j]!;
}

/** xorshift32: uniform numbers in [0, 1), the same on every run. */
function uniform(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 2 ** 32;
  };
}

/** Deterministic values of mixed sign and magnitude (2^-20..2^20), so that any other summation order shows. */
function values(len: number, seed: number): Float64Array {
  const next = uniform(seed);
  const out = new Float64Array(len);
  for (let q = 0; q < len; q++) out[q] = (next() - 0.5) * 2 ** Math.floor(next() * 40 - 20);
  return out;
}

function expectBits(got: Float64Array, want: Float64Array, what: string): void {
  expect(got.length).toBe(want.length);
  let bad = -1;
  for (let q = 0; q < want.length && bad < 0; q++) if (!Object.is(got[q], want[q])) bad = q;
  expect(bad, bad < 0 ? what : `${what}[${bad}]: ${got[bad]} vs ${want[bad]}`).toBe(-1);
}

function checkShape(n: number, k: number, m: number, l2 = 0): void {
  const tag = `n=${n} k=${k} m=${m}`;
  const W = values(n * k, n * 7919 + k);
  const A = values(k * m, k * 104729 + m);
  const b = values(n, n + 3);
  const dZ = values(n * m, m * 31 + n);
  const scale = 1 / m;
  const want = { Z: new Float64Array(n * m), dW: new Float64Array(n * k), dA: new Float64Array(k * m) };
  // Outputs start full of NaN: a kernel that reads an element before writing it shows.
  const got = { Z: new Float64Array(n * m).fill(NaN), dW: new Float64Array(n * k).fill(NaN), dA: new Float64Array(k * m).fill(NaN) };
  linearRef(want.Z, W, A, b, n, k, m);
  linearInto(got.Z, W, A, b, n, k, m);
  expectBits(got.Z, want.Z, `Z ${tag}`);
  weightGradRef(want.dW, dZ, A, W, scale, l2, n, k, m);
  weightGradInto(got.dW, dZ, A, W, scale, l2, n, k, m);
  expectBits(got.dW, want.dW, `dW ${tag}`);
  backpropRef(want.dA, W, dZ, n, k, m);
  backpropInto(got.dA, W, dZ, n, k, m);
  expectBits(got.dA, want.dA, `dA ${tag}`);
}

describe('blocked products equal the plain loops bit for bit', () => {
  it('on the test values, another summation order gives other bits (so the comparisons below can fail)', () => {
    const m = 1000;
    const dZ = values(m, 5);
    const A = values(m, 6);
    let forward = 0;
    let backward = 0;
    for (let j = 0; j < m; j++) forward += dZ[j]! * A[j]!;
    for (let j = m - 1; j >= 0; j--) backward += dZ[j]! * A[j]!;
    expect(forward).not.toBe(backward);
  });

  const shapes: [number, number, number][] = [
    [1, 1, 1], [1, 2, 300], [2, 1, 1], [3, 2, 5], [5, 10, 300], [7, 3, 211], [10, 5, 300000 / 100],
    [1, 1000, 17], [1000, 1, 3], [1000, 2, 300], [33, 513, 35], [4, 512, 33], [13, 600, 1], [600, 13, 1],
    [1, 1025, 1], [2, 7, 4099], [100, 100, 300], [1000, 1000, 6], [9, 1000, 67],
  ];
  for (const [n, k, m] of shapes) it(`W·A + b, dZ·Aᵀ, Wᵀ·dZ at n=${n} k=${k} m=${m}`, () => checkShape(n, k, m));

  it('with L2 (dW = scale·dZ·Aᵀ + l2·W) on tails in every direction', () => {
    for (const [n, k, m] of [[3, 5, 7], [2, 513, 9], [5, 3, 1100]] as const) checkShape(n, k, m, 0.7 / m);
  });

  it('on 40 further shapes drawn at random, widths 1..1000 and m 1..3000', () => {
    const u = uniform(99);
    for (let c = 0; c < 40; c++) {
      const n = 1 + Math.floor(u() * 1000);
      const k = 1 + Math.floor(u() * 1000);
      const m = 1 + Math.floor(Math.min(3000, 4e5 / (n * k) + 1) * u());
      checkShape(n, k, m);
    }
  });
});
