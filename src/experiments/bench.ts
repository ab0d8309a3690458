// Timing of the course experiments, in-process and never printing: the `nnlab bench` command renders it.
// Optionally against the numpy peer (../shared/bench/numpy_course.py), interleaved run by run.
import { spawnSync } from 'node:child_process';
import { pythonOrphanSafe, watchedEnv } from './orphans.js';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Split } from '../data/dataset.js';
import { EXIT, NnlabError, UsageError } from '../errors.js';
import { loadNamed, loadSplit } from '../data/registry.js';
import type { ActivationName } from '../nn/activations.js';
import { initialize } from '../nn/init.js';
import { chosenEngineName, ENGINES, type EngineName } from '../nn/engines.js';
import { train, type CostPoint, type TrainEngine, type TrainResult, type TrainSettings } from '../nn/train.js';
import { wasmModule } from '../nn/wasmEngine.js';
import { courseFile, readExperimentFile, resolveRunSettings } from './configFile.js';
import { runPool } from './pool.js';
import { DEFAULTS, type TrainCommand } from './settings.js';

export const BENCH_EXPERIMENTS = ['init-zeros', 'init-random', 'init-he', 'reg-none', 'reg-l2', 'reg-dropout'] as const;
export type BenchExperiment = (typeof BENCH_EXPERIMENTS)[number];
export type { EngineName } from '../nn/engines.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The numpy peer, relative to the repository root as the issue names it. */
export const NUMPY_SCRIPT = resolve(REPO, '../shared/bench/numpy_course.py');

export interface BenchOptions {
  experiments?: readonly BenchExperiment[];
  /** Timed runs per experiment (median reported); default 5. */
  runs?: number;
  /** Untimed runs first, so the JIT has compiled everything; default 1. */
  warmup?: number;
  /** Default: the engine runs use (engines.ts chosenEngineName). */
  engine?: EngineName;
  /** Also run the numpy script, alternating with the timed runs. */
  vsNumpy?: boolean;
  python?: string;
  numpyScript?: string;
  /** Called after each timed run, e.g. to show progress. */
  onRun?(experiment: BenchExperiment, run: number, runs: number): void;
}

export interface NumpyTiming {
  /** Median of numpy's own in-process seconds for the training loop. */
  seconds: number;
  usPerIteration: number;
  /** Median wall time of the whole python process. */
  processSeconds: number;
  /** numpy seconds / nnlab seconds (in-process medians): how many times faster nnlab is. */
  speedup: number;
  runs: number[];
}

export interface ExperimentBench {
  name: BenchExperiment;
  dataset: string;
  layers: number[];
  m: number;
  iterations: number;
  /** Forward + backward multiply-adds of one step (see macsPerStep). */
  macsPerIteration: number;
  /** Median of the timed runs, whole train() call (init, steps, costs, accuracies). */
  msPerRun: number;
  runsMs: number[];
  usPerIteration: number;
  /** Multiply-adds per second over the whole run, in units of 1e9. */
  gmacPerSecond: number;
  /**
   * What the drawn cost curve costs: the same runs without it (curvePoints 0), interleaved with the timed
   * ones; ratio is the median over pairs of (with curve) / (without).
   */
  curve: { points: number; msWithout: number; ratio: number };
  /** What the timed runs computed (identical in every run). */
  costs: CostPoint[];
  accuracy: { train: number; test: number };
  numpy?: NumpyTiming;
}

export interface BenchResult {
  /** The engine asked for. */
  engine: EngineName;
  /** The engine that ran the timed runs, with its kernels and threads (native). */
  ran: TrainEngine;
  /** Whether this runtime loaded the wasm SIMD kernels; `ran` says which engine ran (wasm can still hand a run to TS, e.g. when it cannot get memory). */
  wasmAvailable: boolean;
  runs: number;
  experiments: ExperimentBench[];
  /** Present when vsNumpy was asked: the numpy version, or why it was skipped. */
  numpy?: { version: string } | { skipped: string };
  /** Sum over experiments of numpy's median seconds / sum of nnlab's. */
  overallSpeedup?: number;
}

/** Σ n_l·n_{l-1}·m forward, twice that backward (dW and dA), less dA_0 which is never computed. */
export function macsPerStep(layers: readonly number[], m: number): number {
  let sum = 0;
  for (let l = 1; l < layers.length; l++) sum += layers[l]! * layers[l - 1]!;
  return 3 * sum * m - (layers.length > 1 ? layers[1]! * layers[0]! * m : 0);
}

export function experimentSettings(name: BenchExperiment): { dataset: string; settings: TrainSettings } {
  const file = readExperimentFile(courseFile(name));
  const config = resolveRunSettings(file, DEFAULTS[file.command as TrainCommand]);
  return { dataset: config.dataset, settings: { ...config, scale: undefined } };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

export function benchCourse(opts: BenchOptions = {}): BenchResult {
  const runs = Math.max(1, opts.runs ?? 5);
  const engineName = opts.engine ?? chosenEngineName();
  const engine = ENGINES[engineName].create;
  const numpy = opts.vsNumpy ? numpyCheck(opts.python ?? 'python3', opts.numpyScript ?? NUMPY_SCRIPT) : undefined;
  const splits = new Map<string, Split>();
  let ranOn: TrainEngine | undefined;
  const experiments = (opts.experiments ?? BENCH_EXPERIMENTS).map((name) => {
    const { dataset, settings } = experimentSettings(name);
    if (!splits.has(dataset)) splits.set(dataset, loadSplit(dataset));
    const split = splits.get(dataset)!;
    for (let i = 0; i < (opts.warmup ?? 1); i++) train(split, settings, {}, engine);
    const ms: number[] = [];
    const without: number[] = [];
    const py: { seconds: number; process: number }[] = [];
    let last: TrainResult | undefined;
    for (let r = 0; r < runs; r++) {
      if (numpy && 'version' in numpy) py.push(runNumpy(opts.python ?? 'python3', opts.numpyScript ?? NUMPY_SCRIPT, name));
      // The run without the curve goes first in every other pair, so that neither side always runs warmer.
      if (r % 2 === 1) without.push(train(split, settings, { curvePoints: 0 }, engine).durationMs);
      last = train(split, settings, {}, engine);
      ranOn = last.engine;
      ms.push(last.durationMs);
      if (r % 2 === 0) without.push(train(split, settings, { curvePoints: 0 }, engine).durationMs);
      opts.onRun?.(name, r + 1, runs);
    }
    const m = split.train.X.cols;
    const macs = macsPerStep(settings.layers, m);
    const msPerRun = median(ms);
    const out: ExperimentBench = {
      name,
      dataset,
      layers: settings.layers,
      m,
      iterations: settings.iterations,
      macsPerIteration: macs,
      msPerRun,
      runsMs: ms,
      usPerIteration: (msPerRun * 1000) / settings.iterations,
      gmacPerSecond: (macs * settings.iterations) / (msPerRun * 1e6),
      curve: { points: last!.curve.length, msWithout: median(without), ratio: median(ms.map((t, i) => t / without[i]!)) },
      costs: last!.costs,
      accuracy: last!.accuracy,
    };
    if (py.length > 0) {
      const seconds = median(py.map((p) => p.seconds));
      out.numpy = {
        seconds,
        usPerIteration: (seconds * 1e6) / settings.iterations,
        processSeconds: median(py.map((p) => p.process)),
        speedup: seconds / (msPerRun / 1000),
        runs: py.map((p) => p.seconds),
      };
    }
    return out;
  });
  const result: BenchResult = { engine: engineName, ran: ranOn ?? { name: engineName, detail: null }, wasmAvailable: wasmModule !== null, runs, experiments };
  if (numpy) result.numpy = numpy;
  const timed = experiments.filter((e) => e.numpy);
  if (timed.length > 0) {
    result.overallSpeedup = timed.reduce((a, e) => a + e.numpy!.seconds, 0) / timed.reduce((a, e) => a + e.msPerRun / 1000, 0);
  }
  return result;
}

/**
 * For --vs-numpy: the comparison the user asked for, or a UsageError before any timing (a bench without
 * it would look like an answer to the question asked).
 */
export function requireNumpy(python = 'python3', script = NUMPY_SCRIPT): void {
  const check = numpyCheck(python, script);
  if ('skipped' in check) {
    throw new UsageError(`--vs-numpy: ${check.skipped}; the comparison needs python3 with numpy and ../shared/bench/numpy_course.py beside the clone`);
  }
}

export function numpyCheck(python: string, script: string): { version: string } | { skipped: string } {
  if (!existsSync(script)) return { skipped: `numpy script not found: ${script}` };
  const r = spawnSync(python, ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  if (r.error) return { skipped: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? `${python} not found${python.includes('/') ? '' : ' on PATH'}` : `${python} not runnable: ${r.error.message}` };
  if (r.status !== 0) return { skipped: `numpy not importable by ${python}: ${r.stderr.trim().split('\n').pop() ?? ''}` };
  return { version: r.stdout.trim() };
}

function runNumpy(python: string, script: string, name: string): { seconds: number; process: number } {
  const t0 = performance.now();
  const r = spawnSync(python, pythonOrphanSafe(script, [name]), { encoding: 'utf8', env: watchedEnv(process.env), maxBuffer: 1 << 24 });
  const wall = (performance.now() - t0) / 1000;
  if (r.error) throw new NnlabError(`bench --vs-numpy: ${python} could not run: ${r.error.message}`, EXIT.failed);
  if (r.signal) throw new NnlabError(`bench --vs-numpy: numpy's run of ${name} was ended by ${r.signal} (killed from outside, or out of memory)`, EXIT.failed);
  if (r.status !== 0) throw new NnlabError(`bench --vs-numpy: numpy's run of ${name} failed (exit ${r.status}): ${r.stderr.trim().split('\n').filter(Boolean).pop() ?? ''}`, EXIT.failed);
  const out = JSON.parse(r.stdout) as Record<string, { seconds: number }>;
  return { seconds: out[name]!.seconds, process: wall };
}

export interface StepBench {
  engine: EngineName;
  ran: TrainEngine;
  layers: number[];
  m: number;
  macsPerIteration: number;
  /** Median over runs of `iterations` steps each. */
  usPerIteration: number;
  gmacPerSecond: number;
  runsUs: number[];
  /** The same step asked for its cost (a reported or drawn iteration), in runs interleaved with the plain ones. */
  usPerCostedIteration: number;
}

/**
 * The training step alone (no init, costs or accuracies): 2-10-5-1 on the circles' training split by default.
 * m: that many examples of a generated dataset (its --samples) instead of the split's own count.
 */
export function benchStep(opts: { engine?: EngineName; runs?: number; iterations?: number; layers?: number[]; dataset?: string; m?: number; activation?: ActivationName } = {}): StepBench {
  const engineName = opts.engine ?? chosenEngineName();
  const layers = opts.layers ?? [2, 10, 5, 1];
  const dataset = opts.dataset ?? 'circles';
  const data = opts.m === undefined ? loadSplit(dataset).train : loadNamed(dataset, 'train', { samples: opts.m });
  const iterations = opts.iterations ?? 3000;
  const e = ENGINES[engineName].create(initialize(layers, 'he', 3), layers, data, { lr: 0.01, lambd: 0, keepProb: 1, dropoutMasks: 'course', activation: opts.activation ?? 'relu' });
  for (let i = 0; i < iterations; i++) e.step(false);
  const timed = (wantCost: boolean): number => {
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) e.step(wantCost);
    return ((performance.now() - t0) * 1000) / iterations;
  };
  const runsUs: number[] = [];
  const costedUs: number[] = [];
  for (let r = 0; r < (opts.runs ?? 11); r++) {
    runsUs.push(timed(false));
    costedUs.push(timed(true));
  }
  e.release?.();
  const us = median(runsUs);
  const macs = macsPerStep(layers, data.X.cols);
  return { engine: engineName, ran: { name: e.name, detail: e.detail ?? null }, layers, m: data.X.cols, macsPerIteration: macs, usPerIteration: us, gmacPerSecond: macs / us / 1000, runsUs, usPerCostedIteration: median(costedUs) };
}

export interface CourseRun {
  name: BenchExperiment;
  costs: CostPoint[];
  accuracy: { train: number; test: number };
  durationMs: number;
}

/** One course experiment on the default engine; the pool's job runner for benchCourseParallel. */
export function runCourseExperiment(name: BenchExperiment): CourseRun {
  const { dataset, settings } = experimentSettings(name);
  const r = train(loadSplit(dataset), settings);
  return { name, costs: r.costs, accuracy: r.accuracy, durationMs: r.durationMs };
}

export interface ParallelBench {
  threads: number;
  /** Wall time of the whole course through the pool, worker start-up included. */
  wallMs: number;
  runs: CourseRun[];
}

/**
 * The whole course on worker threads, longest first so they finish together. Workers import this
 * module by its file name (bench.js, also an entry point of the bundle), so run it compiled.
 */
export async function benchCourseParallel(opts: { jobs?: number; experiments?: readonly BenchExperiment[] } = {}): Promise<ParallelBench> {
  const names = [...(opts.experiments ?? BENCH_EXPERIMENTS)];
  const cost = (n: BenchExperiment): number => {
    const { settings } = experimentSettings(n);
    return settings.iterations * macsPerStep(settings.layers, 300) * (settings.keepProb < 1 ? 1.3 : 1);
  };
  const order = [...names].sort((a, b) => cost(b) - cost(a));
  const t0 = performance.now();
  const runner = { module: new URL('./bench.js', import.meta.url).href, exportName: 'runCourseExperiment' };
  const done = await runPool<BenchExperiment, CourseRun>(runner, order, { jobs: opts.jobs });
  const wallMs = performance.now() - t0;
  const threads = Math.min(order.length, opts.jobs && opts.jobs > 0 ? opts.jobs : availableParallelism());
  return { threads, wallMs, runs: names.map((n) => done[order.indexOf(n)]!) };
}
