// Divergence is judged on the trained parameters and their activations, never on a nansum'd cost,
// and the warning names what overflowed from measured values.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromData } from '../src/linalg/matrix.js';
import { crossEntropy } from '../src/nn/cost.js';
import { runSweep, type Executor } from '../src/experiments/sweep.js';
import { renderSweep } from '../src/cli/render/sweep.js';
import { DEFAULTS } from '../src/experiments/settings.js';
import { fixture, nnlab } from './helpers/cli.js';

const json = (args: string[]) => {
  const r = nnlab([...args, '--json']);
  return { ...r, out: JSON.parse(r.stdout) };
};
const warnings = (stderr: string): string[] => stderr.trim().split('\n').filter(Boolean);
/** Wrapped legend lines joined back into one. */
const unwrap = (text: string): string => text.replace(/\n {2}(?=\S)/g, ' ');

describe('the cost of NaN outputs', () => {
  it('is NaN, not the 0 that nansum would make of it', () => {
    expect(crossEntropy(fromData(1, 2, Float64Array.of(NaN, NaN)), fromData(1, 2, Float64Array.of(0, 1)))).toBeNaN();
  });
  it('still counts the 0·log(0) of a saturated, correct output as 0, as the course does', () => {
    // a = 1 for y = 1: (1-y)·log(1-a) = 0·(-inf) = NaN, which the course's nansum drops
    expect(crossEntropy(fromData(1, 2, Float64Array.of(1, 0.5)), fromData(1, 2, Float64Array.of(1, 0)))).toBeCloseTo(Math.log(2) / 2, 15);
  });
});

describe('diverged runs', () => {
  it('--lr 1e308: nan costs (not 0), diverged, and the warning names the learning rate', () => {
    const r = json(['train', '--lr', '1e308', '--iterations', '200', '--print-every', '100']);
    expect(r.out.costs.map((c: { cost: unknown }) => c.cost)).toEqual([0.8830537463419761, 'nan']);
    expect(r.out.finalCost).toBe('nan');
    expect(r.out.diverged).toBe(true);
    expect(r.out.divergence.cause).toBe('learning rate');
    expect(r.out.nonFinite).toEqual(['parameters', 'activations', 'cost']);
    expect(warnings(r.stderr)).toEqual([expect.stringMatching(/^nnlab: warning: training diverged at iteration 1 \(the first step to produce inf or nan\): .*weight steps lr·‖dW‖ up to .*--lr 1e308 is too large, and so is a tenth of it$/)]);
  });

  it('--lambd 1e308: the warning names λ, not the learning rate', () => {
    const r = json(['train', '--lambd', '1e308', '--iterations', '200', '--print-every', '100']);
    expect(r.out.divergence.cause).toBe('lambd');
    expect(r.out.divergence.decayStep).toBeGreaterThan(r.out.divergence.gradientStep);
    const [w] = warnings(r.stderr);
    expect(w).toMatch(/weight-decay steps .*; with λ = 0 the same run is still finite at iteration 100 .*--lambd 1e308 is too large for --lr 0\.01$/);
    expect(w).not.toMatch(/--lr 0\.01 is too large/);
  });

  it('inputs too large: the warning names the input scale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-div-'));
    const file = join(dir, 'big.csv');
    writeFileSync(file, 'x1,x2,y\n1e300,2e300,0\n-3e300,1e300,1\n2e300,-1e300,1\n');
    const r = json(['train', '--dataset', file, '--test-dataset', file, '--iterations', '10', '--print-every', '5']);
    // the gradient of the first step is of the inputs' size; the learning rate is the course's
    expect(r.out.divergence).toMatchObject({ cause: 'input scale', maxInput: 3e300 });
    expect(r.out.divergence.firstGradient).toBeGreaterThan(1e290);
    // the test file is the training file: said too
    expect(warnings(r.stderr)).toEqual([
      expect.stringMatching(/big\.csv has no test set of other points/),
      expect.stringMatching(/; with the inputs rescaled to RMS 1 \(they have RMS .*, up to \|x\| = 3e300\) the same run is still finite at iteration 10: the input scale is too large/),
    ]);
    // inputs so large that the very first forward pass overflows
    writeFileSync(file, 'x1,x2,y\n1.7e308,1.7e308,0\n-1.7e308,1e300,1\n1e308,-1.7e308,1\n');
    const first = json(['train', '--dataset', file, '--test-dataset', file, '--iterations', '10', '--print-every', '5']);
    expect(first.out.divergence).toMatchObject({ cause: 'input scale', iteration: 0, where: 'activations', layer: 1 });
    expect(warnings(first.stderr)).toEqual([
      expect.stringMatching(/big\.csv has no test set of other points/),
      // the RMS of inputs near the largest double is itself finite (1.4e308), not an overflowed inf
      expect.stringMatching(/in the first forward pass; with the inputs rescaled to RMS 1 \(they have RMS 1\.\d+e308, .*the input scale is too large/),
    ]);
  });

  it('initial weights too large: the warning names them', () => {
    const r = json(['train', '--scale', '1e300', '--iterations', '10', '--print-every', '5']);
    expect(r.out.divergence).toMatchObject({ cause: 'initial weights', iteration: 0 });
    expect(warnings(r.stderr)).toEqual([expect.stringMatching(/the initial weights are too large/)]);
  });

  it('counter-example: the large random init starts at an inf cost but does not diverge', () => {
    const r = json(['train', '--init', 'random', '--iterations', '2000']);
    expect(r.out.costs[0].cost).toBe('inf');
    expect(r.out.diverged).toBe(false);
    expect(r.stderr).toBe('');
  });
});

describe('sweeps never crown a diverged variant', () => {
  it('sweep train --init zeros,he --lr 0.01,1e308: the nan variant is marked ✗, not ★, and warned about', () => {
    const r = nnlab(['sweep', 'train', '--init', 'zeros,he', '--lr', '0.01,1e308', '--iterations', '200', '--print-every', '100']);
    // a label of two axes goes one setting a line when the table would not fit 80 columns
    const rows = r.stdout.split('\n');
    const i = rows.findIndex((l) => /│ init=he, +│ .* nan /.test(l) || l.includes('init=he, lr=1e308'));
    expect(rows[i]).toMatch(/^│ ✗ │/);
    expect(rows[i]).not.toContain('★');
    expect(unwrap(r.stdout)).toMatch(/✗ diverged: init=he, lr=1e308 \(parameters, activations and final cost inf or nan\)/);
    expect(warnings(r.stderr)).toEqual([expect.stringMatching(/^nnlab: warning: init=he, lr=1e308: training diverged .*--lr 1e308 is too large, and so is a tenth of it$/)]);
  });

  it('a diverged variant with the best accuracy is still not best', async () => {
    const fake: Executor = async (jobs) => jobs.map((j) => ({
      costs: [], accuracy: j.config.lr > 1 ? { train: 1, test: 1 } : { train: 0.6, test: 0.6 }, finalCost: j.config.lr > 1 ? NaN : 0.5,
      finalCostWithDropout: null, durationMs: 1, diverged: j.config.lr > 1, nonFinite: j.config.lr > 1 ? ['parameters' as const] : [], divergence: null, testOnTrainingData: false,
    }));
    const r = await runSweep({ of: 'train', base: DEFAULTS.train, axes: [{ key: 'lr', values: [0.01, 1e308] }], repeat: 1 }, fake);
    expect(r.variants.map((v) => [v.label, v.best, v.diverged])).toEqual([['lr=0.01', true, 0], ['lr=1e308', false, 1]]);
  });

  it('every variant diverged: no best at all', async () => {
    const fake: Executor = async (jobs) => jobs.map(() => ({ costs: [], accuracy: { train: 1, test: 1 }, finalCost: NaN, finalCostWithDropout: null, durationMs: 1, diverged: true, nonFinite: ['parameters' as const], divergence: null, testOnTrainingData: false }));
    const r = await runSweep({ of: 'train', base: DEFAULTS.train, axes: [{ key: 'lr', values: [1e300, 1e308] }], repeat: 1 }, fake);
    expect(r.variants.some((v) => v.best)).toBe(false);
  });
});

describe('the cause is named from what kept a changed run finite', () => {
  it('λ, not the initial weights, with dropout 0.05 beside it (--lr 1 --lambd 1e5 --keep-prob 0.05)', () => {
    const r = json(['train', '--lr', '1', '--lambd', '1e5', '--keep-prob', '0.05', '--iterations', '300', '--print-every', '100']);
    expect(r.out.divergence).toMatchObject({ cause: 'lambd', evidence: { cause: 'lambd' } });
    const [w] = warnings(r.stderr);
    expect(w).toMatch(/with λ = 0 the same run is still finite at iteration \d+ .*--lambd 100000 is too large for --lr 1$/);
    expect(w).not.toMatch(/initial weights/);
  });

  it('bias steps, named as such, when the weights never moved (zeros init, imbalanced labels, --lr 10000)', () => {
    const r = json(['train', '--dataset', fixture('findings/imbal.csv'), '--init', 'zeros', '--lr', '10000', '--iterations', '3', '--print-every', '1']);
    expect(r.out.divergence).toMatchObject({ cause: 'learning rate', where: 'cost', gradientStep: 0 });
    expect(r.out.divergence.biasStep).toBeGreaterThan(0);
    const w = warnings(r.stderr).find((l) => l.includes('diverged'))!;
    expect(w).toMatch(/after bias steps lr·‖db‖ up to 4000; with --lr 1000 the same run is still finite at iteration 3: --lr 10000 is too large$/);
    expect(w.replace(' (the first step to produce inf or nan)', '')).not.toMatch(/up to 0\b|nan/);
  });

  it('"no change tried" lists the changes that were tried, and only those', () => {
    // λ = 0 and no dropout already: only a tenth of the learning rate was tried, shown as typed (1e199, not 9.999999999999999e198)
    const [alone] = warnings(nnlab(['regularize', '--lr', '1e200', '--iterations', '200', '--print-every', '100']).stderr);
    expect(alone).toMatch(/; no change tried kept it finite \(--lr 1e199\): --lr 1e200 is too large, and so is a tenth of it$/);
    expect(alone).not.toMatch(/λ = 0|dropout off/);
    const r = json(['train', '--lr', '1e308', '--keep-prob', '0.5', '--lambd', '1', '--iterations', '200', '--print-every', '100']);
    expect(r.out.divergence.tried).toEqual(['lambd', 'dropout', 'learning rate']);
    expect(warnings(r.stderr)[0]).toMatch(/; no change tried kept it finite \(one at a time: λ = 0, dropout off, --lr 1e307\): --lr 1e308 is too large/);
  });

  it('the initial weights, when rescaling them keeps it finite (--scale 1e300)', () => {
    const r = json(['train', '--scale', '1e300', '--iterations', '10', '--print-every', '5']);
    expect(r.out.divergence).toMatchObject({ cause: 'initial weights', evidence: { cause: 'initial weights', finiteAt: 10 } });
  });
});

describe('sweep: "diverged" says what was not finite, and partial divergence is shown as such', () => {
  it('only the cost is inf (lr=1000, λ = 0): parameters and activations are said to be finite', () => {
    const r = nnlab(['sweep', 'train', '--lr', '0.01,1000', '--iterations', '2000']);
    expect(unwrap(r.stdout)).toMatch(/✗ diverged: lr=1000 \(final cost inf or nan; parameters and activations finite\)/);
    expect(r.stdout).not.toMatch(/parameters or activations inf/);
  });

  it('2 of 6 seeds diverged: marked ✗ 2/6, statistics over the other 4, and the legend says so', async () => {
    const fake: Executor = async (jobs) => jobs.map((j) => {
      const bad = j.config.seed < 5;
      return {
        costs: [], accuracy: bad ? { train: 0.5, test: 0.5 } : { train: 0.9, test: 0.8 }, finalCost: bad ? Infinity : 0.3, finalCostWithDropout: null,
        durationMs: 1, diverged: bad, nonFinite: bad ? ['cost' as const] : [], divergence: null, testOnTrainingData: false,
      };
    });
    const r = await runSweep({ of: 'train', base: DEFAULTS.train, axes: [{ key: 'lr', values: [0.01, 0.02] }], repeat: 6 }, fake);
    const v = r.variants[0]!;
    expect([v.diverged, v.test.n, v.test.mean, v.finalCost.mean]).toEqual([2, 4, 0.8, 0.3]);
    const out = unwrap(renderSweep(r));
    expect(out).toMatch(/✗ 2\/6 │ lr=0\.01/);
    expect(out).toMatch(/lr=0\.01: 2 of 6 seeds \(final cost inf or nan; parameters and activations finite\); its row's statistics are over the other 4/);
  });
});
