// Divergence is judged on the trained parameters and their activations, never on a nansum'd cost,
// and the warning names what overflowed from measured values.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromData } from '../src/linalg/matrix.js';
import { crossEntropy } from '../src/nn/cost.js';
import { runSweep, type Executor } from '../src/experiments/sweep.js';
import { DEFAULTS } from '../src/experiments/settings.js';
import { nnlab } from './helpers/cli.js';

const json = (args: string[]) => {
  const r = nnlab([...args, '--json']);
  return { ...r, out: JSON.parse(r.stdout) };
};
const warnings = (stderr: string): string[] => stderr.trim().split('\n').filter(Boolean);

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
    expect(warnings(r.stderr)).toEqual([expect.stringMatching(/^nnlab: warning: training diverged at iteration 1: .*gradient steps .*--lr 1e308 is too large$/)]);
  });

  it('--lambd 1e308: the warning names λ, not the learning rate', () => {
    const r = json(['train', '--lambd', '1e308', '--iterations', '200', '--print-every', '100']);
    expect(r.out.divergence.cause).toBe('lambd');
    expect(r.out.divergence.decayStep).toBeGreaterThan(r.out.divergence.gradientStep);
    const [w] = warnings(r.stderr);
    expect(w).toMatch(/weight-decay steps .*--lambd 1e308 is too large for --lr 0\.01$/);
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
    expect(warnings(r.stderr)).toEqual([expect.stringMatching(/after a first gradient ‖dW‖ of .*inputs up to \|x\| = 3e\+300 .*the input scale is too large/)]);
    // inputs so large that the very first forward pass overflows
    writeFileSync(file, 'x1,x2,y\n1.7e308,1.7e308,0\n-1.7e308,1e300,1\n1e308,-1.7e308,1\n');
    const first = json(['train', '--dataset', file, '--test-dataset', file, '--iterations', '10', '--print-every', '5']);
    expect(first.out.divergence).toMatchObject({ cause: 'input scale', iteration: 0, where: 'activations', layer: 1 });
    expect(warnings(first.stderr)).toEqual([expect.stringMatching(/in the first forward pass, with inputs up to/)]);
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
    // a label of two axes goes one setting a line, so the table fits 80 columns
    const rows = r.stdout.split('\n');
    const i = rows.findIndex((l) => /│ init=he, +│ .* nan /.test(l));
    expect(rows[i]).toMatch(/^│ ✗ │/);
    expect(rows[i + 1]).toMatch(/^│ +│ lr=1e308 +│/);
    expect(r.stdout).toMatch(/✗ diverged \(parameters or activations inf\/nan\): init=he, lr=1e308/);
    expect(warnings(r.stderr)).toEqual([expect.stringMatching(/^nnlab: warning: init=he, lr=1e308: training diverged .*--lr 1e308 is too large$/)]);
  });

  it('a diverged variant with the best accuracy is still not best', async () => {
    const fake: Executor = async (jobs) => jobs.map((j) => ({
      costs: [], accuracy: j.config.lr > 1 ? { train: 1, test: 1 } : { train: 0.6, test: 0.6 }, finalCost: j.config.lr > 1 ? NaN : 0.5,
      durationMs: 1, diverged: j.config.lr > 1, divergence: null, testOnTrainingData: false,
    }));
    const r = await runSweep({ of: 'train', base: DEFAULTS.train, axes: [{ key: 'lr', values: [0.01, 1e308] }], repeat: 1 }, fake);
    expect(r.variants.map((v) => [v.label, v.best, v.diverged])).toEqual([['lr=0.01', true, 0], ['lr=1e308', false, 1]]);
  });

  it('every variant diverged: no best at all', async () => {
    const fake: Executor = async (jobs) => jobs.map(() => ({ costs: [], accuracy: { train: 1, test: 1 }, finalCost: NaN, durationMs: 1, diverged: true, divergence: null, testOnTrainingData: false }));
    const r = await runSweep({ of: 'train', base: DEFAULTS.train, axes: [{ key: 'lr', values: [1e300, 1e308] }], repeat: 1 }, fake);
    expect(r.variants.some((v) => v.best)).toBe(false);
  });
});
