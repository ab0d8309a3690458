// A model's decision regions in the terminal, with a dataset's points on top (--boundary).
import chalk from 'chalk';
import type { Dataset } from '../../data/dataset.js';
import { decisionGrid } from '../../experiments/record.js';
import type { ActivationName } from '../../nn/activations.js';
import type { Params } from '../../nn/params.js';
import { eachPoint } from '../../plots/boundary.js';
import { boundaryBlocks } from '../../plots/terminal.js';

/** 60 columns by 30 lines; `dataset` names the course's plot extent (circles, football) if it is one. */
export function regions(params: Params, layers: readonly number[], activation: ActivationName, dataset: string, data: Dataset): string {
  const { grid } = decisionGrid(params, layers, activation, dataset, data, 60);
  return boundaryBlocks(grid, data.unlabelled ? [] : eachPoint(data), { width: 60, height: 30, color: chalk.level > 0 });
}
