// nnlab sweep merge: the records of a sweep's shards as one record of the whole sweep, its runs in their
// numbers' order, summarised as an unsharded sweep is, so the numbers are the same.
import { clip, UsageError } from '../errors.js';
import { sealLine } from '../output/seal.js';
import { settingText } from '../numpyText.js';
import { count } from '../words.js';
import { inShard, type Shard } from './shard.js';
import { summarizeSweep, sweepRuns, variants, type RunSpec, type SweepResult, type SweepRun } from './sweep.js';
import { definitionDifference, planOf } from './sweepDefinition.js';
import { runLine, runsOf, type SweepRecordRead, type SweepSection } from './sweepRecord.js';

export interface ShardRecord {
  /** As the user named it. */
  shown: string;
  read: SweepRecordRead;
}

export interface Merged {
  result: SweepResult;
  sweep: SweepSection;
  /** runs.jsonl of the merged record: one line per run, in run order. */
  lines: string;
  /** The shard records that hold a failed run, as named, with their --shard. */
  failedIn: string[];
}

const shardName = (s: Shard | null): string => (s ? `shard ${s.index}/${s.count}` : 'the whole sweep');

/** "lambd=5 seed 4, lambd=5 seed 5 and 3 more" */
function runNames(specs: readonly RunSpec[], labels: string[]): string {
  const names = specs.slice(0, 3).map((r) => `${labels[r.variant]} seed ${settingText(r.config.seed)}`);
  return names.join(', ') + (specs.length > 3 ? ` and ${specs.length - 3} more` : '');
}

/**
 * Merges shard records of one definition written by nnlab `version`. Throws UsageError, before
 * anything is written, for records of another version or definition, shard counts that differ, a shard
 * given twice, and runs that none of the records has (naming the shards to run or resume).
 */
export function mergeShards(records: readonly ShardRecord[], version: string): Merged {
  const first = records[0]!;
  for (const r of records) {
    const v = r.read.sweep.definition.nnlab;
    if (v !== version) throw new UsageError(`sweep merge: ${r.shown} was written by nnlab ${clip(v)}, this is nnlab ${version}; merge shards with the nnlab version that ran them`);
  }
  for (const r of records.slice(1)) {
    if (r.read.sweep.hash !== first.read.sweep.hash) {
      const why = definitionDifference(r.read.sweep.definition, first.read.sweep.definition, first.shown) ?? 'the settings differ';
      throw new UsageError(`sweep merge: ${r.shown} holds ${r.read.sweep.shard ? 'a shard of ' : ''}another sweep than ${first.shown}: ${why.replace(/ here,/, ` in ${r.shown},`)}`);
    }
  }
  const shards = records.map((r) => r.read.sweep.shard ?? { index: 1, count: 1 });
  const n = shards[0]!.count;
  records.forEach((r, i) => {
    if (shards[i]!.count !== n) throw new UsageError(`sweep merge: ${r.shown} holds ${shardName(r.read.sweep.shard)}, ${first.shown} ${shardName(first.read.sweep.shard)}: the shards of one sweep have one N`);
    const twin = records.findIndex((_, j) => j < i && shards[j]!.index === shards[i]!.index);
    if (twin >= 0) throw new UsageError(`sweep merge: ${records[twin]!.shown} and ${r.shown} both hold ${shardName(r.read.sweep.shard)}; give each shard once`);
  });
  const definition = first.read.sweep.definition;
  const plan = planOf(definition);
  const all = sweepRuns(plan);
  const labels = variants(plan).map((v) => v.label);
  const runs: SweepRun[] = [];
  const missing: string[] = [];
  for (let index = 1; index <= n; index++) {
    const at = shards.findIndex((s) => s.index === index);
    const mine = all.filter((r) => inShard(r.id, { index, count: n }));
    if (at < 0) {
      if (mine.length > 0) missing.push(`shard ${index}/${n} (${count(mine.length, 'run')}) was not given`);
      continue;
    }
    const have = runsOf(records[at]!.read.lines, all, records[at]!.shown);
    const lacking = mine.filter((r) => !have.has(r.id));
    if (lacking.length > 0) missing.push(`${records[at]!.shown} lacks ${runNames(lacking, labels)} (--resume it)`);
    runs.push(...mine.flatMap((r) => (have.has(r.id) ? [have.get(r.id)!] : [])));
  }
  if (missing.length > 0) {
    const n = all.length - runs.length;
    throw new UsageError(`sweep merge: ${n} of the sweep's ${all.length} runs ${n === 1 ? 'is' : 'are'} missing: ${missing.join('; ')}; nothing was written`);
  }
  const result = summarizeSweep(plan, runs, runs.reduce((a, r) => a + r.durationMs, 0));
  const sweep: SweepSection = { state: 'complete', hash: first.read.sweep.hash, shard: null, definition };
  // The shards whose records hold failed runs: --resume runs them again there.
  const failedIn = shards.flatMap((s, i) => (runs.some((r) => r.error !== undefined && inShard(r.id, s)) ? [`${records[i]!.shown} (--shard ${s.index}/${s.count})`] : []));
  return { result, sweep, lines: result.runs.map((r) => sealLine(sweep.hash, runLine(r))).join(''), failedIn };
}
