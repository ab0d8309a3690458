// sweep output: one comparison table like the course's summary tables, best row marked.
import chalk from 'chalk';
import type { Shard } from '../../experiments/shard.js';
import type { SweepResult, VariantSummary } from '../../experiments/sweep.js';
import type { Stats } from '../../experiments/stats.js';
import type Table from 'cli-table3';
import { clip, escapeControl } from '../../errors.js';
import { fixedNotOnEnds, num } from '../../numpyText.js';
import { bestLine, divergedText, finalCostNote, finalCostText, nonFiniteCostText, ONE_SEED_NOTE, partialBestLine } from '../../experiments/explainSweep.js';
import { table } from './table.js';
import { layout, visibleWidth } from './layout.js';
import { count, titleLine, wrap } from './text.js';

const acc = (v: number): string => fixedNotOnEnds(v, 4, [0, 1]);
const stat = (s: Stats, f: (v: number) => string): string => (s.std !== null ? `${f(s.mean)} ± ${f(s.std)}` : f(s.mean));
const interval = (s: Stats): string => (s.ci95 === null ? '—' : `[${acc(s.ci95[0])}, ${acc(s.ci95[1])}]${s.ci95Clipped ? '*' : ''}`);
const cost = (v: number): string => (Number.isFinite(v) ? v.toPrecision(6) : num(v));
const costStat = (v: VariantSummary): string => finalCostText(v.finalCost, v.finalCostNonFinite, (s) => stat(s, cost));

/** How the runs came together: one shard's, some read from a record (--resume), or merged shards. */
export interface SweepContext {
  shard?: Shard | null;
  fromRecord?: number;
  merged?: number;
}

function heading(r: SweepResult, c: SweepContext): string {
  if (c.shard) return `shard ${c.shard.index}/${c.shard.count} · ${count(r.runs.length, 'run')} of ${r.total}${ran(r, c)}`;
  // A record that lacks runs at the end: the sweep's size, not the variants that happen to have runs.
  if (!c.merged && r.runs.length < r.total) return `${count(r.runs.length, 'run')} of ${r.total}, ${r.total - r.runs.length} missing${ran(r, c)}`;
  return `${count(r.total / r.repeat, 'variant')} × ${count(r.repeat, 'seed')} · ${c.merged ? `${count(r.runs.length, 'run')} merged from ${count(c.merged, 'shard')}` : `${count(r.runs.length, 'run')}${ran(r, c)}`}`;
}

/** " in 2.31 s", or with runs read from the record " (5 runs now in 2.31 s, 7 from the record)". */
const ran = (r: SweepResult, c: SweepContext): string => {
  const time = `${(r.durationMs / 1000).toFixed(2)} s`;
  return c.fromRecord ? ` (${count(r.runs.length - c.fromRecord, 'run')} now in ${time}, ${c.fromRecord} from the record)` : ` in ${time}`;
};

/** The seeds of a variant's runs that finished, as its figures cover them. */
const ranSeeds = (r: SweepResult, v: VariantSummary): number[] => r.runs.filter((x) => x.variant === v.index && x.error === undefined).map((x) => x.config.seed);

export function renderSweep(r: SweepResult, context: SweepContext = {}): string {
  const repeated = r.repeat > 1 || r.variants.some((v) => v.seeds.length > 1);
  const partial = r.runs.length < r.total;
  // Some of the sweep's seeds (a shard's): each row names the seeds its figures are over.
  const seedColumn = partial && repeated;
  // A variant's time adds up its seeds' runs.
  const head = ['', 'variant', ...(seedColumn ? ['seeds'] : []), 'train accuracy', 'test accuracy', ...(repeated ? ['test 95% CI'] : []), 'final cost', repeated ? 'time, all seeds' : 'time'];
  const seedsOf = (v: VariantSummary): string[] => (seedColumn ? [ranSeeds(r, v).join(' ') || '—'] : []);
  // Where the table would not fit the width, its cells wrap at spaces, and every label of several axes goes
  // one setting a line (not only those the wrapping happens to break), so that the rows read alike.
  const whole = table(head, { width: Infinity });
  for (const v of r.variants) whole.push(row({ ...v, label: escapeControl(v.label) }, repeated, seedsOf(v)));
  const fits = Math.max(...whole.toString().split('\n').map(visibleWidth)) <= layout.width;
  const t = table(head);
  // A label is user text (a dataset's path): its control characters escaped before it is split into lines.
  for (const v of r.variants) t.push(row({ ...v, label: fits ? escapeControl(v.label) : escapeControl(v.label).split(', ').join(',\n') }, repeated, seedsOf(v)));
  const diverged = r.variants.filter((v) => v.diverged > 0);
  const dropout = r.variants.some((v) => v.config.keepProb < 1);
  const lines = [
    titleLine(`nnlab sweep ${r.of}`, heading(r, context).split(' · ')),
    t.toString(),
    chalk.dim(wrap(partial ? partialBestLine(r.runs.length, r.total, !!context.shard) : bestLine(r.variants, r.best))),
    chalk.dim(wrap(finalCostNote(dropout))),
  ];
  const overridden = r.variants.filter((v) => v.overridden !== null);
  if (overridden.length > 0) {
    lines.push(chalk.yellow(wrap(`overridden: a --scale formula replaces the init's multiplier, so ${overridden.map((v) => v.label).join('; ')} draw the same weights as any other init with that formula`)));
  }
  const onTrain = r.variants.filter((v) => v.testOnTrainingData);
  if (onTrain.length > 0) {
    const which = onTrain.length === r.variants.length ? 'every variant' : onTrain.map((v) => v.label).join('; ');
    lines.push(chalk.yellow(wrap(`test accuracy of ${which}: on the training data (no test set of other points)`)));
  }
  if (diverged.length > 0) lines.push(chalk.red(wrap(`✗ diverged: ${diverged.map(divergedText).join('; ')}`)));
  // A variant that diverged in every seed has its ✗ already; the others' statistics are over runs that did not diverge.
  const infCost = r.variants.filter((v) => v.failed === null && v.finalCostNonFinite > 0 && v.diverged < v.seeds.length);
  if (infCost.length > 0) lines.push(chalk.red(wrap(nonFiniteCostText(infCost, dropout))));
  if (repeated) {
    const clipped = r.variants.some((v) => v.test.ci95Clipped);
    const single = r.variants.some((v) => v.failed === null && v.test.ci95 === null);
    lines.push(chalk.dim(wrap(`mean ± sample std over seeds; 95% CI of the mean test accuracy (Student t)${clipped ? '; * cut at 0 or 1, where the t interval reached past what an accuracy can be' : ''}${single ? `; ${ONE_SEED_NOTE}` : ''}`)));
  }
  const saturating = r.variants.filter((v) => v.startSaturated !== null);
  if (saturating.length > 0) {
    const shares = saturating.map((v) => `${v.label} ${(v.startSaturated! * 100).toFixed(1)}%`).join('; ');
    lines.push(wrap(`hidden tanh/sigmoid activations saturated at the start (g' below a tenth of its peak): ${shares}`));
  }
  return lines.join('\n') + '\n';
}

function row(v: VariantSummary, repeated: boolean, seeds: string[]): Table.HorizontalTableRow {
  const mark = v.best ? chalk.green('★') : v.diverged > 0 ? chalk.red(v.diverged < v.seeds.length ? `✗ ${v.diverged}/${v.seeds.length}` : '✗') : '';
  const label = v.best ? chalk.bold(v.label) : v.label;
  // A failed variant's numbers would describe only some of its seeds, or none: the row says why instead.
  if (v.failed !== null) return [mark, label, ...seeds, { colSpan: repeated ? 5 : 4, content: chalk.red(`failed: ${clip(v.failed, 60)}`) }];
  return [mark, label, ...seeds, stat(v.train, acc), stat(v.test, acc), ...(repeated ? [interval(v.test)] : []), costStat(v), `${(v.durationMs / 1000).toFixed(2)} s`];
}

/** The sweep as JSON; `context` adds how its runs came together (result.json has no context: its sweep section says). */
export function sweepJson(r: SweepResult, context: SweepContext = {}): object {
  return {
    command: 'sweep',
    of: r.of,
    axes: r.axes,
    runs: r.runs.map((x) => ({
      variant: x.variant, config: x.config, costs: x.costs, curve: x.curve, finalCost: x.finalCost, finalCostWithDropout: x.finalCostWithDropout, ...(x.finalInfTerms === undefined ? {} : { finalInfTerms: x.finalInfTerms }), accuracy: x.accuracy, durationMs: x.durationMs,
      diverged: x.diverged, nonFinite: x.nonFinite, divergence: x.divergence, testOnTrainingData: x.testOnTrainingData, startSaturated: x.startSaturated ?? null, engine: x.engine ?? null,
      ...(x.error === undefined ? {} : { error: x.error }),
    })),
    variants: r.variants.map((v) => ({
      index: v.index, label: v.label, config: v.config, seeds: v.seeds, train: v.train, test: v.test, finalCost: v.finalCost, finalCostNonFinite: v.finalCostNonFinite, finalCostWrongSide: v.finalCostWrongSide, diverged: v.diverged, nonFinite: v.nonFinite,
      overridden: v.overridden, testOnTrainingData: v.testOnTrainingData, best: v.best, failed: v.failed, startSaturated: v.startSaturated,
    })),
    best: r.best,
    durationMs: r.durationMs,
    sweepRuns: r.total,
    repeat: r.repeat,
    ...(context.shard ? { shard: context.shard } : {}),
    ...(context.fromRecord !== undefined ? { fromRecord: context.fromRecord } : {}),
    ...(context.merged !== undefined ? { mergedShards: context.merged } : {}),
  };
}
