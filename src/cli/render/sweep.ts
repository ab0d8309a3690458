// sweep output: one comparison table like the course's summary tables, best row marked.
import chalk from 'chalk';
import type { Shard } from '../../experiments/shard.js';
import type { SweepResult, VariantSummary } from '../../experiments/sweep.js';
import type { Stats } from '../../experiments/stats.js';
import type Table from 'cli-table3';
import { clip } from '../../errors.js';
import { num } from '../../numpyText.js';
import { table } from './table.js';
import { count, wrap } from './text.js';

const acc = (v: number): string => v.toFixed(4);
const stat = (s: Stats, f: (v: number) => string): string => (s.n > 1 ? `${f(s.mean)} ± ${f(s.std)}` : f(s.mean));
const interval = (s: Stats): string => `[${acc(s.ci95[0])}, ${acc(s.ci95[1])}]`;
const cost = (v: number): string => (Number.isFinite(v) ? v.toPrecision(6) : num(v));

/** How the runs came together: one shard's, some read from a record (--resume), or merged shards. */
export interface SweepContext {
  shard?: Shard | null;
  fromRecord?: number;
  merged?: number;
}

function heading(r: SweepResult, c: SweepContext): string {
  const seeds = r.variants[0]?.seeds.length ?? 0;
  if (c.shard) return `shard ${c.shard.index}/${c.shard.count} · ${count(r.runs.length, 'run')} of ${r.total}${ran(r, c)}`;
  return `${count(r.variants.length, 'variant')} × ${count(seeds, 'seed')} · ${c.merged ? `${count(r.runs.length, 'run')} merged from ${count(c.merged, 'shard')}` : `${count(r.runs.length, 'run')}${ran(r, c)}`}`;
}

/** " in 2.31 s", or with runs read from the record " (5 runs now in 2.31 s, 7 from the record)". */
const ran = (r: SweepResult, c: SweepContext): string => {
  const time = `${(r.durationMs / 1000).toFixed(2)} s`;
  return c.fromRecord ? ` (${count(r.runs.length - c.fromRecord, 'run')} now in ${time}, ${c.fromRecord} from the record)` : ` in ${time}`;
};

export function renderSweep(r: SweepResult, context: SweepContext = {}): string {
  const repeated = r.variants.some((v) => v.seeds.length > 1);
  const head = ['', 'variant', 'train accuracy', 'test accuracy', ...(repeated ? ['test 95% CI'] : []), 'final cost', 'time'];
  const build = (split: boolean): string => {
    const t = table(head);
    for (const v of r.variants) t.push(row(v, repeated, split));
    return t.toString();
  };
  // Labels of several axes go one setting a line where the table would not fit 80 columns.
  const wide = build(false);
  const grid = wide.split('\n').some((l) => visibleLength(l) > 80) ? build(true) : wide;
  const diverged = r.variants.filter((v) => v.diverged > 0);
  const partial = r.runs.length < r.total;
  const lines = [
    // The title in bold, the rest dim, wrapped to 80 columns (a resumed sweep's says more).
    wrap(`nnlab sweep ${r.of} · ${heading(r, context)}`).replace(/^(nnlab sweep \w+)( · [^]*)$/, (_, a: string, b: string) => chalk.bold(a) + chalk.dim(b)),
    grid,
    chalk.dim(partial
      ? wrap(`no ★ best: these figures cover ${r.runs.length} of the sweep's ${r.total} runs; nnlab sweep merge combines the shards' records into the sweep's summary`)
      : r.variants.some((v) => v.best)
        ? wrap(`★ best: highest test accuracy, then train accuracy, then lowest final cost${diverged.length > 0 ? '; never a variant that diverged' : ''}`)
        : `no ★ best: every variant ${r.variants.some((v) => v.failed !== null) ? 'failed or diverged' : 'diverged'}`),
    chalk.dim('final cost: the cost of the trained parameters, after the last update'),
  ];
  const onTrain = r.variants.filter((v) => v.testOnTrainingData);
  if (onTrain.length > 0) {
    const which = onTrain.length === r.variants.length ? 'every variant' : onTrain.map((v) => v.label).join('; ');
    lines.push(chalk.yellow(`test accuracy of ${which}: on the training data (no test set given)`));
  }
  if (diverged.length > 0) lines.push(chalk.red(wrap(`✗ diverged (parameters or activations inf/nan): ${diverged.map((v) => v.label).join('; ')}`)));
  if (repeated) lines.push(chalk.dim('mean ± sample std over seeds; 95% CI of the mean test accuracy (Student t)'));
  const saturating = r.variants.filter((v) => v.startSaturated !== null);
  if (saturating.length > 0) {
    const shares = saturating.map((v) => `${v.label} ${(v.startSaturated! * 100).toFixed(1)}%`).join('; ');
    lines.push(wrap(`hidden tanh/sigmoid activations saturated at the start (g' below a tenth of its peak): ${shares}`));
  }
  return lines.join('\n') + '\n';
}

/** Columns a line takes on a terminal: its characters less colour codes. */
const visibleLength = (line: string): number => line.replace(/\x1b\[[0-9;]*m/g, '').length;

function row(v: VariantSummary, repeated: boolean, split: boolean): Table.HorizontalTableRow {
  const mark = v.best ? chalk.green('★') : v.diverged > 0 ? chalk.red('✗') : '';
  const text = split ? v.label.split(', ').join(',\n') : v.label;
  const label = v.best ? chalk.bold(text) : text;
  // A failed variant's numbers would describe only some of its seeds, or none: the row says why instead.
  if (v.failed !== null) return [mark, label, { colSpan: repeated ? 5 : 4, content: chalk.red(`failed: ${clip(v.failed, 60)}`) }];
  return [mark, label, stat(v.train, acc), stat(v.test, acc), ...(repeated ? [interval(v.test)] : []), stat(v.finalCost, cost), `${(v.durationMs / 1000).toFixed(2)} s`];
}

/** The sweep as JSON; `context` adds how its runs came together (result.json has no context: its sweep section says). */
export function sweepJson(r: SweepResult, context: SweepContext = {}): object {
  return {
    command: 'sweep',
    of: r.of,
    axes: r.axes,
    runs: r.runs.map((x) => ({ config: x.config, costs: x.costs, finalCost: x.finalCost, accuracy: x.accuracy, durationMs: x.durationMs, diverged: x.diverged, divergence: x.divergence, testOnTrainingData: x.testOnTrainingData, startSaturated: x.startSaturated ?? null, ...(x.error === undefined ? {} : { error: x.error }) })),
    variants: r.variants.map((v) => ({ label: v.label, config: v.config, seeds: v.seeds, train: v.train, test: v.test, finalCost: v.finalCost, diverged: v.diverged, testOnTrainingData: v.testOnTrainingData, best: v.best, failed: v.failed, startSaturated: v.startSaturated })),
    durationMs: r.durationMs,
    ...(context.shard ? { shard: context.shard, sweepRuns: r.total } : {}),
    ...(context.fromRecord !== undefined ? { fromRecord: context.fromRecord } : {}),
    ...(context.merged !== undefined ? { mergedShards: context.merged } : {}),
  };
}
