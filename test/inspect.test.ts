// The course runs through the inspector: each init/regularizer shows the measured effect it is known for.
// Runs take seconds each, so six are made once and shared by every assertion.
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectJson, pickReports, renderInspect } from '../src/cli/render/inspect.js';
import { loadSplit } from '../src/data/registry.js';
import type { Split } from '../src/data/dataset.js';
import { explain } from '../src/experiments/explain.js';
import { compact } from '../src/numpyText.js';
import { DEFAULTS, type RunConfig, type TrainCommand } from '../src/experiments/settings.js';
import { runTraining, type TrainRecord } from '../src/experiments/train.js';
import { fromRows } from '../src/linalg/matrix.js';
import { distinctRows, initStats, type Snapshot } from '../src/nn/inspect.js';

interface Run {
  record: TrainRecord;
  snaps: Snapshot[];
}

async function run(command: TrainCommand, config: RunConfig, split: Split): Promise<Run> {
  const record = await runTraining(command, config, { split, inspect: true });
  return { record, snaps: record.snapshots! };
}

const sumNorm = (s: Snapshot): number => s.layers.reduce((a, l) => a + l.weight.norm, 0);
const hidden = (s: Snapshot) => s.layers.filter((l) => !l.output);
const output = (s: Snapshot) => s.layers.find((l) => l.output)!;

const runs = {} as Record<'zeros' | 'random' | 'he' | 'plain' | 'l2' | 'dropout' | 'fresh', Run>;

beforeAll(async () => {
  const circles = loadSplit('circles');
  const football = loadSplit('football');
  const course = DEFAULTS.train; // circles, 2,10,5,1, seed 3, lr 0.01, 15000 iterations, every 1000
  const reg = DEFAULTS.regularize; // football, 2,20,3,1, xavier, lr 0.3, 30000 iterations, every 10000
  runs.zeros = await run('train', { ...course, init: 'zeros' }, circles);
  runs.random = await run('train', { ...course, init: 'random' }, circles);
  runs.he = await run('train', { ...course, init: 'he' }, circles);
  runs.plain = await run('regularize', reg, football);
  runs.l2 = await run('regularize', { ...reg, lambd: 0.7 }, football);
  runs.dropout = await run('regularize', { ...reg, keepProb: 0.86 }, football);
  // short: only to see fresh masks differ between reports
  runs.fresh = await run('regularize', { ...reg, keepProb: 0.86, dropoutMasks: 'fresh', iterations: 3, printEvery: 1 }, football);
}, 180_000);

describe('inspector on the course runs', () => {
  it('takes one snapshot per reported iteration', () => {
    expect(runs.he.snaps.map((s) => s.iteration)).toEqual(runs.he.record.costs.map((c) => c.iteration));
    expect(runs.he.snaps.map((s) => s.cost)).toEqual(runs.he.record.costs.map((c) => c.cost));
  });

  it('shows the init formula with its numbers', () => {
    const init = runs.he.snaps[0]!.layers.map((l) => l.init);
    expect(init.map((i) => i.text)).toEqual(['sqrt(2/2)', 'sqrt(2/10)', 'sqrt(2/5)']);
    expect(init[0]!.value).toBe(1);
    expect(init[1]!.value).toBeCloseTo(0.447, 3);
    expect(runs.zeros.snaps[0]!.layers[0]!.init).toEqual({ formula: '0', text: '0', value: 0 });
  });

  it('reports at iteration 0 the weights the init drew (before the first update)', () => {
    const W1 = runs.he.record.initial['W1']!.data;
    const mean = W1.reduce((a, v) => a + v, 0) / W1.length;
    expect(runs.he.snaps[0]!.layers[0]!.weight.mean).toBeCloseTo(mean, 14);
  });

  it('zeros: one distinct unit in every hidden layer at every snapshot', () => {
    for (const s of runs.zeros.snaps) for (const l of hidden(s)) expect(l.distinct).toBe(1);
    for (const s of runs.he.snaps) expect(hidden(s).map((l) => l.distinct)).toEqual([10, 5]);
  });

  it('random: inf cost at iteration 0 from saturated, confidently wrong outputs', () => {
    const s0 = runs.random.snaps[0]!;
    expect(s0.cost).toBe(Infinity);
    const sat = output(s0).saturation!;
    expect(sat.saturatedShare).toBeGreaterThan(0.5);
    expect(sat.confidentlyWrong).toBeGreaterThanOrEqual(1);
    expect(sat.infTerms).toBeGreaterThanOrEqual(1);
    expect(output(runs.he.snaps[0]!).saturation!.infTerms).toBe(0);
  });

  it('he: activation std of order 1 in every layer at iteration 0', () => {
    for (const l of runs.he.snaps[0]!.layers) {
      expect(l.activation.std).toBeGreaterThan(0.1);
      expect(l.activation.std).toBeLessThan(10);
    }
  });

  it('L2 λ=0.7: final Σ‖W‖ well below the unregularized run, decay a real part of the gradient', () => {
    const last = (r: Run) => r.snaps[r.snaps.length - 1]!;
    expect(sumNorm(last(runs.l2))).toBeLessThan(0.5 * sumNorm(last(runs.plain)));
    for (const l of last(runs.l2).layers) expect(l.decay!.norm).toBeGreaterThan(0.05 * l.grad.data);
    expect(last(runs.plain).layers.every((l) => l.decay === null)).toBe(true);
  });

  it('dropout keep 0.86: kept fractions within 0.05 of 0.86, none on the output layer', () => {
    for (const s of runs.dropout.snaps) {
      for (const l of hidden(s)) expect(Math.abs(l.kept! - 0.86)).toBeLessThanOrEqual(0.05);
      expect(output(s).kept).toBeNull();
    }
  });
});

describe('explain', () => {
  const text = (r: Run): string => explain(r.record, r.snaps).join(' ');

  it('zeros: symmetry, one class', () => {
    const t = text(runs.zeros);
    expect(t).toMatch(/all 10 units of layer 1 and all 5 units of layer 2 stay identical/);
    expect(t).toMatch(/symmetry/);
    expect(t).toMatch(/one class \(train accuracy 0\.5\)/);
  });

  it('random: the inf cost traced to confidently wrong outputs; no "learn slowly", as the drawn curve falls from 8.95 (iteration 150) to under half', () => {
    const t = text(runs.random);
    expect(t).toMatch(/at iteration 0, 100% of outputs are saturated \(within 1e-6 of 0 or 1\), 150 of them on the wrong side; 150 outputs are exactly 0 or 1 on the wrong side/);
    expect(t).toMatch(/the outputs start saturated .*beyond ×2 of sqrt\(2\/fan_in\)/);
    // the reported costs alone (0.624 at 1000, 0.38 at 14000) would have said it learns slowly
    expect(t).not.toMatch(/learn slowly/);
    expect(t).not.toMatch(/symmetry/);
  });

  it('he: order-1 signals, no symmetry or inf sentence', () => {
    const t = text(runs.he);
    expect(t).toMatch(/he scaling sqrt\(2\/fan_in\) keeps the signal's scale at iteration 0: .*the activations are of order 1/);
    expect(t).not.toMatch(/symmetry|inf|slowly/);
  });

  it('L2 and dropout name their measured effect', () => {
    // the course's λ = 0.7 run has not settled at 20000: the two parts are named side by side, not "balanced"
    expect(text(runs.l2)).toMatch(/with L2 λ = 0\.7, Σ‖W‖ grows from 7\.36 to 9\.49 over the run; at iteration 20000 the weight decay \(λ\/m\)·W has norm 0\.0177 against the data's gradient's 0\.0418/);
    expect(text(runs.dropout)).toMatch(/kept fractions 0\.859\/0\.859 in the hidden layers match keep-prob 0\.86 \(within 4 binomial standard deviations\); the masks are identical at all 3 reports/);
    expect(text(runs.fresh)).toMatch(/the masks change between reports/);
    expect(text(runs.plain)).not.toMatch(/L2|kept/);
  });

  it('works from the record alone', () => {
    expect(explain(runs.zeros.record).join(' ')).toMatch(/at the start and at the end of the run: the network cannot break symmetry/);
    // measured from the initial parameters: the same sentence as with --inspect
    expect(explain(runs.random.record)[0]).toBe(explain(runs.random.record, runs.random.snaps)[0]);
    expect(explain(runs.random.record)[0]).toMatch(/^at iteration 0, 100% of outputs are saturated .*; it is finite from iteration 150 on \(8\.95\)/);
    expect(explain(runs.he.record)).toEqual([]);
  });
});

describe('rendering', () => {
  it('shows first, middle and last report with the optional columns only when they apply', () => {
    const out = renderInspect(runs.l2.snaps);
    expect(out.match(/^iteration \d+/gm)).toEqual(['iteration 0', 'iteration 10000', 'iteration 20000']);
    expect(out).toContain('‖decay‖');
    expect(out).not.toContain('kept');
    expect(renderInspect(runs.dropout.snaps)).toContain('kept');
    expect(renderInspect(runs.he.snaps, { which: 'all' }).match(/^iteration \d+/gm)).toHaveLength(15);
    expect(renderInspect(runs.he.snaps)).toContain('sqrt(2/10) = 0.447');
  });

  it('JSON keeps full precision', () => {
    const j = inspectJson(runs.he.snaps);
    expect(j.snapshots[0]).toEqual(runs.he.snaps[0]);
    expect(j.snapshots[0]).not.toBe(runs.he.snaps[0]);
  });
});

describe('helpers', () => {
  it('distinctRows groups rows equal up to 1e-12', () => {
    expect(distinctRows(fromRows([[1, 2], [1, 2 + 1e-13], [1, 2.1]]))).toBe(2);
    expect(distinctRows(fromRows([[NaN], [NaN]]))).toBe(2);
  });

  it('a custom --scale shows its text, and its value when given', () => {
    const cfg = { init: 'random' as const, scale: 'sqrt(2/(fan_in+fan_out))' };
    expect(initStats(cfg, 2, 10)).toEqual({ formula: cfg.scale, text: 'sqrt(2/(2+10))', value: null });
    expect(initStats({ ...cfg, scaleValue: (i, o) => Math.sqrt(2 / (i + o)) }, 2, 10).value).toBeCloseTo(0.408, 3);
  });

  it('compact numbers and report picks', () => {
    expect([0, 0.4472135, 1, 12345, 1.2e-5, 123456, Infinity, NaN].map(compact)).toEqual(['0', '0.447', '1', '12300', '1.2e-5', '1.23e5', 'inf', 'nan']);
    expect(pickReports(15)).toEqual([0, 7, 14]);
    expect(pickReports(1)).toEqual([0]);
    expect(pickReports(2)).toEqual([0, 1]);
  });
});
