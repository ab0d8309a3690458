// Shards: a sweep's runs split into N parts that machines run independently and `sweep merge` joins.
// Run k (sweepRuns' number) belongs to shard k mod N + 1: round-robin, so shard sizes differ by at most
// one run and each shard gets a share of every part of the grid (slow variants are not all in one shard).
import { clip, UsageError } from '../errors.js';
import { MAX_SWEEP_RUNS } from '../limits.js';

/** Shard `index` of `count`, counted from 1. */
export interface Shard {
  index: number;
  count: number;
}

/** The environment variables job-array engines set to a task's index, and the number each counts from. */
export const ENGINE_INDEX: Record<string, { base: 0 | 1; engine: string }> = {
  SLURM_ARRAY_TASK_ID: { base: 1, engine: 'a Slurm job array submitted as --array=1-N' },
  JOB_COMPLETION_INDEX: { base: 0, engine: 'a Kubernetes Indexed Job' },
};

export const shardOf = (run: number, count: number): number => (run % count) + 1;

export const inShard = (run: number, shard: Shard): boolean => shardOf(run, shard.count) === shard.index;

const ALLOWED_COUNT = `an integer from 1 to ${MAX_SWEEP_RUNS}`;

function count(text: string, flag: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_SWEEP_RUNS) throw new UsageError(`${flag} must be ${ALLOWED_COUNT} (got "${clip(text)}")`);
  return n;
}

/** "--shard 2/3" → { index: 2, count: 3 }. Throws UsageError. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UsageError(`--shard must be I/N, shard I of N counted from 1, e.g. --shard 2/3 (got "${clip(text)}")`);
  const n = count(m[2]!, '--shard\'s N');
  const i = Number(m[1]);
  if (i < 1 || i > n) throw new UsageError(`--shard ${clip(text)}: I must be from 1 to ${n}`);
  return { index: i, count: n };
}

/**
 * The shard named by a job-array engine's environment: `name` (or, when true, whichever of
 * SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX is set) holds the index, `shards` the count.
 * JOB_COMPLETION_INDEX counts from 0 as Kubernetes does; any other variable from 1. Throws UsageError.
 */
export function shardFromEnv(name: string | true, shards: string | undefined, env: NodeJS.ProcessEnv): Shard {
  let variable: string;
  if (name === true) {
    const set = Object.keys(ENGINE_INDEX).filter((v) => (env[v] ?? '') !== '');
    if (set.length !== 1) {
      throw new UsageError(`--shard-from-env: ${set.length === 0 ? 'neither' : 'both'} ${Object.keys(ENGINE_INDEX).join(set.length === 0 ? ' nor ' : ' and ')} ${set.length === 0 ? 'is' : 'are'} set; name the variable that holds the shard number, --shard-from-env VAR`);
    }
    variable = set[0]!;
  } else {
    variable = name;
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new UsageError(`--shard-from-env must name an environment variable, e.g. SLURM_ARRAY_TASK_ID (got "${clip(variable)}")`);
  if (shards === undefined) throw new UsageError(`--shard-from-env ${variable} needs --shards N, the number of shards (the same for every shard)`);
  const n = count(shards, '--shards');
  const text = env[variable];
  if (text === undefined) throw new UsageError(`--shard-from-env ${variable}: the variable is not set`);
  const base = ENGINE_INDEX[variable]?.base ?? 1;
  const v = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  const first = base;
  const last = n - 1 + base;
  if (!Number.isSafeInteger(v) || v < first || v > last) {
    const hint = base === 1 && v === 0 ? ` (for a Slurm array, submit --array=1-${n})`
      : v > last ? `: --shards is the sweep's number of shards, the same for every shard and for a task run again (not the size of the array it was resubmitted in), and ${variable} must not exceed it` : '';
    throw new UsageError(`${variable}=${clip(text)}: with --shards ${n} it must be an integer from ${first} to ${last}${hint}`);
  }
  return { index: v - base + 1, count: n };
}
