// Independent jobs on worker threads, results in input order. A job is any structured-cloneable
// value; the function that runs it is named by module (URL or absolute path) and export name, so
// sweep, reproduce and bench can share one pool without a registry.
import { availableParallelism } from 'node:os';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WORKER_SOURCE } from './worker.js';

export interface JobRunner {
  /** Module URL (e.g. new URL('./x.js', import.meta.url).href) or absolute path. */
  module: string;
  /** Export of that module: (job) => result or Promise<result>. */
  exportName: string;
}

export interface PoolOptions {
  /** Worker threads; 0 or absent: one per core. Never more than there are jobs. */
  jobs?: number;
  onProgress?(done: number, total: number): void;
}

type Reply = { ready: true } | { index: number; ok: true; result: unknown } | { index: number; ok: false; message: string; name?: string };

/** Rejects with the first failing job's message (prefixed by nothing), after stopping all workers. */
export async function runPool<J, R>(runner: JobRunner, jobs: readonly J[], opts: PoolOptions = {}): Promise<R[]> {
  if (jobs.length === 0) return [];
  const threads = Math.min(jobs.length, opts.jobs && opts.jobs > 0 ? opts.jobs : availableParallelism());
  const module = isAbsolute(runner.module) ? pathToFileURL(runner.module).href : runner.module;
  const results = new Array<R>(jobs.length);
  const workers: Worker[] = [];
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker): void => {
        if (next < jobs.length) {
          const index = next++;
          w.postMessage({ index, job: jobs[index] });
        }
      };
      for (let t = 0; t < threads; t++) {
        const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, exportName: runner.exportName } });
        workers.push(w);
        w.on('message', (msg: Reply) => {
          if ('ready' in msg) return feed(w);
          if (!msg.ok) {
            const err = new Error(msg.message);
            if (msg.name) err.name = msg.name;
            return reject(err);
          }
          results[msg.index] = msg.result as R;
          done++;
          opts.onProgress?.(done, jobs.length);
          if (done === jobs.length) resolve();
          else feed(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (done < jobs.length) reject(new Error(`worker stopped (exit code ${code}) with ${jobs.length - done} job(s) unfinished`));
        });
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
