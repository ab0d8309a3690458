// predict output: pure functions from the predictions to text or a JSON object.
import chalk from 'chalk';
import type { ModelOnData, Predictions } from '../../experiments/evaluate.js';
import { accuracyPercent, num } from '../../numpyText.js';
import { modelDataHeader, modelDataJson } from './modelData.js';
import { regions } from './regions.js';
import { table } from './table.js';
import { count } from './text.js';

/** The examples whose probability is shown in the human output; --json and --out give all. */
const SHOWN = 10;
/** Predicted labels per line: 75 columns. */
const PER_LINE = 37;

/** `out`: the CSV file written, if any. The lists are typed arrays: write it with jsonPieces. */
export function predictJson(m: ModelOnData, p: Predictions, out: string | null = null): object {
  return {
    command: 'predict',
    ...modelDataJson(m),
    predictions: p.labels,
    probabilities: p.probabilities,
    accuracy: p.accuracy,
    labelled: !m.data.unlabelled,
    out,
  };
}

export function renderPredict(m: ModelOnData, p: Predictions, view: { boundary?: boolean } = {}): string {
  const n = p.labels.length;
  const ones = p.labels.reduce((s, v) => s + v, 0);
  const lines = modelDataHeader('predict', m);
  lines.push('predictions (1 where p > 0.5), example by example:');
  for (let j = 0; j < n; j += PER_LINE) lines.push(`  ${Array.from(p.labels.subarray(j, j + PER_LINE)).join(' ')}`);
  const labelled = !m.data.unlabelled;
  const t = table(['example', ...(labelled ? ['y'] : []), 'p', 'prediction']);
  for (let j = 0; j < Math.min(n, SHOWN); j++) t.push([String(j), ...(labelled ? [String(m.data.Y.data[j])] : []), num(p.probabilities[j]!), String(p.labels[j])]);
  lines.push(t.toString());
  if (n > SHOWN) lines.push(chalk.dim(`p for the other ${count(n - SHOWN, 'example')}: --json, or --out FILE.csv`));
  if (view.boundary) lines.push(regions(m.model.params, m.model.layers, m.activation, m.dataset, m.data, m.split === 'test' ? 'test points' : 'points'));
  const against = p.accuracy === null ? ' (the data has no labels: no accuracy)' : ` · accuracy ${num(p.accuracy)} (${accuracyPercent(p.accuracy)}) against y`;
  lines.push(`predicted 1 for ${ones} of ${count(n, 'example')}${against}`);
  return lines.join('\n') + '\n';
}
