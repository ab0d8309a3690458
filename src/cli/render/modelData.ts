// The lines predict and eval open with: which model, which data, and whether it is the model's own
// training data (by content hash), said only when the model file names its training set.
import chalk from 'chalk';
import type { ModelOnData } from '../../experiments/evaluate.js';
import { describeModel } from '../../experiments/modelFile.js';
import { initSourceOf } from '../../experiments/readModel.js';
import { count } from './text.js';

export function modelDataHeader(command: string, m: ModelOnData): string[] {
  const lines = [
    chalk.bold(`nnlab ${command}`) + chalk.dim(` · ${m.dataset}, ${m.split} split (${count(m.data.X.cols, 'example')})`),
    `model ${describeModel(initSourceOf(m.model))} · layers ${m.model.layers.join(',')}`,
  ];
  const named = m.model.dataset?.name;
  if (m.trainedOnThis === true) lines.push(`this is the model's training data (the sha256 of its training set, ${named})`);
  if (m.trainedOnThis === false) lines.push(`this is not the model's training data (its training set, ${named}, has another sha256)`);
  return lines;
}

/** A matrix as numpy prints nested lists, every number in full: [[a, b], [c, d]]. */
export function nestedRows(rows: readonly (readonly string[])[], indent: string): string {
  return rows.map((r, i) => `${indent}${i === 0 ? '[' : ' '}[${r.join(', ')}]${i === rows.length - 1 ? ']' : ','}`).join('\n');
}
