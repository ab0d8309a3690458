// Run records (--out DIR): result.json, costs.csv, cost.svg, model.json, report.html, and for 2-feature
// data boundary.svg and boundary.json. Record → file texts, sealed so that a later --force can tell the
// folder is an untouched nnlab record. The pictures and the report are drawn from the record's own texts,
// as `nnlab report DIR` draws them later.
import type { Dataset } from '../data/dataset.js';
import { modelFileText } from './modelFile.js';
import { num, numpyJson } from '../numpyText.js';
import { sealRecord, type RecordKind } from '../output/seal.js';
import type { ActivationName } from '../nn/activations.js';
import type { Params } from '../nn/params.js';
import { predictProba } from '../nn/predict.js';
import { boundaryGrid, boundsFor, eachPoint, pointsOf } from '../plots/boundary.js';
import type { Bounds, Grid } from '../plots/common.js';
import { renderSvg } from '../plots/render.js';
import { boundaryData, checkBoundaryAgainstRun, parseBoundaryData, type BoundaryData } from '../report/boundaryData.js';
import { MAX_BOUNDARY_PARAMS } from '../limits.js';
import { parameterCount } from '../nn/params.js';
import { boundaryPicture, costPicture } from '../report/pictures.js';
import { runReportHtml, type Builder, type RunResultJson } from '../report/runReport.js';
import { runResultOf, sweepResultOf } from '../report/recordData.js';
import { sweepReportHtml } from '../report/sweepReport.js';
import type { SweepResult } from './sweep.js';
import { RUNS_FILE, type SweepSection } from './sweepRecord.js';
import type { TrainRecord } from './train.js';

export interface Provenance {
  nnlab: string;
  node: string;
  gitCommit: string | null;
  createdAt: string;
}

export const REPORT_FILE = 'report.html';

/** Bytes of activations a decision grid's forward pass may take at a time. */
const GRID_PASS_BYTES = 64 * 2 ** 20;

/**
 * A model's decision regions over the course's plot extent for the named dataset (else the points' ±1).
 * The grid goes through the network in blocks of at most GRID_PASS_BYTES of activations.
 */
export function decisionGrid(params: Params, layers: readonly number[], activation: ActivationName, dataset: string, data: Dataset, resolution: number): { grid: Grid; bounds: Bounds } {
  const bounds = boundsFor(dataset, eachPoint(data));
  const units = layers.slice(1).reduce((a, b) => a + b, 0);
  return { grid: boundaryGrid((X) => predictProba(params, layers, X, activation).data, bounds, resolution, GRID_PASS_BYTES / (8 * units)), bounds };
}

/** What result.json holds, as a reader of the file gets it back. */
const asRead = <T = unknown>(value: object): T => JSON.parse(numpyJson(value)) as T;

/**
 * report.html of a record, from its result (result.json without the marker) and its other files' texts,
 * each checked as untrusted input (a rebuilt report reads files anyone could have sealed); throws
 * RecordDataError naming the first file and field that is not what nnlab writes.
 */
export async function reportHtml(kind: RecordKind, result: object, files: Readonly<Record<string, string>>, builder: Builder): Promise<string> {
  if (kind === 'sweep') return sweepReportHtml(sweepResultOf(asRead(result)), builder);
  const boundary = files['boundary.json'] === undefined ? null : parseBoundaryData(files['boundary.json']);
  const run = runResultOf(asRead(result));
  if (boundary) checkBoundaryAgainstRun(boundary, run);
  return runReportHtml(run, boundary, builder, files['boundary.svg']);
}

export async function runRecordFiles(r: TrainRecord, json: object, meta: Provenance, opts: { logScale: boolean }): Promise<Record<string, string>> {
  const result = { ...json, ...(r.initFrom ? {} : { seed: r.config.seed }), provenance: meta };
  const read = runResultOf(asRead(result));
  const files: Record<string, string> = {
    'costs.csv': [r.config.keepProb < 1 ? 'iteration,cost_with_dropout' : 'iteration,cost', ...r.costs.map((c) => `${c.iteration},${num(c.cost)}`)].join('\n') + '\n',
    'cost.svg': await renderSvg(costPicture(read, { logScale: opts.logScale })),
    'model.json': modelFileText(r, meta.nnlab),
  };
  // The decision boundary is a picture of the plane: only for 2-feature data.
  // A network of more parameters than boundary.json holds keeps boundary.svg alone (its report shows that).
  if (r.data.features === 2) {
    const text = numpyJson(boundaryData(r));
    const fits = parameterCount(r.config.layers) <= MAX_BOUNDARY_PARAMS;
    if (fits) files['boundary.json'] = text;
    // Drawn from the text, as a rebuilt report draws it.
    const d = fits ? parseBoundaryData(text) : { ...asRead<BoundaryData>(boundaryData(r)), activation: r.config.activation };
    files['boundary.svg'] = await renderSvg(boundaryPicture(read, d, { all: false, cells: 160 }));
  }
  files[REPORT_FILE] = await reportHtml('run', result, files, { nnlab: meta.nnlab, gitCommit: meta.gitCommit });
  return sealRecord('run', result, files);
}

const csvCell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Sweep records: result.json, one summary row per variant, every run's reported costs, and the
 * comparison page; with `journal`, the sweep's section of result.json and its run lines (runs.jsonl),
 * which may grow (`lines`: their text, left out for a record written in place; `count`: how many there
 * are in a complete record, which result.json keeps).
 */
export async function sweepRecordFiles(r: SweepResult, json: object, meta: Provenance, journal?: { sweep: SweepSection; lines?: string; count?: number }): Promise<Record<string, string>> {
  // seeds: those whose runs finished, which the figures cover; failed: the seeds that did not, and the
  // first error. A std or interval of one value is undefined: left empty.
  const seeds = (v: SweepResult['variants'][number], failed: boolean): number[] => r.runs.filter((x) => x.variant === v.index && (x.error !== undefined) === failed).map((x) => x.config.seed);
  const failedCell = (v: SweepResult['variants'][number]): string => (v.failed === null ? '' : `seed ${seeds(v, true).join(' ')} failed: ${v.failed}`);
  const blank = (x: number | null | undefined): string => (x === null || x === undefined ? '' : String(x));
  const summary = ['variant,seeds,train_mean,train_std,test_mean,test_std,test_ci95_low,test_ci95_high,final_cost_mean,best,failed',
    ...r.variants.map((v) => [csvCell(v.label), seeds(v, false).join(' '), v.train.mean, blank(v.train.std), v.test.mean, blank(v.test.std), blank(v.test.ci95?.[0]), blank(v.test.ci95?.[1]), num(v.finalCost.mean), v.best, csvCell(failedCell(v))].join(','))];
  const label = new Map(r.variants.map((v) => [v.index, csvCell(v.label)]));
  // with_dropout: the cost is the training pass's, under its dropout mask (keep-prob < 1).
  const costs = ['variant,seed,iteration,cost,with_dropout',
    ...r.runs.flatMap((run) => run.costs.map((c) => [label.get(run.variant)!, run.config.seed, c.iteration, num(c.cost), run.config.keepProb < 1].join(',')))];
  const result = { ...json, ...(journal ? { sweep: journal.sweep } : {}), provenance: meta };
  const files: Record<string, string> = { 'summary.csv': summary.join('\n') + '\n', 'costs.csv': costs.join('\n') + '\n' };
  files[REPORT_FILE] = await reportHtml('sweep', result, files, { nnlab: meta.nnlab, gitCommit: meta.gitCommit });
  return sealRecord('sweep', result, files, journal ? { [RUNS_FILE]: { key: journal.sweep.hash, text: journal.lines, lines: journal.count } } : {});
}
