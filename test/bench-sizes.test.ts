// bench --sizes: its sizes read strictly, the data numpy's, the JSON one object of the documented shape.
// Nothing here is timed: the figures are only checked to be figures.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZES, iterationsFor, parseSizes, sizeData, sizeName, type SizeBench, type SizesResult } from '../src/experiments/benchSizes.js';
import { renderBenchSizes } from '../src/cli/render/benchSizes.js';
import { macsPerStep } from '../src/experiments/bench.js';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectRefused, nnlab, nnlabLimited, ROOT, unwrapped } from './helpers/cli.js';
import { defaultEngineName } from '../src/nn/engines.js';
import { TWO_THREAD_MACS } from '../src/nn/nativeEngine.js';

describe('--sizes reads sizes strictly', () => {
  it('no list: the table of widths 10-5 to 1000-1000 and m 300 to 300k', () => {
    expect(parseSizes(true).map(sizeName)).toEqual(['10-5@300', '20-20@300', '40-40@300', '60-60@300', '100-100@300', '100-100@3000', '1000-1000@300', '10-5@300k']);
    expect(parseSizes(true)).toEqual(DEFAULT_SIZES);
  });
  it('a list: hidden widths joined by -, m after @, k for thousands', () => {
    expect(parseSizes('10-5@300, 7@16,3-4-5@2k')).toEqual([{ hidden: [10, 5], m: 300 }, { hidden: [7], m: 16 }, { hidden: [3, 4, 5], m: 2000 }]);
  });
  it('refuses what is not a size, or a size past the bounds, naming it', () => {
    expect(() => parseSizes('10-5')).toThrow(/^--sizes: '10-5' is not a size; give a comma list of sizes H-H@m/);
    expect(() => parseSizes('10-5@300,x')).toThrow(/^--sizes: 'x' is not a size/);
    expect(() => parseSizes('10-0@300')).toThrow(/^--sizes: 10-0@300: hidden widths are 1 to 10000$/);
    expect(() => parseSizes('10-5@15')).toThrow(/^--sizes: 10-5@15: m is 16 to 1000000 examples$/);
    expect(() => parseSizes('1-1-1-1-1-1-1-1-1@300')).toThrow(/has 9 hidden layers; at most 8$/);
    expect(() => parseSizes('1000-1000@300k')).toThrow(/^--sizes: 1000-1000@300k needs 6\.0e\+8 unit-examples of buffers; at most 5e\+7/);
    expect(() => parseSizes('10000-10000@300')).toThrow(/^--sizes: 10000-10000@300 takes 9\.0e\+10 multiply-adds a step; at most 2e\+10$/);
  });
  it('every run is at least 3 steps, after a warm-up', () => {
    for (const s of DEFAULT_SIZES) {
      const { iterations, warmup } = iterationsFor(s);
      expect(iterations).toBeGreaterThanOrEqual(3);
      expect(warmup).toBeGreaterThanOrEqual(1);
      expect(iterations * macsPerStep([2, ...s.hidden, 1], s.m)).toBeLessThan(3e9);
      // a step large enough for the native engine's thread trial (8 steps) warms up through it
      if (macsPerStep([2, ...s.hidden, 1], s.m) >= TWO_THREAD_MACS) expect(warmup, sizeName(s)).toBeGreaterThanOrEqual(8);
    }
  });
  it("the data are numpy's: seed(1), random_sample((2, m))·2 − 1, labels x1·x2 > 0", () => {
    const d = sizeData(4);
    // np.random.seed(1); np.random.random_sample((2, 4)) * 2 - 1
    expect([...d.X.data]).toEqual([-0.165955990594852, 0.4406489868843162, -0.9997712503653102, -0.39533485473632046, -0.7064882183657739, -0.8153228104624044, -0.6274795772446582, -0.3088785459139045]);
    expect([...d.Y.data]).toEqual([1, 0, 1, 1]);
  });
});

describe('nnlab bench --sizes', () => {
  it('--json: one object, a row per size with the engine that ran it, numpy timed or said skipped', () => {
    const r = nnlab(['bench', '--sizes', '40-40@100', '--runs', '1', '--json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['command', 'engine', 'runs', 'sizes', 'numpy']);
    expect([j.command, j.engine, j.runs, j.sizes.length]).toEqual(['bench', defaultEngineName(), 1, 1]); // native where built, else wasm
    const s = j.sizes[0];
    expect([s.name, s.layers, s.m, s.macsPerIteration]).toEqual(['40-40@100', [2, 40, 40, 1], 100, macsPerStep([2, 40, 40, 1], 100)]);
    expect(s.engine).toBe(j.engine);
    // native: its kernels and threads (40-40@100 is below the step size that times two threads)
    expect(s.details).toEqual(s.engine === 'native' ? [expect.stringMatching(/^(avx512|avx2|baseline), 1 thread$/)] : []);
    for (const side of [s.nnlab, ...(s.numpy ? [s.numpy] : [])]) {
      expect(side.usPerIteration).toBeGreaterThan(0);
      expect(side.runsUs).toEqual([side.usPerIteration]);
      expect(side.gmacPerSecond).toBeCloseTo(s.macsPerIteration / side.usPerIteration / 1000, 9);
      expect(side.maxRssBytes).toBeGreaterThan(1e6);
    }
    if ('version' in j.numpy) expect(Object.keys(j.numpy)).toEqual(['version', 'script', 'blasThreads']);
    if ('version' in j.numpy) expect(s.ratio).toBeCloseTo(s.numpy.usPerIteration / s.nnlab.usPerIteration, 9);
    else expect(s.numpy).toBeUndefined();
  });
  it('says which engine ran: the TypeScript one when asked', () => {
    const j = JSON.parse(nnlab(['bench', '--sizes', '3@16', '--runs', '1', '--json', '--no-numpy', '--engine', 'ts']).stdout);
    expect([j.engine, j.sizes[0].engine, j.sizes[0].details, j.numpy]).toEqual(['ts', 'ts', [], { skipped: 'not asked (--no-numpy)' }]);
  });
  it('the table fits 80 columns', () => {
    const r = nnlab(['bench', '--sizes', '1000-1000@16', '--runs', '1'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(r.stdout.replace(/\n {2}/g, ' ')).toMatch(/^nnlab bench --sizes · engine \w+ · median of 1 run, numpy interleaved \(OPENBLAS_NUM_THREADS |^nnlab bench --sizes · engine \w+ · median of 1 run\n/);
    expect(lines.some((l) => /^│ 1000-1000 │ 16 /.test(l))).toBe(true);
    if (defaultEngineName() === 'native') expect(unwrapped(r.stdout)).toMatch(/\nnnlab's engine: native \((avx512|avx2|baseline)\); chosen by timing, (1 thread|2 threads|1 or 2 threads \(runs differed\)) at 1000-1000@16\.\n/);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
  });
  it('refuses, in one line before any timing: a bad size, --experiments, --no-numpy without --sizes, both numpy flags', () => {
    expectRefused(nnlab(['bench', '--sizes', '10-5']), /^nnlab: --sizes: '10-5' is not a size/);
    expectRefused(nnlab(['bench', '--sizes', '10-5@300', '--experiments', 'init-he']), /^nnlab: --experiments times the course runs; --sizes times the step at other sizes: give one of them$/);
    expectRefused(nnlab(['bench', '--no-numpy']), /^nnlab: --no-numpy goes with --sizes/);
    expectRefused(nnlab(['bench', '--sizes', '--vs-numpy', '--no-numpy']), /^nnlab: --vs-numpy and --no-numpy contradict each other$/);
    expectRefused(nnlab(['bench', '--sizes', '--runs', '0']), /^nnlab: --runs must be an integer ≥ 1 \(got "0"\)$/);
  });
});

describe('--sizes runs its timing children safely', () => {
  const BIN = join(ROOT, 'bin/nnlab.js');
  // 2000-2000@300: 3 steps of 3.6·10⁹ multiply-adds, a second or more per child
  const start = () => spawn(process.execPath, [BIN, 'bench', '--sizes', '10-5@300,2000-2000@300', '--runs', '2', '--no-numpy', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const childrenOf = (pid: number): number[] => {
    const r = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
    return r.stdout.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
  };
  const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };
  const until = async (what: () => boolean, ms: number): Promise<boolean> => {
    for (const t0 = Date.now(); Date.now() - t0 < ms; await new Promise((r) => setTimeout(r, 50))) if (what()) return true;
    return what();
  };
  const collect = (p: ReturnType<typeof start>) => {
    let out = '';
    let err = '';
    p.stdout!.on('data', (d) => (out += d));
    p.stderr!.on('data', (d) => (err += d));
    return new Promise<{ code: number | null; signal: string | null; out: string; err: string }>((done) => p.on('close', (code, signal) => done({ code, signal, out, err })));
  };
  // the child timing 2000-2000@300, found by its arguments
  const secondChild = async (p: ReturnType<typeof start>): Promise<number> => {
    let child = 0;
    const cmdline = (pid: number): string => { try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { return ''; } };
    await until(() => (child = childrenOf(p.pid!).find((c) => cmdline(c).includes('[2000,2000]')) ?? 0) > 0, 30_000);
    return child;
  };

  it('a child killed from outside: the sizes measured before it, one line naming it, exit 1', async () => {
    const p = start();
    const ended = collect(p);
    const child = await secondChild(p);
    expect(child).toBeGreaterThan(0);
    process.kill(child, 'SIGKILL');
    const r = await ended;
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/│ 10-5 +│ 300 /);
    expect(r.out).not.toMatch(/│ 2000-2000 /);
    expect(r.err).toBe("nnlab: bench --sizes stopped at 2000-2000@300: nnlab's run was ended by SIGKILL (killed from outside, or out of memory)\n");
  });

  it('nnlab ended by a signal: its timing child ends too', async () => {
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
      const p = start();
      const ended = collect(p);
      const child = await secondChild(p);
      expect(child).toBeGreaterThan(0);
      p.kill(signal);
      expect((await ended).signal).toBe(signal);
      expect(await until(() => !alive(child), 3000), `${signal}: child ${child} still running`).toBe(true);
    }
  });

  it('a size that cannot have the memory it needs is refused before any timing, in one line', () => {
    const r = nnlabLimited({ kib: 2_000_000 }, ['bench', '--sizes', '10-5@300,10000-10000@16', '--no-numpy']);
    expectRefused(r, /^nnlab: --sizes: 10000-10000@16 needs about [\d.]+ GiB of memory; the address-space limit \(ulimit -v\) leaves [\d.]+ MiB$/);
    expect(r.stdout).toBe('');
  });
});

describe('--sizes verdict', () => {
  const side = (runsUs: number[]) => ({ usPerIteration: [...runsUs].sort((a, b) => a - b)[runsUs.length >> 1]!, gmacPerSecond: 1, maxRssBytes: 5e7, runsUs });
  const size = (name: string, ours: number[], theirs: number[]): SizeBench => {
    const nnlab = side(ours);
    const numpy = side(theirs);
    return { name, layers: [2, 10, 5, 1], m: 300, iterations: 10, macsPerIteration: 1, engine: 'native', details: ['avx512, 1 thread'], nnlab, numpy, ratio: numpy.usPerIteration / nnlab.usPerIteration };
  };
  const result = (sizes: SizeBench[]): SizesResult => ({ engine: 'native', runs: 3, sizes, numpy: { version: '2.4.6', script: 'numpy_sizes.py', blasThreads: null } });
  it('leaves out, and names, a size whose runs varied more than 2× on either side', () => {
    const text = unwrapped(renderBenchSizes(result([size('10-5@300', [9, 9.5, 10], [50, 52, 51]), size('100-100@300', [700, 720, 710], [580, 49_763, 600])])));
    expect(text).toContain('nnlab is as fast or faster at 10-5@300.');
    expect(text).toContain('Not judged, their runs varied more than 2× (the machine\'s load, not the code; numpy\'s BLAS threads suffer most): 100-100@300 (nnlab 700–720 µs, numpy 580–49763 µs).');
  });
  it('judges every size when the runs agree, naming where nnlab is slower', () => {
    const text = unwrapped(renderBenchSizes(result([size('10-5@300', [9, 9.5, 10], [50, 52, 51]), size('100-100@300', [700, 720, 710], [580, 600, 590])])));
    expect(text).toContain('nnlab is slower at 100-100@300 (0.83×), as fast or faster at the other size judged.');
    expect(text).not.toContain('Not judged');
  });
});
