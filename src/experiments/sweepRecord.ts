// A sweep's record as it grows: result.json says which sweep it is (its definition and hash, its shard,
// running or complete); runs.jsonl holds one sealed line per finished or failed run, appended as each
// ends. The summary files are always rebuilt from those lines, so a resumed, merged or uninterrupted
// sweep of one definition gives the same numbers.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { clip, UsageError } from '../errors.js';
import { reasonOf } from '../output/errno.js';
import { readJournal } from '../output/journal.js';
import { recordRefusal, RESULT_FILE } from '../output/seal.js';
import type { RunConfig } from './settings.js';
import type { Shard } from './shard.js';
import type { RunSpec, SweepRun } from './sweep.js';
import type { SweepDefinition } from './sweepDefinition.js';

export const RUNS_FILE = 'runs.jsonl';

/** What result.json says of the sweep, in a running and in a complete record. */
export interface SweepSection {
  state: 'running' | 'complete';
  hash: string;
  /** null: every run of the sweep (unsharded, or merged). */
  shard: Shard | null;
  definition: SweepDefinition;
}

/** A run as its line holds it (non-finite numbers are spelt as numpy does when the line is written). */
export function runLine(run: SweepRun): object {
  const { id, variant, config, costs, curve, finalCost, finalCostWithDropout, accuracy, durationMs, diverged, nonFinite, divergence, testOnTrainingData } = run;
  return {
    run: id, variant, config, costs, curve, finalCost, finalCostWithDropout, accuracy, durationMs, diverged, nonFinite, divergence, testOnTrainingData,
    startSaturated: run.startSaturated ?? null, engineNotice: run.engineNotice ?? null, engine: run.engine ?? null, ...(run.error === undefined ? {} : { error: run.error }),
  };
}

const NAMED: Record<string, number> = { inf: Infinity, '-inf': -Infinity, nan: NaN };
const number = (v: unknown): number => (typeof v === 'string' && v in NAMED ? NAMED[v]! : (v as number));
const numbers = (o: unknown): unknown => {
  const each = (v: unknown): unknown => (typeof v === 'string' && !(v in NAMED) ? v : numbers(v));
  if (o === null || typeof o !== 'object') return number(o);
  // Lists stay lists (a divergence's changes tried), objects objects.
  return Array.isArray(o) ? o.map(each) : Object.fromEntries(Object.entries(o).map(([k, v]) => [k, each(v)]));
};

/** A line back as the run it records: the numbers, inf and nan included, exactly as they were. */
export function runFromLine(line: string): SweepRun {
  const o = JSON.parse(line) as Record<string, unknown>;
  const points = (v: unknown): SweepRun['costs'] => ((v ?? []) as { iteration: number; cost: unknown }[]).map((c) => ({ iteration: c.iteration, cost: number(c.cost) }));
  return {
    id: o.run as number, variant: o.variant as number, config: o.config as RunConfig, costs: points(o.costs), curve: points(o.curve), finalCost: number(o.finalCost),
    finalCostWithDropout: o.finalCostWithDropout === null ? null : number(o.finalCostWithDropout),
    accuracy: numbers(o.accuracy) as SweepRun['accuracy'], durationMs: o.durationMs as number, diverged: o.diverged as boolean, nonFinite: o.nonFinite as SweepRun['nonFinite'],
    divergence: o.divergence === null ? null : numbers(o.divergence) as SweepRun['divergence'], testOnTrainingData: o.testOnTrainingData as boolean,
    startSaturated: o.startSaturated === null ? null : number(o.startSaturated), engineNotice: o.engineNotice as string | null,
    ...(o.engine ? { engine: o.engine as SweepRun['engine'] } : {}),
    ...(typeof o.error === 'string' ? { error: o.error } : {}),
  };
}

/**
 * Each run's record among the lines: a finished run's first line, else its last failure (a failed run
 * is retried by --resume, which appends its new line). Throws UsageError for a line of a run the sweep
 * does not have, or with other settings than its number's.
 */
export function runsOf(lines: readonly string[], specs: readonly RunSpec[], shown: string): Map<number, SweepRun> {
  const out = new Map<number, SweepRun>();
  for (const [i, line] of lines.entries()) {
    const run = runFromLine(line);
    const spec = specs[run.id];
    if (spec === undefined || spec.variant !== run.variant || JSON.stringify(spec.config) !== JSON.stringify(run.config)) {
      throw new UsageError(`${shown}: line ${i + 1} of its ${RUNS_FILE} is not run ${run.id} of this sweep`);
    }
    const had = out.get(run.id);
    if (had === undefined || (had.error !== undefined)) out.set(run.id, run);
  }
  return out;
}

export interface SweepRecordRead {
  sweep: SweepSection;
  lines: string[];
}

/**
 * A sweep record nnlab wrote, untouched: its sweep section and run lines. `shown` names it in messages
 * ("--resume s"). Throws UsageError saying what it is instead.
 */
export function readSweepRecord(dir: string, shown: string): SweepRecordRead {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    throw new UsageError(`${shown}: cannot use it: ${reasonOf(e)}`);
  }
  if (!isDir) throw new UsageError(`${shown}: it is not a folder; a sweep record is a folder`);
  const why = recordRefusal(dir);
  if (why !== null) throw new UsageError(`${shown}: ${why}`);
  let body: { record?: { kind?: string; appended?: Record<string, string> }; sweep?: SweepSection };
  try {
    body = JSON.parse(readFileSync(join(dir, RESULT_FILE), 'utf8')) as typeof body;
  } catch {
    throw new UsageError(`${shown}: not an nnlab record`); // recordRefusal passed an empty folder
  }
  if (body.record?.kind !== 'sweep') throw new UsageError(`${shown}: it is a record of a ${clip(String(body.record?.kind))}, not of a sweep`);
  const key = body.record.appended?.[RUNS_FILE];
  if (body.sweep === undefined || key === undefined || key !== body.sweep.hash) {
    throw new UsageError(`${shown}: its sweep record has no ${RUNS_FILE} (an older nnlab wrote it); run the sweep again with --out`);
  }
  return { sweep: body.sweep, lines: readJournal(dir, shown, RUNS_FILE, key) };
}

/**
 * Throws UsageError when `out` holds the record of an unfinished sweep: --out without --force would
 * refuse it anyway, and the way on is more likely --resume than a new record.
 */
export function unfinishedRefusal(out: string): void {
  let read: SweepRecordRead;
  try {
    read = readSweepRecord(out, out);
  } catch {
    return; // not an unfinished sweep: the output checks say what it is
  }
  if (read.sweep.state !== 'running') return;
  const finished = new Set(read.lines.map(runFromLine).filter((r) => r.error === undefined).map((r) => r.id)).size;
  throw new UsageError(`--out ${clip(out)}: it holds an unfinished sweep (${finished} runs finished); continue it with --resume ${clip(out)} and the options it was started with, or pass --force to replace it`);
}
