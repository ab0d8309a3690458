// nnlab reproduce: run every course experiment from configs/ and compare with the published figures.
// "measured" always comes from running the code; published.ts is only read for the comparison.
import { courseChecks } from '../gradcheck/cases.js';
import type { CheckResult } from '../gradcheck/compare.js';
import type { CostPoint } from '../nn/train.js';
import { numpyName } from '../numpyText.js';
import { courseFile, readExperimentFile, resolveRunSettings } from './configFile.js';
import { PUBLISHED_GRADCHECK, PUBLISHED_LAMBD, PUBLISHED_RUNS } from './published.js';
import { DEFAULTS, type TrainCommand } from './settings.js';
import type { Executor, TrainJob, TrainJobResult } from './sweep.js';

export interface Figure {
  label: string;
  published: number | string | string[];
  measured: number | string | string[];
  /** "exact", or a relative tolerance */
  tolerance: 'exact' | number;
  match: boolean;
}

export interface ExperimentReport {
  name: string;
  group: 'initialization' | 'regularization' | 'gradient checking';
  published: Record<string, unknown>;
  measured: Record<string, unknown>;
  figures: Figure[];
  match: boolean;
}

export interface ReproduceResult {
  experiments: ExperimentReport[];
  match: boolean;
  durationMs: number;
}

const TRAIN_RUNS = ['init-zeros', 'init-random', 'init-he', 'reg-none', 'reg-l2', 'reg-dropout'] as const;

function jobFor(name: string, overrides: Record<string, unknown> = {}): TrainJob {
  const file = readExperimentFile(courseFile(name));
  const command = file.command as TrainCommand;
  return { command, config: resolveRunSettings({ ...file, settings: { ...file.settings, ...overrides } }, DEFAULTS[command]) };
}

const close = (measured: number, published: number, tol: number): boolean =>
  measured === published || Math.abs(measured - published) <= tol * Math.abs(published);

function costFigures(costs: readonly CostPoint[], published: Record<number, number | 'inf'>, tol: number): Figure[] {
  return Object.entries(published).map(([it, p]) => {
    const m = costs.find((c) => c.iteration === Number(it))?.cost ?? NaN;
    const match = p === 'inf' ? m === Infinity : close(m, p, tol);
    return { label: `cost @ ${it}`, published: p, measured: Number.isFinite(m) ? m : numpyName(m), tolerance: tol, match };
  });
}

function accuracyFigures(measured: { train: number; test: number }, published: { train: number; test: number }): Figure[] {
  return (['train', 'test'] as const).map((k) => ({ label: `${k} accuracy`, published: published[k], measured: measured[k], tolerance: 'exact', match: measured[k] === published[k] }));
}

/** A course run's measured costs and accuracies against its published figures; null for runs the course does not publish. */
export function publishedRunFigures(name: string, costs: readonly CostPoint[], accuracy: { train: number; test: number }): Figure[] | null {
  const p = PUBLISHED_RUNS[name];
  return p ? [...costFigures(costs, p.costs, p.costTolerance), ...accuracyFigures(accuracy, p.accuracy)] : null;
}

function report(name: string, group: ExperimentReport['group'], published: Record<string, unknown>, measured: Record<string, unknown>, figures: Figure[]): ExperimentReport {
  return { name, group, published, measured, figures, match: figures.every((f) => f.match) };
}

function gradcheckReport(checks: CheckResult[]): ExperimentReport {
  const [buggy, fixed] = checks as [CheckResult, CheckResult];
  const p = PUBLISHED_GRADCHECK;
  const figures: Figure[] = [
    { label: 'buggy difference', published: p.buggy, measured: buggy.difference, tolerance: p.buggyTolerance, match: close(buggy.difference, p.buggy, p.buggyTolerance) },
    { label: 'buggy suspects', published: p.suspects, measured: buggy.suspects, tolerance: 'exact', match: buggy.suspects.join() === p.suspects.join() },
    { label: 'fixed difference', published: p.fixed, measured: fixed.difference, tolerance: p.fixedTolerance, match: close(fixed.difference, p.fixed, p.fixedTolerance) },
  ];
  return report('gradcheck', 'gradient checking',
    { buggy: p.buggy, fixed: p.fixed, suspects: p.suspects },
    { buggy: buggy.difference, fixed: fixed.difference, suspects: buggy.suspects, verdicts: [buggy.verdict, fixed.verdict] },
    figures);
}

export async function reproduce(execute: Executor): Promise<ReproduceResult> {
  const t0 = performance.now();
  const lambdas = Object.keys(PUBLISHED_LAMBD)
    .filter((l) => l !== String(jobFor('reg-l2').config.lambd))
    .sort((a, b) => Number(a) - Number(b));
  const jobs = [...TRAIN_RUNS.map((n) => jobFor(n)), ...lambdas.map((l) => jobFor('reg-none', { lambd: Number(l) }))];
  const results = await execute(jobs);
  const byName = new Map<string, TrainJobResult>(TRAIN_RUNS.map((n, i) => [n, results[i]!]));
  const experiments: ExperimentReport[] = TRAIN_RUNS.map((name) => {
    const r = byName.get(name)!;
    const p = PUBLISHED_RUNS[name]!;
    return report(name, name.startsWith('init') ? 'initialization' : 'regularization',
      { costs: p.costs, accuracy: p.accuracy },
      { costs: r.costs, accuracy: r.accuracy },
      publishedRunFigures(name, r.costs, r.accuracy)!);
  });
  lambdas.forEach((l, i) => {
    const r = results[TRAIN_RUNS.length + i]!;
    const p = PUBLISHED_LAMBD[l]!;
    experiments.push(report(`lambd-${l}`, 'regularization', { accuracy: p }, { accuracy: r.accuracy }, accuracyFigures(r.accuracy, p)));
  });
  experiments.push(gradcheckReport(courseChecks(1e-7, { threshold: 1e-7, warnThreshold: 1e-5 })));
  return { experiments, match: experiments.every((e) => e.match), durationMs: performance.now() - t0 };
}
