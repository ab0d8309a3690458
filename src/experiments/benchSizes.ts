// nnlab bench --sizes: the training step at widths and example counts past the course's. Each timed run is
// a child process of its own (its peak memory is then that size's alone), the numpy peer
// (tools/numpy_sizes.py) interleaved run by run when python3 with numpy is present. Never prints.
import { spawnSync } from 'node:child_process';
import { pythonOrphanSafe, watchedEnv } from './orphans.js';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../data/dataset.js';
import { clip, UsageError } from '../errors.js';
import { initialize } from '../nn/init.js';
import { RandomState } from '../random/randomState.js';
import { ENGINES, type EngineName } from '../nn/engines.js';
import { TWO_THREAD_MACS } from '../nn/nativeEngine.js';
import { macsPerStep, numpyCheck } from './bench.js';
import * as limits from '../limits.js';
import { formatBytes } from '../limits.js';
import { memoryLimit, PROCESS_BYTES, runBytes } from './memory.js';

/** A 2-…-1 network (the course's two features, one output) on m examples. */
export interface SizeSpec {
  hidden: number[];
  m: number;
}

/** The table of issue 19: the course's 10-5, wider layers, more examples. */
export const DEFAULT_SIZES: readonly SizeSpec[] = [
  { hidden: [10, 5], m: 300 },
  { hidden: [20, 20], m: 300 },
  { hidden: [40, 40], m: 300 },
  { hidden: [60, 60], m: 300 },
  { hidden: [100, 100], m: 300 },
  { hidden: [100, 100], m: 3000 },
  { hidden: [1000, 1000], m: 300 },
  { hidden: [10, 5], m: 300_000 },
];

export const layersOf = (s: SizeSpec): number[] => [2, ...s.hidden, 1];
/** '10-5@300', '10-5@300k': how --sizes names a size. */
export const sizeName = (s: SizeSpec): string => `${s.hidden.join('-')}@${s.m % 1000 === 0 && s.m >= 10_000 ? `${s.m / 1000}k` : s.m}`;

const { MAX_SIZES_HIDDEN_LAYERS: MAX_HIDDEN_LAYERS, MAX_SIZES_WIDTH: MAX_WIDTH, MAX_SIZES_M: MAX_M, MAX_SIZES_UNIT_EXAMPLES: MAX_UNIT_EXAMPLES, MAX_SIZES_MACS: MAX_MACS } = limits;
/** Examples: the wasm engine tiles 16 at a time (fewer run on the TS engine, which is not what is asked). */
const MIN_M = 16;
const SIZE_FORM = "a comma list of sizes H-H@m, hidden widths joined by '-' and m examples (k for thousands), e.g. 10-5@300,100-100@3000,10-5@300k";

/** --sizes: the default table for an empty list, else each size checked against the bounds above. */
export function parseSizes(text: string | true): SizeSpec[] {
  if (text === true || text.trim() === '') return DEFAULT_SIZES.map((s) => ({ hidden: [...s.hidden], m: s.m }));
  return text.split(',').map((part) => {
    const w = part.trim();
    const match = /^(\d+(?:-\d+)*)@(\d+)(k?)$/.exec(w);
    if (!match) throw new UsageError(`--sizes: '${clip(w)}' is not a size; give ${SIZE_FORM}`);
    const hidden = match[1]!.split('-').map(Number);
    const m = Number(match[2]) * (match[3] ? 1000 : 1);
    const spec = { hidden, m };
    const name = `--sizes: ${clip(w)}`;
    if (hidden.length > MAX_HIDDEN_LAYERS) throw new UsageError(`${name} has ${hidden.length} hidden layers; at most ${MAX_HIDDEN_LAYERS}`);
    if (hidden.some((h) => h < 1 || h > MAX_WIDTH)) throw new UsageError(`${name}: hidden widths are 1 to ${MAX_WIDTH}`);
    if (m < MIN_M || m > MAX_M) throw new UsageError(`${name}: m is ${MIN_M} to ${MAX_M} examples`);
    const units = layersOf(spec).reduce((a, n) => a + n, 0) * m;
    if (units > MAX_UNIT_EXAMPLES) throw new UsageError(`${name} needs ${units.toExponential(1)} unit-examples of buffers; at most ${MAX_UNIT_EXAMPLES.toExponential(0)} (about 1.6 GB of activations)`);
    if (macsPerStep(layersOf(spec), m) > MAX_MACS) throw new UsageError(`${name} takes ${macsPerStep(layersOf(spec), m).toExponential(1)} multiply-adds a step; at most ${MAX_MACS.toExponential(0)}`);
    return spec;
  });
}

/** Multiply-adds a timed run aims at (~50 ms at the course size on wasm), in at least 3 steps. */
const RUN_MACS = 3e8;
const MIN_ITERATIONS = 3;
const MAX_ITERATIONS = 20_000;
/** Warm-up steps enough for the native engine's thread trial (8 steps: nn/threadChoice.ts), up to this much work. */
const TRIAL_STEPS = 8;
const TRIAL_MAX_MACS = 1e10;
export function iterationsFor(spec: SizeSpec): { iterations: number; warmup: number } {
  const macs = macsPerStep(layersOf(spec), spec.m);
  const iterations = Math.min(MAX_ITERATIONS, Math.max(MIN_ITERATIONS, Math.round(RUN_MACS / macs)));
  // the timed steps then run on the thread count the trial chose, as a long training run's do
  const trial = macs >= TWO_THREAD_MACS && macs * TRIAL_STEPS <= TRIAL_MAX_MACS ? TRIAL_STEPS : 0;
  return { iterations, warmup: Math.max(Math.ceil(iterations / 5), trial) };
}

/** What a child reports of one timed run. */
export interface StepRun {
  /** The engine that ran the steps (Engine.name): the one asked for, or its fallback. */
  engine: string;
  /** Engine.detail (native: kernels and threads), or null. */
  detail: string | null;
  seconds: number;
  usPerIteration: number;
  /** Peak resident memory of the whole process, bytes. */
  maxRssBytes: number;
}

/**
 * The data both sides time: X = random_sample((2, m))·2 − 1 after seed(1), row by row as numpy fills it,
 * labels x1·x2 > 0.
 */
export function sizeData(m: number): Dataset {
  const rs = new RandomState(1);
  const X = new Float64Array(2 * m);
  for (let i = 0; i < X.length; i++) X[i] = rs.randomSample() * 2 - 1;
  const Y = new Float64Array(m);
  for (let j = 0; j < m; j++) Y[j] = X[j]! * X[m + j]! > 0 ? 1 : 0;
  return { X: { rows: 2, cols: m, data: X }, Y: { rows: 1, cols: m, data: Y } };
}

/** One timed run in this process (the child's work): warm-up steps, then `iterations` steps without the cost. */
export function timeSteps(spec: SizeSpec, engineName: EngineName, iterations: number, warmup: number): StepRun {
  const layers = layersOf(spec);
  const engine = ENGINES[engineName].create(initialize(layers, 'he', 3), layers, sizeData(spec.m), {
    lr: 0.01, lambd: 0, keepProb: 1, dropoutMasks: 'course', activation: 'relu',
  });
  for (let i = 0; i < warmup; i++) engine.step(false);
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) engine.step(false);
  const seconds = (performance.now() - t0) / 1000;
  engine.release?.();
  return { engine: engine.name, detail: engine.detail ?? null, seconds, usPerIteration: (seconds * 1e6) / iterations, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
}

export interface SideBench {
  /** Median over the runs. */
  usPerIteration: number;
  gmacPerSecond: number;
  /** Largest peak resident memory over the runs, bytes (whole process: the runtime's own included). */
  maxRssBytes: number;
  runsUs: number[];
}

export interface SizeBench {
  name: string;
  layers: number[];
  m: number;
  iterations: number;
  macsPerIteration: number;
  /** The engine nnlab's runs used. */
  engine: string;
  /** Its details over the runs (native: kernels and threads), each once, in order of first appearance. */
  details: string[];
  nnlab: SideBench;
  numpy?: SideBench;
  /** numpy µs / nnlab µs (medians): above 1, nnlab is faster. */
  ratio?: number;
}

export interface SizesResult {
  /** The engine asked for (each size says which ran). */
  engine: EngineName;
  runs: number;
  sizes: SizeBench[];
  /** blasThreads: OPENBLAS_NUM_THREADS as the peer got it, or null (its BLAS's default, one thread per core for OpenBLAS). */
  numpy: { version: string; script: string; blasThreads: string | null } | { skipped: string };
  /** The size whose run failed, and how: the sizes after it were not measured. */
  stopped?: { size: string; why: string };
}

export const NUMPY_SIZES_SCRIPT = fileURLToPath(new URL('../../tools/numpy_sizes.py', import.meta.url));
const CHILD = fileURLToPath(new URL('./benchSizeChild.js', import.meta.url));

export interface SizesOptions {
  sizes: readonly SizeSpec[];
  runs: number;
  engine: EngineName;
  /** 'auto': numpy when present; 'off': never. */
  numpy: 'auto' | 'off';
  python?: string;
  /** After each timed run of either side. */
  onRun?(): void;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

/**
 * Each size's run against the memory this process could have (a child inherits its limits), before any
 * timing: the estimate of a training run of that size (memory.ts). Throws UsageError naming the first
 * size that does not fit.
 */
export function checkSizesMemory(sizes: readonly SizeSpec[]): void {
  const limit = memoryLimit();
  for (const spec of sizes) {
    const need = PROCESS_BYTES + runBytes({ layers: layersOf(spec), train: spec.m, test: 0, dropout: false, activation: 'relu', reports: 0, inspect: false });
    if (need > limit.bytes) throw new UsageError(`--sizes: ${sizeName(spec)} needs about ${formatBytes(need)} of memory; ${limit.text}`);
  }
}

/**
 * Timed runs per size, nnlab and numpy in turn; each run a fresh process. A run that fails (killed from
 * outside, out of memory) stops the measurement: the sizes measured before it are returned, with `stopped`.
 */
export function benchSizes(opts: SizesOptions): SizesResult {
  const python = opts.python ?? 'python3';
  const check = opts.numpy === 'off' ? { skipped: 'not asked (--no-numpy)' } : numpyCheck(python, NUMPY_SIZES_SCRIPT);
  const numpy = 'version' in check ? { version: check.version, script: NUMPY_SIZES_SCRIPT, blasThreads: process.env.OPENBLAS_NUM_THREADS ?? null } : check;
  const sizes: SizeBench[] = [];
  let stopped: SizesResult['stopped'];
  for (const spec of opts.sizes) {
    try {
      sizes.push(benchSize(spec, opts, numpy, python));
    } catch (e) {
      if (!(e instanceof ChildFailed)) throw e;
      stopped = { size: sizeName(spec), why: e.message };
      break;
    }
  }
  return { engine: opts.engine, runs: opts.runs, sizes, numpy, ...(stopped ? { stopped } : {}) };
}

function benchSize(spec: SizeSpec, opts: SizesOptions, numpy: SizesResult['numpy'], python: string): SizeBench {
    const layers = layersOf(spec);
    const { iterations, warmup } = iterationsFor(spec);
    const ours: StepRun[] = [];
    const theirs: StepRun[] = [];
    for (let r = 0; r < opts.runs; r++) {
      ours.push(runChild('nnlab', process.execPath, [CHILD, JSON.stringify({ spec, engine: opts.engine, iterations, warmup })], process.env));
      opts.onRun?.();
      if ('version' in numpy) {
        theirs.push(runChild('numpy', python, pythonOrphanSafe(NUMPY_SIZES_SCRIPT, [layers.join(','), String(spec.m), String(iterations), String(warmup)]), numpyEnv()));
        opts.onRun?.();
      }
    }
    const macs = macsPerStep(layers, spec.m);
    const side = (runs: StepRun[]): SideBench => {
      const us = median(runs.map((r) => r.usPerIteration));
      return { usPerIteration: us, gmacPerSecond: macs / us / 1000, maxRssBytes: Math.max(...runs.map((r) => r.maxRssBytes)), runsUs: runs.map((r) => r.usPerIteration) };
    };
    const out: SizeBench = { name: sizeName(spec), layers, m: spec.m, iterations, macsPerIteration: macs, engine: ours[0]!.engine, details: [...new Set(ours.flatMap((r) => (r.detail ? [r.detail] : [])))], nnlab: side(ours) };
    if (theirs.length > 0) {
      out.numpy = side(theirs);
      out.ratio = out.numpy.usPerIteration / out.nnlab.usPerIteration;
    }
    return out;
}

/**
 * numpy as a current numpy runs on this processor: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which some
 * machines set for old OpenBLAS builds, slow it, so the peer runs without them.
 */
function numpyEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** A timing child that did not finish: its side and how it ended, in one line. */
class ChildFailed extends Error {}

function runChild(who: string, command: string, args: string[], env: NodeJS.ProcessEnv): StepRun {
  const r = spawnSync(command, args, { encoding: 'utf8', env: watchedEnv(env), maxBuffer: 1 << 20 });
  if (r.error) throw new ChildFailed(`${who} could not run: ${r.error.message}`);
  if (r.signal) throw new ChildFailed(`${who}'s run was ended by ${r.signal} (killed from outside, or out of memory)`);
  if (r.status !== 0) throw new ChildFailed(`${who}'s run failed (exit ${r.status}): ${r.stderr.trim().split('\n').filter(Boolean).pop() ?? ''}`);
  const out = JSON.parse(r.stdout) as Partial<StepRun> & { maxRssKiB?: number };
  return {
    engine: out.engine ?? 'numpy',
    detail: out.detail ?? null,
    seconds: out.seconds!,
    usPerIteration: out.usPerIteration!,
    maxRssBytes: out.maxRssBytes ?? out.maxRssKiB! * 1024,
  };
}
