import { describe, expect, it } from 'vitest';
import { renderReproduce } from '../src/cli/render/reproduce.js';
import { MEASURED_SPREAD } from '../src/experiments/measuredSpread.js';
import { BLOG, NOTEBOOK_2017, OTHER_VERSIONS, PUBLISHED_RUNS } from '../src/experiments/published.js';
import { DETERMINISTIC_TOLERANCE, isChaotic, reproduce, type ExperimentReport, type Figure } from '../src/experiments/reproduce.js';
import { position } from '../src/experiments/spread.js';
import type { Executor, TrainJobResult } from '../src/experiments/sweep.js';
import { nnlab } from './helpers/cli.js';

const costs = (e: { figures: Figure[] }, source: string) => e.figures.filter((f) => f.label.startsWith('cost') && f.source === source);

describe('nnlab reproduce', () => {
  const r = nnlab(['reproduce', '--json']);
  const out = JSON.parse(r.stdout) as { experiments: ExperimentReport[]; match: boolean };
  const exp = (name: string) => out.experiments.find((e) => e.name === name)!;

  it('exits 1 exactly when some figure misses, and says which', () => {
    expect(r.code).toBe(out.match ? 0 : 1);
    expect(out.match).toBe(out.experiments.every((e) => e.figures.every((f) => f.match)));
  });

  it('compares all 15 costs of every initialization run, both versions of the ×10 run, and its 400 predictions', () => {
    for (const name of ['init-zeros', 'init-random', 'init-he']) expect(costs(exp(name), BLOG)).toHaveLength(15);
    expect(costs(exp('init-random'), NOTEBOOK_2017)).toHaveLength(15);
    for (const name of ['reg-none', 'reg-l2', 'reg-dropout']) expect(costs(exp(name), BLOG)).toHaveLength(3);
    const predictions = exp('init-random').figures.filter((f) => f.label.endsWith('predictions'));
    expect(predictions.map((f) => [f.label, String(f.published).length, f.tolerance.kind, f.match])).toEqual([
      ['train predictions', 300, 'exact', true], ['test predictions', 100, 'exact', true],
    ]);
  });

  it('holds every figure of the deterministic runs, the accuracies and the gradient check, and they all match', () => {
    for (const e of out.experiments) {
      for (const f of e.figures) {
        expect(f.tolerance.reason.length, `${e.name} ${f.label}`).toBeGreaterThan(10);
        if (e.name !== 'init-random' || !f.label.startsWith('cost')) expect([e.name, f.label, f.match]).toEqual([e.name, f.label, true]);
        if (f.label.endsWith('accuracy')) expect(f.tolerance.kind).toBe('exact');
      }
    }
    for (const f of costs(exp('init-he'), BLOG)) expect(f.tolerance).toMatchObject({ kind: 'relative', value: DETERMINISTIC_TOLERANCE });
  });

  it('holds the chaotic ×10 costs to the measured spread at each iteration, and shows where nnlab lies in it', () => {
    const e = exp('init-random');
    const spread = MEASURED_SPREAD.runs['init-random']!;
    for (const f of e.figures.filter((x) => x.label.startsWith('cost'))) {
      const p = spread.points.find((q) => `cost @ ${q.iteration}` === f.label)!;
      if (p.tolerance === undefined) expect(f.tolerance.kind).toBe('exact');
      else expect(f.tolerance).toMatchObject({ kind: 'relative', value: (p.max! - p.min!) / p.median! });
    }
    expect(e.trace!.map((t) => t.iteration)).toEqual(spread.points.map((p) => p.iteration));
    for (const t of e.trace!) {
      expect(t.published.map((p) => p.source)).toEqual([BLOG, NOTEBOOK_2017]);
      if (typeof t.measured === 'number') expect(t.position).toBe(position(t.measured, t.spread));
    }
  });

  it('prints every cost row, in 80 columns, and still reproduces', () => {
    const human = nnlab(['reproduce'], { env: { COLUMNS: '80' } });
    expect(human.code).toBe(0);
    const text = human.stdout;
    expect(text).toMatch(/all \d+ published figures reproduced/);
    const rows = (iteration: number) => text.split('\n').filter((l) => new RegExp(`^│ ${iteration} +│`).test(l)).length;
    expect(rows(14000)).toBe(3); // zeros, ×10, He
    expect(rows(20000)).toBe(3); // the three regularization runs
    for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(text).toMatch(/inside the spread, of 14 finite iterations: blog \d+, 2017 notebook \d+, nnlab\s+\d+/);
    const flat = text.replace(/\n {4}/g, ' ');
    // the ✓ rule as the check applies it (two costs lie above the spread and pass), not "within the spread"
    expect(flat).toMatch(/✓ when nnlab's cost differs from the published one by at most the tolerance, relative; the tolerance at each iteration is the measured spread's range over its median/);
    expect(flat).not.toMatch(/each within the measured spread/);
    expect(flat).toMatch(/costs \(under the course's dropout mask, re-seeded with 1 every pass, as the notebook computes and prints them\)/);
  });
});

describe('the measured spread', () => {
  it('classifies the ×10 run as chaotic and the others as deterministic', () => {
    expect(['init-random', 'init-he', 'reg-none', 'reg-l2', 'reg-dropout'].filter(isChaotic)).toEqual(['init-random']);
  });

  it('covers both published versions of the ×10 run at every iteration (independent computations on other machines)', () => {
    const points = MEASURED_SPREAD.runs['init-random']!.points.filter((p) => p.min !== undefined);
    for (const version of [PUBLISHED_RUNS['init-random']!, ...OTHER_VERSIONS['init-random']!]) {
      for (const p of points) expect([version.source, p.iteration, position(version.costs[p.iteration] as number, p)]).toEqual([version.source, p.iteration, 'inside']);
    }
  });
});

describe('reproduce against runs that do not reproduce', () => {
  const base = (over: Partial<TrainJobResult> = {}): TrainJobResult => ({
    costs: [{ iteration: 0, cost: 0.5 }], finalCost: 0.5, accuracy: { train: 0.1, test: 0.2 }, durationMs: 1, diverged: false, divergence: null, testOnTrainingData: false, ...over,
  });

  it('reports a miss, figure by figure, and prints each missed figure in full', async () => {
    const wrong: Executor = async (jobs) => jobs.map(() => base());
    const r = await reproduce(wrong);
    expect(r.match).toBe(false);
    const he = r.experiments.find((e) => e.name === 'init-he')!;
    expect(he.figures.find((f) => f.label === 'train accuracy')).toMatchObject({ published: 0.9933333333333333, measured: 0.1, match: false });
    expect(he.figures.find((f) => f.label === 'cost @ 14000')).toMatchObject({ measured: 'nan', match: false });
    expect(r.experiments.find((e) => e.name === 'init-random')!.figures.find((f) => f.label === 'train predictions')).toMatchObject({ measured: '', match: false });
    // The gradient check itself still runs for real and matches.
    expect(r.experiments.find((e) => e.name === 'gradcheck')!.match).toBe(true);
    // without colour, wrapped lines joined
    const text = renderReproduce(r).replace(/\x1b\[[0-9;]*m/g, '').replace(/\n {2,}/g, ' ');
    expect(text).toMatch(/✗ init-he train accuracy \(blog\): published 0\.9933333333333333, measured 0\.1, differs by 0\.899 relative; held to exact/);
    expect(text).toMatch(/\d+ of \d+ published figures missed/);
  });

  it('a ×10 cost just inside the measured spread matches; just outside, it misses', async () => {
    const p = MEASURED_SPREAD.runs['init-random']!.points.find((q) => q.iteration === 7000)!;
    const blog = PUBLISHED_RUNS['init-random']!.costs[7000] as number;
    const at = (k: number): Executor => async (jobs) => jobs.map(() => base({ costs: [{ iteration: 7000, cost: blog * (1 + k * p.tolerance!) }] }));
    const fig = async (k: number) => (await reproduce(at(k))).experiments.find((e) => e.name === 'init-random')!.figures.find((f) => f.label === 'cost @ 7000' && f.source === BLOG)!;
    expect((await fig(0.99)).match).toBe(true);
    expect((await fig(1.01)).match).toBe(false);
  });
});
