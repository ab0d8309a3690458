// Rule 5: SIGINT and SIGTERM at any moment leave either nothing or the complete output, never a
// temporary entry, and are never swallowed. Runs are killed at moments spread over their whole life
// (start-up, training, writing, after); a test-only delay widens the writing window.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelRefusal, recordRefusal } from '../src/output/seal.js';
import { ROOT } from './helpers/cli.js';
import { leftovers } from './helpers/tree.js';

const BIN = join(ROOT, 'bin', 'nnlab.js');
const base = mkdtempSync(join(tmpdir(), 'nnlab-interrupts-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
}

async function killedAt(args: string[], cwd: string, ms: number, signal: NodeJS.Signals): Promise<Ended> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1', NNLAB_TEST_WRITE_DELAY_MS: '60' } });
  const ended = new Promise<Ended>((r) => child.on('exit', (code, sig) => r({ code, signal: sig })));
  await new Promise((r) => setTimeout(r, ms));
  child.kill(signal);
  return ended;
}

/**
 * Nothing, or the whole output: the exact files, sealed and unchanged. A sweep's record may also be
 * partial: result.json and the runs that ended, sealed (resumable, and replaceable by --force).
 */
function outputState(dir: string, record: string, files: string[], model?: string): 'nothing' | 'partial' | 'complete' {
  const names = readdirSync(dir).sort();
  const expected = [record, ...(model ? [model] : [])].sort();
  if (names.length === 0) return 'nothing';
  expect(names).toEqual(expected);
  const inside = readdirSync(join(dir, record)).sort();
  if (files.includes('runs.jsonl') && JSON.parse(readFileSync(join(dir, record, 'result.json'), 'utf8')).sweep?.state === 'running') {
    // Stopped before the record was complete, perhaps between two of its summary files: result.json
    // still says running, and --resume completes it.
    expect(inside.filter((f) => !files.includes(f))).toEqual([]);
    expect(inside).toEqual(expect.arrayContaining(['result.json', 'runs.jsonl']));
    expect(recordRefusal(join(dir, record))).toBeNull();
    return 'partial';
  }
  expect(readdirSync(join(dir, record)).sort()).toEqual(files);
  expect(recordRefusal(join(dir, record))).toBeNull();
  if (model) expect(modelRefusal(join(dir, model))).toBeNull();
  return 'complete';
}

const CODE: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/** How long a whole run takes here, uninterrupted, so that the moments cover its life on any machine. */
async function lifetime(args: string[]): Promise<number> {
  const dir = join(base, `calibrate-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: 'ignore', env: { ...process.env, NNLAB_TEST_WRITE_DELAY_MS: '60' } });
  await new Promise((r) => child.on('exit', r));
  return performance.now() - t0;
}

async function loop(label: string, runs: number, args: (i: number) => string[], files: string[], model: boolean): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  const life = await lifetime(args(0));
  for (let i = 0; i < runs; i++) {
    const dir = join(base, `${label}-${i}`);
    mkdirSync(dir);
    const signal: NodeJS.Signals = i % 2 === 0 ? 'SIGINT' : 'SIGTERM';
    const ms = Math.round(life * (0.05 + (1.05 * i) / (runs - 1))); // spread over start-up, work, writing and exit
    const ended = await killedAt(args(i), dir, ms, signal);
    const what = `${label} run ${i}, ${signal} at ${ms} ms: exit ${ended.code}, signal ${ended.signal}`;
    expect(leftovers(dir), what).toEqual([]);
    const state = outputState(dir, 'out', files, model ? 'model.json' : undefined);
    if (ended.code === 0) expect(state, `${what} exited 0`).toBe('complete');
    else expect(ended.signal === signal || ended.code === CODE[signal], what).toBe(true);
    const key = ended.code === 0 ? 'finished' : `${state} (${signal})`;
    seen[key] = (seen[key] ?? 0) + 1;
  }
  if (process.env.NNLAB_TEST_SHOW) console.log(label, seen);
  return seen;
}

describe('interrupted at any moment', () => {
  it('20 train runs with --out and --save: nothing or all, never a temporary entry', async () => {
    const seen = await loop('train', 20, () => ['train', '--iterations', '300', '--print-every', '100', '--out', 'out', '--save', 'model.json'],
      ['boundary.json', 'boundary.svg', 'cost.svg', 'costs.csv', 'model.json', 'report.html', 'result.json'], true);
    expect(Object.values(seen).reduce((a, b) => a + b, 0)).toBe(20);
  }, 120_000);

  it('10 sweep runs with --out: nothing, the runs that ended, or all, never a temporary entry', async () => {
    const seen = await loop('sweep', 10, () => ['sweep', 'train', '--init', 'zeros,he', '--iterations', '200', '--print-every', '100', '--jobs', '1', '--out', 'out'],
      ['costs.csv', 'report.html', 'result.json', 'runs.jsonl', 'summary.csv'], false);
    expect(Object.values(seen).reduce((a, b) => a + b, 0)).toBe(10);
  }, 120_000);

  it('a lock file (used where the socket lock is not) is taken over from a dead owner, not from a live one', async () => {
    const { fileLock } = await import('../src/output/lock.js');
    const dir = join(base, 'locks');
    const held = fileLock(dir, 'k');
    expect(held).not.toBe(false);
    expect(fileLock(dir, 'k')).toBe(false); // this process is alive
    (held as { release(): void }).release();
    expect(existsSync(join(dir, 'k.lock'))).toBe(false);
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    writeFileSync(join(dir, 'k.lock'), String(dead.pid));
    const taken = fileLock(dir, 'k');
    expect(taken).not.toBe(false);
    expect(readFileSync(join(dir, 'k.lock'), 'utf8')).toBe(String(process.pid));
    (taken as { release(): void }).release();
  });
});
