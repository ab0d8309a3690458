// What a sweep record holds, checked before it is used: result.json's sweep section and each line of
// runs.jsonl. Their seals are sha256 digests anyone can recompute, so a resealed record is checked for
// shape and bounds (the limits the command line has), and its definition against its hash.
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { MAX_SWEEP_RUNS } from '../limits.js';
import { checked, RecordDataError } from '../report/recordData.js';
import { SETTING_KEYS } from './settings.js';
import { runCount } from './sweep.js';
import { definitionHash, planOf, type SweepDefinition } from './sweepDefinition.js';
import type { SweepSection } from './sweepRecord.js';

const sha = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256');
const runs = z.number().int().min(1).max(MAX_SWEEP_RUNS);
const shard = z.object({ index: runs, count: runs }).refine((s) => s.index <= s.count, 'its index must be at most its count');
const definition = z.object({
  nnlab: z.string().max(100),
  of: z.enum(['train', 'regularize']),
  axes: z.array(z.object({ key: z.enum(SETTING_KEYS as [string, ...string[]]), values: z.array(z.unknown()).min(1).max(MAX_SWEEP_RUNS) })).max(SETTING_KEYS.length),
  base: z.record(z.string(), z.unknown()),
  repeat: runs,
  contents: z.array(z.object({ of: z.string().max(8192), sha256: sha })).max(2 * MAX_SWEEP_RUNS + 1),
});
const section = z.object({ state: z.enum(['running', 'complete']), hash: sha, shard: shard.nullable(), definition });

/** A number as a line spells it: finite, or inf, -inf, nan. */
const num = z.union([z.number(), z.enum(['inf', '-inf', 'nan'])]);
const points = z.array(z.object({ iteration: z.number().int().nonnegative(), cost: num }));
const line = z.object({
  run: z.number().int().min(0).max(MAX_SWEEP_RUNS - 1),
  variant: z.number().int().min(0).max(MAX_SWEEP_RUNS - 1),
  config: z.record(z.string(), z.unknown()),
  costs: points,
  curve: points,
  finalCost: num,
  finalCostWithDropout: num.nullable(),
  accuracy: z.object({ train: num, test: num }),
  durationMs: z.number().nonnegative(),
  diverged: z.boolean(),
  nonFinite: z.unknown(),
  divergence: z.object({}).passthrough().nullable(),
  testOnTrainingData: z.boolean(),
  startSaturated: num.nullable(),
  engineNotice: z.string().nullable(),
  engine: z.object({}).passthrough().nullable().optional(),
  finalInfTerms: z.number().int().nonnegative().optional(),
  error: z.string().optional(),
});

const refusal = (e: unknown, shown: string): never => {
  if (e instanceof RecordDataError) throw new UsageError(`${shown}: ${e.message}; nnlab reads only records it wrote`);
  throw e;
};

/**
 * The sweep section of a record's result.json, checked: its shape, a shard 1 ≤ I ≤ N ≤ MAX_SWEEP_RUNS,
 * at most MAX_SWEEP_RUNS runs, and a definition that hashes to its hash. Throws UsageError naming `shown`.
 */
export function sweepSectionOf(value: unknown, shown: string): SweepSection {
  let s: SweepSection;
  try {
    s = checked(section, value, 'result.json', 'a sweep record') as unknown as SweepSection;
  } catch (e) {
    return refusal(e, shown);
  }
  const total = runCount(planOf(s.definition));
  if (total > MAX_SWEEP_RUNS) throw new UsageError(`${shown}: its result.json describes a sweep of ${total} runs; a sweep has at most ${MAX_SWEEP_RUNS}, so nnlab did not write it`);
  if (definitionHash(s.definition as SweepDefinition) !== s.hash) throw new UsageError(`${shown}: its result.json holds a sweep definition that does not hash to its sweep's hash; it was edited since nnlab wrote it`);
  return s;
}

/** A line of runs.jsonl parsed and checked for shape; throws UsageError naming the line. */
export function lineValueOf(text: string, shown: string, at: number): Record<string, unknown> {
  try {
    return checked(line, JSON.parse(text), `line ${at} of its runs.jsonl`, 'a run nnlab recorded') as Record<string, unknown>;
  } catch (e) {
    if (e instanceof SyntaxError) throw new UsageError(`${shown}: line ${at} of its runs.jsonl is not JSON; nnlab reads only records it wrote`);
    return refusal(e, shown);
  }
}
