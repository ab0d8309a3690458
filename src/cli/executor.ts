// Runs training jobs on worker threads (one per core unless --jobs says otherwise).
import { UsageError } from '../errors.js';
import { runPoolSettled, type Settled } from '../experiments/pool.js';
import type { Executor, FailedJob, SettledExecutor, TrainJob, TrainJobResult } from '../experiments/sweep.js';
import { runTraining } from '../experiments/train.js';
import type { Matrix } from '../linalg/matrix.js';
import { predictLabels } from '../nn/predict.js';
import type { InitialSignal } from '../nn/initialSignal.js';

/** Saturated share over all hidden units and examples; null where the activation does not saturate. */
const startSaturated = (s: InitialSignal): number | null => {
  if (s.layers.length === 0 || s.layers.some((l) => l.saturated === null)) return null;
  return s.layers.reduce((a, l) => a + l.saturated! * l.units, 0) / s.layers.reduce((a, l) => a + l.units, 0);
};

// Test-only: NNLAB_TEST_RUN_FAULT=key=value[,key=value...] makes the runs whose settings all match fail,
// as a run whose worker dies would (a sweep's failed-run records are tested through the CLI with it).
const runFault = (process.env.NNLAB_TEST_RUN_FAULT ?? '').split(',').filter(Boolean).map((kv) => kv.split('='));
const faulty = (config: TrainJob['config']): boolean =>
  runFault.length > 0 && runFault.every(([k, v]) => String((config as unknown as Record<string, unknown>)[k!]) === v);

/** The pool's job runner: runs in a worker, so it takes and returns plain data. */
export async function runJob(job: TrainJob): Promise<TrainJobResult> {
  if (faulty(job.config)) throw new Error('test fault');
  const r = await runTraining(job.command, job.config, job.split ? { split: job.split } : {});
  const labels = (X: Matrix): string => predictLabels(r.params, job.config.layers, X, job.config.activation).join('');
  return {
    costs: r.costs, curve: r.curve, finalCost: r.finalCost, finalCostWithDropout: r.finalCostWithDropout, finalInfTerms: r.finalInfTerms, accuracy: r.accuracy, durationMs: r.durationMs, diverged: r.diverged,
    nonFinite: r.nonFinite, divergence: r.divergence, testOnTrainingData: r.data.testOnTrainingData, engineNotice: r.engineNotice, engine: r.engine, startSaturated: startSaturated(r.initialSignal.run),
    ...(job.predictions ? { predictions: { train: labels(r.split.train.X), test: labels(r.split.test.X) } } : {}),
  };
}

/** Work of a job, to hand out the longest first so that the threads finish together. */
const work = (j: TrainJob): number => j.config.iterations * j.config.layers.reduce((a, n, i, ls) => (i ? a + n * ls[i - 1]! : a), 0);

/** A job's outcome as a sweep keeps it: its result, or its error. */
const outcomeOf = (s: Settled<TrainJobResult>): TrainJobResult | FailedJob => (s.ok ? s.value : { error: s.message });

/** Called as each job finishes, with its index in the list given to the executor. */
export type OnFinished = (index: number, outcome: TrainJobResult | FailedJob) => void;

/** The jobs on the pool, longest first, outcomes back in the jobs' order. */
async function runJobs(list: TrainJob[], jobs: number, stopOnFailure: boolean, onProgress?: (done: number, total: number) => void, onFinished?: OnFinished): Promise<Settled<TrainJobResult>[]> {
  const order = list.map((_, i) => i).sort((a, b) => work(list[b]!) - work(list[a]!));
  const onSettled = onFinished && ((k: number, s: Settled<unknown>): void => onFinished(order[k]!, outcomeOf(s as Settled<TrainJobResult>)));
  const settled = await runPoolSettled<TrainJob, TrainJobResult>(
    { module: new URL('./executor.js', import.meta.url).href, exportName: 'runJob' },
    order.map((i) => list[i]!),
    { jobs, onProgress, stopOnFailure, onSettled },
  );
  const out = new Array<Settled<TrainJobResult>>(list.length);
  order.forEach((original, k) => (out[original] = settled[k]!));
  return out;
}

/** jobs = 0: one per core. The first failure stops the rest; errors a worker raised as UsageError come back as one. */
export function parallelExecutor(jobs: number, onProgress?: (done: number, total: number) => void): Executor {
  return async (list) => {
    try {
      return (await runJobs(list, jobs, true, onProgress)).map((s) => (s as { value: TrainJobResult }).value);
    } catch (e) {
      if (e instanceof Error && e.name === 'UsageError') throw new UsageError(e.message);
      throw e;
    }
  };
}

/**
 * Every job runs; one that fails (or whose worker dies) comes back as its error, the rest as results.
 * onFinished sees each outcome as it comes; an error it throws stops the rest and is thrown.
 */
export function settledExecutor(jobs: number, onProgress?: (done: number, total: number) => void, onFinished?: OnFinished): SettledExecutor {
  return async (list) => (await runJobs(list, jobs, false, onProgress, onFinished)).map(outcomeOf);
}
