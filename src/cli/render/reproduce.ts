// reproduce output: the course's three summary tables, published beside measured, ✓/✗ per figure.
import chalk from 'chalk';
import type { ExperimentReport, Figure, ReproduceResult } from '../../experiments/reproduce.js';
import { num } from '../../numpyText.js';
import { table } from './table.js';

const MODEL: Record<string, string> = {
  'init-zeros': '3-layer NN, zeros initialization',
  'init-random': '3-layer NN, large random initialization',
  'init-he': '3-layer NN, He initialization',
  'reg-none': '3-layer NN without regularization',
  'reg-l2': '3-layer NN with L2 (λ = 0.7)',
  'reg-dropout': '3-layer NN with dropout (keep 0.86)',
};

const mark = (ok: boolean): string => (ok ? chalk.green('✓') : chalk.red('✗'));
const show = (v: Figure['published']): string => (typeof v === 'number' ? num(v) : Array.isArray(v) ? v.join(', ') : v);
const fig = (e: ExperimentReport, label: string): Figure | undefined => e.figures.find((f) => f.label === label);

function accCells(e: ExperimentReport, which: 'train' | 'test'): string[] {
  const f = fig(e, `${which} accuracy`)!;
  return [show(f.published), `${show(f.measured)} ${mark(f.match)}`];
}

function costCell(e: ExperimentReport): string {
  const costs = e.figures.filter((f) => f.label.startsWith('cost'));
  if (costs.length === 0) return '—';
  const ok = costs.filter((f) => f.match).length;
  const tol = costs[0]!.tolerance;
  const missed = costs.filter((f) => !f.match).map((f) => `${f.label}: ${show(f.measured)} vs ${show(f.published)}`);
  return `${ok}/${costs.length} within ${typeof tol === 'number' ? (tol >= 0.01 ? `${tol * 100}%` : tol.toExponential(0)) : 'exact'} ${mark(ok === costs.length)}${missed.length ? `\n${missed.join('\n')}` : ''}`;
}

function runTable(title: string, rows: ExperimentReport[]): string {
  const t = table(['model', 'train acc. published', 'measured', 'test acc. published', 'measured', 'costs']);
  for (const e of rows) t.push([MODEL[e.name] ?? `λ = ${e.name.replace('lambd-', '')}`, ...accCells(e, 'train'), ...accCells(e, 'test'), costCell(e)]);
  return `${chalk.bold(title)}\n${t.toString()}`;
}

function gradcheckTable(e: ExperimentReport): string {
  const t = table(['check', 'published', 'measured', '']);
  for (const f of e.figures) t.push([f.label, show(f.published), show(f.measured), mark(f.match)]);
  return `${chalk.bold('Gradient checking')}\n${t.toString()}`;
}

export function renderReproduce(r: ReproduceResult): string {
  const by = (g: ExperimentReport['group']): ExperimentReport[] => r.experiments.filter((e) => e.group === g);
  const figures = r.experiments.flatMap((e) => e.figures);
  const missed = figures.filter((f) => !f.match).length;
  const verdict = missed === 0
    ? chalk.green(`all ${figures.length} published figures reproduced`)
    : chalk.red(`${missed} of ${figures.length} published figures missed`);
  return [
    runTable('Initialization', by('initialization')),
    runTable('Regularization', by('regularization')),
    ...by('gradient checking').map(gradcheckTable),
    `${verdict} ${chalk.dim(`(${(r.durationMs / 1000).toFixed(2)} s)`)}`,
  ].join('\n\n') + '\n';
}

export function reproduceJson(r: ReproduceResult): object {
  return {
    command: 'reproduce',
    experiments: r.experiments.map(({ name, published, measured, figures, match }) => ({ name, published, measured, figures, match })),
    match: r.match,
    durationMs: r.durationMs,
  };
}
