// Independent jobs on worker threads, results in input order. A job is any structured-cloneable
// value; the function that runs it is named by module (URL or absolute path) and export name, so
// sweep, reproduce and bench can share one pool without a registry.
import { availableParallelism } from 'node:os';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../errors.js';
import { formatBytes } from '../limits.js';
import { addressSpaceLeft } from './addressSpace.js';
import { WORKER_SOURCE } from './worker.js';

/** Address space a worker thread reserves (its isolate's heap and code ranges): ~0.7 GiB measured, rounded up. */
const WORKER_ADDRESS_SPACE = 2 ** 30;

/**
 * Threads that fit in what an address-space limit leaves: V8 aborts the whole process when it cannot
 * reserve a new isolate's code range, so this is checked before a worker starts, not caught after.
 */
function threadsThatFit(wanted: number): number {
  const left = addressSpaceLeft();
  if (left === null) return wanted;
  const fit = Math.floor(left / WORKER_ADDRESS_SPACE);
  if (fit < 1) {
    throw new UsageError(`a worker thread needs about ${formatBytes(WORKER_ADDRESS_SPACE)} of address space; the address-space limit (ulimit -v) leaves ${formatBytes(left)}`);
  }
  return Math.min(wanted, fit);
}

export interface JobRunner {
  /** Module URL (e.g. new URL('./x.js', import.meta.url).href) or absolute path. */
  module: string;
  /** Export of that module: (job) => result or Promise<result>. */
  exportName: string;
}

export interface PoolOptions {
  /** Worker threads; 0 or absent: one per core. Never more than there are jobs, nor than fit under ulimit -v. */
  jobs?: number;
  onProgress?(done: number, total: number): void;
  /**
   * Called as each job settles, in the order they finish (a sweep appends it to its record). If it
   * throws, the pool stops and rejects with that error.
   */
  onSettled?(index: number, outcome: Settled<unknown>): void;
}

/** A job's outcome: its result, or the error it (or its worker) ended with. */
export type Settled<R> = { ok: true; value: R } | { ok: false; message: string; name?: string };

type Reply = { ready: true } | { index: number; ok: true; result: unknown } | { index: number; ok: false; message: string; name?: string };

/**
 * Runs every job and keeps going past failures: a job that throws, or whose worker dies (out of memory,
 * say), is reported in its slot and a new worker takes the remaining jobs.
 */
export async function runPoolSettled<J, R>(runner: JobRunner, jobs: readonly J[], opts: PoolOptions & { stopOnFailure?: boolean } = {}): Promise<Settled<R>[]> {
  if (jobs.length === 0) return [];
  const threads = threadsThatFit(Math.min(jobs.length, opts.jobs && opts.jobs > 0 ? opts.jobs : availableParallelism()));
  const module = isAbsolute(runner.module) ? pathToFileURL(runner.module).href : runner.module;
  const results = new Array<Settled<R>>(jobs.length);
  const workers = new Set<Worker>();
  let next = 0;
  let done = 0;
  // Set once the outcome is known: late messages and the exits of terminate() change nothing.
  let closed = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const settle = (index: number, outcome: Settled<R>): void => {
        if (closed) return;
        results[index] = outcome;
        done++;
        try {
          opts.onSettled?.(index, outcome);
        } catch (e) {
          closed = true;
          reject(e);
          return;
        }
        opts.onProgress?.(done, jobs.length);
        if (!outcome.ok && opts.stopOnFailure) {
          const err = new Error(outcome.message);
          if (outcome.name) err.name = outcome.name;
          closed = true;
          reject(err);
        } else if (done === jobs.length) {
          closed = true;
          resolve();
        }
      };
      const start = (): void => {
        const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, exportName: runner.exportName } });
        workers.add(w);
        let current = -1;
        const feed = (): void => {
          current = next < jobs.length ? next++ : -1;
          if (current >= 0) w.postMessage({ index: current, job: jobs[current] });
        };
        // The worker died with a job in hand: that job failed; a fresh worker takes the rest.
        const lost = (message: string): void => {
          if (closed || !workers.delete(w)) return;
          if (current < 0) {
            if (workers.size === 0) {
              closed = true;
              reject(new Error(message));
            }
            return;
          }
          const index = current;
          current = -1;
          if (next < jobs.length) start();
          settle(index, { ok: false, message });
        };
        w.on('message', (msg: Reply) => {
          if (closed) return;
          if ('ready' in msg) return feed();
          current = -1;
          settle(msg.index, msg.ok ? { ok: true, value: msg.result as R } : { ok: false, message: msg.message, name: msg.name });
          feed();
        });
        w.on('error', (e) => lost(e.message));
        w.on('exit', (code) => lost(`worker stopped (exit code ${code})`));
      };
      for (let t = 0; t < threads; t++) start();
    });
  } finally {
    closed = true;
    await Promise.all([...workers].map((w) => w.terminate()));
  }
  return results;
}

/** Rejects with the first failing job's message (prefixed by nothing), after stopping all workers. */
export async function runPool<J, R>(runner: JobRunner, jobs: readonly J[], opts: PoolOptions = {}): Promise<R[]> {
  const settled = await runPoolSettled<J, R>(runner, jobs, { ...opts, stopOnFailure: true });
  return settled.map((s) => (s as { value: R }).value);
}
