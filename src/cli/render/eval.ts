// eval output: pure functions from an evaluation to text or a JSON object.
import chalk from 'chalk';
import type { Evaluation, ModelOnData } from '../../experiments/evaluate.js';
import { toRows } from '../../linalg/matrix.js';
import { accuracyPercent, num, settingText } from '../../numpyText.js';
import { modelDataHeader, modelDataJson, nestedRows } from './modelData.js';
import { table } from './table.js';

const orNone = (v: number | null, none: string): string => (v === null ? `undefined (${none})` : num(v));

export function evalJson(m: ModelOnData, e: Evaluation): object {
  const g = e.gradients;
  return {
    command: 'eval',
    ...modelDataJson(m),
    lambd: e.lambd,
    cost: e.cost,
    crossEntropy: e.crossEntropy,
    l2: e.l2,
    accuracy: e.accuracy,
    confusion: e.confusion,
    precision: e.precision,
    recall: e.recall,
    f1: e.f1,
    gradients: g && {
      lambd: g.lambd, keepProb: g.keepProb, dropoutMasks: g.keepProb < 1 ? g.dropoutMasks : null, cost: g.cost,
      ...Object.fromEntries(Object.entries(g.grads).map(([k, v]) => [k, toRows(v)])),
    },
  };
}

function gradientLines(g: NonNullable<Evaluation['gradients']>): string[] {
  const parts = [
    ...(g.lambd > 0 ? [`L2 λ = ${settingText(g.lambd)}`] : []),
    ...(g.keepProb < 1 ? [`dropout keep ${g.keepProb} on hidden layers, masks from numpy seed 1 as the course draws them`] : []),
  ];
  const lines = [
    chalk.bold('gradients') + ` of the course's backward pass at these parameters${parts.length ? ` (${parts.join('; ')})` : ''}:`,
    `cost of this forward pass ${num(g.cost)}`,
  ];
  for (const [name, m] of Object.entries(g.grads)) {
    lines.push(`${name} (${m.rows}×${m.cols})`, nestedRows(toRows(m).map((r) => r.map(num)), '  '));
  }
  return lines;
}

export function renderEval(m: ModelOnData, e: Evaluation): string {
  const lines = modelDataHeader('eval', m, { lambd: e.lambd });
  if (e.lambd > 0) {
    lines.push(`${chalk.bold('cost')}      ${num(e.cost)}`);
    lines.push(chalk.dim(`          cross-entropy ${num(e.crossEntropy)} + L2 ${num(e.l2)} (λ = ${settingText(e.lambd)})`));
  } else {
    lines.push(`${chalk.bold('cost')}      ${num(e.cost)}${chalk.dim(' (cross-entropy)')}`);
  }
  lines.push(`${chalk.bold('accuracy')}  ${num(e.accuracy)} (${accuracyPercent(e.accuracy)})`);
  const c = e.confusion;
  const t = table(['', 'predicted 0', 'predicted 1']);
  t.push(['label 0', String(c.tn), String(c.fp)], ['label 1', String(c.fn), String(c.tp)]);
  lines.push(t.toString());
  lines.push(`${chalk.bold('precision')} ${orNone(e.precision, 'nothing predicted 1')}`);
  lines.push(`${chalk.bold('recall')}    ${orNone(e.recall, 'no label 1')}`);
  lines.push(`${chalk.bold('F1')}        ${orNone(e.f1, 'no label 1 and nothing predicted 1')}`);
  lines.push(chalk.dim('precision, recall and F1 are for class 1'));
  if (e.gradients) lines.push('', ...gradientLines(e.gradients));
  return lines.join('\n') + '\n';
}
