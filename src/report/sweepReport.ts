// report.html of a sweep record: the variants side by side (accuracies with their intervals, the summary
// table) and their cost curves overlaid, from result.json alone.
import { bestLine, divergedText, finalCostNote, finalCostText, nonFiniteCostText } from '../experiments/explainSweep.js';
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

type Stats = VariantAccuracy['train'] & { std: number; ci95Clipped?: boolean };

export interface SweepResultJson {
  of: string;
  axes: string[];
  runs: { variant?: number; config: { seed: number } & Record<string, unknown>; costs: { iteration: number; cost: number | string }[]; curve?: { iteration: number; cost: number | string }[]; diverged?: boolean; error?: string }[];
  variants: {
    label: string; config?: { keepProb?: number }; seeds: number[]; train: Stats; test: Stats; finalCost: { mean: number | string; std: number | string; n: number };
    /** Absent in records from before they were kept (VariantSummary). */
    finalCostNonFinite?: number; finalCostWrongSide?: number;
    diverged: number; nonFinite?: NonFinite[]; testOnTrainingData: boolean; best: boolean; failed: string | null;
  }[];
  /** How ★ best was chosen (absent in records from before it was kept). */
  best?: BestRule;
  durationMs: number;
  provenance?: RunResultJson['provenance'];
}

/** Variants whose curves are overlaid at most: more lines than colours cannot be told apart. */
export const MAX_CURVES = 10;

const acc = (v: number): string => fixedNotOnEnds(v, 4, [0, 1]);
const stat = (s: { mean: number | string; std: number | string; n: number }, f: (v: number) => string): string => {
  const [m, sd] = costsOf([{ iteration: 0, cost: s.mean }, { iteration: 0, cost: s.std }]).map((c) => c.cost);
  return s.n > 1 ? `${f(m!)} ± ${f(sd!)}` : f(m!);
};

const costsOfStats = (s: { mean: number | string; std: number | string; n: number }): { mean: number; std: number; n: number } => {
  const [mean, std] = costsOf([{ iteration: 0, cost: s.mean }, { iteration: 0, cost: s.std }]).map((c) => c.cost);
  return { mean: mean!, std: std!, n: s.n };
};

/** A clause as a sentence of the page: capitalised, with a full stop. */
const sentence = (clause: string): string => `${clause[0]!.toUpperCase()}${clause.slice(1)}.`;

/**
 * The mean over a variant's runs at each iteration they share (the runs of a variant differ only by seed);
 * in a partly diverged variant over the runs that did not diverge, as its row's statistics are.
 */
function meanCurve(runs: SweepResultJson['runs']): CostPoint[] {
  const finished = runs.filter((r) => r.error === undefined);
  const kept = finished.some((r) => r.diverged !== true) ? finished.filter((r) => r.diverged !== true) : finished;
  const curves = kept.map((r) => costsOf(r.curve && r.curve.length > 0 ? r.curve : r.costs));
  if (curves.length === 0) return [];
  return curves[0]!.map((p, k) => ({ iteration: p.iteration, cost: curves.reduce((a, c) => a + (c[k]?.cost ?? NaN), 0) / curves.length }));
}

/** Series drawn exactly on top of one another (the same costs at the same iterations): only the last drawn shows. */
export function coinciding(series: readonly CostSeries[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const s of series) {
    const key = JSON.stringify(s.points.map((p) => [p.iteration, String(p.cost)]));
    groups.set(key, [...(groups.get(key) ?? []), s.name]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

function summaryTable(r: SweepResultJson): string {
  const repeated = r.variants.some((v) => v.seeds.length > 1);
  const head = ['', 'variant', 'train accuracy', 'test accuracy', ...(repeated ? ['test 95% CI'] : []), 'final cost'];
  const cost = (v: number): string => (Number.isFinite(v) ? v.toPrecision(6) : num(v));
  const body = r.variants.map((v) => {
    const mark = v.best ? '★' : v.diverged > 0 ? `<span class="bad">✗ ${esc(v.diverged < v.seeds.length ? `${v.diverged} of ${v.seeds.length} ` : '')}diverged</span>` : '';
    if (v.failed !== null) return `<tr><td>${mark}</td><td>${esc(v.label)}</td><td colspan="${head.length - 2}" class="bad">failed: ${esc(v.failed)}</td></tr>`;
    const cells = [stat(v.train, acc), stat(v.test, acc), ...(repeated ? [`[${acc(v.test.ci95[0])}, ${acc(v.test.ci95[1])}]${v.test.ci95Clipped ? '*' : ''}`] : []), finalCostText(costsOfStats(v.finalCost), v.finalCostNonFinite, (s) => stat(s, cost))];
    return `<tr><td>${mark}</td><td>${esc(v.label)}</td>${cells.map((c) => `<td class="num">${esc(c)}</td>`).join('')}</tr>`;
  }).join('');
  return `<table class="grid"><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${body}</table>`;
}

export async function sweepReportHtml(r: SweepResultJson, builder: Builder): Promise<string> {
  const seeds = r.variants[0]?.seeds.length ?? 0;
  const repeated = seeds > 1;
  const finished = r.variants.map((v, i) => ({ v, i })).filter(({ v }) => v.failed === null);
  // The best variants by test accuracy, in the table's order, when there are too many to tell apart.
  const drawn = finished.length <= MAX_CURVES ? finished
    : [...finished].sort((a, b) => b.v.test.mean - a.v.test.mean).slice(0, MAX_CURVES).sort((a, b) => a.i - b.i);
  const series: CostSeries[] = drawn.map(({ v, i }) => ({ name: v.label, points: meanCurve(r.runs.filter((run, k) => (run.variant ?? Math.floor(k / Math.max(1, seeds))) === i)) }));
  const partly = finished.some(({ v }) => v.diverged > 0 && v.diverged < v.seeds.length);
  const curveNote = `${repeated ? `mean over ${partly ? 'the seeds that did not diverge' : count(seeds, 'seed')} · ` : ''}${drawn.length < finished.length ? `the ${drawn.length} of ${finished.length} variants with the highest test accuracy` : `${drawn.length} variants`}`;
  const same = coinciding(series);
  const masked = drawn.filter(({ v }) => (v.config?.keepProb ?? 1) < 1).length;
  const costTitle = masked === 0 ? 'cost' : masked === drawn.length ? 'cost, with dropout' : 'cost, with dropout where keep-prob < 1';
  const accuracy: VariantAccuracy[] = finished.map(({ v }) => ({ label: v.label, train: v.train, test: v.test }));
  const [linear, log, dots] = await Promise.all([
    renderSvg(costCurveSpec(series, { title: 'Cost by variant', subtitle: `sweep ${r.of} · ${curveNote}`, width: 520, costTitle })),
    renderSvg(costCurveSpec(series, { title: 'Cost by variant', subtitle: `sweep ${r.of} · ${curveNote}`, width: 520, logScale: true, costTitle })),
    renderSvg(accuracySpec(accuracy, {
      title: 'Accuracy by variant',
      subtitle: repeated ? `sweep ${r.of} · mean over ${partly ? 'the seeds that did not diverge' : count(seeds, 'seed')} · bars: 95% interval of the mean (Student t)` : `sweep ${r.of} · one run each`,
    })),
  ]);
  const onTrain = r.variants.filter((v) => v.testOnTrainingData);
  const failed = r.variants.filter((v) => v.failed !== null);
  const diverged = r.variants.filter((v) => v.diverged > 0);
  const dropout = r.variants.some((v) => (v.config?.keepProb ?? 1) < 1);
  const infCost = r.variants.filter((v) => v.failed === null && (v.finalCostNonFinite ?? 0) > 0 && v.diverged < v.seeds.length);
  const clipped = r.variants.some((v) => v.test.ci95Clipped === true);
  const body = `<h1>nnlab sweep ${esc(r.of)}</h1>
<p class="sub">${esc(count(r.variants.length, 'variant'))} × ${esc(count(seeds, 'seed'))} · axes ${esc(r.axes.map((a) => ((SETTING_KEYS as string[]).includes(a) ? flagOf(a as SettingKey) : a)).join(', ') || 'none')} · ${esc((r.durationMs / 1000).toFixed(2))} s</p>
${onTrain.length > 0 ? `<p class="warn">Test accuracy on the training data (no test set of other points): ${esc(onTrain.map((v) => v.label).join('; '))}</p>` : ''}
${failed.length > 0 ? `<p class="bad">Failed: ${esc(failed.map((v) => v.label).join('; '))}; the figures below leave them out.</p>` : ''}
<h2>Variants</h2>${summaryTable(r)}
<p class="sub">${esc(sentence(bestLine(r.variants, r.best)))} ${esc(sentence(finalCostNote(dropout)))}${repeated ? ` Mean ± sample std over seeds; 95% CI of the mean test accuracy (Student t)${clipped ? '; * cut at 0 or 1, where the t interval reached past what an accuracy can be' : ''}.` : ''}</p>
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
