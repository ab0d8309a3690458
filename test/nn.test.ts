import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSplit } from '../src/data/registry.js';
import { firstExamples } from '../src/gradcheck/cases.js';
import { fromRows, toRows, type Matrix } from '../src/linalg/matrix.js';
import { crossEntropy, l2Penalty } from '../src/nn/cost.js';
import { maskSource } from '../src/nn/dropout.js';
import { initialize } from '../src/nn/init.js';
import type { Params } from '../src/nn/params.js';
import { backwardInto, forwardInto } from '../src/nn/propagate.js';
import { createWorkspace } from '../src/nn/workspace.js';
import { fixture } from './helpers/cli.js';

interface NnCase {
  lambd: number; keepProb: number; layers: number[]; params: Record<string, number[][]>;
  A1: number[][]; A2: number[][]; A3: number[][]; D1: number[][]; D2: number[][]; cost: number; grads: Record<string, number[][]>;
}
const fx = JSON.parse(readFileSync(fixture('nn.json'), 'utf8')) as { examples: number; cases: NnCase[] };

/** numpy's BLAS sums in another order, so agreement is to rounding, not to the bit. */
function expectClose(got: Matrix, want: number[][], tol = 1e-13): void {
  const g = toRows(got);
  expect([got.rows, got.cols]).toEqual([want.length, want[0]!.length]);
  g.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - want[i]![j]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i]![j]!)))));
}

describe('forward and backward against numpy, per layer', () => {
  const { train } = loadSplit('football');
  const { X, Y } = firstExamples(train.X, train.Y, fx.examples);
  for (const c of fx.cases) {
    it(`lambd ${c.lambd}, keepProb ${c.keepProb}`, () => {
      const params: Params = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, fromRows(v)]));
      const ws = createWorkspace(c.layers, X, c.keepProb < 1);
      const reg = { lambd: c.lambd, keepProb: c.keepProb, masks: c.keepProb < 1 ? maskSource('course') : undefined };
      const AL = forwardInto(ws, params, reg);
      if (c.keepProb < 1) {
        expect(Array.from(ws.D[1]!)).toEqual(c.D1.flat());
        expect(Array.from(ws.D[2]!)).toEqual(c.D2.flat());
      }
      expectClose(ws.A[1]!, c.A1);
      expectClose(ws.A[2]!, c.A2);
      expectClose(AL, c.A3);
      const cost = crossEntropy(AL, Y) + l2Penalty(params, c.layers, c.lambd, fx.examples);
      expect(Math.abs(cost - c.cost)).toBeLessThan(1e-14);
      backwardInto(ws, params, Y, reg);
      for (const [k, v] of Object.entries(c.grads)) expectClose(ws.grads[k]!, v);
    });
  }
});

describe('initializations', () => {
  it('he on 2,4,1 with seed 3 gives the published weights exactly', () => {
    const p = initialize([2, 4, 1], 'he', 3);
    expect(toRows(p.W1!)).toEqual([[1.7886284734303186, 0.43650985051198943], [0.09649746807200862, -1.8634927033644908],
      [-0.27738820251439905, -0.35475897926898675], [-0.08274148148245977, -0.6270006768238473]]);
    expect(toRows(p.W2!)).toEqual([[-0.030984124422056857, -0.33744410537169206, -0.9290426766647434, 0.6255224840406426]]);
    expect(toRows(p.b1!)).toEqual([[0], [0], [0], [0]]);
  });
  it('zeros draws nothing and random multiplies by 10', () => {
    expect(toRows(initialize([2, 3, 1], 'zeros', 3).W1!).flat()).toEqual([0, 0, 0, 0, 0, 0]);
    const he = initialize([2, 3, 1], 'he', 3).W1!.data;
    const rnd = initialize([2, 3, 1], 'random', 3).W1!.data;
    rnd.forEach((v, i) => expect(v).toBe((he[i]! / Math.sqrt(2 / 2)) * 10));
  });
  it('a custom scale replaces the multiplier', () => {
    const p = initialize([2, 3, 1], 'random', 3, (fanIn, fanOut) => fanIn + fanOut);
    const base = initialize([2, 3, 1], 'random', 3);
    p.W2!.data.forEach((v, i) => expect(v).toBe((base.W2!.data[i]! / 10) * 4));
  });
});
