// Flags outside the shared settings table (gradcheck, datasets, sweep, bench): read strictly,
// with the same message shape as the settings: "<flag> must be <allowed> (got "<text>")". Also the
// help of flags that several commands share.
import { availableParallelism } from 'node:os';
import { clip, UsageError } from '../errors.js';
import { MAX_JOBS } from '../limits.js';
import { fromText } from '../experiments/settings.js';

export const QUIET_HELP = 'no progress display on stderr, for scripts (results, warnings and errors are still printed)';

/** nnlab replaces only what it wrote itself. */
export const FORCE_HELP = 'replace an existing record or model file that nnlab wrote (never other files)';

export function numberFlag(flag: string, text: string, ok: (v: number) => boolean, allowed: string): number {
  const v = fromText('lr', text); // read as any numeric setting is
  if (typeof v !== 'number' || !ok(v)) throw new UsageError(`${flag} must be ${allowed} (got "${clip(text)}")`);
  return v;
}

/** An integer ≥ min, or the fallback when the flag was not given. */
export function intFlag(flag: string, text: string | undefined, min: number, fallback: number): number {
  if (text === undefined) return fallback;
  return numberFlag(flag, text, (v) => Number.isSafeInteger(v) && v >= min, `an integer ≥ ${min}`);
}

/**
 * --jobs: worker threads, 1 to MAX_JOBS; by default one per core. Never more than `runs`, the jobs there
 * are to run, since a thread without a job is memory for nothing.
 */
export function jobsFlag(text: string | undefined, runs: number, flag = '--jobs'): number {
  const asked = text === undefined
    ? availableParallelism()
    : numberFlag(flag, text, (v) => Number.isSafeInteger(v) && v >= 1 && v <= MAX_JOBS, `an integer from 1 to ${MAX_JOBS}`);
  return Math.max(1, Math.min(asked, MAX_JOBS, runs));
}
