// Runs training jobs on worker threads (one per core unless --jobs says otherwise).
import { UsageError } from '../errors.js';
import { runPool } from '../experiments/pool.js';
import type { Executor, TrainJob, TrainJobResult } from '../experiments/sweep.js';
import { runTraining } from '../experiments/train.js';
import type { Matrix } from '../linalg/matrix.js';
import { predictLabels } from '../nn/predict.js';

/** The pool's job runner: runs in a worker, so it takes and returns plain data. */
export async function runJob(job: TrainJob): Promise<TrainJobResult> {
  const r = await runTraining(job.command, job.config);
  const labels = (X: Matrix): string => predictLabels(r.params, job.config.layers, X).join('');
  return {
    costs: r.costs, finalCost: r.finalCost, accuracy: r.accuracy, durationMs: r.durationMs, diverged: r.diverged, divergence: r.divergence,
    testOnTrainingData: r.data.testOnTrainingData,
    ...(job.predictions ? { predictions: { train: labels(r.split.train.X), test: labels(r.split.test.X) } } : {}),
  };
}

/** Work of a job, to hand out the longest first so that the threads finish together. */
const work = (j: TrainJob): number => j.config.iterations * j.config.layers.reduce((a, n, i, ls) => (i ? a + n * ls[i - 1]! : a), 0);

/** jobs = 0: one per core. Errors a worker raised as UsageError come back as one. */
export function parallelExecutor(jobs: number, onProgress?: (done: number, total: number) => void): Executor {
  return async (list) => {
    const order = list.map((_, i) => i).sort((a, b) => work(list[b]!) - work(list[a]!));
    let results: TrainJobResult[];
    try {
      results = await runPool<TrainJob, TrainJobResult>(
        { module: new URL('./executor.js', import.meta.url).href, exportName: 'runJob' },
        order.map((i) => list[i]!),
        { jobs, onProgress },
      );
    } catch (e) {
      if (e instanceof Error && e.name === 'UsageError') throw new UsageError(e.message);
      throw e;
    }
    const out = new Array<TrainJobResult>(list.length);
    order.forEach((original, k) => (out[original] = results[k]!));
    return out;
  };
}
