// gradcheck output: pure functions from a report to text or a JSON object.
import chalk from 'chalk';
import type { CheckResult, TensorReport, Verdict } from '../../gradcheck/compare.js';
import { explainCheck } from '../../gradcheck/explain.js';
import type { GradcheckReport } from '../../gradcheck/report.js';
import { activationLabel, datasetLabel, initLabel } from '../../experiments/train.js';
import { settingText, sig, sigApart } from '../../numpyText.js';
import { count, titleLine, wrap } from './text.js';
import { table } from './table.js';

const VERDICT_COLOUR: Record<Verdict, (s: string) => string> = { pass: chalk.green, warn: chalk.yellow, fail: chalk.red, unjudged: chalk.magenta };
const VERDICT_TEXT: Record<Verdict, string> = { pass: 'pass', warn: 'warn', fail: 'fail', unjudged: 'cannot judge' };

export function gradcheckJson(r: GradcheckReport): object {
  return {
    command: 'gradcheck',
    case: r.case,
    ...(r.model ? { model: r.model } : {}),
    checks: r.checks.map((c) => ({
      name: c.name,
      difference: c.difference,
      judgedDifference: c.judgedDifference,
      norms: c.norms,
      cost: c.cost,
      infTerms: c.infTerms,
      kinks: c.kinks,
      notFinite: c.notFinite,
      epsilon: c.epsilon,
      stepError: c.stepError,
      threshold: c.threshold,
      warnThreshold: c.warnThreshold,
      verdict: c.verdict,
      unjudged: c.unjudged,
      parameters: c.parameters.map((p) => ({
        name: p.name, shape: p.shape, difference: p.difference, norms: p.norms, ratio: p.ratio, worst: p.worst,
        kinks: p.kinks, notFinite: p.notFinite, verdict: p.verdict, unjudged: p.unjudged, diagnosis: p.diagnosis,
      })),
      suspects: c.suspects,
      auto: c.auto,
      noEffect: c.noEffect,
      undetectable: c.undetectable,
      explanation: explainCheck(c),
    })),
  };
}

/** The title, wrapped to the terminal between its parts: the command in bold, what was checked dimmed. */
function title(r: GradcheckReport): string {
  const head = 'nnlab gradcheck';
  let parts: string[];
  if (r.case === 'one-dim') parts = ['the 1-D warm-up: J(θ) = θ·x at x = 2, θ = 4'];
  else if (r.case === 'course') {
    const items = r.inject?.split(/,(?![^[]*\])/).length ?? 0;
    parts = ["the course's 4,5,3,1 network (numpy seed 1, 3 examples)", `planted ${items === 1 ? 'mistake' : 'mistakes'} ${r.inject}`];
  } else {
    const m = r.model!;
    const trained = m.after > 0 ? ` after ${count(m.after, 'iteration')}` : ' as initialized';
    const seed = m.init === 'zeros' ? '' : ` seed ${m.seed}`;
    const source = m.modelFile !== null ? `parameters from ${m.modelFile}` : `${initLabel({ init: m.init ?? '', scale: m.scale })}${seed}${trained}`;
    parts = [`${datasetLabel(m)} (first ${m.examples} of ${m.available} training examples)`, `layers ${m.layers.join(',')}${activationLabel(m)}`, source];
    if (m.lambd > 0) parts.push(`L2 λ = ${settingText(m.lambd)}`);
    if (r.inject) parts.push(`injected ${r.inject}`);
  }
  return titleLine(head, parts);
}

const MARK: Record<Verdict, string> = { pass: '', warn: '', fail: '✗', unjudged: '?' };

/** Analytic and numeric values: at most 6 significant digits, fewer where they already read apart. */
const apart = (a: number, n: number): [string, string] => (sig(a, 6) === sig(n, 6) ? [sig(a, 6), sig(n, 6)] : sigApart(a, n));

function row(p: TensorReport): string[] {
  const judged = p.notFinite.length < p.shape[0] * p.shape[1];
  const [r, c] = p.worst.index;
  const [analytic, numeric] = judged ? apart(p.worst.analytic, p.worst.numeric) : ['-', '-'];
  const colour = p.verdict === 'fail' ? chalk.red : p.verdict === 'unjudged' ? chalk.magenta : (s: string) => s;
  return [
    `${p.name} ${p.shape.join('x')}`,
    colour(judged ? sig(p.difference, 3) : '-'),
    p.ratio === null ? '-' : sig(p.ratio, 6),
    judged ? `[${r}, ${c}]` : '-',
    analytic,
    numeric,
    colour(MARK[p.verdict]),
  ];
}

/** What the ratio and worst columns hold, as tensorReport computes them. */
const RATIO_NOTE = 'ratio = Σ analytic·numeric / Σ numeric², the factor c that best fits analytic ≈ c·numeric ' +
  '(1 when they agree; - when numeric is all 0 or either is not finite); worst = the entry with the largest |analytic − numeric|';

function renderCheck(c: CheckResult): string {
  const eps = c.epsilon === 'auto' ? 'auto' : settingText(c.epsilon);
  const verdict = VERDICT_COLOUR[c.verdict](chalk.bold(VERDICT_TEXT[c.verdict]));
  // The headline shows the number the verdict was judged on: every coordinate, kinks with the ReLUs held.
  const kinks = c.kinks > 0 ? ` ${chalk.yellow(`(${c.kinks} at kinks, ReLUs held)`)}` : '';
  const course = c.kinks > 0 ? `; the course's difference, across the kinks: ${sig(c.difference, 3)}` : '';
  const lines = [
    `${chalk.bold(c.name)}  difference ${sig(c.judgedDifference, 3)}${kinks}  ε ${eps}  ${verdict}`,
    chalk.dim(wrap(`pass ≤ ${settingText(c.threshold)}, warn ≤ ${settingText(c.warnThreshold)}${course}`, '  ')),
  ];
  const t = table(['param', 'difference', 'ratio', 'worst', 'analytic', 'numeric', '']);
  for (const p of c.parameters) t.push(row(p));
  lines.push(t.toString(), chalk.dim(wrap(RATIO_NOTE, '  ')));
  if (c.suspects.length > 0) lines.push(`${chalk.bold('suspects:')} ${c.suspects.join(', ')}`);
  lines.push(...explainCheck(c).map((s) => wrap(s)));
  return lines.join('\n');
}

export function renderGradcheck(r: GradcheckReport): string {
  const parts = [title(r), ...r.checks.map(renderCheck)];
  if (r.case === 'course' && r.checks[0]?.verdict === 'fail') {
    const items = r.inject?.split(/,(?![^[]*\])/).length ?? 0;
    parts.push(chalk.dim(wrap(`${r.checks[0]!.name} fails on purpose: it checks a backward pass with the planted ${items === 1 ? 'mistake' : 'mistakes'} ${r.inject}.`)));
  }
  return parts.join('\n\n') + '\n';
}
