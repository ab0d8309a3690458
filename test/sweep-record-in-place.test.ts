// A sweep record is continued and completed inside its folder, which never moves: it is marked complete
// only when every run has its line, a writer whose record was replaced or taken over stops, a line cut by
// a crash is set aside by --resume, repeated or removed lines are found, and the folder keeps its mode.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RUNS_FILE } from '../src/experiments/sweepRecord.js';
import { recordRefusal } from '../src/output/seal.js';
import { expectRefused, fixture, ROOT } from './helpers/cli.js';
import { recordsFolder, SWEEP } from './helpers/sweeps.js';
import { leftovers, tree } from './helpers/tree.js';

const { dir, run, read, lines } = recordsFolder('nnlab-in-place-');
const state = (p: string): string => JSON.parse(read(`${p}/result.json`)).sweep.state;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI started in the background, `prefix` (e.g. unshare -n) in front; resolves when it ends. */
function started(args: string[], env: Record<string, string>, prefix: string[] = []): { ended: Promise<Ended>; pid: number } {
  const [cmd, ...rest] = [...prefix, process.execPath, join(ROOT, 'bin', 'nnlab.js'), ...args];
  const child = spawn(cmd!, rest, { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return { pid: child.pid!, ended: new Promise((r) => child.on('close', (code) => r({ code, stdout, stderr }))) };
}

async function until(what: () => boolean): Promise<void> {
  for (let i = 0; i < 3000 && !what(); i++) await sleep(10);
  expect(what()).toBe(true);
}

/** Another network namespace: "another container", which the lock (an abstract socket) does not reach. */
const unshare = spawnSync('unshare', ['-n', 'true']).status === 0;

beforeAll(() => {
  expect(run([...SWEEP, '--out', 'full']).code).toBe(0);
}, 60_000);

describe('two writers the lock does not see', () => {
  it.skipIf(!unshare)('a --resume in another network namespace takes the record over; the first writer stops, and the record is complete only with every run', async () => {
    const a = started([...SWEEP, '--out', 'x'], { NNLAB_TEST_WRITE_DELAY_MS: '300' });
    await until(() => lines('x/runs.jsonl').length >= 2);
    const b = started([...SWEEP, '--resume', 'x'], {}, ['unshare', '-n']);
    const [ra, rb] = await Promise.all([a.ended, b.ended]);
    expect(rb.code, rb.stderr).toBe(0);
    expect(ra.code).toBe(2);
    expect(ra.stderr).toMatch(/^nnlab: --out x: another nnlab run \(on another machine or in another container, which the lock does not reach\) changed the record while this sweep ran; this run stops and leaves it to that one: --resume x once it has ended\n$/);
    expect(state('x')).toBe('complete');
    expect(lines('x/runs.jsonl').map((l) => JSON.parse(l).run).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(read('x/summary.csv')).toBe(read('full/summary.csv'));
    expect(recordRefusal(join(dir, 'x'))).toBeNull();
  }, 60_000);

  it('a writer whose folder is removed or replaced stops in one line and writes nothing into the new one', async () => {
    for (const how of ['removed', 'replaced'] as const) {
      const out = `gone-${how}`;
      const a = started([...SWEEP, '--out', out], { NNLAB_TEST_WRITE_DELAY_MS: '200' });
      await until(() => lines(`${out}/runs.jsonl`).length >= 2);
      if (how === 'removed') rmSync(join(dir, out), { recursive: true });
      else {
        renameSync(join(dir, out), join(dir, `${out}-moved`));
        mkdirSync(join(dir, out));
      }
      const r = await a.ended;
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^nnlab: --out ${out}: the record \\(its folder, result\\.json or runs\\.jsonl\\) was removed or replaced while this sweep ran \\(by another nnlab run on another machine or in another container, which the lock does not reach, or by hand\\); this run stops and writes nothing more\\n$`));
      if (how === 'replaced') expect(readdirSync(join(dir, out))).toEqual([]);
      else expect(existsSync(join(dir, out))).toBe(false);
    }
  }, 60_000);

  it('lines removed while it runs: the header says how many runs are missing, the record stays unfinished, exit 2', async () => {
    const a = started([...SWEEP, '--out', 'cut'], { NNLAB_TEST_WRITE_DELAY_MS: '200' });
    await until(() => lines('cut/runs.jsonl').length >= 3);
    writeFileSync(join(dir, 'cut', RUNS_FILE), `${lines('cut/runs.jsonl')[0]}\n`); // the same file, cut to its first line
    const r = await a.ended;
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^nnlab sweep train · (\d) runs of 6, (\d) missing/);
    const [, have, missing] = /(\d) runs of 6, (\d) missing/.exec(r.stdout.replace(/\n\s+/g, ' '))!;
    expect(Number(have) + Number(missing)).toBe(6);
    expect(r.stderr).toMatch(new RegExp(`nnlab: --out cut: its runs\\.jsonl holds ${have} of the 6 runs at the end \\(lines were removed while nnlab ran\\), so the record stays unfinished; --resume cut runs the ${missing} missing\\n$`));
    expect(state('cut')).toBe('running');
    expect(run([...SWEEP, '--resume', 'cut']).code).toBe(0);
    expect(read('cut/summary.csv')).toBe(read('full/summary.csv'));
  }, 60_000);
});

describe('a line cut by a crash', () => {
  it('--out and --force say how to recover; merge points to --resume; --resume drops it and runs that run again', () => {
    cpSync(join(dir, 'full'), join(dir, 'torn'), { recursive: true });
    truncateSync(join(dir, 'torn', RUNS_FILE), statSync(join(dir, 'torn', RUNS_FILE)).size - 100);
    const before = tree(dir);
    const recover = /^nnlab: --out torn: its runs\.jsonl ends in an incomplete line \(line 6\): a crash cut it while it was written, so nnlab does not replace the record; continue the sweep with --resume torn, which sets that line aside and runs its run again, or remove torn yourself$/;
    expectRefused(run([...SWEEP, '--out', 'torn']), recover);
    expectRefused(run([...SWEEP, '--out', 'torn', '--force']), recover);
    expectRefused(run(['sweep', 'merge', 'm', 'torn']), /^nnlab: sweep merge: torn: its runs\.jsonl ends in an incomplete line \(line 6\): a crash cut it while it was written; --resume torn \(with the shard's options\) checks its lines against the sweep and sets them right, then merge again$/);
    expect(tree(dir)).toEqual(before);
    const r = run([...SWEEP, '--resume', 'torn', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).fromRecord).toBe(5);
    expect(r.stderr).toMatch(/^nnlab: warning: --resume torn: its runs\.jsonl ended in an incomplete line \(line 6, \d+ bytes\), cut by a crash while it was written; nnlab dropped it, and its run is run again if the record lacks it$/m);
    expect(lines('torn/runs.jsonl')).toHaveLength(6);
    expect(read('torn/summary.csv')).toBe(read('full/summary.csv'));
    expect(read('torn/costs.csv')).toBe(read('full/costs.csv'));
  }, 60_000);
});

describe('the lines of a complete record are checked against the sweep', () => {
  it('a repeated line: --force refuses the edited record; --resume drops it', () => {
    cpSync(join(dir, 'full'), join(dir, 'dup'), { recursive: true });
    const all = lines('dup/runs.jsonl');
    writeFileSync(join(dir, 'dup', RUNS_FILE), [...all, all[2]].map((l) => `${l}\n`).join(''));
    expectRefused(run([...SWEEP, '--out', 'dup', '--force']), /^nnlab: --out dup: already exists and is kept: its runs\.jsonl has 7 lines, 6 when nnlab completed the record: lines were added or removed since; nnlab replaces only what it wrote, so choose another path$/);
    const r = run([...SWEEP, '--resume', 'dup']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: --resume dup: its runs\.jsonl had 7 lines, 6 when nnlab completed the record/);
    expect(r.stderr).toMatch(/warning: --resume dup: 1 line of its runs\.jsonl repeated a run already recorded \(line 7\); it was dropped/);
    expect(lines('dup/runs.jsonl')).toEqual(all);
    expect(recordRefusal(join(dir, 'dup'))).toBeNull();
  }, 60_000);

  it('a removed line is run again; a line of another sweep is named so', () => {
    cpSync(join(dir, 'full'), join(dir, 'removed'), { recursive: true });
    writeFileSync(join(dir, 'removed', RUNS_FILE), lines('full/runs.jsonl').slice(1).map((l) => `${l}\n`).join(''));
    const r = run([...SWEEP, '--resume', 'removed', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).fromRecord).toBe(5);
    expect(read('removed/summary.csv')).toBe(read('full/summary.csv'));

    expect(run([...SWEEP.map((a) => (a === '60' ? '40' : a)), '--out', 'other']).code).toBe(0);
    cpSync(join(dir, 'full'), join(dir, 'mixed'), { recursive: true });
    writeFileSync(join(dir, 'mixed', RUNS_FILE), `${read('mixed/runs.jsonl')}${lines('other/runs.jsonl')[0]}\n`);
    expectRefused(run([...SWEEP, '--resume', 'mixed']), /^nnlab: --resume mixed: its runs\.jsonl holds a line of another sweep \(line 7, of sweep [0-9a-f]{12}…\), which nnlab never appends there; nnlab continues only a record it wrote, untouched: start a new record with --out$/);
  }, 60_000);

  it('a runs.jsonl larger than nnlab writes is named with its size and the cap, in words', () => {
    cpSync(join(dir, 'full'), join(dir, 'huge'), { recursive: true });
    truncateSync(join(dir, 'huge', RUNS_FILE), 600 * 2 ** 20); // sparse: no disk used
    expectRefused(run([...SWEEP, '--resume', 'huge']), /^nnlab: --resume huge: its runs\.jsonl is 600 MiB, larger than any nnlab appends \(at most 384 MiB\); /);
    expectRefused(run(['sweep', 'merge', 'm', 'huge']), /^nnlab: sweep merge: huge: its runs\.jsonl is 600 MiB, larger than any nnlab appends \(at most 384 MiB\)/);
    rmSync(join(dir, 'huge'), { recursive: true });
  });

  it('empty paths are named as such', () => {
    expectRefused(run([...SWEEP, '--resume', '']), /^nnlab: --resume: the path is empty; give the folder of the sweep record to continue$/);
    expectRefused(run(['sweep', 'merge', 'mq', '']), /^nnlab: sweep merge: the path of shard record 1 is empty; give the folder of each shard's record$/);
  });
});

describe('the folder stays as it is', () => {
  it('--resume and --force keep its mode, set-group-ID bit and group; --resume keeps the folder itself', () => {
    cpSync(join(dir, 'full'), join(dir, 'shared'), { recursive: true });
    chmodSync(join(dir, 'shared'), 0o2775);
    chownSync(join(dir, 'shared'), -1, 65534);
    const ino = statSync(join(dir, 'shared')).ino;
    expect(run([...SWEEP, '--resume', 'shared']).code).toBe(0);
    expect(statSync(join(dir, 'shared')).ino).toBe(ino);
    expect(statSync(join(dir, 'shared')).mode & 0o7777).toBe(0o2775);
    expect(run([...SWEEP, '--out', 'shared', '--force']).code).toBe(0);
    const st = statSync(join(dir, 'shared'));
    expect(st.mode & 0o7777).toBe(0o2775);
    expect(st.gid).toBe(65534);
    expect(leftovers(dir)).toEqual([]);
  }, 60_000);

  it('a read-only record is refused by --resume and --force in one line, and nothing is left behind', () => {
    cpSync(join(dir, 'full'), join(dir, 'ro'), { recursive: true });
    chmodSync(join(dir, 'ro'), 0o555);
    try {
      const before = tree(dir);
      expectRefused(run([...SWEEP, '--resume', 'ro']), /^nnlab: --resume ro: it is read-only \(mode 555\), and nnlab does not change a record made read-only; make it writable \(chmod -R u\+w ro\) to continue it$/);
      expectRefused(run([...SWEEP, '--out', 'ro', '--force']), /^nnlab: --out ro: already exists and is kept: it is read-only \(mode 555\), and nnlab does not replace a record made read-only; choose another path, or make it writable \(chmod u\+w\) first$/);
      chmodSync(join(dir, 'ro'), 0o755);
      chmodSync(join(dir, 'ro', RUNS_FILE), 0o444);
      expectRefused(run([...SWEEP, '--resume', 'ro']), /^nnlab: --resume ro: its runs\.jsonl is read-only \(mode 444\)/);
      chmodSync(join(dir, 'ro'), 0o555);
      expect(tree(dir)).toEqual(before);
      expect(leftovers(dir)).toEqual([]);
    } finally {
      chmodSync(join(dir, 'ro'), 0o755);
    }
  });
});

describe('a file of yours in a record', () => {
  it('--resume says to move it out and resume; one dropped in during the run is named the same way', async () => {
    cpSync(join(dir, 'full'), join(dir, 'notes'), { recursive: true });
    writeFileSync(join(dir, 'notes', 'notes.txt'), 'mine');
    expectRefused(run([...SWEEP, '--resume', 'notes']), /^nnlab: --resume notes: it holds notes\.txt, which is not part of the record; move notes\.txt out of notes, then --resume notes again$/);
    writeFileSync(join(dir, 'notes', 'summary.csv'), 'edited');
    rmSync(join(dir, 'notes', 'notes.txt'));
    expectRefused(run([...SWEEP, '--resume', 'notes']), /^nnlab: --resume notes: its summary\.csv changed since nnlab wrote it; nnlab writes it again from the record's runs\.jsonl: move it out of notes \(keep it if you edited it\), then --resume notes again$/);

    const a = started([...SWEEP, '--out', 'z1'], { NNLAB_TEST_WRITE_DELAY_MS: '100' });
    await until(() => lines('z1/runs.jsonl').length >= 2);
    writeFileSync(join(dir, 'z1', 'notes.txt'), 'mine');
    const r = await a.ended;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nnlab: --out z1: notes\.txt appeared in the record while nnlab was running, so its summary files were not written; the finished runs are kept in its runs\.jsonl: move it out of z1, then --resume z1\n$/);
    expect(read('z1/notes.txt')).toBe('mine');
    renameSync(join(dir, 'z1', 'notes.txt'), join(dir, 'notes.txt'));
    expect(run([...SWEEP, '--resume', 'z1']).code).toBe(0);
    expect(read('z1/summary.csv')).toBe(read('full/summary.csv'));
  }, 60_000);

  it('an output inside a record is refused at any depth', () => {
    mkdirSync(join(dir, 'full', 'a'));
    try {
      expectRefused(run([...SWEEP, '--out', 'full/a/b']), /^nnlab: --out full\/a\/b: inside the nnlab sweep record .*full, which nnlab writes and seals as a whole; write it elsewhere$/);
      expectRefused(run(['sweep', 'merge', 'full/a/m', 'full']), /inside the nnlab sweep record .*full, which nnlab writes and seals as a whole/);
    } finally {
      rmSync(join(dir, 'full', 'a'), { recursive: true });
    }
  });
});

describe('a dataset file is known by its content, not by how its path is spelt', () => {
  it('shards and --resume given the file by other paths are one sweep', () => {
    cpSync(fixture('circles-train.csv'), join(dir, 'points.csv'));
    const sweep = ['sweep', 'train', '--dataset', 'points.csv', '--init', 'zeros,he', '--iterations', '40', '--print-every', '20', '--jobs', '1'];
    const spelt = (path: string) => sweep.map((a) => (a === 'points.csv' ? path : a));
    expect(run([...sweep, '--out', 'p-full']).code).toBe(0);
    expect(run([...spelt('points.csv'), '--shard', '1/2', '--out', 'p1']).code).toBe(0);
    expect(run([...spelt(join(dir, 'points.csv')), '--shard', '2/2', '--out', 'p2']).code).toBe(0);
    const merged = run(['sweep', 'merge', 'p-merged', 'p1', 'p2']);
    expect(merged.code, merged.stderr).toBe(0);
    expect(read('p-merged/summary.csv')).toBe(read('p-full/summary.csv'));
    writeFileSync(join(dir, 'p-full', RUNS_FILE), `${lines('p-full/runs.jsonl')[0]}\n`);
    const resumed = run([...spelt('./points.csv'), '--resume', 'p-full']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(read('p-full/summary.csv')).toBe(read('p-merged/summary.csv'));
    expect(read('p-full/costs.csv')).toBe(read('p-merged/costs.csv'));
  }, 60_000);
});
