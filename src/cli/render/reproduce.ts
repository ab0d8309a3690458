// reproduce output: every published figure beside the measured one, with the tolerance it is held to
// and why; for the chaotic ×10 run, where nnlab's trace lies against each version and the measured spread.
import chalk from 'chalk';
import type { ExperimentReport, Figure, ReproduceResult, Tolerance, TracePoint } from '../../experiments/reproduce.js';
import { position } from '../../experiments/spread.js';
import { compact, num } from '../../numpyText.js';
import { table } from './table.js';
import { wrap } from './text.js';

const MODEL: Record<string, string> = {
  'init-zeros': '3-layer NN, zeros initialization',
  'init-random': '3-layer NN, large random initialization (×10)',
  'init-he': '3-layer NN, He initialization',
  'reg-none': '3-layer NN without regularization',
  'reg-l2': '3-layer NN with L2 (λ = 0.7)',
  'reg-dropout': '3-layer NN with dropout (keep 0.86)',
};

const mark = (ok: boolean): string => (ok ? chalk.green('✓') : chalk.red('✗'));
const show = (v: Figure['published']): string => (typeof v === 'number' ? num(v) : Array.isArray(v) ? v.join(', ') : v);
/** A relative difference in percent, 2 significant digits, without the % sign: "+0.097". */
const pct = (v: number, sign = true): string => `${sign && v > 0 ? '+' : ''}${v === 0 ? 0 : Number((v * 100).toPrecision(2))}`;

function toleranceText(t: Tolerance): string {
  if (t.kind === 'exact') return 'exact';
  if (t.kind === 'digits') return `to ${t.value} significant digits`;
  return `within ${compact(t.value)} relative`;
}

/** "what: tolerance (why)", wrapped, for a set of figures held to one rule. */
const rule = (what: string, t: Tolerance): string => chalk.dim(wrap(`${what}: ${toleranceText(t)} (${t.reason})`, '  '));

function accuracyLines(e: ExperimentReport): string[] {
  return (['train', 'test'] as const).map((k) => {
    const fs = e.figures.filter((f) => f.label === `${k} accuracy`);
    const sources = fs.map((f) => f.source).join(', ');
    const published = [...new Set(fs.map((f) => show(f.published)))].join(' / ');
    return `  ${`${k} accuracy`.padEnd(14)} ${show(fs[0]!.measured)} ${mark(fs.every((f) => f.match))}  published ${published} (${sources})`;
  }).concat(rule('accuracies', e.figures.find((f) => f.label.endsWith('accuracy'))!.tolerance));
}

/** What a run's costs are, where that is not plain: the dropout run prints its cost under the dropout mask. */
const COSTS_OF: Record<string, string> = {
  'reg-dropout': "costs (under the course's dropout mask, re-seeded with 1 every pass, as the notebook computes and prints them)",
};

function costTable(e: ExperimentReport): string[] {
  const costs = e.figures.filter((f) => f.label.startsWith('cost'));
  if (costs.length === 0) return [];
  const t = table(['iteration', `published (${costs[0]!.source})`, 'measured', 'rel. diff', '']);
  for (const f of costs) {
    const [p, m] = [f.published, f.measured];
    const diff = typeof p === 'number' && typeof m === 'number' ? compact((m - p) / p) : '';
    t.push([f.label.replace('cost @ ', ''), show(p), show(m), diff, mark(f.match)]);
  }
  return [rule(COSTS_OF[e.name] ?? 'costs', costs[0]!.tolerance), t.toString()];
}

function predictionLine(e: ExperimentReport): string[] {
  const fs = e.figures.filter((f) => f.label.endsWith('predictions'));
  if (fs.length === 0) return [];
  const same = (f: Figure): string => {
    const [p, m] = [String(f.published), String(f.measured)];
    return `${[...p].filter((c, i) => c === m[i]).length} of ${p.length} ${f.label.split(' ')[0]}`;
  };
  return [
    `  printed predictions: ${fs.map(same).join(', ')} identical ${mark(fs.every((f) => f.match))}`,
    rule(`predictions (${fs[0]!.source})`, fs[0]!.tolerance),
  ];
}

function traceLines(e: ExperimentReport, trace: readonly TracePoint[]): string[] {
  const sources = trace[0]!.published.map((p) => p.source);
  const finite = trace.find((p) => p.spread.tolerance !== undefined);
  const t = table(['iter.', 'nnlab', ...sources.map((s) => `${s.replace(' notebook', '')}, %`), 'tol., %', 'spread', 'nnlab']);
  for (const p of trace) {
    const s = p.spread;
    const tol = s.tolerance === undefined ? 'exact' : pct(s.tolerance, false);
    const versus = p.published.map((v) => `${v.relative === null ? show(v.cost) : pct(v.relative)} ${mark(v.match)}`);
    const range = s.min === undefined ? `all ${s.values?.map(num).join('/')}` : `${s.min.toFixed(5)}–${s.max!.toFixed(5)}`;
    const where = p.position === 'not finite' ? '' : p.position === 'inside' ? 'in' : p.position;
    t.push([String(p.iteration), typeof p.measured === 'number' ? p.measured.toFixed(5) : p.measured, ...versus, tol, range, where]);
  }
  const tolerance = finite && e.figures.find((f) => f.label === `cost @ ${finite.iteration}`)!.tolerance;
  const reason = tolerance ? tolerance.reason.replace(/ at iteration \d+/, ' at each iteration') : '';
  const inside = (cost: (p: TracePoint) => number | string): number => trace.filter((p) => p.spread.min !== undefined && typeof cost(p) === 'number' && position(cost(p) as number, p.spread) === 'inside').length;
  const finiteCount = trace.filter((p) => p.spread.min !== undefined).length;
  const within = [...sources.map((s, i) => `${s} ${inside((p) => p.published[i]!.cost)}`), `nnlab ${inside((p) => p.measured)}`];
  return [
    chalk.dim(wrap(`costs of the ${sources.join(' and of the ')}: ✓ when nnlab's cost differs from the published one by at most ` +
      `the tolerance, relative; the tolerance at each iteration is the measured spread's range over its median (${reason}). ` +
      `Columns: nnlab's cost, its difference from each version's in percent, the tolerance in percent, the members' ` +
      `range (the spread) and whether nnlab's cost lies in it, above or below (which the ✓ does not require).`, '  ')),
    t.toString(),
    wrap(`inside the spread, of ${finiteCount} finite iterations: ${within.join(', ')}`, '  '),
  ];
}

function runBlock(e: ExperimentReport): string {
  const title = MODEL[e.name] ?? `λ = ${e.name.replace('lambd-', '')}`;
  const lines = [chalk.bold(title), ...accuracyLines(e), ...predictionLine(e), ...(e.trace ? traceLines(e, e.trace) : costTable(e))];
  return lines.join('\n');
}

function lambdTable(rows: ExperimentReport[]): string {
  const source = rows[0]!.figures[0]!.source;
  const t = table(['λ', `train (${source})`, 'measured', `test (${source})`, 'measured']);
  for (const e of rows) {
    const [train, test] = [e.figures.find((f) => f.label === 'train accuracy')!, e.figures.find((f) => f.label === 'test accuracy')!];
    t.push([e.name.replace('lambd-', ''), show(train.published), `${show(train.measured)} ${mark(train.match)}`, show(test.published), `${show(test.measured)} ${mark(test.match)}`]);
  }
  return `${chalk.bold('3-layer NN with L2, other λ (accuracies only)')}\n${rule('accuracies', rows[0]!.figures[0]!.tolerance)}\n${t.toString()}`;
}

function gradcheckTable(e: ExperimentReport): string {
  const t = table(['check', `published (${e.figures[0]!.source})`, 'measured', '']);
  for (const f of e.figures) t.push([f.label, show(f.published), show(f.measured), mark(f.match)]);
  return [chalk.bold('Gradient checking'), t.toString(), ...e.figures.map((f) => rule(f.label, f.tolerance))].join('\n');
}

/** Every missed figure in full, so that nothing is summarized away. */
function misses(r: ReproduceResult): string[] {
  return r.experiments.flatMap((e) => e.figures.filter((f) => !f.match).map((f) => {
    const { published: p, measured: m } = f;
    const by = typeof p === 'number' && typeof m === 'number' ? `, differs by ${compact(Math.abs((m - p) / p))} relative` : '';
    return chalk.red(wrap(`✗ ${e.name} ${f.label} (${f.source}): published ${show(p)}, measured ${show(m)}${by}; held to ${toleranceText(f.tolerance)}`));
  }));
}

export function renderReproduce(r: ReproduceResult): string {
  const by = (g: ExperimentReport['group']): ExperimentReport[] => r.experiments.filter((e) => e.group === g);
  const figures = r.experiments.flatMap((e) => e.figures);
  const missed = figures.filter((f) => !f.match).length;
  const verdict = missed === 0
    ? chalk.green(`all ${figures.length} published figures reproduced`)
    : chalk.red(`${missed} of ${figures.length} published figures missed`);
  const lambd = by('regularization').filter((e) => e.name.startsWith('lambd-'));
  return [
    chalk.bold.underline('Initialization'),
    ...by('initialization').map(runBlock),
    chalk.bold.underline('Regularization'),
    ...by('regularization').filter((e) => !e.name.startsWith('lambd-')).map(runBlock),
    ...(lambd.length > 0 ? [lambdTable(lambd)] : []),
    ...by('gradient checking').map(gradcheckTable),
    [...misses(r), `${verdict} ${chalk.dim(`(${(r.durationMs / 1000).toFixed(2)} s, engine ${r.engines.join(', ') || 'none'})`)}`].join('\n'),
  ].join('\n\n') + '\n';
}

export function reproduceJson(r: ReproduceResult): object {
  return {
    command: 'reproduce',
    experiments: r.experiments.map(({ name, published, measured, figures, trace, match }) => ({ name, published, measured, figures, ...(trace ? { trace } : {}), match })),
    match: r.match,
    durationMs: r.durationMs,
    engines: r.engines,
  };
}
