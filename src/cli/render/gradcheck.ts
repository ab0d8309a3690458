// gradcheck output: pure functions from a report to text or a JSON object.
import chalk from 'chalk';
import type { CheckResult, TensorReport, Verdict } from '../../gradcheck/compare.js';
import { explainCheck } from '../../gradcheck/explain.js';
import type { GradcheckReport } from '../../gradcheck/report.js';
import { initLabel } from '../../experiments/train.js';
import { num, settingText } from '../../numpyText.js';
import { count } from './text.js';
import { table } from './table.js';

const VERDICT_COLOUR: Record<Verdict, (s: string) => string> = { pass: chalk.green, warn: chalk.yellow, fail: chalk.red };

const sci = (v: number): string => (Number.isFinite(v) ? v.toExponential(3) : num(v));
const sig = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(7))) : num(v));

export function gradcheckJson(r: GradcheckReport): object {
  return {
    command: 'gradcheck',
    case: r.case,
    ...(r.model ? { model: r.model } : {}),
    checks: r.checks.map((c) => ({
      name: c.name,
      difference: c.difference,
      kinks: c.kinks,
      kinkFreeDifference: c.kinkFreeDifference,
      epsilon: c.epsilon,
      threshold: c.threshold,
      warnThreshold: c.warnThreshold,
      verdict: c.verdict,
      parameters: c.parameters.map((p) => ({ name: p.name, shape: p.shape, difference: p.difference, ratio: p.ratio, offset: p.offset, worst: p.worst, kinks: p.kinks })),
      suspects: c.suspects,
      autoDifference: c.autoDifference,
      autoBaseline: c.autoBaseline,
      autoExtraKinks: c.autoExtraKinks,
      noEffect: c.noEffect,
      explanation: explainCheck(c),
    })),
  };
}

function title(r: GradcheckReport): string {
  const head = chalk.bold('nnlab gradcheck');
  if (r.case === 'one-dim') return `${head}${chalk.dim(' · the 1-D warm-up: J(θ) = θ·x at x = 2, θ = 4')}`;
  if (r.case === 'course') {
    return `${head}${chalk.dim(` · the course's 4,5,3,1 network (numpy seed 1, 3 examples) · planted mistakes ${r.inject}`)}`;
  }
  const m = r.model!;
  const trained = m.after > 0 ? ` after ${count(m.after, 'iteration')}` : ' as initialized';
  const source = m.modelFile !== null ? `parameters from ${m.modelFile}` : `${initLabel({ init: m.init ?? '', scale: m.scale })} seed ${m.seed}${trained}`;
  const lambd = m.lambd > 0 ? ` · L2 λ = ${m.lambd}` : '';
  const injected = r.inject ? ` · injected ${r.inject}` : '';
  return `${head}${chalk.dim(` · ${m.dataset} (first ${m.examples} of ${m.available} training examples) · layers ${m.layers.join(',')} · ${source}${lambd}${injected}`)}`;
}

function row(p: TensorReport, suspect: boolean, withKinks: boolean): string[] {
  const [r, c] = p.worst.index;
  const cells = [
    p.name,
    p.shape.join('x'),
    suspect ? chalk.red(sci(p.difference)) : sci(p.difference),
    p.ratio === null ? '-' : p.ratio.toFixed(4),
    `[${r}, ${c}]`,
    sig(p.worst.analytic),
    sig(p.worst.numeric),
    suspect ? chalk.red('✗') : '',
  ];
  return withKinks ? [...cells, String(p.kinks.length)] : cells;
}

function renderCheck(c: CheckResult): string {
  const eps = c.epsilon === 'auto' ? 'auto' : settingText(c.epsilon);
  const verdict = VERDICT_COLOUR[c.verdict](chalk.bold(c.verdict));
  // The headline shows the number the verdict was judged on: the difference without kink coordinates.
  const kinks = c.kinks > 0 ? ` ${chalk.yellow(`(${count(c.kinks, 'kink')} left out)`)}` : '';
  const withKinks = c.kinks > 0 ? `; with the kinks the difference is ${num(c.difference)}` : '';
  const lines = [
    `${chalk.bold(c.name)}  difference ${num(c.kinkFreeDifference)}${kinks}  ε ${eps}  ${verdict}`,
    chalk.dim(`  pass ≤ ${settingText(c.threshold)}, warn ≤ ${settingText(c.warnThreshold)}${withKinks}`),
  ];
  const head = ['param', 'shape', 'difference', 'ratio', 'worst', 'analytic', 'numeric', 'suspect'];
  const t = table(c.kinks > 0 ? [...head, 'kinks'] : head);
  for (const p of c.parameters) t.push(row(p, c.suspects.includes(p.name), c.kinks > 0));
  lines.push(t.toString());
  if (c.suspects.length > 0) lines.push(`${chalk.bold('suspects:')} ${c.suspects.join(', ')}`);
  lines.push(...explainCheck(c));
  return lines.join('\n');
}

export function renderGradcheck(r: GradcheckReport): string {
  const parts = [title(r), ...r.checks.map(renderCheck)];
  if (r.case === 'course' && r.checks[0]?.verdict === 'fail') {
    parts.push(chalk.dim(`${r.checks[0]!.name} fails on purpose: it checks a backward pass with the mistakes ${r.inject}.`));
  }
  return parts.join('\n\n') + '\n';
}
