// A sweep's record keeps each run as it ends: an interrupt keeps the finished runs, --resume runs the
// rest (and the failed ones) and ends with the uninterrupted sweep's record.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordRefusal } from '../src/output/seal.js';
import { expectRefused, ROOT } from './helpers/cli.js';
import { leftovers, tree } from './helpers/tree.js';
import { comparable, recordsFolder, SWEEP } from './helpers/sweeps.js';

const { dir, run, read, lines } = recordsFolder('nnlab-resume-');

/** Runs long enough (6 runs of 6000 iterations, one thread) to be interrupted between two runs. */
const LONG = SWEEP.map((a) => (a === '60' ? '6000' : a === '20' ? '2000' : a));

/** Starts the sweep and sends SIGINT once `after` runs are in its record. */
async function interrupted(args: string[], after: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'nnlab.js'), ...args], { cwd: dir, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const out = args[args.indexOf('--out') + 1]!;
  while (child.exitCode === null && lines(`${out}/runs.jsonl`).length < after) await new Promise((r) => setTimeout(r, 10));
  child.kill('SIGINT');
  return ended;
}

describe('an interrupted sweep', () => {
  beforeAll(() => {
    expect(run([...LONG, '--out', 'full']).code).toBe(0);
  }, 120_000);

  it('keeps the runs that ended; --resume runs the rest and equals the uninterrupted sweep', async () => {
    const ended = await interrupted([...LONG, '--out', 's'], 2);
    expect(ended.signal === 'SIGINT' || ended.code === 130, JSON.stringify(ended)).toBe(true);
    const kept = lines('s/runs.jsonl').length;
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(6);
    expect(readdirSync(join(dir, 's')).sort()).toEqual(['result.json', 'runs.jsonl']);
    expect(JSON.parse(read('s/result.json')).sweep.state).toBe('running');
    expect(recordRefusal(join(dir, 's'))).toBeNull(); // still nnlab's own: --force may replace it
    expect(leftovers(dir)).toEqual([]);

    const before = tree(dir);
    expectRefused(run([...LONG, '--out', 's']), new RegExp(`^nnlab: --out s: it holds an unfinished sweep \\(${kept} runs finished\\); continue it with --resume s and the options it was started with, or pass --force to replace it$`));
    expect(tree(dir)).toEqual(before);

    const resumed = run([...LONG, '--resume', 's', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).fromRecord).toBe(kept);
    expect(lines('s/runs.jsonl')).toHaveLength(6);
    expect(read('s/summary.csv')).toBe(read('full/summary.csv'));
    expect(read('s/costs.csv')).toBe(read('full/costs.csv'));
    expect(comparable(read('s/result.json'))).toEqual(comparable(read('full/result.json')));
    // A complete record resumed runs nothing and says so.
    expect(run([...LONG, '--resume', 's']).stdout.replace(/\n  /g, ' ')).toMatch(/^nnlab sweep train · 3 variants × 2 seeds · 6 runs \(0 runs now in [\d.]+ s, 6 from the record\)\n/);
  }, 120_000);

  it('--resume refuses another sweep, naming what differs, and changes nothing', () => {
    const before = tree(dir);
    expectRefused(run([...LONG.map((a) => (a === 'zeros,he,random' ? 'zeros,he' : a)), '--resume', 'full']),
      /^nnlab: --resume full: this is not the sweep it holds: --init zeros,he here, zeros,he,random in full; give the options it was started with, or start a new record with --out$/);
    expectRefused(run([...LONG, '--resume', 'full', '--shard', '1/2']), /^nnlab: --resume full: it holds the whole sweep, not shard 1\/2; drop the shard flags$/);
    expectRefused(run([...LONG, '--resume', 'nothing-here']), /^nnlab: --resume nothing-here: no such record; start the sweep with --out nothing-here$/);
    expectRefused(run([...LONG, '--resume', 'full', '--out', 'x']), /^nnlab: --resume full writes into that record; drop --out$/);
    expectRefused(run([...LONG, '--resume', 'full', '--force']), /^nnlab: --force: --resume full continues that record and replaces nothing$/);
    expect(tree(dir)).toEqual(before);
    expect(run(['train', '--iterations', '10', '--out', 'trained']).code).toBe(0);
    expectRefused(run([...LONG, '--resume', 'trained']), /^nnlab: --resume trained: it is a record of a run, not of a sweep$/);
  });
});

describe('a sweep file', () => {
  it('resumes with nnlab run FILE --resume', () => {
    const file = join(ROOT, 'configs', 'lambd-sweep.json');
    expect(run(['run', file, '--set', 'iterations=50', '--out', 'from-file'], { NNLAB_TEST_RUN_FAULT: 'lambd=5' }).code).toBe(1);
    const resumed = run(['run', file, '--set', 'iterations=50', '--resume', 'from-file', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).fromRecord).toBe(5);
    expectRefused(run(['run', join(ROOT, 'configs', 'reg-l2.json'), '--resume', 'from-file']), /--resume does not apply to .*reg-l2\.json, a regularize file \(it applies to sweep files\)$/);
  }, 60_000);
});

describe('failed runs are records too', () => {
  it('shown failed, kept in the record, and run again by --resume', () => {
    expect(run([...SWEEP, '--out', 'small']).code).toBe(0);
    const failed = run([...SWEEP, '--out', 'f'], { NNLAB_TEST_RUN_FAULT: 'init=he,seed=4' });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/│ +│ init=he +│ failed: test fault +│/);
    expect(failed.stderr).toMatch(/^nnlab: warning: 1 of 6 runs failed \(test fault\); their variants are marked failed, the other results are kept; --resume f runs them again$/m);
    const errors = lines('f/runs.jsonl').map((l) => JSON.parse(l).error).filter(Boolean);
    expect(errors).toEqual(['test fault']);
    // Only the seed that ran is listed; one value has no std or interval, left empty.
    expect(read('f/summary.csv')).toMatch(/\ninit=he,3,[\d.]+,,[\d.]+,,,,[\d.]+,false,seed 4 failed: test fault\n/);

    const resumed = run([...SWEEP, '--resume', 'f', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).fromRecord).toBe(5);
    expect(lines('f/runs.jsonl')).toHaveLength(7); // the failure stays, the retry follows it
    expect(read('f/summary.csv')).toBe(read('small/summary.csv'));
    expect(read('f/costs.csv')).toBe(read('small/costs.csv'));
  }, 60_000);

  it('a line that cannot be added ends the sweep in one line; the record stays resumable', () => {
    const r = run([...SWEEP, '--out', 'nospace'], { NNLAB_TEST_WRITE_FAULT: 'ENOSPC@append:runs.jsonl' });
    expectRefused(r, /^nnlab: --out nospace: cannot add a line to nospace\/runs\.jsonl: no space left on the device \(ENOSPC\); the lines before it are kept$/);
    expect(read('nospace/runs.jsonl')).toBe('');
    expect(recordRefusal(join(dir, 'nospace'))).toBeNull();
    expect(run([...SWEEP, '--resume', 'nospace']).code).toBe(0);
    expect(read('nospace/summary.csv')).toBe(read('small/summary.csv'));
  }, 60_000);
});
