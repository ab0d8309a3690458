// The lines predict and eval open with: which model, which data, and whether it is the model's own
// training data (by content hash), said only when the model file names its training set.
import chalk from 'chalk';
import type { ModelOnData } from '../../experiments/evaluate.js';
import { initSourceOf } from '../../experiments/readModel.js';
import { count } from './text.js';

export function modelDataHeader(command: string, m: ModelOnData): string[] {
  const source = initSourceOf(m.model);
  const how = source.trained ? `${source.trained.command}, ${count(source.trained.iterations, 'iteration')} on ${source.trained.dataset}`
    : source.kind === 'plain' ? 'plain parameters' : 'nnlab model';
  const lines = [
    chalk.bold(`nnlab ${command}`) + chalk.dim(` · ${m.dataset}, ${m.split} split (${count(m.data.X.cols, 'example')})`),
    `model ${m.model.path} · layers ${m.model.layers.join(',')} · ${how}`,
  ];
  // Said only where the model file names its training set: by content, whatever the data's name.
  if (m.trainedOnThis === true) lines.push('this is the data the model was trained on (the same sha256)');
  if (m.trainedOnThis === false) lines.push('this is not the data the model was trained on (another sha256)');
  return lines;
}

/**
 * A matrix as numpy prints nested lists, every number in full: [[a, b], [c, d]]; a row longer than
 * `width` columns goes on over more lines, indented past its bracket.
 */
export function nestedRows(rows: readonly (readonly string[])[], indent: string, width = 80): string {
  const lines: string[] = [];
  rows.forEach((r, i) => {
    let line = `${indent}${i === 0 ? '[[' : ' ['}`;
    r.forEach((cell, k) => {
      const text = `${cell}${k === r.length - 1 ? (i === rows.length - 1 ? ']]' : '],') : ','}`;
      if (k > 0 && line.length + 1 + text.length > width) {
        lines.push(line);
        line = `${indent}  ${text}`;
      } else {
        line += k === 0 ? text : ` ${text}`;
      }
    });
    lines.push(line);
  });
  return lines.join('\n');
}
