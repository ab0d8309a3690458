// report.html of a sweep record: the variants side by side (accuracies with their intervals, the summary
// table) and their cost curves overlaid, from result.json alone.
import { bestLine, divergedText, finalCostNote, finalCostText, nonFiniteCostText, ONE_SEED_NOTE, partialBestLine } from '../experiments/explainSweep.js';
import { flagOf, SETTING_KEYS, type SettingKey } from '../experiments/settings.js';
import type { BestRule } from '../experiments/sweep.js';
import type { CostPoint, NonFinite } from '../nn/train.js';
import { fixedNotOnEnds, num } from '../numpyText.js';
import { count, listed } from '../words.js';
import { accuracySpec, type VariantAccuracy } from '../plots/comparison.js';
import { costCurveSpec, type CostSeries } from '../plots/costCurve.js';
import { renderSvg } from '../plots/render.js';
import { esc, page } from './page.js';
import { costsOf } from './pictures.js';
import { provenanceRows, type Builder, type RunResultJson } from './runReport.js';

type Stats = VariantAccuracy['train'] & { std: number | null; ci95Clipped?: boolean };
type Run = SweepResultJson['runs'][number];

export interface SweepResultJson {
  of: string;
  axes: string[];
  runs: { variant?: number; config: { seed: number } & Record<string, unknown>; costs: { iteration: number; cost: number | string }[]; curve?: { iteration: number; cost: number | string }[]; diverged?: boolean; durationMs?: number; error?: string }[];
  variants: {
    index?: number; label: string; config?: { keepProb?: number }; seeds: number[]; train: Stats; test: Stats; finalCost: { mean: number | string; std: number | string | null; n: number };
    /** Absent in records from before they were kept (VariantSummary). */
    finalCostNonFinite?: number; finalCostWrongSide?: number;
    diverged: number; nonFinite?: NonFinite[]; testOnTrainingData: boolean; best: boolean; failed: string | null;
  }[];
  /** How ★ best was chosen (absent in records from before it was kept). */
  best?: BestRule;
  durationMs: number;
  /** Runs of the whole sweep and its seeds per variant (absent in older records: then the record's own). */
  sweepRuns?: number;
  repeat?: number;
  /** Runs read from the record by the --resume that completed it (0: all run in one go). */
  fromRecord?: number;
  mergedShards?: number;
  sweep?: { state: 'running' | 'complete'; shard: { index: number; count: number } | null };
  provenance?: RunResultJson['provenance'];
}

/** Variants whose curves are overlaid at most: more lines than colours cannot be told apart. */
export const MAX_CURVES = 10;

const acc = (v: number): string => fixedNotOnEnds(v, 4, [0, 1]);
const stat = (s: { mean: number | string; std: number | string | null; n: number }, f: (v: number) => string): string => {
  const [m, sd] = costsOf([{ iteration: 0, cost: s.mean }, { iteration: 0, cost: s.std ?? 0 }]).map((c) => c.cost);
  return s.n > 1 && s.std !== null ? `${f(m!)} ± ${f(sd!)}` : f(m!);
};
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const costsOfStats = (s: { mean: number | string; std: number | string | null; n: number }): { mean: number; std: number | null; n: number } => {
  const [mean, std] = costsOf([{ iteration: 0, cost: s.mean }, { iteration: 0, cost: s.std ?? 0 }]).map((c) => c.cost);
  return { mean: mean!, std: s.std === null ? null : std!, n: s.n };
};

/** A clause as a sentence of the page: capitalised, with a full stop. */
const sentence = (clause: string): string => `${clause[0]!.toUpperCase()}${clause.slice(1)}.`;

/**
 * The mean over a variant's runs at each iteration they share (the runs of a variant differ only by seed);
 * in a partly diverged variant over the runs that did not diverge, as its row's statistics are. n: the runs averaged.
 */
function meanCurve(runs: readonly Run[]): { points: CostPoint[]; n: number } {
  const finished = runs.filter((r) => r.error === undefined);
  const kept = finished.some((r) => r.diverged !== true) ? finished.filter((r) => r.diverged !== true) : finished;
  const curves = kept.map((r) => costsOf(r.curve && r.curve.length > 0 ? r.curve : r.costs));
  if (curves.length === 0) return { points: [], n: 0 };
  return { points: curves[0]!.map((p, k) => ({ iteration: p.iteration, cost: curves.reduce((a, c) => a + (c[k]?.cost ?? NaN), 0) / curves.length })), n: curves.length };
}

/** "2 seeds" when every count is one number, else what is averaged varies by variant. */
const seedsText = (counts: readonly number[]): string => (new Set(counts).size === 1 ? count(counts[0]!, 'seed') : "each variant's seeds (the table's seeds column)");

/** Series drawn exactly on top of one another (the same costs at the same iterations): only the last drawn shows. */
export function coinciding(series: readonly CostSeries[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const s of series) {
    const key = JSON.stringify(s.points.map((p) => [p.iteration, String(p.cost)]));
    groups.set(key, [...(groups.get(key) ?? []), s.name]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

function summaryTable(r: SweepResultJson, seedsOf: (i: number) => number[] | null, repeated: boolean): string {
  const withSeeds = r.variants.some((_, i) => seedsOf(i) !== null);
  const head = ['', 'variant', ...(withSeeds ? ['seeds'] : []), 'train accuracy', 'test accuracy', ...(repeated ? ['test 95% CI'] : []), 'final cost'];
  const cost = (v: number): string => (Number.isFinite(v) ? v.toPrecision(6) : num(v));
  const body = r.variants.map((v, i) => {
    const mark = v.best ? '★' : v.diverged > 0 ? `<span class="bad">✗ ${esc(v.diverged < v.seeds.length ? `${v.diverged} of ${v.seeds.length} ` : '')}diverged</span>` : '';
    const seeds = withSeeds ? [`<td class="num">${esc(seedsOf(i)?.join(' ') || '—')}</td>`] : [];
    if (v.failed !== null) return `<tr><td>${mark}</td><td>${esc(v.label)}</td>${seeds.join('')}<td colspan="${head.length - 2 - seeds.length}" class="bad">failed: ${esc(v.failed)}</td></tr>`;
    const ci = v.test.ci95 === null ? '—' : `[${acc(v.test.ci95[0])}, ${acc(v.test.ci95[1])}]${v.test.ci95Clipped ? '*' : ''}`;
    const cells = [stat(v.train, acc), stat(v.test, acc), ...(repeated ? [ci] : []), finalCostText(costsOfStats(v.finalCost), v.finalCostNonFinite, (s) => stat(s, cost))];
    return `<tr><td>${mark}</td><td>${esc(v.label)}</td>${seeds.join('')}${cells.map((c) => `<td class="num">${esc(c)}</td>`).join('')}</tr>`;
  }).join('');
  return `<table class="grid"><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${body}</table>`;
}

/** The page's heading line: what the record covers of the sweep, and its times, each named for what it is. */
function subtitle(r: SweepResultJson, total: number, repeat: number): string {
  const shard = r.sweep?.shard ?? null;
  const size = `${count(repeat > 0 ? Math.round(total / repeat) : 0, 'variant')} × ${count(repeat, 'seed')}`;
  const what = shard ? [`shard ${shard.index}/${shard.count}`, `${r.runs.length} of ${count(total, 'run')}`, `sweep of ${size}`]
    : r.runs.length < total ? [`${r.runs.length} of ${count(total, 'run')}`, `sweep of ${size}`]
      : [size, ...(r.mergedShards !== undefined ? [`merged from ${count(r.mergedShards, 'shard')}`] : [])];
  const axes = `axes ${r.axes.map((a) => ((SETTING_KEYS as string[]).includes(a) ? flagOf(a as SettingKey) : a)).join(', ') || 'none'}`;
  const timed = r.runs.every((x) => typeof x.durationMs === 'number');
  const sum = timed ? [`sum of run times ${seconds(r.runs.reduce((a, x) => a + x.durationMs!, 0))}`] : [];
  // Wall time only where one nnlab run made the whole record: a resumed record's or a merge's would be part of it.
  const wall = r.fromRecord === 0 && r.mergedShards === undefined ? [`wall time ${seconds(r.durationMs)}`] : timed ? [] : [`${seconds(r.durationMs)}`];
  return [...what, axes, ...wall, ...sum].join(' · ');
}

export async function sweepReportHtml(r: SweepResultJson, builder: Builder): Promise<string> {
  const repeat = r.repeat ?? r.variants[0]?.seeds.length ?? 0;
  const total = r.sweepRuns ?? r.runs.length;
  const partial = r.runs.length < total;
  const shard = r.sweep?.shard ?? null;
  // Each run's variant by its number in the whole sweep; older records without it list the runs in order.
  const variantOfRun = (run: Run, k: number): number => run.variant ?? Math.floor(k / Math.max(1, repeat));
  const numbers = [...new Set(r.runs.map(variantOfRun))].sort((a, b) => a - b);
  // The record's variants are the sweep's variants with a run, in number order (a shard's are a subset).
  const numberOf = (i: number): number => r.variants[i]!.index ?? numbers[i] ?? i;
  const runsOf = (i: number): Run[] => r.runs.filter((run, k) => variantOfRun(run, k) === numberOf(i));
  const ranSeeds = (i: number): number[] => runsOf(i).filter((x) => x.error === undefined).map((x) => x.config.seed);
  const repeated = repeat > 1 || r.variants.some((v) => v.seeds.length > 1);
  const finished = r.variants.map((v, i) => ({ v, i })).filter(({ v }) => v.failed === null);
  // The best variants by test accuracy, in the table's order, when there are too many to tell apart.
  const drawn = finished.length <= MAX_CURVES ? finished
    : [...finished].sort((a, b) => b.v.test.mean - a.v.test.mean).slice(0, MAX_CURVES).sort((a, b) => a.i - b.i);
  const means = drawn.map(({ i }) => meanCurve(runsOf(i)));
  const series: CostSeries[] = drawn.map(({ v }, k) => ({ name: v.label, points: means[k]!.points }));
  const partly = finished.some(({ v }) => v.diverged > 0 && v.diverged < v.seeds.length);
  const over = (counts: number[]): string => `mean over ${partly ? 'the seeds that did not diverge' : seedsText(counts)}`;
  const curveNote = `${repeated && means.length > 0 ? `${over(means.map((m) => m.n))} · ` : ''}${drawn.length < finished.length ? `the ${drawn.length} of ${finished.length} variants with the highest test accuracy` : count(drawn.length, 'variant')}`;
  const same = coinciding(series);
  const masked = drawn.filter(({ v }) => (v.config?.keepProb ?? 1) < 1).length;
  const costTitle = masked === 0 ? 'cost' : masked === drawn.length ? 'cost, with dropout' : 'cost, with dropout where keep-prob < 1';
  const accuracy: VariantAccuracy[] = finished.map(({ v }) => ({ label: v.label, train: v.train, test: v.test }));
  const [linear, log, dots] = await Promise.all([
    renderSvg(costCurveSpec(series, { title: 'Cost by variant', subtitle: `sweep ${r.of} · ${curveNote}`, width: 520, costTitle })),
    renderSvg(costCurveSpec(series, { title: 'Cost by variant', subtitle: `sweep ${r.of} · ${curveNote}`, width: 520, logScale: true, costTitle })),
    renderSvg(accuracySpec(accuracy, {
      title: 'Accuracy by variant',
      subtitle: repeated && finished.length > 0 ? `sweep ${r.of} · ${over(finished.map(({ v }) => v.test.n))} · bars: 95% interval of the mean (Student t), none for one seed` : `sweep ${r.of} · one run each`,
    })),
  ]);
  const onTrain = r.variants.filter((v) => v.testOnTrainingData);
  const failed = r.variants.filter((v) => v.failed !== null);
  const diverged = r.variants.filter((v) => v.diverged > 0);
  const dropout = r.variants.some((v) => (v.config?.keepProb ?? 1) < 1);
  const infCost = r.variants.filter((v) => v.failed === null && (v.finalCostNonFinite ?? 0) > 0 && v.diverged < v.seeds.length);
  const clipped = r.variants.some((v) => v.test.ci95Clipped === true);
  const single = r.variants.some((v) => v.failed === null && v.test.ci95 === null);
  const failedSeeds = (v: SweepResultJson['variants'][number]): string => {
    const seeds = runsOf(r.variants.indexOf(v)).filter((x) => x.error !== undefined).map((x) => x.config.seed);
    return seeds.length > 0 ? ` (${seeds.length === 1 ? 'seed' : 'seeds'} ${seeds.join(' ')})` : '';
  };
  const best = partial ? partialBestLine(r.runs.length, total, shard !== null) : bestLine(r.variants, r.best);
  const body = `<h1>nnlab sweep ${esc(r.of)}</h1>
<p class="sub">${esc(subtitle(r, total, repeat))}</p>
${onTrain.length > 0 ? `<p class="warn">Test accuracy on the training data (no test set of other points): ${esc(onTrain.map((v) => v.label).join('; '))}</p>` : ''}
${failed.length > 0 ? `<p class="bad">Failed: ${esc(failed.map((v) => `${v.label}${failedSeeds(v)}`).join('; '))}; the figures below leave them out.</p>` : ''}
<h2>Variants</h2>${summaryTable(r, (i) => (partial && repeated ? ranSeeds(i) : null), repeated)}
<p class="sub">${esc(sentence(best))} ${esc(sentence(finalCostNote(dropout)))}${repeated ? ` Mean ± sample std over seeds; 95% CI of the mean test accuracy (Student t)${clipped ? '; * cut at 0 or 1, where the t interval reached past what an accuracy can be' : ''}${single ? `; ${ONE_SEED_NOTE}` : ''}.` : ''}</p>
${diverged.length > 0 ? `<p class="bad">✗ diverged: ${esc(diverged.map(divergedText).join('; '))}</p>` : ''}
${infCost.length > 0 ? `<p class="bad">${esc(sentence(nonFiniteCostText(infCost.map((v) => ({ ...v, finalCost: costsOfStats(v.finalCost) })), dropout)))}</p>` : ''}
<h2>Accuracy</h2><figure>${dots}</figure>
<h2>Cost</h2>
<div class="controls"><label><input type="radio" name="scale" value="linear" checked> linear</label><label><input type="radio" name="scale" value="log"> log scale</label></div>
<figure id="cost-figure" class="scale-linear"><div class="linear">${linear}</div><div class="log">${log}</div>${same.length > 0 ? `<figcaption>Lines that coincide, drawn one on top of the other (the same cost at every iteration): ${esc(same.map((g) => listed(g)).join('; '))}.</figcaption>` : ''}</figure>
${dropout ? '<p class="sub">The curves are the costs training computes, under its dropout masks; the table\'s final cost is without dropout, so a curve and its row may rank differently.</p>' : ''}
<h2>Provenance</h2>${provenanceRows(r.provenance, builder, [['runs', String(r.runs.length)]])}`;
  return page({ title: `nnlab sweep ${r.of}`, body });
}
