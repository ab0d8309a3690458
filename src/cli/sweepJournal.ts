// A sweep with a record (--out, --resume): the record is written first (a new one) or continued in
// place (--resume), each run appended to it as it ends (flushed), and the summary files rebuilt from
// its lines at the end, inside the folder, which never moves. An interrupt or a crash keeps every run
// that ended; --resume runs the rest. The record is marked complete only when every run of the sweep
// (or of the shard) has its line.
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clip, UsageError } from '../errors.js';
import { inShard, type Shard } from '../experiments/shard.js';
import type { Split } from '../data/dataset.js';
import { dataKey, runOf, summarizeSweep, sweepRuns, type SweepPlan, type SweepResult } from '../experiments/sweep.js';
import type { SweepDefinition } from '../experiments/sweepDefinition.js';
import { checkLines, runFromLine, runLine, RUNS_FILE, type SweepRecordRead, type SweepSection } from '../experiments/sweepRecord.js';
import { REPORT_FILE, sweepRecordFiles } from '../experiments/record.js';
import { reasonOf } from '../output/errno.js';
import { identityOf, replaceInside } from '../output/inPlace.js';
import { openJournal, type Journal } from '../output/journal.js';
import { fileSha256, RESULT_FILE, sealRecord } from '../output/seal.js';
import { withSignalsHandled } from '../output/signals.js';
import type { Written } from '../output/summary.js';
import type { Outputs } from '../output/transaction.js';
import { settledExecutor } from './executor.js';
import { provenance } from './provenance.js';
import { sweepJson } from './render/sweep.js';
import { count } from '../words.js';

/** The files a sweep record's result.json lists once complete, rebuilt from runs.jsonl. */
const SUMMARY_FILES = ['summary.csv', 'costs.csv', REPORT_FILE];

export interface JournalPlan {
  plan: SweepPlan;
  definition: SweepDefinition;
  hash: string;
  shard: Shard | null;
  /** The data the runs train on, read once and hashed into the definition (checkSweep's, by dataKey). */
  splits: ReadonlyMap<string, Split>;
}

/** Where the record goes: a new one (--out, written by `outputs`), or one continued in place (--resume). */
export type RecordPlace =
  | { kind: 'new'; outputs: Outputs }
  | { kind: 'resume'; full: string; shown: string; read: SweepRecordRead };

export interface JournalRun {
  /** The record's runs: the shard's, or all (those it holds at the end). */
  result: SweepResult;
  /** Of those, the runs that finished before (read from the record), not run now. */
  fromRecord: number;
  /** Runs of the shard (or sweep) the record lacks at the end: then it is not marked complete. */
  missing: number;
  written: Written;
  /** What was set right in the record (a line cut by a crash, repeated lines). */
  warnings: string[];
}

/**
 * Runs what the record lacks on `jobs` threads: every run of the shard without a line, or whose line is
 * a failure. Throws UsageError when the record cannot be written, a line cannot be appended, or the
 * record was replaced or changed by another nnlab run meanwhile; the lines written by then are kept.
 * A summary that cannot be written is returned in `written.error`.
 */
export async function runJournaled(p: JournalPlan, place: RecordPlace, jobs: number, onProgress: (done: number, total: number) => void): Promise<JournalRun> {
  const t0 = performance.now();
  const target = place.kind === 'new' ? place.outputs.targets.find((t) => t.kind === 'record')! : undefined;
  const full = target?.full ?? (place as { full: string }).full;
  const shown = target?.shown ?? (place as { shown: string }).shown;
  const where = `${target?.flag ?? '--resume'} ${clip(shown)}`;
  const all = sweepRuns(p.plan);
  const mine = p.shard ? all.filter((r) => inShard(r.id, p.shard!)) : all;
  const section = (state: SweepSection['state']): SweepSection => ({ state, hash: p.hash, shard: p.shard, definition: p.definition });
  const head = { command: 'sweep', of: p.plan.of, sweep: section('running'), provenance: provenance() };
  const warnings: string[] = [];
  let carried: string[] = [];
  let listed: Record<string, string> = {};
  if (place.kind === 'new') {
    await place.outputs.commit({ record: sealRecord('sweep', head, {}, { [RUNS_FILE]: { key: p.hash, text: '' } }) });
  } else {
    checkLines(place.read.lines, all, where); // before anything is written: every line is a run of this sweep
    carried = repair(place.read, full, where, warnings);
    const before = checkLines(carried, all, where);
    // A complete record with nothing to run or set right is left as it was: its summary, times and date stay true.
    if (place.read.sweep.state === 'complete' && warnings.length === 0 && before.repeated.length === 0 && mine.every((r) => before.runs.get(r.id)?.error === undefined && before.runs.has(r.id))) {
      const result = summarizeSweep(p.plan, mine.map((r) => before.runs.get(r.id)!), performance.now() - t0);
      return { result, fromRecord: mine.length, missing: 0, warnings, written: { line: `${shown.replace(/\/*$/, '/')} is complete: nothing to run; the record is left as it was\n` } };
    }
    // Running again: result.json says so; the summary files stay, listed as they are, until they are written anew at the end.
    listed = listedNow(full);
    try {
      replaceInside(full, RESULT_FILE, sealRecord('sweep', head, {}, { [RUNS_FILE]: { key: p.hash } }, { listed })[RESULT_FILE]!);
    } catch (e) {
      throw new UsageError(`${where}: cannot write its ${RESULT_FILE}: ${reasonOf(e)}; its runs are kept`);
    }
  }
  const journal = openJournal(full, where, clip(shown), RUNS_FILE, p.hash, identityOf(join(full, RESULT_FILE))!);
  try {
    const had = checkLines(carried, all, where).runs;
    const todo = mine.filter((r) => had.get(r.id)?.error !== undefined || !had.has(r.id));
    const fromRecord = mine.length - todo.length;
    let kept = fromRecord;
    // A signal is handled between two appends (they are synchronous), so no line is ever cut.
    await withSignalsHandled(() => journal.close(), async () => {
      const execute = settledExecutor(jobs, onProgress, (k, outcome) => {
        journal.append(runLine(runOf(todo[k]!, outcome)));
        if (!('error' in outcome)) kept++;
      });
      // Each run gets the data that was hashed, not its path: a file changed meanwhile cannot reach a run.
      await execute(todo.map((r) => ({ command: p.plan.of, config: r.config, split: p.splits.get(dataKey(r.config)) })));
    }, () => `interrupted: ${kept} of ${count(mine.length, 'run')}${p.shard ? ` of shard ${p.shard.index}/${p.shard.count}` : ''} kept in ${clip(shown)}; continue with --resume ${clip(shown)} and the same options`);
    const staging = (pending: Record<string, string>): string => sealRecord('sweep', head, {}, { [RUNS_FILE]: { key: p.hash } }, { listed, pending })[RESULT_FILE]!;
    // The summary files are staged inside the record and renamed in one by one (synchronously): a signal
    // meanwhile is handled once they are all in place, or before the first, never leaving a staged file.
    let finished: Awaited<ReturnType<typeof finish>> | undefined;
    await withSignalsHandled(() => {}, async () => {
      finished = await finish(p, journal, where, clip(shown), mine, all, section, performance.now() - t0, warnings, listed, staging, fromRecord);
    }, () => (finished === undefined
      ? `interrupted while writing the summary of ${clip(shown)}: its ${count(mine.length, 'run')} are kept in its ${RUNS_FILE}; --resume ${clip(shown)} with the same options writes the summary`
      : `interrupted as the record ${clip(shown)} was completed: it is complete`));
    return { ...finished!, fromRecord };
  } finally {
    journal.close();
  }
}

/** The summary files in the record now, by their sha256 (readSweepRecord found each as nnlab wrote it). */
function listedNow(full: string): Record<string, string> {
  return Object.fromEntries(SUMMARY_FILES.flatMap((f) => {
    try {
      return lstatSync(join(full, f)).isFile() ? [[f, fileSha256(readFileSync(join(full, f)))]] : [];
    } catch {
      return [];
    }
  }));
}

/**
 * The record's lines to continue from. Its runs.jsonl is written anew (atomically, in the folder) when
 * a crash cut its last line, which is set aside, or when it has another hard link (a copy made with
 * cp -al): appending through the shared inode would change that copy too.
 */
function repair(read: SweepRecordRead, full: string, where: string, warnings: string[]): string[] {
  let links = 1;
  try {
    links = lstatSync(join(full, RUNS_FILE)).nlink;
  } catch { /* checked by readSweepRecord */ }
  if (read.torn || links > 1) {
    try {
      replaceInside(full, RUNS_FILE, read.lines);
    } catch (e) {
      throw new UsageError(`${where}: cannot write its ${RUNS_FILE} anew${read.torn ? ' without its incomplete last line' : ''}: ${reasonOf(e)}; it is left as it was`);
    }
  }
  if (read.torn) {
    const { line, bytes } = read.torn;
    warnings.push(`${where}: its ${RUNS_FILE} ended in an incomplete line (line ${line}, ${count(bytes, 'byte')}), cut by a crash while it was written; nnlab dropped it, and its run is run again if the record lacks it`);
  }
  if (links > 1) {
    warnings.push(`${where}: its ${RUNS_FILE} had ${count(links - 1, 'other hard link')} (a copy made with cp -al, say); nnlab wrote it anew before adding lines, so that copy stays as it was`);
  }
  if (read.completedWith !== undefined && read.lines.length !== read.completedWith) {
    warnings.push(`${where}: its ${RUNS_FILE} had ${count(read.lines.length, 'line')}, ${read.completedWith} when nnlab completed the record (lines were added or removed since); they are checked against the sweep: repeated lines are dropped, missing runs run again`);
  }
  return read.lines;
}

/** Reads the record's lines back, drops repeated ones, and writes the summary files if every run has its line. */
async function finish(p: JournalPlan, journal: Journal, where: string, shown: string, mine: ReturnType<typeof sweepRuns>, all: ReturnType<typeof sweepRuns>,
  section: (state: SweepSection['state']) => SweepSection, durationMs: number, warnings: string[], listed: Record<string, string>, staging: (pending: Record<string, string>) => string, fromRecord: number): Promise<Omit<JournalRun, 'fromRecord'>> {
  journal.check();
  const read = journal.read();
  if (read.torn) throw new UsageError(`${where}: its ${RUNS_FILE} ends in an incomplete line (line ${read.torn.line}) that another nnlab run was writing; --resume ${shown} once it has ended`);
  const lines = checkLines(read.lines, all, where);
  // Always written anew, even without repeats: a writer in another container that the lock cannot see may
  // append after the read above; its line then goes to the replaced file, and the record holds what was read.
  journal.rewrite(lines.kept);
  if (lines.repeated.length > 0) {
    const one = lines.repeated.length === 1;
    warnings.push(`${where}: ${count(lines.repeated.length, 'line')} of its ${RUNS_FILE} repeated ${one ? 'a run' : 'runs'} already recorded (line ${lines.repeated.slice(0, 5).join(', ')}${lines.repeated.length > 5 ? ', …' : ''}); ${one ? 'it was' : 'they were'} dropped`);
  }
  const present = mine.flatMap((r) => (lines.runs.has(r.id) ? [lines.runs.get(r.id)!] : []));
  const result = summarizeSweep(p.plan, present, durationMs);
  const missing = mine.length - present.length;
  if (missing > 0) {
    const error = new UsageError(`${where}: its ${RUNS_FILE} holds ${present.length} of the ${mine.length} runs at the end (lines were removed while nnlab ran), so the record stays unfinished; --resume ${shown} runs the ${missing} missing`);
    return { result, missing, written: { line: '', error }, warnings };
  }
  const files = await sweepRecordFiles(result, sweepJson(result, { fromRecord }), provenance(), { sweep: section('complete'), count: lines.kept.length });
  try {
    journal.finish(files, listed, staging);
  } catch (e) {
    if (e instanceof UsageError) return { result, missing, written: { line: '', error: e }, warnings };
    throw e;
  }
  return { result, missing, written: { line: `wrote record ${shown.replace(/\/*$/, '/')} (${[...Object.keys(files), RUNS_FILE].join(', ')})\n` }, warnings };
}

/** The runs of the shard (or sweep) that finished in a record read for --resume, of its runs. */
export function finishedIn(read: SweepRecordRead, plan: SweepPlan, shard: Shard | null): { kept: number; of: number } {
  const mine = sweepRuns(plan).filter((r) => shard === null || inShard(r.id, shard));
  const ids = new Set(mine.map((r) => r.id));
  let kept = 0;
  try {
    kept = new Set(read.lines.map((l, i) => runFromLine(l, RUNS_FILE, i + 1)).filter((r) => r.error === undefined && ids.has(r.id)).map((r) => r.id)).size;
  } catch {
    kept = 0; // lines runJournaled refuses: the header is never seen
  }
  return { kept, of: mine.length };
}
