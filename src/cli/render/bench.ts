// bench output: per experiment time, µs per iteration, multiply-add throughput, figures check, numpy ratio.
import chalk from 'chalk';
import { count } from '../../words.js';
import type { BenchResult, StepBench } from '../../experiments/bench.js';
import { publishedRunFigures } from '../../experiments/reproduce.js';
import type { CostPoint } from '../../nn/train.js';
import { table } from './table.js';

/** The timed runs still compute the course's figures: check them against the published ones. */
export function figuresMatch(name: string, costs: readonly CostPoint[], accuracy: { train: number; test: number }): boolean | null {
  return publishedRunFigures(name, costs, accuracy)?.every((f) => f.match) ?? null;
}

/** The engine that ran, and the one asked for where that is another. */
function ranLabel(r: BenchResult): string {
  const ran = `${r.ran.name}${r.ran.detail ? ` (${r.ran.detail})` : ''}`;
  return r.ran.name === r.engine ? ran : `${ran}, asked for ${r.engine}`;
}

export function renderBench(r: BenchResult, step: StepBench): string {
  const withNumpy = r.experiments.some((e) => e.numpy);
  const t = table(['experiment', 'layers × m', 'iterations', 'ms / run', 'µs / iter', 'G mult-add/s', 'figures', ...(withNumpy ? ['numpy ms', 'speed-up'] : [])]);
  for (const e of r.experiments) {
    const ok = figuresMatch(e.name, e.costs, e.accuracy);
    t.push([
      e.name, `${e.layers.join(',')} × ${e.m}`, String(e.iterations), e.msPerRun.toFixed(1), e.usPerIteration.toFixed(2), e.gmacPerSecond.toFixed(2),
      ok === null ? '—' : ok ? chalk.green('✓ published') : chalk.red('✗ differ'),
      ...(e.numpy ? [(e.numpy.seconds * 1000).toFixed(0), `${e.numpy.speedup.toFixed(1)}×`] : withNumpy ? ['', ''] : []),
    ]);
  }
  const lines = [
    chalk.bold('nnlab bench') + chalk.dim(` · engine ${ranLabel(r)} · median of ${count(r.runs, 'run')} after a warm-up`),
    t.toString(),
    `training step alone, ${step.layers.join(',')} on ${step.m} examples: ${step.usPerIteration.toFixed(2)} µs, ${step.gmacPerSecond.toFixed(2)} G multiply-adds/s (${step.macsPerIteration} per step)`,
    ...curveLines(r, step),
  ];
  if (r.numpy && 'skipped' in r.numpy) lines.push(chalk.yellow(`numpy comparison skipped: ${r.numpy.skipped}`));
  if (r.numpy && 'version' in r.numpy && r.overallSpeedup) lines.push(`numpy ${r.numpy.version}, interleaved run by run: nnlab is ${r.overallSpeedup.toFixed(1)}× faster over these experiments (in-process loop times)`);
  return lines.join('\n') + '\n';
}

/**
 * What the drawn cost curve costs, measured two ways: whole runs with and without it, paired; and the
 * step with and without its cost, times the curve's points, against the he run's time.
 */
function curveLines(r: BenchResult, step: StepBench): string[] {
  const pct = (ratio: number): string => `${ratio >= 1 ? '+' : '−'}${Math.abs((ratio - 1) * 100).toFixed(1)}%`;
  const points = [...new Set(r.experiments.map((e) => e.curve.points))].join(' or ');
  const extraUs = step.usPerCostedIteration - step.usPerIteration;
  const he = r.experiments.find((e) => e.name === 'init-he');
  const share = he ? `: ${he.curve.points} of them add ${((extraUs * he.curve.points) / 1000).toFixed(2)} ms (${((extraUs * he.curve.points) / 10 / he.msPerRun).toFixed(2)}%) to init-he's ${he.msPerRun.toFixed(0)} ms` : '';
  // whole runs vary more from one to the next than the curve costs: said, when every pair's difference is within that spread
  const spread = Math.max(...r.experiments.map((e) => Math.max(...e.runsMs) / Math.min(...e.runsMs) - 1));
  const noise = r.experiments.every((e) => Math.abs(e.curve.ratio - 1) <= spread)
    ? `: within the spread of whole runs here (up to ${(spread * 100).toFixed(0)}% from one to the next), so the step below measures the curve's cost`
    : '';
  return [
    `cost curve (${points} costs a run besides the printed ones), runs with it against without, median of ${count(r.runs, 'interleaved pair')}: ${r.experiments.map((e) => `${e.name} ${pct(e.curve.ratio)}`).join(', ')}${noise}`,
    `a step that also computes its cost takes ${step.usPerCostedIteration.toFixed(2)} µs against ${step.usPerIteration.toFixed(2)} µs${share}`,
  ];
}

export function benchJson(r: BenchResult, step: StepBench): object {
  return {
    command: 'bench',
    ...r,
    experiments: r.experiments.map((e) => ({ ...e, figuresMatch: figuresMatch(e.name, e.costs, e.accuracy) })),
    step,
  };
}
