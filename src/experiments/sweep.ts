// Sweeps: the cartesian product of setting axes, each variant optionally repeated over seeds.
// Runs go to an executor (worker threads in the CLI); results keep the order of the plan.
import type { Split } from '../data/dataset.js';
import type { Divergence } from '../nn/divergence.js';
import type { CostPoint, NonFinite, TrainEngine } from '../nn/train.js';
import { DEFAULTS, flagOf, SETTING_KEYS, type RunConfig, type SettingKey, type TrainCommand } from './settings.js';
import { settingText } from '../numpyText.js';
import { summarize, type Stats } from './stats.js';

export interface Axis {
  key: SettingKey;
  values: unknown[];
}

export interface SweepPlan {
  of: TrainCommand;
  base: RunConfig;
  axes: Axis[];
  /** Each variant runs with seeds base.seed, base.seed+1, ... */
  repeat: number;
}

export interface TrainJob {
  command: TrainCommand;
  config: RunConfig;
  /** Also return the predicted labels on the training and test sets. */
  predictions?: boolean;
  /** The data, already read and checked: the run trains on it instead of reading its files again. */
  split?: Split;
}

export interface TrainJobResult {
  costs: CostPoint[];
  /** The drawn cost curve (TrainResult.curve). */
  curve: CostPoint[];
  /** The cost of the trained parameters, after the last update, without dropout (TrainRecord.finalCost). */
  finalCost: number;
  /** With dropout, the same under a dropout mask; null without (TrainRecord.finalCostWithDropout). */
  finalCostWithDropout: number | null;
  /** When finalCost is not finite: outputs exactly 0 or 1 on the wrong side (TrainRecord.finalInfTerms); absent in older records. */
  finalInfTerms?: number;
  accuracy: { train: number; test: number };
  durationMs: number;
  diverged: boolean;
  /** What was inf or nan at the end of a diverged run. */
  nonFinite: NonFinite[];
  divergence: Divergence | null;
  /** No test set was given (a CSV dataset alone): the test accuracy is on the training data. */
  testOnTrainingData: boolean;
  /** When the job asked: predicted 0/1 labels, one character per example. */
  predictions?: { train: string; test: string };
  /** Why the run trained on another engine than asked (TrainRecord.engineNotice). */
  engineNotice?: string | null;
  /** The engine that ran it (TrainRecord.engine). */
  engine?: TrainEngine;
  /**
   * Hidden tanh/sigmoid layers: the share of their activations saturated at the start (initial weights,
   * g' below a tenth of its peak), over all hidden units and examples; null for ReLU and leaky ReLU.
   */
  startSaturated?: number | null;
}

export type Executor = (jobs: TrainJob[]) => Promise<TrainJobResult[]>;

/** A job that ended in an error instead of a result. */
export interface FailedJob {
  error: string;
}

/** Runs every job even when some fail, each failure in its slot: what a sweep needs to keep the rest. */
export type SettledExecutor = (jobs: TrainJob[]) => Promise<(TrainJobResult | FailedJob)[]>;

export interface SweepRun extends TrainJobResult {
  /** Its number in the sweep (see sweepRuns). */
  id: number;
  config: RunConfig;
  variant: number;
  /** The error the run ended with; its costs are then empty and its accuracies NaN. */
  error?: string;
}

export interface VariantSummary {
  /** Its place in variants(plan). */
  index: number;
  label: string;
  /** The variant's settings (the first seed's config). */
  config: RunConfig;
  seeds: number[];
  train: Stats;
  test: Stats;
  finalCost: Stats;
  /** Of the runs finalCost covers, those whose final cost is inf or nan (their mean is then not finite). */
  finalCostNonFinite: number;
  /** Of those, the runs whose final cost is inf through outputs exactly 0 or 1 on the wrong side (−log(0)). */
  finalCostWrongSide: number;
  durationMs: number;
  /**
   * Runs (seeds) of this variant that diverged; a variant with any is never best. The statistics above
   * are over the other runs when there are any (a partly diverged variant), else over all of them.
   */
  diverged: number;
  /** What was inf or nan at the end of the diverged runs (union over them). */
  nonFinite: NonFinite[];
  /** What overflowed in the first diverged run. */
  divergence: Divergence | null;
  /** A setting of this variant replaced by another (the init's multiplier by a --scale formula), or null. */
  overridden: { key: SettingKey; by: SettingKey } | null;
  /** Its test accuracy is on the training data (a CSV dataset without a test set). */
  testOnTrainingData: boolean;
  best: boolean;
  /** The error of its first failed run: the statistics above then cover only the runs that finished. */
  failed: string | null;
  /** The mean over its finished runs of TrainJobResult.startSaturated; null where that is null. */
  startSaturated: number | null;
}

/** How ★ best was chosen: among all variants, or only those with a held-out test set; ties all marked. */
export interface BestRule {
  /** Variants left out because their test accuracy is on their training data while others' is not. */
  excludedOnTrainingData: string[];
  /** All variants' test accuracy is on their training data. */
  allOnTrainingData: boolean;
}

export interface SweepResult {
  of: TrainCommand;
  axes: SettingKey[];
  /** By number; a shard's result holds its own runs only. */
  runs: SweepRun[];
  /** The variants with a run in `runs`. */
  variants: VariantSummary[];
  best: BestRule;
  /** Runs of the whole sweep: more than runs.length for a shard or an unfinished record. */
  total: number;
  /** Seeds per variant in the whole sweep (--repeat): total / repeat variants. */
  repeat: number;
  durationMs: number;
}

const show = (v: unknown): string => (v === null ? 'none' : Array.isArray(v) ? v.join(',') : typeof v === 'number' ? settingText(v) : String(v));

/** A setting another one replaces: the init's multiplier, under a --scale formula (zeros with one is refused). */
export const overriddenBy = (key: SettingKey, c: RunConfig): SettingKey | null => (key === 'init' && c.scale !== null && c.init !== 'zeros' ? 'scale' : null);

/**
 * Variants in a stable order: the first axis varies slowest. Labels name each axis by its flag
 * (keep-prob=0.86) and say where another setting replaces its value: "init=he (overridden by scale=2)".
 */
export function variants(plan: SweepPlan): { label: string; config: RunConfig }[] {
  let out: { parts: { key: SettingKey; text: string }[]; config: RunConfig }[] = [{ parts: [], config: plan.base }];
  for (const axis of plan.axes) {
    out = out.flatMap((v) => axis.values.map((value) => ({
      parts: [...v.parts, { key: axis.key, text: `${flagOf(axis.key).slice(2)}=${show(value)}` }],
      config: { ...v.config, [axis.key]: value },
    })));
  }
  const onAxis = new Set(plan.axes.map((a) => a.key));
  return out.map((v) => ({
    label: v.parts.map(({ key, text }) => {
      const by = overriddenBy(key, v.config);
      if (by === null) return text;
      return onAxis.has(by) ? `${text} (overridden)` : `${text} (overridden by ${flagOf(by).slice(2)}=${show(v.config[by])})`;
    }).join(', ') || ownSettings(plan),
    config: v.config,
  }));
}

/** The data settings of a run, as one key: runs with equal keys train on the same data. */
export const dataKey = (c: RunConfig): string => JSON.stringify([c.dataset, c.testDataset, c.samples, c.noise, c.dataSeed]);
/** A sweep without axes has one variant: named by its settings that differ from the command's defaults ("lambd=0.5"). */
function ownSettings(plan: SweepPlan): string {
  const defaults = DEFAULTS[plan.of];
  const own = SETTING_KEYS.filter((k) => show(plan.base[k]) !== show(defaults[k])).map((k) => `${flagOf(k).slice(2)}=${show(plan.base[k])}`);
  return own.join(', ') || 'defaults';
}

/** Variants × repeat, counted without listing them. */
export const runCount = (plan: SweepPlan): number => plan.axes.reduce((n, a) => n * a.values.length, 1) * plan.repeat;

/** One run of a sweep, numbered the same on every machine: variant index × repeat + seed index. */
export interface RunSpec {
  id: number;
  variant: number;
  config: RunConfig;
}

/** Every run of the sweep in number order; variant v's seeds are runs v·repeat … v·repeat + repeat − 1. */
export function sweepRuns(plan: SweepPlan): RunSpec[] {
  return variants(plan).flatMap((v, i) => Array.from({ length: plan.repeat }, (_, r) => ({
    id: i * plan.repeat + r, variant: i, config: { ...v.config, seed: v.config.seed + r },
  })));
}

/** A run's record: its result, or its error with empty costs and NaN figures. */
export function runOf(spec: RunSpec, outcome: TrainJobResult | FailedJob): SweepRun {
  const { id, variant, config } = spec;
  return 'error' in outcome
    ? { costs: [], curve: [], finalCost: NaN, finalCostWithDropout: null, accuracy: { train: NaN, test: NaN }, durationMs: 0, diverged: false, nonFinite: [], divergence: null, testOnTrainingData: false, error: outcome.error, id, config, variant }
    : { ...outcome, id, config, variant };
}

export async function runSweep(plan: SweepPlan, execute: Executor | SettledExecutor): Promise<SweepResult> {
  const t0 = performance.now();
  const specs = sweepRuns(plan);
  const results = await execute(specs.map(({ config }) => ({ command: plan.of, config })));
  return summarizeSweep(plan, results.map((r, i) => runOf(specs[i]!, r)), performance.now() - t0);
}

/**
 * The sweep's summary from the runs there are, in any order: per variant with a run, and a best only
 * when every run of the sweep is there (a shard's numbers cover some seeds of some variants).
 */
export function summarizeSweep(plan: SweepPlan, given: readonly SweepRun[], durationMs: number): SweepResult {
  const runs = [...given].sort((a, b) => a.id - b.id);
  const summaries = variants(plan).flatMap((v, i) => {
    const own = runs.filter((r) => r.variant === i);
    return own.length > 0 ? [summarizeVariant(i, v.label, own, plan)] : [];
  });
  const total = runCount(plan);
  const best = runs.length === total ? markBest(summaries) : { excludedOnTrainingData: [], allOnTrainingData: false };
  return { of: plan.of, axes: plan.axes.map((a) => a.key), runs, variants: summaries, best, total, repeat: plan.repeat, durationMs };
}

function summarizeVariant(index: number, label: string, all: SweepRun[], plan: SweepPlan): VariantSummary {
  const finished = all.filter((r) => r.error === undefined);
  const diverged = finished.filter((r) => r.diverged);
  // A partly diverged variant: its statistics describe the runs that did not diverge (and say so).
  const runs = diverged.length < finished.length ? finished.filter((r) => !r.diverged) : finished;
  const config = all[0]!.config;
  const key = plan.axes.map((a) => a.key).find((k) => overriddenBy(k, config) !== null);
  return {
    index,
    label,
    config,
    seeds: all.map((r) => r.config.seed),
    train: summarize(runs.map((r) => r.accuracy.train), [0, 1]),
    test: summarize(runs.map((r) => r.accuracy.test), [0, 1]),
    finalCost: summarize(runs.map((r) => r.finalCost), [0, Infinity]),
    finalCostNonFinite: runs.filter((r) => !Number.isFinite(r.finalCost)).length,
    finalCostWrongSide: runs.filter((r) => r.finalCost === Infinity && (r.finalInfTerms ?? 0) > 0).length,
    durationMs: finished.reduce((a, r) => a + r.durationMs, 0),
    diverged: diverged.length,
    nonFinite: (['parameters', 'activations', 'cost'] as const).filter((n) => diverged.some((r) => r.nonFinite.includes(n))),
    divergence: diverged[0]?.divergence ?? null,
    overridden: key === undefined ? null : { key, by: overriddenBy(key, config)! },
    testOnTrainingData: finished.some((r) => r.testOnTrainingData),
    best: false,
    failed: all.find((r) => r.error !== undefined)?.error ?? null,
    startSaturated: runs.length > 0 && runs.every((r) => typeof r.startSaturated === 'number')
      ? runs.reduce((a, r) => a + r.startSaturated!, 0) / runs.length : null,
  };
}

/**
 * Best, among variants whose every run finished and none diverged: highest mean test accuracy, then
 * highest train accuracy, then lowest final cost; every variant tied on all three is marked. A test
 * accuracy measured on the training data is never ranked against one on held-out data: when some
 * variants have a held-out test set, only they are ranked.
 */
function markBest(vs: VariantSummary[]): BestRule {
  const { marks, rule } = rankBest(vs);
  vs.forEach((v, i) => (v.best = marks[i]!));
  return rule;
}

/** The figures ★ best is chosen by (a variant's summary, or a record's). */
export interface Rankable {
  label: string;
  failed: string | null;
  diverged: number;
  testOnTrainingData: boolean;
  test: { mean: number };
  train: { mean: number };
  finalCost: { mean: number };
}

/** markBest's choice without marking: which variants are best (by position) and the rule used. */
export function rankBest(vs: readonly Rankable[]): { marks: boolean[]; rule: BestRule } {
  const marks = vs.map(() => false);
  const eligible = vs.filter((v) => v.failed === null && v.diverged === 0);
  const heldOut = eligible.filter((v) => !v.testOnTrainingData);
  const ranked = heldOut.length > 0 ? heldOut : eligible;
  const key = (v: Rankable): number[] => [v.test.mean, v.train.mean, -v.finalCost.mean];
  const cmp = (a: Rankable, b: Rankable): number => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < x.length; i++) {
      const [p, q] = [x[i]!, y[i]!];
      if (p === q || (p !== p && q !== q)) continue;
      if (p !== p || q !== q) return p !== p ? -1 : 1; // a NaN ranks below any number
      return p > q ? 1 : -1;
    }
    return 0;
  };
  const top = ranked.reduce<Rankable | undefined>((b, v) => (!b || cmp(v, b) > 0 ? v : b), undefined);
  if (top) for (const v of ranked) if (cmp(v, top) === 0) marks[vs.indexOf(v)] = true;
  return {
    marks,
    rule: {
      excludedOnTrainingData: heldOut.length > 0 ? eligible.filter((v) => v.testOnTrainingData).map((v) => v.label) : [],
      allOnTrainingData: ranked.length > 0 && heldOut.length === 0 && ranked.every((v) => v.testOnTrainingData),
    },
  };
}
