// A sweep with a record (--out, --resume): the record is written first, each run appended to it as it
// ends (flushed), and the summary files rebuilt from its lines at the end. An interrupt or a crash
// keeps every run that ended; --resume runs the rest.
import { inShard, type Shard } from '../experiments/shard.js';
import { runOf, summarizeSweep, sweepRuns, type SweepPlan, type SweepResult } from '../experiments/sweep.js';
import type { SweepDefinition } from '../experiments/sweepDefinition.js';
import { runLine, runsOf, RUNS_FILE, type SweepSection } from '../experiments/sweepRecord.js';
import { openJournal, readJournal } from '../output/journal.js';
import { sealRecord } from '../output/seal.js';
import { withSignalsHandled } from '../output/signals.js';
import type { Outputs } from '../output/transaction.js';
import { settledExecutor } from './executor.js';
import { provenance } from './provenance.js';

export interface JournalPlan {
  plan: SweepPlan;
  definition: SweepDefinition;
  hash: string;
  shard: Shard | null;
  /** The record's lines so far (--resume), each with its newline. */
  carried: string[];
}

export interface JournalRun {
  /** The record's runs: the shard's, or all. */
  result: SweepResult;
  /** Of those, the runs that finished before (read from the record), not run now. */
  fromRecord: number;
  /** The record's lines, for its final files. */
  lines: string[];
  sweep: SweepSection;
}

/**
 * Runs what the record lacks on `jobs` threads: every run of the shard without a line, or whose line is
 * a failure. Throws UsageError when the record cannot be written or a line cannot be appended; the lines
 * written by then are kept.
 */
export async function runJournaled(p: JournalPlan, outputs: Outputs, jobs: number, onProgress: (done: number, total: number) => void): Promise<JournalRun> {
  const t0 = performance.now();
  const target = outputs.targets.find((t) => t.kind === 'record')!;
  const shown = `${target.flag} ${target.shown}`;
  const all = sweepRuns(p.plan);
  const mine = p.shard ? all.filter((r) => inShard(r.id, p.shard!)) : all;
  const had = runsOf(p.carried, all, shown);
  const todo = mine.filter((r) => had.get(r.id)?.error !== undefined || !had.has(r.id));
  const section = (state: SweepSection['state']): SweepSection => ({ state, hash: p.hash, shard: p.shard, definition: p.definition });
  const head = { command: 'sweep', of: p.plan.of, sweep: section('running'), provenance: provenance() };
  const journal = await openJournal(outputs, sealRecord('sweep', head, {}, { [RUNS_FILE]: { key: p.hash, text: p.carried.join('') } }), RUNS_FILE, p.hash);
  try {
    // A signal is handled between two appends (they are synchronous), so no line is ever cut.
    await withSignalsHandled(() => journal.close(), async () => {
      const execute = settledExecutor(jobs, onProgress, (k, outcome) => journal.append(runLine(runOf(todo[k]!, outcome))));
      await execute(todo.map((r) => ({ command: p.plan.of, config: r.config })));
    });
  } finally {
    journal.close();
  }
  const lines = readJournal(target.full, shown, RUNS_FILE, p.hash);
  const runs = runsOf(lines, all, shown);
  const result = summarizeSweep(p.plan, mine.map((r) => runs.get(r.id)).filter((r) => r !== undefined), performance.now() - t0);
  return { result, fromRecord: mine.length - todo.length, lines, sweep: section('complete') };
}
