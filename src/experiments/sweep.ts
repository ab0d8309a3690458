// Sweeps: the cartesian product of setting axes, each variant optionally repeated over seeds.
// Runs go to an executor (worker threads in the CLI); results keep the order of the plan.
import type { Divergence } from '../nn/divergence.js';
import type { CostPoint } from '../nn/train.js';
import { type RunConfig, type SettingKey, type TrainCommand } from './settings.js';
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
}

export interface TrainJobResult {
  costs: CostPoint[];
  /** The drawn cost curve (TrainResult.curve). */
  curve: CostPoint[];
  /** The cost of the trained parameters, after the last update. */
  finalCost: number;
  accuracy: { train: number; test: number };
  durationMs: number;
  diverged: boolean;
  divergence: Divergence | null;
  /** No test set was given (a CSV dataset alone): the test accuracy is on the training data. */
  testOnTrainingData: boolean;
  /** When the job asked: predicted 0/1 labels, one character per example. */
  predictions?: { train: string; test: string };
  /** Why the run trained on another engine than asked (TrainRecord.engineNotice). */
  engineNotice?: string | null;
}

export type Executor = (jobs: TrainJob[]) => Promise<TrainJobResult[]>;

/** A job that ended in an error instead of a result. */
export interface FailedJob {
  error: string;
}

/** Runs every job even when some fail, each failure in its slot: what a sweep needs to keep the rest. */
export type SettledExecutor = (jobs: TrainJob[]) => Promise<(TrainJobResult | FailedJob)[]>;

export interface SweepRun extends TrainJobResult {
  config: RunConfig;
  variant: number;
  /** The error the run ended with; its costs are then empty and its accuracies NaN. */
  error?: string;
}

export interface VariantSummary {
  label: string;
  /** The variant's settings (the first seed's config). */
  config: RunConfig;
  seeds: number[];
  train: Stats;
  test: Stats;
  finalCost: Stats;
  durationMs: number;
  /** Runs (seeds) of this variant that diverged; a variant with any is never best. */
  diverged: number;
  /** What overflowed in the first diverged run. */
  divergence: Divergence | null;
  /** Its test accuracy is on the training data (a CSV dataset without a test set). */
  testOnTrainingData: boolean;
  best: boolean;
  /** The error of its first failed run: the statistics above then cover only the runs that finished. */
  failed: string | null;
}

export interface SweepResult {
  of: TrainCommand;
  axes: SettingKey[];
  runs: SweepRun[];
  variants: VariantSummary[];
  durationMs: number;
}

const show = (v: unknown): string => (Array.isArray(v) ? v.join(',') : typeof v === 'number' ? settingText(v) : String(v));

/** Variants in a stable order: the first axis varies slowest. */
export function variants(plan: SweepPlan): { label: string; config: RunConfig }[] {
  let out: { label: string[]; config: RunConfig }[] = [{ label: [], config: plan.base }];
  for (const axis of plan.axes) {
    out = out.flatMap((v) => axis.values.map((value) => ({
      label: [...v.label, `${axis.key}=${show(value)}`],
      config: { ...v.config, [axis.key]: value },
    })));
  }
  return out.map((v) => ({ label: v.label.join(', ') || 'base', config: v.config }));
}

/** Variants × repeat, counted without listing them. */
export const runCount = (plan: SweepPlan): number => plan.axes.reduce((n, a) => n * a.values.length, 1) * plan.repeat;

export async function runSweep(plan: SweepPlan, execute: Executor | SettledExecutor): Promise<SweepResult> {
  const t0 = performance.now();
  const vs = variants(plan);
  const jobs: (TrainJob & { variant: number })[] = [];
  vs.forEach((v, i) => {
    for (let r = 0; r < plan.repeat; r++) jobs.push({ command: plan.of, config: { ...v.config, seed: v.config.seed + r }, variant: i });
  });
  const results = await execute(jobs.map(({ command, config }) => ({ command, config })));
  const runs: SweepRun[] = results.map((r, i) => {
    const { config, variant } = jobs[i]!;
    return 'error' in r
      ? { costs: [], curve: [], finalCost: NaN, accuracy: { train: NaN, test: NaN }, durationMs: 0, diverged: false, divergence: null, testOnTrainingData: false, error: r.error, config, variant }
      : { ...r, config, variant };
  });
  const summaries = vs.map((v, i) => summarizeVariant(v.label, runs.filter((r) => r.variant === i)));
  markBest(summaries);
  return { of: plan.of, axes: plan.axes.map((a) => a.key), runs, variants: summaries, durationMs: performance.now() - t0 };
}

function summarizeVariant(label: string, all: SweepRun[]): VariantSummary {
  const runs = all.filter((r) => r.error === undefined);
  const diverged = runs.filter((r) => r.diverged);
  return {
    label,
    config: all[0]!.config,
    seeds: all.map((r) => r.config.seed),
    train: summarize(runs.map((r) => r.accuracy.train), [0, 1]),
    test: summarize(runs.map((r) => r.accuracy.test), [0, 1]),
    finalCost: summarize(runs.map((r) => r.finalCost)),
    durationMs: runs.reduce((a, r) => a + r.durationMs, 0),
    diverged: diverged.length,
    divergence: diverged[0]?.divergence ?? null,
    testOnTrainingData: runs.some((r) => r.testOnTrainingData),
    best: false,
    failed: all.find((r) => r.error !== undefined)?.error ?? null,
  };
}

/** Best, among variants whose every run finished and none diverged: highest mean test accuracy, then highest train accuracy, then lowest final cost. */
function markBest(vs: VariantSummary[]): void {
  const better = (a: VariantSummary, b: VariantSummary): boolean =>
    a.test.mean !== b.test.mean ? a.test.mean > b.test.mean
      : a.train.mean !== b.train.mean ? a.train.mean > b.train.mean
        : a.finalCost.mean < b.finalCost.mean;
  const best = vs.filter((v) => v.failed === null && v.diverged === 0).reduce<VariantSummary | undefined>((b, v) => (!b || better(v, b) ? v : b), undefined);
  if (best) best.best = true;
}
