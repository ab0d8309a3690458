// Sweep rows say what they ran: labels in the flags' spelling, overridden settings named, ★ only among
// comparable variants, intervals that stay inside what the quantity can be (or say where they were cut).
import { describe, expect, it } from 'vitest';
import { layout } from '../src/cli/render/layout.js';
import { renderSweep, sweepJson } from '../src/cli/render/sweep.js';
import { summarize } from '../src/experiments/stats.js';
import { DEFAULTS } from '../src/experiments/settings.js';
import { runSweep, variants, type Executor } from '../src/experiments/sweep.js';
import { fixture, nnlab } from './helpers/cli.js';

const unwrap = (text: string): string => text.replace(/\n {2}(?=\S)/g, ' ');
const result = (over: { test?: number; train?: number; cost?: number; onTrain?: boolean } = {}) => ({
  costs: [], accuracy: { train: over.train ?? 0.9, test: over.test ?? 0.8 }, finalCost: over.cost ?? 0.3, finalCostWithDropout: null,
  durationMs: 1, diverged: false, nonFinite: [], divergence: null, testOnTrainingData: over.onTrain ?? false,
});

describe('labels', () => {
  it('a sweep left with one variant is named by its settings, not "base"', () => {
    expect(variants({ of: 'regularize', base: { ...DEFAULTS.regularize, lambd: 0.5 }, axes: [], repeat: 1 }).map((v) => v.label)).toEqual(['lambd=0.5']);
    expect(variants({ of: 'train', base: DEFAULTS.train, axes: [], repeat: 1 }).map((v) => v.label)).toEqual(['defaults']);
    const r = nnlab(['run', 'configs/lambd-sweep.json', '--set', 'lambd=0.5', '--set', 'iterations=100', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).variants.map((v: { label: string }) => v.label)).toEqual(['iterations=100, lambd=0.5']);
    // counter-example: with an axis left, the axis names the variants as before
    const two = nnlab(['run', 'configs/lambd-sweep.json', '--set', 'lambd=0.5,0.7', '--set', 'iterations=100', '--json']);
    expect(JSON.parse(two.stdout).variants.map((v: { label: string }) => v.label)).toEqual(['lambd=0.5', 'lambd=0.7']);
  });

  it('name each axis by its flag: keep-prob, not keepProb', () => {
    const vs = variants({ of: 'regularize', base: DEFAULTS.regularize, axes: [{ key: 'keepProb', values: [0.86, 1] }, { key: 'printEvery', values: [10, 20] }], repeat: 1 });
    expect(vs.map((v) => v.label)).toEqual(['keep-prob=0.86, print-every=10', 'keep-prob=0.86, print-every=20', 'keep-prob=1, print-every=10', 'keep-prob=1, print-every=20']);
  });

  it('an init replaced by --scale says so in its row and below the table (sweep train --init xavier,he,glorot --scale 2)', () => {
    const r = nnlab(['sweep', 'train', '--init', 'xavier,he,glorot', '--scale', '2', '--iterations', '100']);
    // whole with --wide; at 80 columns the label wraps in its cell
    const wide = nnlab(['sweep', 'train', '--init', 'xavier,he,glorot', '--scale', '2', '--iterations', '100', '--wide']);
    expect(wide.stdout).toMatch(/│ init=xavier \(overridden by scale=2\) │/);
    expect(wide.stdout).toMatch(/│ init=glorot \(overridden by scale=2\) │/);
    expect(r.stdout).toMatch(/│ ★ │ init=xavier +│.*\n│ +│ \(overridden by +│.*\n│ +│ scale=2\) +│/);
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(unwrap(r.stdout)).toMatch(/overridden: a --scale formula replaces the init's multiplier, so init=xavier \(overridden by scale=2\); .* draw the same weights/);
    // the three are the same run, so all three tie for ★
    expect(unwrap(r.stdout)).toMatch(/★ best \(3 tied\)/);
    // counter-example: without --scale the init is what ran
    const plain = variants({ of: 'train', base: DEFAULTS.train, axes: [{ key: 'init', values: ['he', 'xavier'] }], repeat: 1 });
    expect(plain.map((v) => v.label)).toEqual(['init=he', 'init=xavier']);
    const both = variants({ of: 'train', base: DEFAULTS.train, axes: [{ key: 'init', values: ['he'] }, { key: 'scale', values: [null, '2'] }], repeat: 1 });
    expect(both.map((v) => v.label)).toEqual(['init=he, scale=none', 'init=he (overridden), scale=2']);
  });
});

describe('★ best compares like with like', () => {
  it('a test accuracy on the training data is not ranked against held-out ones (sweep train --dataset circles,circtrain.csv)', async () => {
    const fake: Executor = async (jobs) => jobs.map((j) => (j.config.dataset === 'circles' ? result({ test: 0.5 }) : result({ test: 0.52, onTrain: true })));
    const r = await runSweep({ of: 'train', base: DEFAULTS.train, axes: [{ key: 'dataset', values: ['circles', 'mine.csv'] }], repeat: 1 }, fake);
    expect(r.variants.map((v) => v.best)).toEqual([true, false]);
    expect(r.best.excludedOnTrainingData).toEqual(['dataset=mine.csv']);
    expect(unwrap(renderSweep(r))).toMatch(/ranked only among variants with a held-out test set, not dataset=mine\.csv/);
    expect((sweepJson(r) as { best: unknown }).best).toEqual({ excludedOnTrainingData: ['dataset=mine.csv'], allOnTrainingData: false });
  });

  it('every variant on its training data: ranked, and the legend says whose test accuracy it is', () => {
    const r = nnlab(['sweep', 'train', '--dataset', fixture('circles-train.csv'), '--lr', '0.01,0.02', '--iterations', '100']);
    expect(unwrap(r.stdout)).toMatch(/★ best: highest test accuracy \(on the training data: no variant has a test set\)/);
  });
});

describe('intervals', () => {
  it('an interval past what the quantity can be is cut there, and flagged: accuracy ≤ 1, cost ≥ 0', () => {
    expect(summarize([1, 1, 0.9], [0, 1])).toMatchObject({ ci95Clipped: true });
    expect(summarize([1, 1, 0.9], [0, 1]).ci95[1]).toBe(1);
    const cost = summarize([0.01, 0.02, 0.9], [0, Infinity]);
    expect(cost.ci95[0]).toBe(0);
    expect(cost.ci95Clipped).toBe(true);
    // counter-example: an interval well inside
    expect(summarize([0.5, 0.51, 0.52], [0, 1]).ci95Clipped).toBe(false);
  });

  it('the sweep table marks a cut interval and says why', async () => {
    const fake: Executor = async (jobs) => jobs.map((j) => result({ test: j.config.seed === 3 ? 0.9 : 1 }));
    const r = await runSweep({ of: 'train', base: DEFAULTS.train, axes: [], repeat: 3 }, fake);
    layout.width = Infinity; // the table whole, as --wide prints it
    const out = unwrap(renderSweep(r));
    layout.width = 80;
    expect(out).toMatch(/\[0\.\d{4}, 1\.0000\]\*/);
    expect(out).toMatch(/\* cut at 0 or 1, where the t interval reached past what an accuracy can be/);
    expect(r.variants[0]!.finalCost.ci95[0]).toBeGreaterThanOrEqual(0);
  });
});
