// A variant that fails at run time is reported as failed; the other variants' results are kept.
import { describe, expect, it } from 'vitest';
import { layout } from '../src/cli/render/layout.js';
import { renderSweep, sweepJson } from '../src/cli/render/sweep.js';
import { sweepRecordFiles } from '../src/experiments/record.js';
import { DEFAULTS } from '../src/experiments/settings.js';
import { runSweep, type SettledExecutor, type SweepPlan } from '../src/experiments/sweep.js';

const plan: SweepPlan = { of: 'train', base: { ...DEFAULTS.train, iterations: 10 }, axes: [{ key: 'lr', values: [0.01, 0.02, 0.03] }], repeat: 2 };

/** Every run finishes with test accuracy rising with lr, except lr 0.03's second seed, which fails. */
const executor: SettledExecutor = async (jobs) => jobs.map(({ config }) => (config.lr === 0.03 && config.seed === 4
  ? { error: 'worker stopped (exit code 134)' }
  : { costs: [{ iteration: 0, cost: 1 - config.lr }], accuracy: { train: 0.5, test: 0.5 + config.lr }, durationMs: 5 }));

describe('a sweep with a failed run', () => {
  it('keeps the runs that finished and marks the variant failed', async () => {
    const r = await runSweep(plan, executor);
    expect(r.runs).toHaveLength(6);
    expect(r.runs.filter((x) => x.error !== undefined)).toEqual([expect.objectContaining({ error: 'worker stopped (exit code 134)', costs: [] })]);
    expect(r.variants.map((v) => v.failed)).toEqual([null, null, 'worker stopped (exit code 134)']);
    // Its statistics cover the run that finished; it cannot be best, although its test accuracy is highest.
    expect(r.variants[2]!.test).toMatchObject({ mean: 0.53, n: 1 });
    expect(r.variants.map((v) => v.best)).toEqual([false, true, false]);
  });
  it('says so in the table and in JSON', async () => {
    const r = await runSweep(plan, executor);
    layout.width = Infinity; // the table whole, as --wide prints it
    const text = renderSweep(r);
    layout.width = 80;
    expect(text).toMatch(/│ +│ lr=0\.03 │ failed: worker stopped \(exit code 134\) +│/);
    expect(text).toMatch(/│ ★ │ lr=0\.02 │ 0\.5000 ± 0\.0000 +│ 0\.5200 ± 0\.0000/);
    const json = sweepJson(r) as { runs: { error?: string }[]; variants: { failed: string | null }[] };
    expect(json.variants.map((v) => v.failed)).toEqual([null, null, 'worker stopped (exit code 134)']);
    expect(json.runs.map((x) => x.error)).toEqual([undefined, undefined, undefined, undefined, undefined, 'worker stopped (exit code 134)']);
  });
  it('and in the --out record\'s summary.csv', async () => {
    const r = await runSweep(plan, executor);
    const summary = (await sweepRecordFiles(r, sweepJson(r), { nnlab: '0', node: 'v20', gitCommit: null, createdAt: '' }))['summary.csv']!.trim().split('\n');
    expect(summary[0]!.endsWith(',best,failed')).toBe(true);
    expect(summary.map((l) => l.split(',').pop())).toEqual(['failed', '', '', 'seed 4 failed: worker stopped (exit code 134)']);
    // The seeds column lists the seeds the figures are over: lr 0.03's seed 3 alone, so no std or interval.
    expect(summary[3]).toMatch(/^lr=0\.03,3,[\d.]+,,[\d.]+,,,,/);
  });
});
