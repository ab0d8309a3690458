// --inspect output: per-layer tables at reported iterations, and the same numbers as JSON.
import chalk from 'chalk';
import { compact, percent } from '../../numpyText.js';
import type { LayerStats, Snapshot } from '../../nn/inspect.js';
import { ACTIVATIONS, type ActivationName } from '../../nn/activations.js';
import { elide, table } from './table.js';
import { wrap } from './text.js';

/** Reports --inspect all shows at most. */
const MAX_REPORT_TABLES = 200;

export interface InspectOptions {
  /** summary (default): first, middle and last report; all: every report. */
  which?: 'all' | 'summary';
}

/** Indices of the reports to show: all of them, or first/middle/last without repeats. */
export function pickReports(n: number, which: 'all' | 'summary' = 'summary'): number[] {
  if (which === 'all') return Array.from({ length: n }, (_, i) => i);
  return [...new Set([0, Math.floor((n - 1) / 2), n - 1])].filter((i) => i >= 0 && i < n);
}

function initCell(l: LayerStats): string {
  const { text, value } = l.init;
  if (value === null) return text;
  const v = compact(value);
  return text === v ? v : `${text} = ${v}`;
}

function saturationCell(l: LayerStats): string {
  if (l.hiddenSaturated !== null) return `${compact(l.hiddenSaturated * 100)}%`;
  const s = l.saturation;
  if (!s) return '';
  const wrong = s.confidentlyWrong > 0 ? ` (${s.confidentlyWrong} wrong${s.infTerms > 0 ? `, ${s.infTerms} → inf` : ''})` : '';
  return `${percent(s.saturatedShare)}${wrong}`;
}

function renderSnapshot(s: Snapshot): string {
  const l2 = s.layers.some((l) => l.decay !== null);
  const drop = s.layers.some((l) => l.kept !== null);
  const head = ['layer', 'init', 'W mean', 'W std', '‖W‖', 'act mean', 'act std', 'dead', 'distinct', '‖dW‖'];
  if (l2) head.push('‖decay‖');
  if (drop) head.push('kept');
  head.push('saturated');
  const t = table(head);
  for (const l of s.layers) {
    const row = [
      `${l.layer}${l.output ? ' (out)' : ''}`,
      initCell(l),
      compact(l.weight.mean),
      compact(l.weight.std),
      compact(l.weight.norm),
      compact(l.activation.mean),
      compact(l.activation.std),
      l.dead === null ? '' : `${l.dead}/${l.units}`,
      l.distinct === null ? '' : `${l.distinct}/${l.units}`,
      compact(l.grad.dW),
    ];
    if (l2) row.push(l.decay ? compact(l.decay.norm) : '');
    if (drop) row.push(l.kept === null ? '' : compact(l.kept));
    row.push(saturationCell(l));
    t.push(row);
  }
  const cost = Number.isFinite(s.cost) ? compact(s.cost) : chalk.red(compact(s.cost));
  return `${chalk.bold(`iteration ${s.iteration}`)} · ${drop ? 'cost, with dropout' : 'cost'} ${cost}\n${t.toString()}`;
}

/** What the dead column means for the hidden layers' activation: true of that activation's units. */
const DEAD_NOTE: Record<ActivationName, string> = {
  relu: 'dead = ReLU units whose output is 0 on every example, before dropout, so their gradient is 0 too',
  leaky_relu: 'dead is blank: a leaky ReLU unit below 0 still passes gradient (slope 0.01), so none can die',
  tanh: 'dead is blank: a tanh unit is steepest where its output is 0 (slope 1 − a²), so none can die',
  sigmoid: 'dead is blank: a sigmoid unit\'s output and slope a(1 − a) are never 0, so none can die',
};

export function renderInspect(snapshots: readonly Snapshot[], options: InspectOptions = {}): string {
  if (snapshots.length === 0) return 'no reported iterations to inspect\n';
  // Each report is a table of its own: the first and last 100 of them, as with the cost table's rows.
  const { items, omitted } = elide(pickReports(snapshots.length, options.which), MAX_REPORT_TABLES);
  const shown = items.map((i) => (i === null ? chalk.dim(`… ${omitted} more reported iterations; --json has them all`) : renderSnapshot(snapshots[i]!)));
  const l2 = snapshots.some((s) => s.layers.some((l) => l.decay !== null));
  const nonFinite = snapshots.some((s) => s.layers.some((l) => l.distinct === null));
  const deadToo = ACTIVATIONS[snapshots[0]!.activation].canDie;
  const note = chalk.dim(wrap('weights as used by the reported step (before its update); act = A[l] after dropout; ' +
    `${DEAD_NOTE[snapshots[0]!.activation]}; distinct = rows of W differing by more than 1e-12${nonFinite ? `; ${deadToo ? 'dead and distinct are' : 'distinct is'} blank where W holds inf or nan` : ''}; ` +
    `${l2 ? '‖decay‖ = ‖(λ/m)·W‖, the weight decay\'s part of dW; ' : ''}saturated = outputs within 1e-6 of 0 or 1` +
    (snapshots[0]!.layers.some((l) => l.hiddenSaturated !== null) ? ", and hidden tanh/sigmoid activations with g' below a tenth of its peak" : '')));
  return `${shown.join('\n')}\n${note}\n`;
}

export { inspectJson } from '../../nn/inspect.js';
