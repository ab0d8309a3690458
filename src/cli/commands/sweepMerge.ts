// nnlab sweep merge OUT SHARD_DIR...: the shards' records → one sweep record, shown as the sweep's table.
import { realpathSync } from 'node:fs';
import { clip, UsageError } from '../../errors.js';
import { sweepRecordFiles } from '../../experiments/record.js';
import { mergeShards } from '../../experiments/sweepMerge.js';
import { readSweepRecord } from '../../experiments/sweepRecord.js';
import { leftoverWarnings, writeOutputs } from '../../output/summary.js';
import { tryLock } from '../../output/lock.js';
import { lockKeyOf } from '../../output/targets.js';
import { openOutputs } from '../../output/transaction.js';
import type { Outcome } from '../outcome.js';
import { provenance } from '../provenance.js';
import { sweepJson } from '../render/sweep.js';
import { VERSION } from '../version.js';
import { sweepOutcome } from './sweep.js';

export interface MergeFlags {
  json?: boolean;
  force?: boolean;
}

const real = (p: string): string => {
  try {
    return realpathSync.native(p);
  } catch {
    return p;
  }
};

/** How to go on from a shard record merge refuses: --resume sets right a line cut by a crash or lines added or removed. */
const mergeHint = (dir: string) => (why: string): string => (/^(its \S+ )?(ends in an incomplete line|has \d+ lines?)/.test(why) ? `; --resume ${dir} (with the shard's options) checks its lines against the sweep and sets them right, then merge again` : '');

export async function executeMerge(out: string | undefined, dirs: string[], flags: MergeFlags): Promise<Outcome> {
  if (out === undefined || dirs.length === 0) throw new UsageError('sweep merge takes OUT, the record to write, then the shard records: nnlab sweep merge OUT SHARD_DIR...');
  const empty = dirs.indexOf('');
  if (empty >= 0) throw new UsageError(`sweep merge: the path of shard record ${empty + 1} is empty; give the folder of each shard's record`);
  const seen = new Map<string, string>();
  for (const d of [out, ...dirs]) {
    const twin = seen.get(real(d));
    if (twin !== undefined) throw new UsageError(`sweep merge: ${clip(twin)} and ${clip(d)} are one folder; ${twin === out ? 'write the merged record elsewhere' : 'give each shard once'}`);
    seen.set(real(d), d);
  }
  // OUT forgotten (sweep merge s1 s2 s3): the first shard would be taken for OUT, and --force would replace it.
  let outShard: string | null = null;
  try {
    const read = readSweepRecord(out, out);
    if (read.sweep.shard) outShard = `shard ${read.sweep.shard.index}/${read.sweep.shard.count}`;
  } catch {
    outShard = null; // not a shard's record: the output checks say what OUT is
  }
  if (outShard !== null) {
    throw new UsageError(`sweep merge: ${clip(out)} is a shard record (${outShard}), and the first argument is OUT, the new record to write; give OUT first: nnlab sweep merge OUT ${clip(out)} ${dirs.map((d) => clip(d)).join(' ')}`);
  }
  const outputs = await openOutputs([{ flag: 'sweep merge', path: out, kind: 'record' }], flags.force === true);
  try {
    const records = dirs.map((d) => ({ shown: clip(d), read: readSweepRecord(d, `sweep merge: ${clip(d)}`, { hint: mergeHint(clip(d)) }) }));
    for (const [i, r] of records.entries()) {
      if (r.read.sweep.state !== 'running') continue;
      const lock = await tryLock(lockKeyOf(real(dirs[i]!)));
      if (!lock) throw new UsageError(`sweep merge: ${r.shown} is being written by another nnlab run; wait for it to end, then merge again`);
      lock.release();
    }
    const merged = mergeShards(records, VERSION);
    const files = await sweepRecordFiles(merged.result, sweepJson(merged.result, { merged: dirs.length }), provenance(), { sweep: merged.sweep, lines: merged.lines, count: merged.result.runs.length });
    const written = await writeOutputs(outputs, { record: files });
    const retry = merged.failedIn.length > 0 ? `--resume ${merged.failedIn.join(', ')} with the sweep's options runs them again; then merge again with --force` : undefined;
    return sweepOutcome(merged.result, { json: flags.json }, written, leftoverWarnings(outputs), { merged: dirs.length }, retry);
  } finally {
    outputs.release();
  }
}
