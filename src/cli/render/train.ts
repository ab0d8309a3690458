// train/regularize output: pure functions from a record to text.
import chalk from 'chalk';
import { activationLabel, datasetLabel, type TrainRecord } from '../../experiments/train.js';
import { costChart } from '../../plots/terminal.js';
import { explain } from '../../experiments/explain.js';
import { accuracyPercent, num, settingText } from '../../numpyText.js';
import { count, titleLine, wrap } from './text.js';
import { renderInspect } from './inspect.js';
import { regions } from './regions.js';
import { elide, table as makeTable } from './table.js';
import { layout } from './layout.js';

const pct = (v: number): string => (Number.isFinite(v) ? accuracyPercent(v) : 'some outputs are nan');

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

/** The cost curve, drawn from the dense curve (~200 costs to the last iteration), when there is one to draw. */
function chart(r: TrainRecord, logScale: boolean): string | null {
  const points = r.curve.length > 0 ? r.curve : r.costs;
  const finite = points.filter((c) => Number.isFinite(c.cost));
  const what = r.config.keepProb < 1 ? 'cost with dropout' : undefined;
  return finite.length >= 3 ? costChart(points, { height: 9, width: Math.min(64, layout.width), logScale, ...(what ? { what } : {}) }) : null;
}

export function renderTrain(r: TrainRecord, view: TrainView = {}): string {
  const c = r.config;
  const lines: string[] = [];
  const data = datasetLabel(c);
  const sizes = r.data.testOnTrainingData ? `${data} (${r.data.train} train, no test set)`
    : c.testDataset !== null ? `${data} (${r.data.train} train) · test ${c.testDataset} (${r.data.test})`
      : `${data} (${r.data.train} train / ${r.data.test} test)`;
  const activation = c.activation === 'relu' ? [] : [c.activation];
  lines.push(titleLine(`nnlab ${r.command}`, [sizes, `layers ${c.layers.join(',')}`, ...activation, `lr ${settingText(c.lr)}`, count(c.iterations, 'iteration')]));
  // zeros draws nothing, so its seed changes nothing; a model's parameters were not drawn either
  lines.push(`init ${r.initFormula}${c.init === 'zeros' || r.initFrom ? '' : `, seed ${c.seed}`}`);
  if (c.lambd > 0) lines.push(`L2 λ = ${settingText(c.lambd)}`);
  const drop = describeDropout(r);
  if (drop) lines.push(wrap(drop));
  const table = makeTable(['iteration', c.keepProb < 1 ? 'cost, with dropout' : 'cost']);
  const { items, omitted } = elide(r.costs);
  for (const p of items) {
    if (p === null) table.push(['…', chalk.dim(`${omitted} more`)]);
    else table.push([String(p.iteration), Number.isFinite(p.cost) ? num(p.cost) : chalk.red(num(p.cost))]);
  }
  if (r.costs.length > 0) lines.push(table.toString());
  if (omitted > 0) lines.push(chalk.dim(`${omitted} of ${r.costs.length} reported costs left out here; --json and --out DIR (costs.csv) have them all`));
  const curve = chart(r, view.logScale === true);
  if (curve) lines.push(chalk.dim(curve));
  if (view.boundary) lines.push(regions(r.params, r.config.layers, r.config.activation, r.config.dataset, r.split.train, 'training points'));
  if (r.snapshots) lines.push(renderInspect(r.snapshots, { which: view.inspect ?? 'summary' }).trimEnd());
  const costText = (v: number): string => (Number.isFinite(v) ? num(v) : chalk.red(num(v)));
  const when = c.iterations === 0 ? 'no update ran: the initial parameters' : `after the last update, iteration ${c.iterations}`;
  if (r.finalCostWithDropout === null) {
    lines.push(`${chalk.bold('final cost')}     ${costText(r.finalCost)} ${chalk.dim(`(${when})`)}`);
  } else {
    lines.push(`${chalk.bold('final cost')}     ${costText(r.finalCost)} ${chalk.dim('without dropout, as the network predicts')}`);
    lines.push(`  ${chalk.bold('with dropout')} ${costText(r.finalCostWithDropout)} ${chalk.dim('under the mask the costs above use')}`);
    lines.push(chalk.dim(`  (both ${when})`));
  }
  lines.push(`${chalk.bold('train accuracy')} ${num(r.accuracy.train)} (${pct(r.accuracy.train)})`);
  const onTrain = r.data.testOnTrainingData ? chalk.yellow(' on the training data (no test set of other points)') : '';
  lines.push(`${chalk.bold('test accuracy')}  ${num(r.accuracy.test)} (${pct(r.accuracy.test)})${onTrain}`);
  for (const sentence of explain(r, r.snapshots ?? [])) lines.push(chalk.italic(wrap(`→ ${sentence}`)));
  lines.push(chalk.dim(`${(r.durationMs / 1000).toFixed(2)} s`));
  return lines.join('\n') + '\n';
}
