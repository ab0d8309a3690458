// nnlab reproduce: run every course experiment from configs/ and compare with every published figure.
// "measured" always comes from running the code; published.ts is only read for the comparison, and
// each figure carries the tolerance it is held to and why.
import { courseChecks } from '../gradcheck/cases.js';
import type { CheckResult } from '../gradcheck/compare.js';
import type { CostPoint } from '../nn/train.js';
import { compact, numpyName } from '../numpyText.js';
import { courseFile, readExperimentFile, resolveRunSettings } from './configFile.js';
import {
  BLOG, NOTEBOOK_2017, OTHER_VERSIONS, PUBLISHED_GRADCHECK, PUBLISHED_LAMBD, PUBLISHED_RANDOM_PREDICTIONS, PUBLISHED_RUNS, type PublishedRun,
} from './published.js';
import { DEFAULTS, type TrainCommand } from './settings.js';
import { largestSpread, position, runSpread, SPREAD_TOOL, type RunSpread, type SpreadPoint } from './spread.js';
import type { Executor, TrainJob, TrainJobResult } from './sweep.js';

export type Tolerance =
  | { kind: 'exact'; reason: string }
  /** |measured − published| ≤ value·|published| */
  | { kind: 'relative'; value: number; reason: string }
  /** measured rounded to `value` significant digits equals published */
  | { kind: 'digits'; value: number; reason: string };

export interface Figure {
  label: string;
  /** The document that prints the figure. */
  source: string;
  published: number | string | string[];
  measured: number | string | string[];
  tolerance: Tolerance;
  match: boolean;
}

/** The chaotic run's trace, iteration by iteration: nnlab against each version and the measured spread. */
export interface TracePoint {
  iteration: number;
  measured: number | string;
  published: { source: string; cost: number | string; relative: number | null; match: boolean }[];
  spread: SpreadPoint;
  /** Where nnlab's cost lies against the members' range. */
  position: ReturnType<typeof position>;
}

export interface ExperimentReport {
  name: string;
  group: 'initialization' | 'regularization' | 'gradient checking';
  published: Record<string, unknown>;
  measured: Record<string, unknown>;
  figures: Figure[];
  /** For a chaotic run: the trace against each version and the spread. */
  trace?: TracePoint[];
  match: boolean;
}

export interface ReproduceResult {
  experiments: ExperimentReport[];
  match: boolean;
  durationMs: number;
  /** The engines that ran its training runs, as "name detail" (one unless some run fell back). */
  engines: string[];
}

const TRAIN_RUNS = ['init-zeros', 'init-random', 'init-he', 'reg-none', 'reg-l2', 'reg-dropout'] as const;

/** Deterministic runs are held to this relative tolerance; a run whose measured spread exceeds it is chaotic. */
export const DETERMINISTIC_TOLERANCE = 1e-9;

const EXACT_ACCURACY: Tolerance = { kind: 'exact', reason: 'a share of correct 0/1 predictions: nothing to round' };
const EXACT_LABELS: Tolerance = { kind: 'exact', reason: '0/1 labels: nothing to round' };


/** Whether a run is chaotic, by its measured spread (tools/measure_spread.py). */
export function isChaotic(name: string): boolean {
  const s = runSpread(name);
  return s !== undefined && largestSpread(s) > DETERMINISTIC_TOLERANCE;
}

function deterministicTolerance(name: string): Tolerance {
  const s = runSpread(name);
  const reason = s
    ? `deterministic run: ${s.members} valid computations of it differ by at most ${compact(largestSpread(s))}, measured by ${SPREAD_TOOL}`
    : 'deterministic run: all-zero weights, nothing drawn at random';
  return { kind: 'relative', value: DETERMINISTIC_TOLERANCE, reason };
}

function chaoticTolerance(s: RunSpread, p: SpreadPoint): Tolerance {
  if (p.tolerance === undefined) return { kind: 'exact', reason: `chaotic run, but all ${s.members} valid computations give ${p.values?.map(numpyName).join(', ') ?? 'a non-finite cost'} here` };
  return { kind: 'relative', value: p.tolerance, reason: `chaotic run: the spread of ${s.members} valid computations at iteration ${p.iteration}, measured by ${SPREAD_TOOL}` };
}

export function withinTolerance(measured: number, published: number | 'inf', t: Tolerance): boolean {
  if (published === 'inf') return measured === Infinity;
  if (t.kind === 'exact') return measured === published;
  if (t.kind === 'digits') return Number(measured.toPrecision(t.value)) === published;
  return measured === published || Math.abs(measured - published) <= t.value * Math.abs(published);
}

function jobFor(name: string, overrides: Record<string, unknown> = {}): TrainJob {
  const file = readExperimentFile(courseFile(name));
  const command = file.command as TrainCommand;
  return { command, config: resolveRunSettings({ ...file, settings: { ...file.settings, ...overrides } }, DEFAULTS[command]) };
}

const shown = (m: number): number | string => (Number.isFinite(m) ? m : numpyName(m));
const costAt = (costs: readonly CostPoint[], it: number): number => costs.find((c) => c.iteration === it)?.cost ?? NaN;

function costFigures(name: string, costs: readonly CostPoint[], p: PublishedRun): Figure[] {
  const spread = runSpread(name);
  const chaotic = spread !== undefined && isChaotic(name);
  return Object.entries(p.costs).map(([it, published]) => {
    const m = costAt(costs, Number(it));
    const point = spread?.points.find((q) => q.iteration === Number(it));
    const tolerance = chaotic && point ? chaoticTolerance(spread, point) : deterministicTolerance(name);
    return { label: `cost @ ${it}`, source: p.source, published, measured: shown(m), tolerance, match: withinTolerance(m, published, tolerance) };
  });
}

function accuracyFigures(measured: { train: number; test: number }, published: { train: number; test: number }, source: string): Figure[] {
  return (['train', 'test'] as const).map((k) => ({
    label: `${k} accuracy`, source, published: published[k], measured: measured[k], tolerance: EXACT_ACCURACY, match: measured[k] === published[k],
  }));
}

function predictionFigures(measured: { train: string; test: string } | undefined): Figure[] {
  return (['train', 'test'] as const).map((k) => {
    const m = measured?.[k] ?? '';
    return { label: `${k} predictions`, source: `${BLOG}, ${NOTEBOOK_2017}`, published: PUBLISHED_RANDOM_PREDICTIONS[k], measured: m, tolerance: EXACT_LABELS, match: m === PUBLISHED_RANDOM_PREDICTIONS[k] };
  });
}

/** Every printing of a course run: the blog's, then other versions. */
const versions = (name: string): PublishedRun[] => [PUBLISHED_RUNS[name]!, ...(OTHER_VERSIONS[name] ?? [])];

/** A course run's measured costs and accuracies against every published version; null for runs the course does not publish. */
export function publishedRunFigures(name: string, costs: readonly CostPoint[], accuracy: { train: number; test: number }): Figure[] | null {
  if (!PUBLISHED_RUNS[name]) return null;
  return versions(name).flatMap((p) => [...costFigures(name, costs, p), ...accuracyFigures(accuracy, p.accuracy, p.source)]);
}

/** nnlab's trace of a chaotic run against each version and the measured spread. */
function traceOf(name: string, costs: readonly CostPoint[], figures: readonly Figure[]): TracePoint[] | undefined {
  const spread = runSpread(name);
  if (!spread || !isChaotic(name)) return undefined;
  return spread.points.map((s) => {
    const m = costAt(costs, s.iteration);
    const published = versions(name).map((p) => {
      const cost = p.costs[s.iteration] ?? NaN;
      const f = figures.find((x) => x.source === p.source && x.label === `cost @ ${s.iteration}`);
      return { source: p.source, cost, relative: typeof cost === 'number' && Number.isFinite(m) ? (m - cost) / cost : null, match: f?.match ?? false };
    });
    return { iteration: s.iteration, measured: shown(m), published, spread: s, position: Number.isFinite(m) ? position(m, s) : 'not finite' };
  });
}

function report(name: string, group: ExperimentReport['group'], published: Record<string, unknown>, measured: Record<string, unknown>, figures: Figure[], trace?: TracePoint[]): ExperimentReport {
  return { name, group, published, measured, figures, ...(trace ? { trace } : {}), match: figures.every((f) => f.match) };
}

function gradcheckReport(checks: CheckResult[]): ExperimentReport {
  const [buggy, fixed] = checks as [CheckResult, CheckResult];
  const p = PUBLISHED_GRADCHECK;
  const deterministic: Tolerance = { kind: 'relative', value: DETERMINISTIC_TOLERANCE, reason: 'deterministic computation: summation order moves only the last digits' };
  const digits: Tolerance = { kind: 'digits', value: p.fixedDigits, reason: `printed with ${p.fixedDigits} significant digits` };
  const figures: Figure[] = [
    { label: 'buggy difference', source: BLOG, published: p.buggy, measured: buggy.difference, tolerance: deterministic, match: withinTolerance(buggy.difference, p.buggy, deterministic) },
    { label: 'buggy suspects', source: BLOG, published: p.suspects, measured: buggy.suspects, tolerance: { kind: 'exact', reason: 'parameter names' }, match: buggy.suspects.join() === p.suspects.join() },
    { label: 'fixed difference', source: BLOG, published: p.fixed, measured: fixed.difference, tolerance: digits, match: withinTolerance(fixed.difference, p.fixed, digits) },
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
  const jobs = [
    ...TRAIN_RUNS.map((n) => ({ ...jobFor(n), ...(n === 'init-random' ? { predictions: true } : {}) })),
    ...lambdas.map((l) => jobFor('reg-none', { lambd: Number(l) })),
  ];
  const results = await execute(jobs);
  const byName = new Map<string, TrainJobResult>(TRAIN_RUNS.map((n, i) => [n, results[i]!]));
  const experiments: ExperimentReport[] = TRAIN_RUNS.map((name) => {
    const r = byName.get(name)!;
    const figures = [...publishedRunFigures(name, r.costs, r.accuracy)!, ...(name === 'init-random' ? predictionFigures(r.predictions) : [])];
    const published = Object.fromEntries(versions(name).map((p) => [p.source, { costs: p.costs, accuracy: p.accuracy }]));
    return report(name, name.startsWith('init') ? 'initialization' : 'regularization',
      name === 'init-random' ? { ...published, predictions: PUBLISHED_RANDOM_PREDICTIONS } : published,
      { costs: r.costs, accuracy: r.accuracy, ...(r.predictions ? { predictions: r.predictions } : {}) },
      figures, traceOf(name, r.costs, figures));
  });
  lambdas.forEach((l, i) => {
    const r = results[TRAIN_RUNS.length + i]!;
    const p = PUBLISHED_LAMBD[l]!;
    experiments.push(report(`lambd-${l}`, 'regularization', { [BLOG]: { accuracy: p } }, { accuracy: r.accuracy }, accuracyFigures(r.accuracy, p, BLOG)));
  });
  experiments.push(gradcheckReport(courseChecks(1e-7, { threshold: 1e-7, warnThreshold: 1e-5 })));
  const engines = [...new Set(results.map((r) => (r.engine ? [r.engine.name, r.engine.detail].filter(Boolean).join(' ') : null)).filter((e): e is string => e !== null))];
  return { experiments, match: experiments.every((e) => e.match), durationMs: performance.now() - t0, engines };
}
