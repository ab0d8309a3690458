// Shards: every run in exactly one shard, numbered the same everywhere; merged shards give the
// unsharded sweep's record exactly; merge refuses what is not one sweep's shards, naming why.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inShard, parseShard, shardFromEnv } from '../src/experiments/shard.js';
import { DEFAULTS } from '../src/experiments/settings.js';
import { sweepRuns, type SweepPlan } from '../src/experiments/sweep.js';
import { definitionHash, type SweepDefinition } from '../src/experiments/sweepDefinition.js';
import { RUNS_FILE } from '../src/experiments/sweepRecord.js';
import { recordRefusal, sealLine, sealRecord } from '../src/output/seal.js';
import { expectRefused, nnlab } from './helpers/cli.js';
import { tree } from './helpers/tree.js';
import { comparable, SWEEP } from './helpers/sweeps.js';

describe('shard assignment', () => {
  it('puts every run in exactly one shard, sizes within one, for N = 1…7', () => {
    for (const runs of [1, 2, 5, 12, 13, 30]) {
      for (let n = 1; n <= 7; n++) {
        const owners = Array.from({ length: runs }, (_, id) => Array.from({ length: n }, (_, i) => i + 1).filter((index) => inShard(id, { index, count: n })));
        expect(owners.every((o) => o.length === 1), `${runs} runs, ${n} shards`).toBe(true);
        const sizes = Array.from({ length: n }, (_, i) => owners.filter((o) => o[0] === i + 1).length);
        expect(Math.max(...sizes) - Math.min(...sizes), `${runs} runs, ${n} shards: ${sizes}`).toBeLessThanOrEqual(1);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(runs);
      }
    }
  });

  it('numbers runs variant × seed, first axis slowest', () => {
    const plan: SweepPlan = { of: 'train', base: DEFAULTS.train, axes: [{ key: 'lr', values: [0.1, 0.2] }, { key: 'init', values: ['he', 'zeros'] }], repeat: 2 };
    expect(sweepRuns(plan).map((r) => [r.id, r.variant, r.config.lr, r.config.init, r.config.seed])).toEqual([
      [0, 0, 0.1, 'he', 3], [1, 0, 0.1, 'he', 4], [2, 1, 0.1, 'zeros', 3], [3, 1, 0.1, 'zeros', 4],
      [4, 2, 0.2, 'he', 3], [5, 2, 0.2, 'he', 4], [6, 3, 0.2, 'zeros', 3], [7, 3, 0.2, 'zeros', 4],
    ]);
  });

  it('reads --shard and the engines\' variables, refusing what does not name a shard', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(() => parseShard('0/3')).toThrow(/I must be from 1 to 3/);
    expect(() => parseShard('4/3')).toThrow(/I must be from 1 to 3/);
    expect(() => parseShard('2')).toThrow(/--shard must be I\/N/);
    expect(shardFromEnv('SLURM_ARRAY_TASK_ID', '3', { SLURM_ARRAY_TASK_ID: '2' })).toEqual({ index: 2, count: 3 });
    expect(shardFromEnv(true, '3', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 3 });
    expect(shardFromEnv(true, '3', { SLURM_ARRAY_TASK_ID: '3' })).toEqual({ index: 3, count: 3 });
    expect(shardFromEnv('TASK', '4', { TASK: '4' })).toEqual({ index: 4, count: 4 });
    expect(() => shardFromEnv('SLURM_ARRAY_TASK_ID', '3', { SLURM_ARRAY_TASK_ID: '0' })).toThrow(/from 1 to 3 \(for a Slurm array, submit --array=1-3\)/);
    expect(() => shardFromEnv('JOB_COMPLETION_INDEX', '3', { JOB_COMPLETION_INDEX: '3' })).toThrow(/from 0 to 2/);
    expect(() => shardFromEnv(true, '3', {})).toThrow(/neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set/);
    expect(() => shardFromEnv('TASK', undefined, { TASK: '1' })).toThrow(/needs --shards N/);
    expect(() => shardFromEnv('TASK', '3', {})).toThrow(/TASK: the variable is not set/);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'nnlab-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (args: string[], env?: Record<string, string>) => nnlab(args, { cwd: dir, env });
const read = (p: string): string => readFileSync(join(dir, p), 'utf8');

describe('sweep --shard and sweep merge', () => {
  beforeAll(() => {
    expect(run([...SWEEP, '--out', 'full']).code).toBe(0);
    for (const i of [1, 2, 3]) expect(run([...SWEEP, '--shard', `${i}/3`, '--out', `sh${i}`]).code).toBe(0);
  }, 120_000);

  it('three shards merged equal the unsharded sweep: summary, costs, result.json but timings', () => {
    const r = run(['sweep', 'merge', 'merged', 'sh3', 'sh1', 'sh2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^nnlab sweep train · 3 variants × 2 seeds · 6 runs merged from 3 shards\n/);
    expect(r.stdout.replace(/\n  /g, " ")).toMatch(/wrote record merged\/ \(result\.json, summary\.csv, costs\.csv, report\.html, runs\.jsonl\)\n$/);
    expect(read('merged/summary.csv')).toBe(read('full/summary.csv'));
    expect(read('merged/costs.csv')).toBe(read('full/costs.csv'));
    expect(comparable(read('merged/result.json'))).toEqual(comparable(read('full/result.json')));
    expect(recordRefusal(join(dir, 'merged'))).toBeNull();
    // A shard holds its own runs: 2 each, and reports no best (it has some seeds of some variants).
    const shard = JSON.parse(read('sh2/result.json'));
    expect(shard.sweep.shard).toEqual({ index: 2, count: 3 });
    expect(shard.runs).toHaveLength(2);
    expect(shard.variants.some((v: { best: boolean }) => v.best)).toBe(false);
  });

  it('--json of a merge is the sweep\'s JSON too', () => {
    const full = JSON.parse(run([...SWEEP, '--json']).stdout);
    const merged = JSON.parse(run(['sweep', 'merge', 'merged-json', 'sh1', 'sh2', 'sh3', '--json']).stdout);
    expect(merged.mergedShards).toBe(3);
    delete merged.mergedShards;
    expect(comparable(JSON.stringify(merged))).toEqual(comparable(JSON.stringify(full)));
  });

  it('the shard number may come from Slurm\'s or Kubernetes\' variable', () => {
    const slurm = run([...SWEEP, '--shard-from-env', 'SLURM_ARRAY_TASK_ID', '--shards', '3', '--out', 'slurm2'], { SLURM_ARRAY_TASK_ID: '2' });
    expect(slurm.code).toBe(0);
    expect(slurm.stdout).toMatch(/^nnlab sweep train · shard 2\/3 · 2 runs of 6 in /);
    const k8s = run([...SWEEP, '--shard-from-env', '--shards', '3', '--out', 'k8s2'], { JOB_COMPLETION_INDEX: '1', SLURM_ARRAY_TASK_ID: '' });
    expect(k8s.code, k8s.stderr).toBe(0);
    for (const d of ['slurm2', 'k8s2']) expect(read(`${d}/summary.csv`)).toBe(read('sh2/summary.csv'));
  });

  it('refuses flags that do not make a shard, before any work', () => {
    expectRefused(run([...SWEEP, '--shard', '2/3']), /^nnlab: --shard 2\/3: a shard's runs are kept for nnlab sweep merge in a record; give --out DIR$/);
    expectRefused(run([...SWEEP, '--shard', '4/3', '--out', 'x']), /^nnlab: --shard 4\/3: I must be from 1 to 3$/);
    expectRefused(run([...SWEEP, '--shard-from-env', 'SLURM_ARRAY_TASK_ID', '--out', 'x'], { SLURM_ARRAY_TASK_ID: '1' }), /needs --shards N/);
    expectRefused(run([...SWEEP, '--shard', '1/3', '--shards', '3', '--out', 'x']), /--shards goes with --shard-from-env/);
    expect(readdirSync(dir)).not.toContain('x');
  });

  it('refuses shards of another sweep, naming what differs', () => {
    expect(run([...SWEEP.map((a) => (a === '60' ? '70' : a)), '--shard', '3/3', '--out', 'other3']).code).toBe(0);
    const before = tree(dir);
    expectRefused(run(['sweep', 'merge', 'm', 'sh1', 'sh2', 'other3']), /^nnlab: sweep merge: other3 holds a shard of another sweep than sh1: --iterations 70 in other3, 60 in sh1$/);
    expect(tree(dir)).toEqual(before);
  });

  it('refuses shards of another nnlab version', () => {
    writeVersion('sh3', 'old3', '0.0.1');
    expect(recordRefusal(join(dir, 'old3'))).toBeNull();
    expectRefused(run(['sweep', 'merge', 'm', 'sh1', 'sh2', 'old3']), /^nnlab: sweep merge: old3 was written by nnlab 0\.0\.1, this is nnlab \d+\.\d+\.\d+; merge shards with the nnlab version that ran them$/);
  });

  it('refuses a shard given twice, shard counts that differ, and the output among the shards', () => {
    cpSync(join(dir, 'sh1'), join(dir, 'sh1-copy'), { recursive: true });
    expectRefused(run(['sweep', 'merge', 'm', 'sh1', 'sh2', 'sh1-copy']), /^nnlab: sweep merge: sh1 and sh1-copy both hold shard 1\/3; give each shard once$/);
    expectRefused(run(['sweep', 'merge', 'm', 'sh1', 'sh2', 'sh2']), /sh2 and sh2 are one folder; give each shard once/);
    expectRefused(run(['sweep', 'merge', 'm', 'sh1', 'full']), /^nnlab: sweep merge: full holds the whole sweep, sh1 shard 1\/3: the shards of one sweep have one N$/);
    expectRefused(run(['sweep', 'merge', 'sh1', 'sh1', 'sh2', 'sh3']), /sh1 and sh1 are one folder; write the merged record elsewhere/);
    expectRefused(run(['sweep', 'merge', 'm', 'sh1', '--lambd', '1']), /sweep merge takes --json and --force only \(got --lambd\)/);
  });

  it('reports the missing runs: a shard not given, a shard unfinished', () => {
    expectRefused(run(['sweep', 'merge', 'm', 'sh1', 'sh3']), /^nnlab: sweep merge: 2 of the sweep's 6 runs are missing: shard 2\/3 \(2 runs\) was not given; nothing was written$/);
    // An interrupted shard: its record is still running and keeps the lines of the runs that ended (here the first).
    const lines = read('sh2/runs.jsonl').split('\n');
    const { record: _, ...body } = JSON.parse(read('sh2/result.json'));
    mkdirSync(join(dir, 'sh2-cut'));
    const files = sealRecord('sweep', { ...body, sweep: { ...body.sweep, state: 'running' } }, {}, { [RUNS_FILE]: { key: body.sweep.hash, text: `${lines[0]}\n` } });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'sh2-cut', name), text);
    expectRefused(run(['sweep', 'merge', 'm', 'sh1', 'sh2-cut', 'sh3']), /^nnlab: sweep merge: 1 of the sweep's 6 runs is missing: sh2-cut lacks init=\w+ seed \d \(--resume it\); nothing was written$/);
    // A complete shard with a line removed since is named as changed, not merged.
    cpSync(join(dir, 'sh2'), join(dir, 'sh2-edited'), { recursive: true });
    writeFileSync(join(dir, 'sh2-edited', RUNS_FILE), `${lines[0]}\n`);
    expectRefused(run(['sweep', 'merge', 'm', 'sh1', 'sh2-edited', 'sh3']), /^nnlab: sweep merge: sh2-edited: its runs\.jsonl has 1 line, 2 when nnlab completed the record: lines were added or removed since; --resume sh2-edited \(with the shard's options\) checks its lines against the sweep and sets them right, then merge again$/);
    expect(readdirSync(dir)).not.toContain('m');
  });
});

/** A copy of a shard record as another nnlab version would have written it (its own hash, lines resealed). */
function writeVersion(from: string, to: string, version: string): void {
  const result = JSON.parse(read(`${from}/result.json`));
  const definition: SweepDefinition = { ...result.sweep.definition, nnlab: version };
  const hash = definitionHash(definition);
  const lines = read(`${from}/runs.jsonl`).trim().split('\n').map((l) => {
    const { seal: _s, record: _r, ...rest } = JSON.parse(l);
    return sealLine(hash, rest);
  }).join('');
  const { record: _, ...body } = result;
  const files = sealRecord('sweep', { ...body, sweep: { ...result.sweep, hash, definition } }, { 'summary.csv': read(`${from}/summary.csv`), 'costs.csv': read(`${from}/costs.csv`), 'report.html': read(`${from}/report.html`) }, { [RUNS_FILE]: { key: hash, text: lines } });
  rmSync(join(dir, to), { recursive: true, force: true });
  cpSync(join(dir, from), join(dir, to), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, to, name), text);
}
