// A model's decision regions in the terminal, with a dataset's points on top (--boundary), and a legend.
import chalk from 'chalk';
import type { Dataset } from '../../data/dataset.js';
import { decisionGrid } from '../../experiments/record.js';
import type { ActivationName } from '../../nn/activations.js';
import type { Params } from '../../nn/params.js';
import { eachPoint } from '../../plots/boundary.js';
import { boundaryBlocks, boundaryLegend } from '../../plots/terminal.js';

/**
 * 60 columns by 30 lines and the legend; `dataset` names the course's plot extent (circles, football) if
 * it is one; `points` says what the drawn points are ("training points"); unlabelled data draws none.
 */
export function regions(params: Params, layers: readonly number[], activation: ActivationName, dataset: string, data: Dataset, points: string): string {
  const { grid } = decisionGrid(params, layers, activation, dataset, data, 60);
  const color = chalk.level > 0;
  const map = boundaryBlocks(grid, data.unlabelled ? [] : eachPoint(data), { width: 60, height: 30, color });
  return `${map}\n${boundaryLegend(grid, { color, points: data.unlabelled ? null : points })}`;
}
