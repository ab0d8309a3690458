// The drawn cost curve and the parameter stages: dense, independent of --print-every, and free of any
// effect on training (asking an engine for the cost does not change its step).
import { describe, expect, it } from 'vitest';
import { loadSplit } from '../src/data/registry.js';
import { createTsEngine } from '../src/nn/engine.js';
import type { Params } from '../src/nn/params.js';
import { CURVE_POINTS, curveStep, stageIterations, train, type TrainSettings } from '../src/nn/train.js';
import { createWasmEngine } from '../src/nn/wasmEngine.js';

const circles = loadSplit('circles');
const football = loadSplit('football');
const he: TrainSettings = { layers: [2, 10, 5, 1], activation: 'relu', init: 'he', seed: 3, lr: 0.01, iterations: 3000, printEvery: 1000, lambd: 0, keepProb: 1, dropoutMasks: 'course' };
const dropout: TrainSettings = { ...he, layers: [2, 20, 3, 1], init: 'xavier', lr: 0.3, iterations: 2000, printEvery: 500, lambd: 0.7, keepProb: 0.86 };

const bits = (p: Params): string[] => Object.entries(p).map(([k, m]) => `${k}:${Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength).toString('hex')}`);

describe('the cost curve', () => {
  it('has about CURVE_POINTS evenly spaced costs and the final cost, whatever --print-every is', () => {
    const a = train(circles, he);
    const b = train(circles, { ...he, printEvery: 7 });
    const c = train(circles, { ...he, printEvery: 100000 });
    const step = curveStep(3000, CURVE_POINTS);
    expect(step).toBe(15);
    expect(a.curve.map((p) => p.iteration)).toEqual([...Array.from({ length: 200 }, (_, k) => k * 15), 3000]);
    expect(b.curve).toEqual(a.curve);
    expect(c.curve).toEqual(a.curve);
    expect(a.costs).toHaveLength(3);
    expect(c.costs).toHaveLength(1);
    expect(a.curve.at(-1)).toEqual({ iteration: 3000, cost: a.finalCost });
  });

  it('ends, with dropout, on the trained parameters\' cost under the mask, as its other costs are', () => {
    const r = train(football, dropout);
    expect(r.curve.at(-1)).toEqual({ iteration: 2000, cost: r.finalCostWithDropout });
    // counter-example: the final cost without dropout is another number
    expect(r.finalCost).not.toBe(r.finalCostWithDropout);
  });

  it('is drawn for any hidden activation, and only its own', () => {
    const tanh = train(circles, { ...he, activation: 'tanh', init: 'xavier' });
    expect(tanh.curve.at(-1)).toEqual({ iteration: 3000, cost: tanh.finalCost });
    const alone = train(circles, { ...he, activation: 'tanh', init: 'xavier', printEvery: curveStep(3000, CURVE_POINTS) }, { curvePoints: 0 });
    expect(tanh.curve.slice(0, -1)).toEqual(alone.costs);
    expect(tanh.curve.slice(1)).not.toEqual(train(circles, { ...he, init: 'xavier' }).curve.slice(1));
  });

  it('holds the costs a run reporting every curve step would print', () => {
    const dense = train(football, dropout);
    const step = curveStep(dropout.iterations, CURVE_POINTS);
    const printed = train(football, { ...dropout, printEvery: step }, { curvePoints: 0 });
    expect(printed.curve).toEqual([]);
    expect(dense.curve.slice(0, -1)).toEqual(printed.costs);
    // where the table and the curve meet, they agree to the bit
    for (const p of dense.costs) expect(dense.curve.find((q) => q.iteration === p.iteration)?.cost).toBe(p.cost);
  });

  for (const [name, split, s] of [['he on circles', circles, he], ['L2 and dropout on football', football, dropout]] as const) {
    it(`changes nothing in training, on either engine: ${name}`, () => {
      const runs = [createTsEngine, createWasmEngine].flatMap((engine) => [0, CURVE_POINTS, 5000].map((curvePoints) => train(split, s, { curvePoints }, engine)));
      const [first, ...rest] = runs;
      for (const r of rest) {
        expect(bits(r.params)).toEqual(bits(first!.params));
        expect(r.costs).toEqual(first!.costs);
        expect(Object.is(r.finalCost, first!.finalCost)).toBe(true);
      }
      // the two engines draw the same curve, to the bit
      expect(runs[4]!.curve).toEqual(runs[1]!.curve);
      expect(runs[5]!.curve).toEqual(runs[2]!.curve);
    });
  }

  it('is one point for a run of no iterations, and every iteration for a short run', () => {
    expect(train(circles, { ...he, iterations: 0 }).curve).toHaveLength(1);
    expect(train(circles, { ...he, iterations: 50 }).curve.map((p) => p.iteration)).toEqual(Array.from({ length: 51 }, (_, i) => i));
  });

  it('keeps inf and nan costs as they are', () => {
    const r = train(circles, { ...he, init: 'random', iterations: 400 });
    expect(r.curve[0]!.cost).toBe(Infinity);
    expect(r.curve.filter((p) => Number.isFinite(p.cost)).length).toBeGreaterThan(100);
  });
});

describe('parameter stages', () => {
  it('are log-spaced in steps of the curve, 0 and the last iteration included, without repeats', () => {
    // the regularize run: 9 stages by iteration 1200, as its dropout boundary settles by ~1500
    expect(stageIterations(30000, 20, 150)).toEqual([0, 150, 300, 450, 600, 750, 900, 1050, 1200, 1650, 2100, 2700, 3600, 4650, 6150, 7950, 10350, 13500, 17700, 22950, 30000]);
    expect(stageIterations(15000, 20, 75)).toHaveLength(21);
    // the last iteration even when it is no multiple of the unit
    expect(stageIterations(1001, 20, 10).at(-1)).toBe(1001);
    expect(stageIterations(5, 20, 10)).toEqual([0, 5]);
    expect(stageIterations(7, 20)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(stageIterations(0, 20)).toEqual([0]);
    expect(stageIterations(100, 0)).toEqual([]);
  });

  it('hold the parameters a run of that many iterations ends with, exactly', () => {
    const r = train(football, dropout, { stages: 4 });
    expect(r.stages.map((s) => s.iteration)).toEqual(stageIterations(dropout.iterations, 4, curveStep(dropout.iterations, CURVE_POINTS)));
    expect(r.stages).toHaveLength(5);
    // each stage's cost is on the drawn curve
    for (const s of r.stages) expect(r.curve.some((p) => p.iteration === s.iteration)).toBe(true);
    expect(bits(r.stages[0]!.params)).toEqual(bits(r.initial));
    expect(bits(r.stages[4]!.params)).toEqual(bits(r.params));
    const shorter = train(football, { ...dropout, iterations: r.stages[2]!.iteration }, { curvePoints: 0 });
    expect(bits(r.stages[2]!.params)).toEqual(bits(shorter.params));
    expect(train(football, dropout).stages).toEqual([]);
  });
});

describe('nnlab bench', () => {
  it('measures the curve: paired runs with and without it, and the step with and without its cost', async () => {
    const { benchCourse, benchStep } = await import('../src/experiments/bench.js');
    const r = benchCourse({ runs: 2, warmup: 0, experiments: ['init-he'] });
    const [he] = r.experiments;
    expect(he!.curve.points).toBe(201);
    expect(he!.runsMs).toHaveLength(2);
    expect(he!.curve.msWithout).toBeGreaterThan(0);
    expect(he!.curve.ratio).toBeGreaterThan(0);
    const step = benchStep({ runs: 2, iterations: 100 });
    expect(step.usPerCostedIteration).toBeGreaterThan(0);
    expect(step.runsUs).toHaveLength(2);
  });
});
