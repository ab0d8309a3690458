import { describe, expect, it } from 'vitest';
import { runPool, runPoolSettled } from '../src/experiments/pool.js';
import { fixture } from './helpers/cli.js';

const module = fixture('pool-jobs.mjs');

describe('runPool', () => {
  it('returns results in input order, whatever order they finish in', async () => {
    const jobs = [0, 1, 2, 3, 4, 5].map((n) => ({ n }));
    const seen: number[] = [];
    const out = await runPool<{ n: number }, { n: number; square: number }>({ module, exportName: 'square' }, jobs, {
      jobs: 2,
      onProgress: (done) => seen.push(done),
    });
    expect(out).toEqual(jobs.map(({ n }) => ({ n, square: n * n })));
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('runs on one worker and with no jobs', async () => {
    expect(await runPool({ module, exportName: 'failOn' }, [{ n: 1, bad: -1 }, { n: 2, bad: -1 }], { jobs: 1 })).toEqual([1, 2]);
    expect(await runPool({ module, exportName: 'failOn' }, [])).toEqual([]);
  });

  it('rejects with the message of a job that throws', async () => {
    const jobs = [0, 1, 2, 3].map((n) => ({ n, bad: 2 }));
    await expect(runPool({ module, exportName: 'failOn' }, jobs, { jobs: 2 })).rejects.toThrow('job 2 failed on purpose');
  });

  it('rejects when the runner does not exist', async () => {
    await expect(runPool({ module, exportName: 'nope' }, [{ n: 1 }])).rejects.toThrow(/has no function nope/);
    await expect(runPool({ module: fixture('no-such-module.mjs'), exportName: 'x' }, [{ n: 1 }])).rejects.toThrow();
  });
});

describe('runPoolSettled', () => {
  it('keeps every other result when a job throws', async () => {
    const jobs = [0, 1, 2, 3].map((n) => ({ n, bad: 2 }));
    expect(await runPoolSettled({ module, exportName: 'failOn' }, jobs, { jobs: 2 })).toEqual([
      { ok: true, value: 0 }, { ok: true, value: 1 }, { ok: false, message: 'job 2 failed on purpose', name: 'Error' }, { ok: true, value: 3 },
    ]);
  });
  it('replaces a worker that dies with a job in hand, and reports that job failed', async () => {
    for (const how of ['throw', 'exit']) {
      const jobs = [0, 1, 2, 3, 4, 5].map((n) => ({ n, bad: 1, how }));
      const out = await runPoolSettled<object, number>({ module, exportName: 'crashOn' }, jobs, { jobs: 2 });
      expect(out.map((o) => o.ok)).toEqual([true, false, true, true, true, true]);
      expect(out[1]).toEqual({ ok: false, message: how === 'exit' ? 'worker stopped (exit code 7)' : 'worker of job 1 crashed on purpose' });
      expect(out.filter((o) => o.ok).map((o) => (o as { value: number }).value)).toEqual([0, 2, 3, 4, 5]);
    }
  });
});
