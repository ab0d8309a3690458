// The lines predict and eval open with: which model, which data, and whether it is the model's own
// training data (by content hash), said only when the model file names its training set.
import chalk from 'chalk';
import { clip, escapeControl, shownValue } from '../../errors.js';
import type { ModelOnData } from '../../experiments/evaluate.js';
import { initSourceOf } from '../../experiments/readModel.js';
import { activationLabel } from '../../experiments/train.js';
import type { InitSource } from '../../experiments/modelFile.js';
import { layout } from './layout.js';
import { count } from './text.js';

/** "lr 0.3, lambd 0.7" from a list of differing settings, the model's or the run's side. */
export const settingsText = (d: InitSource['differs'], side: 'model' | 'run'): string =>
  d.map((x) => `${x.key} ${typeof x[side] === 'string' ? clip(x[side], 40) : shownValue(x[side])}`).join(', ');

/** `run`: the settings this command uses that the model's training had too (eval's lambd). */
/** The model and the data, as predict's and eval's JSON both open. */
export const modelDataJson = (m: ModelOnData): { model: object; dataset: object } => ({
  model: { path: m.model.path, kind: m.model.kind, layers: m.model.layers, activation: m.activation },
  dataset: { name: m.dataset, split: m.split, examples: m.data.X.cols, features: m.data.X.rows, trainedOnThis: m.trainedOnThis },
});

export function modelDataHeader(command: string, m: ModelOnData, run: Record<string, unknown> = {}): string[] {
  const source = initSourceOf(m.model, run);
  // What a model file says of itself is quoted like any text from a file: clipped, controls escaped.
  const how = source.trained ? `${clip(source.trained.command, 20)}, ${count(source.trained.iterations, 'iteration')} on ${clip(source.trained.dataset, 40)}`
    : source.kind === 'plain' ? 'plain parameters' : 'nnlab model';
  const lines = [
    chalk.bold(`nnlab ${command}`) + chalk.dim(` · ${escapeControl(m.dataset)}${m.split === null ? '' : `, ${m.split} split`} (${count(m.data.X.cols, 'example')})`),
    `model ${clip(m.model.path)} · layers ${clip(m.model.layers.join(','), 30)}${activationLabel(m)} · ${how}`,
  ];
  // Said only where the model file names its training set: by content, whatever the data's name.
  if (m.trainedOnThis === true) lines.push('this is the data the model was trained on (the same sha256)');
  if (m.trainedOnThis === false) lines.push('this is not the data the model was trained on (another sha256)');
  if (source.differs.length > 0) lines.push(chalk.dim(`the model was trained with ${settingsText(source.differs, 'model')}; this ${command} uses ${settingsText(source.differs, 'run')}`));
  return lines;
}

/**
 * A matrix as numpy prints nested lists, every number in full: [[a, b], [c, d]]; a row longer than
 * `width` columns goes on over more lines, indented past its bracket.
 */
export function nestedRows(rows: readonly (readonly string[])[], indent: string, width = layout.width): string {
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
