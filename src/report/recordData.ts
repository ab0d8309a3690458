// What a report reads from a record, checked as untrusted input: a record's seal is an unkeyed sha256,
// so anyone can write a record that passes it. Every field that reaches a page is checked for its type
// and range here (zod schemas), and a JSON text is counted (size, nesting, values) before it is parsed.
import { z } from 'zod';
import { shownValue } from '../errors.js';
import { scanJson } from '../jsonScan.js';
import { MAX_JSON_DEPTH, MAX_LAYERS, MAX_REPORTS, MAX_SWEEP_RUNS } from '../limits.js';
import { rankBest } from '../experiments/sweep.js';
import { count as counted } from '../words.js';
import { ACTIVATION_NAMES } from '../nn/activations.js';
import type { RunResultJson } from './runReport.js';
import type { SweepResultJson } from './sweepReport.js';

/** A record's file that is not what nnlab writes there: `file` is not `what` (e.g. "boundary data") because `why`. */
export class RecordDataError extends Error {
  constructor(readonly file: string, readonly what: string, readonly why: string) {
    super(`${file} is not ${what}: ${why}`);
    this.name = 'RecordDataError';
  }
}

/** The JSON value of `text`, counted before it is parsed: at most `values` numbers and strings, nested at most MAX_JSON_DEPTH. */
export function boundedJson(text: string, file: string, what: string, values: number): unknown {
  const c = scanJson(text, { depth: MAX_JSON_DEPTH, values, lists: values });
  if (c.depth > MAX_JSON_DEPTH) throw new RecordDataError(file, what, `it nests lists and objects deeper than the ${MAX_JSON_DEPTH} levels nnlab reads`);
  if (c.values > values || c.lists > values) throw new RecordDataError(file, what, `it holds more than the ${values} values nnlab writes there`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RecordDataError(file, what, `it is not JSON (${(e as Error).message})`);
  }
}

/** `value` checked by `schema`; the first problem, with the field's path and value, as a RecordDataError. */
export function checked<T extends z.ZodType>(schema: T, value: unknown, file: string, what: string): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const key = (p: PropertyKey, i: number): string =>
    typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(String(p)) ? `${i > 0 ? '.' : ''}${String(p)}` : `[${JSON.stringify(String(p))}]`;
  const path = issue.path.map(key).join('');
  let got: unknown = value;
  for (const p of issue.path) got = typeof got === 'object' && got !== null ? (got as Record<PropertyKey, unknown>)[p as PropertyKey] : undefined;
  // A key that is not allowed: the key is what is wrong (its path ends in it).
  if (issue.code === 'invalid_key') throw new RecordDataError(file, what, `${path}: ${issue.issues[0]?.message ?? issue.message}`);
  const where = path === '' ? 'the file' : path;
  throw new RecordDataError(file, what, `${where}: ${issue.message} (got ${shownValue(got)})`);
}

/** Text nnlab writes (labels, names, paths): a path is at most 4096 bytes. */
export const text = z.string().max(4096);
export const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A number as numpyJson writes it: a number, or "inf", "-inf", "nan"; read back as a number. */
export const numeric = z.union([z.number(), z.enum(['inf', '-inf', 'nan'])])
  .transform((v) => (typeof v === 'number' ? v : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : NaN));
/** An accuracy: a fraction, or nan where a network's outputs were. */
export const fraction = z.union([z.number().min(0).max(1), z.literal('nan').transform(() => NaN)]);
const costPoint = z.object({ iteration: count, cost: numeric });
const costList = z.array(costPoint).max(MAX_REPORTS);
export const layerSizes = z.array(z.number().int().min(1).max(1e9)).min(2).max(MAX_LAYERS);
const nonFinite = z.array(z.enum(['parameters', 'activations', 'cost'])).max(3);
const provenance = z.object({ nnlab: text.optional(), node: text.optional(), gitCommit: text.nullable().optional(), createdAt: text.optional() }).optional();
/** A setting as result.json keeps it: a number, text, flag, nothing, or a list of numbers or text (layers, values). */
const setting = z.union([z.number(), text, z.boolean(), z.null(), z.array(z.union([z.number(), text])).max(MAX_LAYERS)]);

const runConfig = z.object({
  dataset: text,
  layers: layerSizes,
  init: text,
  scale: text.nullable(),
  initFrom: text.nullable().optional(),
  lambd: z.number().min(0),
  keepProb: z.number().gt(0).max(1),
  iterations: count,
  printEvery: z.number().int().min(1),
  activation: z.enum(ACTIVATION_NAMES).optional(),
  samples: count.nullable().optional(),
  noise: z.number().min(0).nullable().optional(),
  dataSeed: count.nullable().optional(),
}).catchall(setting);

const runResult = z.object({
  command: text,
  config: runConfig,
  costs: costList,
  curve: costList.optional(),
  finalCost: numeric,
  finalCostWithDropout: numeric.nullable().optional(),
  accuracy: z.object({ train: fraction, test: fraction }),
  data: z.object({ train: count, test: count, features: z.number().int().min(1).max(1e9), testOnTrainingData: z.boolean() }),
  diverged: z.boolean(),
  nonFinite: nonFinite.optional(),
  explanations: z.array(text).max(100).optional(),
  durationMs: z.number().min(0).optional(),
  provenance,
}).superRefine((r, ctx) => {
  // What the page says must be true of the record's own numbers: it diverged exactly when something was
  // inf or nan, the cost among them exactly when the training cost is; no cost after the last iteration.
  if (r.nonFinite && r.diverged !== r.nonFinite.length > 0) ctx.addIssue({ code: 'custom', path: ['diverged'], message: `says ${r.diverged} while nonFinite lists ${r.nonFinite.length === 0 ? 'nothing' : r.nonFinite.join(', ')}` });
  const trainingCost = r.finalCostWithDropout ?? r.finalCost;
  if (r.nonFinite?.includes('cost') && Number.isFinite(trainingCost)) ctx.addIssue({ code: 'custom', path: ['nonFinite'], message: `lists the cost, but the final cost ${trainingCost} is finite` });
  const late = r.costs.findIndex((c) => c.iteration > r.config.iterations);
  if (late >= 0) ctx.addIssue({ code: 'custom', path: ['costs', late, 'iteration'], message: `is after the last of the ${r.config.iterations} iterations` });
});

/** result.json of a run record (without its record marker), checked; throws RecordDataError. Settings keep their order. */
export function runResultOf(value: unknown): RunResultJson {
  const r = checked(runResult, value, 'result.json', 'a run result');
  const order = Object.keys((value as { config: object }).config);
  return { ...r, config: Object.fromEntries(order.map((k) => [k, (r.config as Record<string, unknown>)[k]])) } as RunResultJson;
}

/** A file of a record: a plain name in the record's folder, never a path out of it. */
const fileName = z.string().regex(/^(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/, 'must be a file name inside the record');
const sha = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256');
const marker = z.object({
  kind: z.enum(['run', 'sweep']),
  files: z.record(fileName, sha).refine((f) => Object.keys(f).length <= 100, 'lists more than 100 files'),
  // A sweep's runs.jsonl: its key while running, its key and count of lines once complete.
  appended: z.record(fileName, z.union([sha, z.object({ key: sha, lines: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) })])).optional(),
});

/** result.json's record marker, checked: which files the record holds, by name, and of what kind it is. */
export const markerOf = (value: unknown): z.output<typeof marker> => checked(marker, value, 'result.json', 'a record marker');

// std and ci95 are null for one value (older records wrote 0 and equal ends).
const stats = z.object({ mean: fraction, std: numeric.nullable(), ci95: z.tuple([fraction, fraction]).nullable(), ci95Clipped: z.boolean().optional(), n: count });
const costStats = z.object({ mean: numeric, std: numeric.nullable(), n: count });

const sweepResult = z.object({
  of: text,
  axes: z.array(text).max(100),
  runs: z.array(z.object({
    variant: count.optional(),
    config: z.object({ seed: count }).catchall(setting),
    costs: costList,
    curve: costList.optional(),
    diverged: z.boolean().optional(),
    durationMs: z.number().min(0).optional(),
    error: text.optional(),
  })).max(MAX_SWEEP_RUNS),
  variants: z.array(z.object({
    index: count.optional(),
    label: text,
    config: z.object({ keepProb: z.number().gt(0).max(1).optional() }).catchall(setting).optional(),
    seeds: z.array(count).min(1).max(MAX_SWEEP_RUNS),
    train: stats,
    test: stats,
    finalCost: costStats,
    finalCostNonFinite: count.optional(),
    finalCostWrongSide: count.optional(),
    diverged: count,
    nonFinite: nonFinite.optional(),
    testOnTrainingData: z.boolean(),
    best: z.boolean(),
    failed: text.nullable(),
  })).max(MAX_SWEEP_RUNS),
  best: z.object({ excludedOnTrainingData: z.array(text).max(MAX_SWEEP_RUNS), allOnTrainingData: z.boolean() }).optional(),
  durationMs: z.number().min(0),
  // The sweep's size, and how the record's runs came together (absent in older records).
  sweepRuns: count.optional(),
  repeat: count.optional(),
  fromRecord: count.optional(),
  mergedShards: count.optional(),
  sweep: z.object({ state: z.enum(['running', 'complete']), shard: z.object({ index: count, count }).nullable() }).optional(),
  provenance,
}).superRefine((r, ctx) => {
  // Reported costs of all runs together: MAX_REPORTS, as a sweep is limited.
  let costs = 0;
  for (const run of r.runs) costs += run.costs.length + (run.curve?.length ?? 0);
  if (costs > 2 * MAX_REPORTS) ctx.addIssue({ code: 'custom', path: ['runs'], message: `more than ${MAX_REPORTS} reported costs over all runs` });
  // What the page says of each variant must be true of the record's own figures and runs.
  const withIndex = r.runs.every((run) => run.variant !== undefined);
  for (const [i, v] of r.variants.entries()) {
    if (v.diverged > v.seeds.length) ctx.addIssue({ code: 'custom', path: ['variants', i, 'diverged'], message: 'more diverged runs than seeds' });
    for (const side of ['train', 'test'] as const) {
      const { mean, ci95 } = v[side];
      if (ci95 && [mean, ...ci95].every((x) => !Number.isNaN(x)) && !(ci95[0] <= mean && mean <= ci95[1])) ctx.addIssue({ code: 'custom', path: ['variants', i, side, 'ci95'], message: `does not contain the mean ${mean}` });
    }
    const index = v.index ?? i;
    // A variant's seeds are all its runs', finished or failed.
    const held = r.runs.filter((run) => run.variant === index).length;
    if (withIndex && held !== v.seeds.length) ctx.addIssue({ code: 'custom', path: ['variants', i, 'seeds'], message: `lists ${counted(v.seeds.length, 'seed')} where the record holds ${counted(held, 'run')} of this variant` });
  }
  // ★ best is marked once the sweep is complete: then it must be the variants the rule picks.
  if (r.variants.some((v) => v.best)) {
    const { marks } = rankBest(r.variants);
    const wrong = r.variants.findIndex((v, i) => v.best !== marks[i]);
    if (wrong >= 0) ctx.addIssue({ code: 'custom', path: ['variants', wrong, 'best'], message: 'is not what the rule gives from the figures (highest test accuracy, then train accuracy, then lowest final cost, among variants whose runs all finished without diverging)' });
  }
});

/** result.json of a sweep record (without its record marker), checked; throws RecordDataError. */
export const sweepResultOf = (value: unknown): SweepResultJson => checked(sweepResult, value, 'result.json', 'a sweep result') as SweepResultJson;
