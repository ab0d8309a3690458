// report.html of a run record, from the record's own files: settings and provenance, the results, the cost
// curve (linear or log), and the decision boundary with a slider through ~20 stages of training.
import { accuracyPercent, num, settingText } from '../numpyText.js';
import { listed } from '../words.js';
import { datasetSpec, splitOptions } from '../data/registry.js';
import { flagOf, SETTING_KEYS, type SettingKey } from '../experiments/settings.js';
import { renderSvg } from '../plots/render.js';
import type { BoundaryData } from './boundaryData.js';
import { esc, page, rows, showStage } from './page.js';
import { boundaryPicture, costPicture, costsOf, curveOf, runLabel, type RunResult } from './pictures.js';

/** Who built a page: shown at its foot, beside the run's own provenance. */
export interface Builder {
  nnlab: string;
  gitCommit: string | null;
}

export interface RunResultJson extends RunResult {
  finalCost: number | string;
  /** With dropout, the final cost under a dropout mask (absent in records from before it was kept apart). */
  finalCostWithDropout?: number | string | null;
  accuracy: { train: number; test: number };
  data: { train: number; test: number; features: number; testOnTrainingData: boolean };
  diverged: boolean;
  /** What was inf or nan when it diverged (absent in older records). */
  nonFinite?: ('parameters' | 'activations' | 'cost')[];
  explanations?: string[];
  durationMs?: number;
  config: RunResult['config'] & Record<string, unknown>;
  provenance?: { nnlab?: string; node?: string; gitCommit?: string | null; createdAt?: string };
}

const pct = (v: number): string => (Number.isFinite(v) ? accuracyPercent(v) : 'some outputs are nan');
const costOf = (v: number | string): number => (typeof v === 'number' ? v : costsOf([{ iteration: 0, cost: v }])[0]!.cost);
const NON_FINITE = { parameters: 'the trained parameters', activations: 'the activations they give', cost: 'the final cost' } as const;

/** The final cost cards: without dropout (as the network predicts) and, with dropout, under a mask too. */
function costCards(r: RunResultJson): string {
  const when = r.config.iterations === 0 ? 'no update ran: the initial parameters' : 'after the last update';
  const shown = (v: number): [string, string] => [esc(num(v)), Number.isFinite(v) ? '' : 'bad'];
  if (r.finalCostWithDropout === undefined || r.finalCostWithDropout === null) return card(`final cost (${when})`, ...shown(costOf(r.finalCost)));
  return card(`final cost without dropout, as the network predicts (${when})`, ...shown(costOf(r.finalCost))) +
    card('final cost with dropout, under the mask the costs use', ...shown(costOf(r.finalCostWithDropout)));
}

/** What diverged, as the record says; older records say only that something did. */
function divergedText(r: RunResultJson): string {
  const what = r.nonFinite && r.nonFinite.length > 0
    ? `${listed(r.nonFinite.map((n) => NON_FINITE[n]))} ${r.nonFinite.length === 1 && r.nonFinite[0] === 'cost' ? 'is' : 'are'} inf or nan`
    : 'the trained parameters, their activations or the final cost are inf or nan';
  return `<p class="bad">Training diverged: ${what}.</p>`;
}
const value = (v: unknown): string => (typeof v === 'number' ? settingText(v) : Array.isArray(v) ? v.join(',') : v === null ? '—' : String(v));

function card(k: string, v: string, cls = ''): string {
  return `<div class="card"><div class="k">${esc(k)}</div><div class="v ${cls}">${v}</div></div>`;
}

/** A setting's name as its flag spells it (keep-prob), or as result.json does for any other. */
const settingName = (k: string): string => ((SETTING_KEYS as string[]).includes(k) ? flagOf(k as SettingKey).replace(/^--/, '') : k);

/**
 * A generated dataset's samples, noise and data seed as the run drew them: the dataset's own where the
 * config holds null, said as such; for other datasets they do not apply.
 */
function drawnWith(c: RunResultJson['config'], k: 'samples' | 'noise' | 'dataSeed'): string {
  const g = datasetSpec(c.dataset)?.generated;
  if (!g) return '— (not a generated dataset)';
  const overrides = { samples: c.samples ?? undefined, noise: c.noise ?? undefined, seed: c.dataSeed ?? undefined };
  const [train, test] = [splitOptions(g, 'train', overrides), splitOptions(g, 'test', overrides)];
  const own = c[k] === null || c[k] === undefined ? " (the dataset's own)" : '';
  if (k === 'samples') return `${train.samples} train, ${test.samples} test${own}`;
  if (k === 'noise') return `${settingText(train.noise)}${own}`;
  return `${train.seed} (train), ${test.seed} (test)${own}`;
}

/** The settings, every one of them, named by their flags; a generated dataset's options as drawn. */
function settings(r: RunResultJson): string {
  const shown = (k: string, v: unknown): string => (k === 'samples' || k === 'noise' || k === 'dataSeed' ? drawnWith(r.config, k) : value(v));
  return rows(Object.entries(r.config).map(([k, v]) => [settingName(k), `<code>${esc(shown(k, v))}</code>`]));
}

/** The provenance table; `more`: rows of the same table after it (a sweep's run count), so that they line up. */
export function provenanceRows(p: RunResultJson['provenance'], builder: Builder, more: readonly (readonly [string, string])[] = []): string {
  const commit = (c: string | null | undefined): string => (c ? ` (commit <code>${esc(c.slice(0, 12))}</code>)` : '');
  return rows([
    ['run by', `nnlab ${esc(p?.nnlab ?? 'unknown')}${commit(p?.gitCommit)} on Node ${esc(p?.node ?? 'unknown')}`],
    ['run at', esc(p?.createdAt ?? 'unknown')],
    ['page built by', `nnlab ${esc(builder.nnlab)}${commit(builder.gitCommit)}, from this record's files alone`],
    ...more,
  ]);
}

function costSection(r: RunResultJson, svgs: { linear: string; log: string }, stages: readonly number[]): string {
  const costs = costsOf(r.costs);
  const reported = costs.map((c) => `<tr><td class="num">${esc(String(c.iteration))}</td><td class="num">${esc(num(c.cost))}</td></tr>`).join('');
  const last = stages.length > 0 ? stages.length - 1 : -1;
  const dense = r.curve !== undefined && r.curve.length > 0;
  return `<h2>Cost</h2>
<div class="controls"><label><input type="radio" name="scale" value="linear" checked> linear</label><label><input type="radio" name="scale" value="log"> log scale</label></div>
<figure id="cost-figure" class="scale-linear"><div class="linear">${last >= 0 ? showStage(svgs.linear, last) : svgs.linear}</div><div class="log">${last >= 0 ? showStage(svgs.log, last) : svgs.log}</div>
<figcaption>${dense
    ? `The cost at ${curveOf(r).length} iterations (the forward pass of that step, before its update), the last one after the final update. `
    : 'The reported costs. '}${r.config.keepProb < 1 ? 'With dropout, each is the cost under that pass\'s dropout mask, as training computes it. ' : ''}${stages.length > 1 ? 'The dashed line marks the stage the boundary below shows.' : ''}</figcaption></figure>
<details><summary>reported costs (every ${esc(String(r.config.printEvery))} iterations)</summary><table class="grid"><tr><th>iteration</th><th>${r.config.keepProb < 1 ? 'cost, with dropout' : 'cost'}</th></tr>${reported}</table></details>`;
}

/** How the stages are spaced, as their iterations show it. */
export function spacing(its: readonly number[]): string {
  const gaps = its.slice(1).map((it, k) => it - its[k]!);
  const listedIts = `iterations ${its.join(', ')}`;
  if (Math.max(...gaps) - Math.min(...gaps) <= 1) return `The stages are evenly spaced: ${listedIts}.`;
  if (gaps.every((g, k) => k === 0 || g >= gaps[k - 1]!)) {
    return `The stages are closer together early in training, where the boundary forms (${gaps[0]} iterations apart at first, ${gaps.at(-1)} at the end): ${listedIts}.`;
  }
  return `The stages are at ${listedIts}.`;
}

function boundarySection(d: BoundaryData, svg: string): string {
  const n = d.stages.length;
  const controls = n > 1
    ? `<div class="controls"><button type="button" id="play">play</button><input type="range" id="stage" min="0" max="${esc(String(n - 1))}" step="1" value="${esc(String(n - 1))}" aria-label="training stage"><output id="stage-label"></output></div>`
    : '';
  const caption = n > 1
    ? `The model's predicted regions at ${esc(String(n))} stages of training (drag the slider or press play): blue where it predicts 1, red where it predicts 0; circles are training points, triangles test points, coloured by their label. ${esc(spacing(d.stages.map((s) => s.iteration)))}`
    : 'The predicted regions of the trained model.';
  return `<h2>Decision boundary</h2>${controls}<figure>${n > 1 ? showStage(svg, n - 1) : svg}<figcaption>${caption}</figcaption></figure>`;
}

/** The label beside the slider, one per stage. */
export function stageLabels(r: RunResultJson, d: BoundaryData): string[] {
  const curve = curveOf(r);
  const shown = (v: number): string => (Number.isFinite(v) ? v.toPrecision(6) : num(v));
  const dropout = r.config.keepProb < 1;
  return d.stages.map((s) => {
    const test = d.test === null ? 'test (= train)' : 'test';
    // The picture and accuracies are the network without dropout: so is the cost beside them, where the
    // record has it; else the training pass's cost, said to be under the dropout mask.
    const at = curve.find((p) => p.iteration === s.iteration);
    const cost = dropout && s.cost !== undefined ? ` · cost without dropout ${shown(s.cost)}`
      : at === undefined ? '' : dropout ? ` · cost with dropout (training pass) ${shown(at.cost)}` : ` · cost ${shown(at.cost)}`;
    return `iteration ${s.iteration} of ${r.config.iterations} · train accuracy ${accuracyPercent(s.accuracy.train)} · ${test} ${accuracyPercent(s.accuracy.test)}${cost}`;
  });
}

/** The boundary section without boundary.json: the record's own boundary.svg if it has one, else why there is none. */
function withoutStages(r: RunResultJson, svg: string | undefined): string {
  if (r.data.features !== 2) return `<h2>Decision boundary</h2><p>Not drawn: the data has ${esc(String(r.data.features))} features, and a boundary is drawn for 2.</p>`;
  if (svg === undefined) return '<h2>Decision boundary</h2><p>Not drawn: this record holds neither boundary.json nor boundary.svg.</p>';
  // Shown as an image, never as markup of the page: an image cannot run scripts or reach the page.
  const src = `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
  return `<h2>Decision boundary</h2><figure><img src="${src}" alt="the record's boundary.svg"><figcaption>The record's boundary.svg, shown as an image as the record holds it: the trained model as drawn when the run was written, not redrawn by this page. This record has no boundary.json (the parameters at stages of training), so the page cannot redraw it or step through training.</figcaption></figure>`;
}

/** d: the record's boundary.json; boundarySvg: its boundary.svg, shown as it is when there is no boundary.json. */
export async function runReportHtml(r: RunResultJson, d: BoundaryData | null, builder: Builder, boundarySvg?: string): Promise<string> {
  const stages = d && d.stages.length > 1 ? d.stages.map((s) => s.iteration) : [];
  const [linear, log, boundary] = await Promise.all([
    renderSvg(costPicture(r, { logScale: false, stages })),
    renderSvg(costPicture(r, { logScale: true, stages })),
    d ? renderSvg(boundaryPicture(r, d, { all: true, cells: 100 })) : Promise.resolve(''),
  ]);
  const onTrain = r.data.testOnTrainingData ? ' <span class="warn">(on the training data: no test set of other points)</span>' : '';
  const sizes = r.data.testOnTrainingData ? `${r.data.train} train, no test set` : `${r.data.train} train / ${r.data.test} test`;
  const body = `<h1>nnlab ${esc(r.command)} · ${esc(r.config.dataset)}</h1>
<p class="sub">${esc(runLabel(r))} · ${esc(sizes)} · layers ${esc(r.config.layers.join(','))} · ${esc(String(r.config.iterations))} iterations</p>
<div class="cards">
${costCards(r)}
${card('train accuracy', `${esc(num(r.accuracy.train))} <small>(${esc(pct(r.accuracy.train))})</small>`)}
${card('test accuracy', `${esc(num(r.accuracy.test))} <small>(${esc(pct(r.accuracy.test))})</small>${onTrain}`)}
</div>
${r.diverged ? divergedText(r) : ''}
${(r.explanations ?? []).map((s) => `<p>→ ${esc(s)}</p>`).join('\n')}
${costSection(r, { linear, log }, stages)}
${d ? boundarySection(d, boundary) : withoutStages(r, boundarySvg)}
<h2>Settings</h2>${settings(r)}
<h2>Provenance</h2>${provenanceRows(r.provenance, builder)}`;
  return page({ title: `nnlab ${r.command} · ${r.config.dataset}`, body, stageInfo: d ? stageLabels(r, d) : [] });
}
