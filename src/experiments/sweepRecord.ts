// A sweep's record as it grows: result.json says which sweep it is (its definition and hash, its shard,
// running or complete); runs.jsonl holds one sealed line per finished or failed run, appended as each
// ends. The summary files are always rebuilt from those lines, so a resumed, merged or uninterrupted
// sweep of one definition gives the same numbers.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { clip, UsageError } from '../errors.js';
import { reasonOf } from '../output/errno.js';
import { appendedEntry, appendedLines, appendedRefusal, recordRefusal, RESULT_FILE, type TornLine } from '../output/seal.js';
import { datasetSpec } from '../data/registry.js';
import type { RunConfig } from './settings.js';
import { inShard, type Shard } from './shard.js';
import { sweepRuns, type RunSpec, type SweepRun } from './sweep.js';
import { lineValueOf, sweepSectionOf } from './sweepRecordShape.js';
import { planOf, type SweepDefinition } from './sweepDefinition.js';

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
    ...(run.finalInfTerms === undefined ? {} : { finalInfTerms: run.finalInfTerms }),
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
export function runFromLine(line: string, shown = 'the record', at = 0): SweepRun {
  const o = lineValueOf(line, shown, at);
  const points = (v: unknown): SweepRun['costs'] => ((v ?? []) as { iteration: number; cost: unknown }[]).map((c) => ({ iteration: c.iteration, cost: number(c.cost) }));
  return {
    id: o.run as number, variant: o.variant as number, config: o.config as RunConfig, costs: points(o.costs), curve: points(o.curve), finalCost: number(o.finalCost),
    finalCostWithDropout: o.finalCostWithDropout === null ? null : number(o.finalCostWithDropout),
    accuracy: numbers(o.accuracy) as SweepRun['accuracy'], durationMs: o.durationMs as number, diverged: o.diverged as boolean, nonFinite: o.nonFinite as SweepRun['nonFinite'],
    divergence: o.divergence === null ? null : numbers(o.divergence) as SweepRun['divergence'], testOnTrainingData: o.testOnTrainingData as boolean,
    startSaturated: o.startSaturated === null ? null : number(o.startSaturated), engineNotice: o.engineNotice as string | null,
    ...(typeof o.finalInfTerms === 'number' ? { finalInfTerms: o.finalInfTerms } : {}),
    ...(o.engine ? { engine: o.engine as SweepRun['engine'] } : {}),
    ...(typeof o.error === 'string' ? { error: o.error } : {}),
  };
}

/**
 * A run's settings with the files it reads left out: a sweep's definition holds those files' contents
 * (sweepDefinition.ts), so a line written where the dataset was spelt another way is the same run.
 */
const settingsOf = (config: RunConfig): string => JSON.stringify({ ...config, dataset: datasetSpec(config.dataset) ? config.dataset : null, testDataset: null, initFrom: null });

/** The lines checked against the sweep's runs: each run's record, and the lines worth keeping. */
export interface RunLines {
  /** Each run's record: a finished run's first line, else its last failure. */
  runs: Map<number, SweepRun>;
  /** The lines without repeats: a line equal to an earlier one, or a run's line after its first finished one. */
  kept: string[];
  /** The numbers (from 1) of the lines left out of `kept`. */
  repeated: number[];
}

/**
 * Each run's record among the lines (a failed run is retried by --resume, which appends its new line),
 * and which lines repeat a run already recorded. Throws UsageError for a line of a run the sweep does
 * not have, or with other settings than its number's.
 */
export function checkLines(lines: readonly string[], specs: readonly RunSpec[], shown: string): RunLines {
  const runs = new Map<number, SweepRun>();
  const kept: string[] = [];
  const repeated: number[] = [];
  const seen = new Set<string>();
  for (const [i, line] of lines.entries()) {
    const run = runFromLine(line, shown, i + 1);
    const spec = specs[run.id];
    if (spec === undefined || spec.variant !== run.variant || settingsOf(spec.config) !== settingsOf(run.config)) {
      throw new UsageError(`${shown}: line ${i + 1} of its ${RUNS_FILE} is not run ${run.id} of this sweep`);
    }
    const had = runs.get(run.id);
    if (seen.has(line) || (had !== undefined && had.error === undefined)) {
      repeated.push(i + 1);
      continue;
    }
    seen.add(line);
    kept.push(line);
    runs.set(run.id, run);
  }
  return { runs, kept, repeated };
}

/** Each run's record among the lines; see checkLines. */
export const runsOf = (lines: readonly string[], specs: readonly RunSpec[], shown: string): Map<number, SweepRun> => checkLines(lines, specs, shown).runs;

export interface SweepRecordRead {
  sweep: SweepSection;
  lines: string[];
  /** A last line cut by a crash (read with repair only; otherwise refused). */
  torn?: TornLine;
  /** The count of lines the record was completed with, when it is complete. */
  completedWith?: number;
}

/**
 * A sweep record nnlab wrote, untouched: its sweep section and run lines. `shown` names it in messages
 * ("--resume s"). Throws UsageError saying what it is instead, followed by `hint` (how to go on) when
 * the record is one nnlab wrote that was changed since. With repair (--resume, which sets both right),
 * a last line cut by a crash and another count of lines than the record was completed with are returned,
 * not refused.
 */
export function readSweepRecord(dir: string, shown: string, options: { repair?: boolean; hint?: (why: string) => string } = {}): SweepRecordRead {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    throw new UsageError(`${shown}: cannot use it: ${reasonOf(e)}`);
  }
  if (!isDir) throw new UsageError(`${shown}: it is not a folder; a sweep record is a folder`);
  const hint = options.hint ?? (() => '');
  const why = recordRefusal(dir, options.repair ? { appended: 'lines' } : {});
  if (why !== null) throw new UsageError(`${shown}: ${why}${hint(why)}`);
  let body: { record?: { kind?: string; appended?: Record<string, unknown> }; sweep?: SweepSection };
  try {
    body = JSON.parse(readFileSync(join(dir, RESULT_FILE), 'utf8')) as typeof body;
  } catch {
    throw new UsageError(`${shown}: it is an empty folder, not an nnlab record`); // recordRefusal passed an empty folder
  }
  if (body.record?.kind !== 'sweep') throw new UsageError(`${shown}: it is a record of a ${clip(String(body.record?.kind))}, not of a sweep`);
  const entry = appendedEntry(body.record.appended?.[RUNS_FILE]);
  if (body.sweep === undefined || entry === undefined || entry.key !== (body.sweep as { hash?: unknown }).hash) {
    throw new UsageError(`${shown}: its sweep record has no ${RUNS_FILE} (an older nnlab wrote it); run the sweep again with --out`);
  }
  const sweep = sweepSectionOf(body.sweep, shown);
  const read = appendedLines(join(dir, RUNS_FILE), entry.key);
  if ('refusal' in read) throw new UsageError(`${shown}: its ${RUNS_FILE} ${read.refusal}${hint(read.refusal)}`);
  if (!options.repair) {
    const changed = appendedRefusal(read, entry.lines);
    if (changed !== null) throw new UsageError(`${shown}: its ${RUNS_FILE} ${changed}${hint(changed)}`);
  }
  return { sweep, lines: read.lines, ...(read.torn ? { torn: read.torn } : {}), ...(entry.lines !== undefined ? { completedWith: entry.lines } : {}) };
}

/**
 * Throws UsageError when `out` holds the record of an unfinished sweep, or one whose last line a crash
 * cut: --out would refuse it anyway (a cut line even with --force: nnlab cannot tell it wrote those
 * bytes), and the way on is more likely --resume than a new record.
 */
export function unfinishedRefusal(out: string, force: boolean): void {
  let read: SweepRecordRead;
  try {
    read = readSweepRecord(out, out, { repair: true });
  } catch {
    return; // not a sweep record nnlab can continue: the output checks say what it is
  }
  if (read.torn) {
    throw new UsageError(`--out ${clip(out)}: its ${RUNS_FILE} ends in an incomplete line (line ${read.torn.line}): a crash cut it while it was written, so nnlab does not replace the record; continue the sweep with --resume ${clip(out)}, which sets that line aside and runs its run again, or remove ${clip(out)} yourself`);
  }
  if (read.sweep.state !== 'running' || force) return;
  const finished = new Set(read.lines.map((l, i) => runFromLine(l, `--out ${clip(out)}`, i + 1)).filter((r) => r.error === undefined).map((r) => r.id)).size;
  throw new UsageError(`--out ${clip(out)}: it holds an unfinished sweep (${finished} runs finished); continue it with --resume ${clip(out)} and the options it was started with, or pass --force to replace it`);
}

/**
 * How far the sweep recorded in `dir` got, when it is unfinished (result.json says running): its runs
 * that finished, of the runs of its shard (or sweep); null for anything else (a complete record, or not
 * a sweep record nnlab can read: other checks say what it is).
 */
export function unfinishedProgress(dir: string): { finished: number; total: number | null } | null {
  let read: SweepRecordRead;
  try {
    read = readSweepRecord(dir, dir, { repair: true });
  } catch {
    return null;
  }
  if (read.sweep.state !== 'running') return null;
  let finished = 0;
  try {
    finished = new Set(read.lines.map((l, i) => runFromLine(l, clip(dir), i + 1)).filter((r) => r.error === undefined).map((r) => r.id)).size;
  } catch {
    // a line that is not a run: counted as none, the record is refused all the same
  }
  let total: number | null = null;
  try {
    const all = sweepRuns(planOf(read.sweep.definition));
    total = read.sweep.shard ? all.filter((r) => inShard(r.id, read.sweep.shard!)).length : all.length;
  } catch {
    total = null; // a definition this nnlab cannot plan: the count of runs is left out
  }
  return { finished, total };
}
