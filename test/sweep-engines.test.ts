// Shards run by the engines people already have: GNU parallel (else plain background processes, said
// so), the Slurm array script and the Kubernetes Indexed Job's pod script from docs/, each merged and
// compared with the unsharded sweep.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, nnlab, ROOT } from './helpers/cli.js';
import { SWEEP } from './helpers/sweeps.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-engines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const read = (p: string): string => readFileSync(join(dir, p), 'utf8');
const BIN = join(ROOT, 'bin', 'nnlab.js');

// `nnlab` on the PATH, as the docs' scripts expect it.
const bin = join(dir, 'bin');
const env = { ...process.env, NO_COLOR: '1', PATH: `${bin}:${process.env.PATH}`, SWEEP: SWEEP.join(' '), SLURM_ARRAY_TASK_ID: '', JOB_COMPLETION_INDEX: '' };

const hasParallel = spawnSync('parallel', ['--version'], { stdio: 'ignore' }).status === 0;

/** Merges the shard records and checks the merged summary and costs are the unsharded sweep's. */
function mergedEqualsFull(out: string, shards: string[]): void {
  const r = nnlab(['sweep', 'merge', out, ...shards], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  expect(read(`${out}/summary.csv`)).toBe(read('full/summary.csv'));
  expect(read(`${out}/costs.csv`)).toBe(read('full/costs.csv'));
}

describe('shards on job engines', () => {
  beforeAll(() => {
    mkdirSync(bin);
    writeFileSync(join(bin, 'nnlab'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(bin, 'nnlab'), 0o755);
    expect(nnlab([...SWEEP, '--out', 'full'], { cwd: dir }).code).toBe(0);
  }, 60_000);

  it(`3 shards at once through ${hasParallel ? 'GNU parallel' : 'background processes (GNU parallel is not installed)'}, merged, equal the unsharded sweep`, async () => {
    const shard = (i: string): string[] => [...SWEEP, '--shard', `${i}/3`, '--out', `par${i}`];
    if (hasParallel) {
      execFileSync('parallel', ['--will-cite', '--halt', 'now,fail=1', 'nnlab', ...shard('{}'), ':::', '1', '2', '3'], { cwd: dir, env, stdio: 'ignore' });
    } else {
      console.warn('GNU parallel is not installed: the shards ran as plain background processes (.ci/run installs it)');
      const codes = await Promise.all(['1', '2', '3'].map((i) => new Promise<number | null>((done) => {
        spawn('nnlab', shard(i), { cwd: dir, env, stdio: 'ignore' }).on('exit', done);
      })));
      expect(codes).toEqual([0, 0, 0]);
    }
    mergedEqualsFull('par-merged', ['par1', 'par2', 'par3']);
  }, 60_000);

  it('docs/slurm-array.sh: each array task runs its shard; a task run again resumes its record', () => {
    const task = (i: number) => execFileSync('bash', [join(ROOT, 'docs', 'slurm-array.sh')], {
      cwd: dir, env: { ...env, OUT: 'slurm', SLURM_ARRAY_TASK_ID: String(i), SLURM_ARRAY_TASK_COUNT: '3', SLURM_CPUS_PER_TASK: '1' }, encoding: 'utf8',
    });
    for (const i of [1, 2, 3]) expect(task(i)).toMatch(new RegExp(`^nnlab sweep train · shard ${i}/3 · 2 runs of 6 in `));
    expect(task(2).replace(/\n  /g, ' ')).toMatch(/^nnlab sweep train · shard 2\/3 · 2 runs of 6 \(0 runs now in [\d.]+ s, 2 from the record\)\n/);
    // A task resubmitted alone (sbatch --array=2) sees an array of 1 task: the script's own shard count holds.
    const alone = execFileSync('bash', [join(ROOT, 'docs', 'slurm-array.sh')], {
      cwd: dir, env: { ...env, OUT: 'slurm', SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '1', SLURM_CPUS_PER_TASK: '1' }, encoding: 'utf8',
    });
    expect(alone.replace(/\n  /g, ' ')).toMatch(/^nnlab sweep train · shard 2\/3 · 2 runs of 6 \(0 runs now in /);
    mergedEqualsFull('slurm-merged', ['slurm/shard-1', 'slurm/shard-2', 'slurm/shard-3']);
  }, 60_000);

  it('a task id beyond --shards says what --shards is', () => {
    const r = nnlab([...SWEEP, '--shard-from-env', 'SLURM_ARRAY_TASK_ID', '--shards', '1', '--out', 'x'], { cwd: dir, env: { SLURM_ARRAY_TASK_ID: '2' } });
    expectRefused(r, /^nnlab: SLURM_ARRAY_TASK_ID=2: with --shards 1 it must be an integer from 1 to 1: --shards is the sweep's number of shards, the same for every shard and for a task run again \(not the size of the array it was resubmitted in\)/);
  });

  it('docs/k8s-indexed-job.yaml: the pod script runs shard k+1 for JOB_COMPLETION_INDEX k', () => {
    const yaml = readFileSync(join(ROOT, 'docs', 'k8s-indexed-job.yaml'), 'utf8').split('\n');
    const start = yaml.findIndex((l) => l.trim() === '- |') + 1;
    const indent = /^ */.exec(yaml[start]!)![0].length;
    const end = yaml.findIndex((l, i) => i > start && l.trim() !== '' && /^ */.exec(l)![0].length < indent);
    const script = yaml.slice(start, end).map((l) => l.slice(indent)).join('\n').replaceAll('/sweeps/', `${dir}/k8s/`);
    expect(yaml.some((l) => /^\s*completions: 3\b/.test(l)) && yaml.some((l) => /value: "3"/.test(l))).toBe(true);
    for (const k of [0, 1, 2]) {
      const out = execFileSync('sh', ['-c', script], { cwd: dir, env: { ...env, JOB_COMPLETION_INDEX: String(k), SHARDS: '3' }, encoding: 'utf8' });
      expect(out).toMatch(new RegExp(`^nnlab sweep train · shard ${k + 1}/3 · 2 runs of 6 in `));
    }
    mergedEqualsFull('k8s-merged', ['k8s/reg/shard-1', 'k8s/reg/shard-2', 'k8s/reg/shard-3']);
  }, 60_000);
});
