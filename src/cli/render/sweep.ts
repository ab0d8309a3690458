// sweep output: one comparison table like the course's summary tables, best row marked.
import chalk from 'chalk';
import type { SweepResult, VariantSummary } from '../../experiments/sweep.js';
import type { Stats } from '../../experiments/stats.js';
import type Table from 'cli-table3';
import { clip } from '../../errors.js';
import { num } from '../../numpyText.js';
import { table } from './table.js';
import { count } from './text.js';

const acc = (v: number): string => v.toFixed(4);
const stat = (s: Stats, f: (v: number) => string): string => (s.n > 1 ? `${f(s.mean)} ± ${f(s.std)}` : f(s.mean));
const interval = (s: Stats): string => `[${acc(s.ci95[0])}, ${acc(s.ci95[1])}]`;
const cost = (v: number): string => (Number.isFinite(v) ? v.toPrecision(6) : num(v));

export function renderSweep(r: SweepResult): string {
  const repeated = r.variants.some((v) => v.seeds.length > 1);
  const head = ['', 'variant', 'train accuracy', 'test accuracy', ...(repeated ? ['test 95% CI'] : []), 'final cost', 'time'];
  const t = table(head);
  for (const v of r.variants) t.push(row(v, repeated));
  const seeds = r.variants[0]?.seeds.length ?? 0;
  const diverged = r.variants.filter((v) => v.diverged > 0);
  const lines = [
    chalk.bold(`nnlab sweep ${r.of}`) + chalk.dim(` · ${count(r.variants.length, 'variant')} × ${count(seeds, 'seed')} · ${count(r.runs.length, 'run')} in ${(r.durationMs / 1000).toFixed(2)} s`),
    t.toString(),
    chalk.dim(r.variants.some((v) => v.best)
      ? `★ best: highest test accuracy, then train accuracy, then lowest final cost${diverged.length > 0 ? '; never a variant that diverged' : ''}`
      : 'no ★ best: every variant diverged'),
    chalk.dim('final cost: the cost of the trained parameters, after the last update'),
  ];
  const onTrain = r.variants.filter((v) => v.testOnTrainingData);
  if (onTrain.length > 0) {
    const which = onTrain.length === r.variants.length ? 'every variant' : onTrain.map((v) => v.label).join('; ');
    lines.push(chalk.yellow(`test accuracy of ${which}: on the training data (no test set given)`));
  }
  if (diverged.length > 0) lines.push(chalk.red(`✗ diverged (parameters or activations inf/nan): ${diverged.map((v) => v.label).join('; ')}`));
  if (repeated) lines.push(chalk.dim('mean ± sample std over seeds; 95% CI of the mean test accuracy (Student t)'));
  return lines.join('\n') + '\n';
}

function row(v: VariantSummary, repeated: boolean): Table.HorizontalTableRow {
  const mark = v.best ? chalk.green('★') : v.diverged > 0 ? chalk.red('✗') : '';
  const label = v.best ? chalk.bold(v.label) : v.label;
  // A failed variant's numbers would describe only some of its seeds, or none: the row says why instead.
  if (v.failed !== null) return [mark, label, { colSpan: repeated ? 5 : 4, content: chalk.red(`failed: ${clip(v.failed, 60)}`) }];
  return [mark, label, stat(v.train, acc), stat(v.test, acc), ...(repeated ? [interval(v.test)] : []), stat(v.finalCost, cost), `${(v.durationMs / 1000).toFixed(2)} s`];
}

export function sweepJson(r: SweepResult): object {
  return {
    command: 'sweep',
    of: r.of,
    axes: r.axes,
    runs: r.runs.map((x) => ({ variant: x.variant, config: x.config, costs: x.costs, curve: x.curve, finalCost: x.finalCost, accuracy: x.accuracy, durationMs: x.durationMs, diverged: x.diverged, divergence: x.divergence, testOnTrainingData: x.testOnTrainingData, ...(x.error === undefined ? {} : { error: x.error }) })),
    variants: r.variants.map((v) => ({ label: v.label, config: v.config, seeds: v.seeds, train: v.train, test: v.test, finalCost: v.finalCost, diverged: v.diverged, testOnTrainingData: v.testOnTrainingData, best: v.best, failed: v.failed })),
    durationMs: r.durationMs,
  };
}
