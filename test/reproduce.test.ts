import { describe, expect, it } from 'vitest';
import { reproduce } from '../src/experiments/reproduce.js';
import type { Executor } from '../src/experiments/sweep.js';
import { nnlab } from './helpers/cli.js';

describe('nnlab reproduce', () => {
  it('runs every course experiment and matches every published figure', () => {
    const r = nnlab(['reproduce', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.command).toBe('reproduce');
    expect(out.match).toBe(true);
    const names = out.experiments.map((e: { name: string }) => e.name);
    expect(names).toEqual(expect.arrayContaining(['init-zeros', 'init-random', 'init-he', 'reg-none', 'reg-l2', 'reg-dropout', 'gradcheck']));
    for (const e of out.experiments) expect([e.name, e.match]).toEqual([e.name, true]);
    const he = out.experiments.find((e: { name: string }) => e.name === 'init-he');
    expect(he.measured.accuracy).toEqual({ train: 0.9933333333333333, test: 0.96 });
  });

  it('reports a miss, figure by figure, when a run does not reproduce', async () => {
    // An executor whose runs all come back wrong: nothing may be taken from the published data.
    const wrong: Executor = async (jobs) => jobs.map(() => ({ costs: [{ iteration: 0, cost: 0.5 }], accuracy: { train: 0.1, test: 0.2 }, durationMs: 1 }));
    const r = await reproduce(wrong);
    expect(r.match).toBe(false);
    const he = r.experiments.find((e) => e.name === 'init-he')!;
    expect(he.match).toBe(false);
    expect(he.figures.find((f) => f.label === 'train accuracy')).toMatchObject({ published: 0.9933333333333333, measured: 0.1, match: false });
    // The gradient check itself still runs for real and matches.
    expect(r.experiments.find((e) => e.name === 'gradcheck')!.match).toBe(true);
  });
});
