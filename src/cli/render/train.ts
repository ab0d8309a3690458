// train/regularize output: pure functions from a record to text.
import chalk from 'chalk';
import type { TrainRecord } from '../../experiments/train.js';
import { costChart } from '../../plots/terminal.js';
import { explain } from '../../experiments/explain.js';
import { num, settingText } from '../../numpyText.js';
import { count } from './text.js';
import { renderInspect } from './inspect.js';
import { regions } from './regions.js';
import { elide, table as makeTable } from './table.js';

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;

export function describeDropout(r: TrainRecord): string | null {
  const { keepProb, dropoutMasks } = r.config;
  if (keepProb >= 1) return null;
  const how = dropoutMasks === 'course'
    ? 'course masks: numpy re-seeded with 1 every pass, so every iteration drops the same units'
    : 'fresh masks: seeded once, new masks every iteration';
  return `dropout keep ${keepProb} on hidden layers, ${how}`;
}

export interface TrainView {
  logScale?: boolean;
  boundary?: boolean;
  inspect?: 'summary' | 'all';
}

/** The cost curve, when there is a curve to draw. */
function chart(r: TrainRecord, logScale: boolean): string | null {
  const finite = r.costs.filter((c) => Number.isFinite(c.cost));
  return finite.length >= 3 ? costChart(r.costs, { height: 9, width: 64, logScale }) : null;
}

export function renderTrain(r: TrainRecord, view: TrainView = {}): string {
  const c = r.config;
  const lines: string[] = [];
  const sizes = r.data.testOnTrainingData ? `${r.data.train} train, no test set` : `${r.data.train} train / ${r.data.test} test`;
  lines.push(chalk.bold(`nnlab ${r.command}`) + chalk.dim(` · ${c.dataset} (${sizes}) · layers ${c.layers.join(',')} · lr ${settingText(c.lr)} · ${count(c.iterations, 'iteration')}`));
  lines.push(r.initFrom ? `init ${r.initFormula}` : `init ${r.initFormula}, seed ${c.seed}`);
  if (c.lambd > 0) lines.push(`L2 λ = ${settingText(c.lambd)}`);
  const drop = describeDropout(r);
  if (drop) lines.push(drop);
  const table = makeTable(['iteration', 'cost']);
  const { items, omitted } = elide(r.costs);
  for (const p of items) {
    if (p === null) table.push(['…', chalk.dim(`${omitted} more`)]);
    else table.push([String(p.iteration), Number.isFinite(p.cost) ? num(p.cost) : chalk.red(num(p.cost))]);
  }
  if (r.costs.length > 0) lines.push(table.toString());
  if (omitted > 0) lines.push(chalk.dim(`${omitted} of ${r.costs.length} reported costs left out here; --json and --out DIR (costs.csv) have them all`));
  const curve = chart(r, view.logScale === true);
  if (curve) lines.push(chalk.dim(curve));
  if (view.boundary) lines.push(regions(r.params, r.config.layers, r.config.dataset, r.split.train, 'training points'));
  if (r.snapshots) lines.push(renderInspect(r.snapshots, { which: view.inspect ?? 'summary' }).trimEnd());
  const finalCost = num(r.finalCost);
  lines.push(`${chalk.bold('final cost')}     ${Number.isFinite(r.finalCost) ? finalCost : chalk.red(finalCost)} ${chalk.dim(c.iterations === 0 ? '(0 iterations: no update)' : `(after the last update, iteration ${c.iterations})`)}`);
  lines.push(`${chalk.bold('train accuracy')} ${num(r.accuracy.train)} (${pct(r.accuracy.train)})`);
  const onTrain = r.data.testOnTrainingData ? chalk.yellow(' on the training data (no test set given)') : '';
  lines.push(`${chalk.bold('test accuracy')}  ${num(r.accuracy.test)} (${pct(r.accuracy.test)})${onTrain}`);
  for (const sentence of explain(r, r.snapshots ?? [])) lines.push(chalk.italic(`→ ${sentence}`));
  lines.push(chalk.dim(`${(r.durationMs / 1000).toFixed(2)} s`));
  return lines.join('\n') + '\n';
}
