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
import { boundaryGrid, boundsFor, pointsOf } from '../plots/boundary.js';
import type { Bounds, Grid } from '../plots/common.js';
import { renderSvg } from '../plots/render.js';
import { boundaryData, parseBoundaryData } from '../report/boundaryData.js';
import { boundaryPicture, costPicture } from '../report/pictures.js';
import { runReportHtml, type Builder, type RunResultJson } from '../report/runReport.js';
import { sweepReportHtml, type SweepResultJson } from '../report/sweepReport.js';
import type { SweepResult } from './sweep.js';
import type { TrainRecord } from './train.js';

export interface Provenance {
  nnlab: string;
  node: string;
  gitCommit: string | null;
  createdAt: string;
}

export const REPORT_FILE = 'report.html';

/** A model's decision regions over the course's plot extent for the named dataset (else the points' ±1). */
export function decisionGrid(params: Params, layers: readonly number[], activation: ActivationName, dataset: string, data: Dataset, resolution: number): { grid: Grid; bounds: Bounds } {
  const bounds = boundsFor(dataset, pointsOf(data));
  return { grid: boundaryGrid((X) => predictProba(params, layers, X, activation).data, bounds, resolution), bounds };
}

/** What result.json holds, as a reader of the file gets it back. */
const asRead = <T>(value: object): T => JSON.parse(numpyJson(value)) as T;

/** report.html of a record, from its result (result.json without the marker) and its other files' texts. */
export async function reportHtml(kind: RecordKind, result: object, files: Readonly<Record<string, string>>, builder: Builder): Promise<string> {
  if (kind === 'sweep') return sweepReportHtml(asRead<SweepResultJson>(result), builder);
  const boundary = files['boundary.json'] === undefined ? null : parseBoundaryData(files['boundary.json']);
  return runReportHtml(asRead<RunResultJson>(result), boundary, builder, files['boundary.svg']);
}

export async function runRecordFiles(r: TrainRecord, json: object, meta: Provenance, opts: { logScale: boolean }): Promise<Record<string, string>> {
  const result = { ...json, ...(r.initFrom ? {} : { seed: r.config.seed }), provenance: meta };
  const read = asRead<RunResultJson>(result);
  const files: Record<string, string> = {
    'costs.csv': ['iteration,cost', ...r.costs.map((c) => `${c.iteration},${num(c.cost)}`)].join('\n') + '\n',
    'cost.svg': await renderSvg(costPicture(read, { logScale: opts.logScale })),
    'model.json': modelFileText(r, meta.nnlab),
  };
  // The decision boundary is a picture of the plane: only for 2-feature data.
  if (r.data.features === 2) {
    files['boundary.json'] = numpyJson(boundaryData(r));
    files['boundary.svg'] = await renderSvg(boundaryPicture(read, parseBoundaryData(files['boundary.json']), { all: false, cells: 160 }));
  }
  files[REPORT_FILE] = await reportHtml('run', result, files, { nnlab: meta.nnlab, gitCommit: meta.gitCommit });
  return sealRecord('run', result, files);
}

const csvCell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Sweep records: result.json, one summary row per variant, every run's reported costs, and the comparison page. */
export async function sweepRecordFiles(r: SweepResult, json: object, meta: Provenance): Promise<Record<string, string>> {
  // failed: the error of a variant with a run that failed (its statistics then cover the runs that finished).
  const summary = ['variant,seeds,train_mean,train_std,test_mean,test_std,test_ci95_low,test_ci95_high,final_cost_mean,best,failed',
    ...r.variants.map((v) => [csvCell(v.label), v.seeds.join(' '), v.train.mean, v.train.std, v.test.mean, v.test.std, v.test.ci95[0], v.test.ci95[1], num(v.finalCost.mean), v.best, csvCell(v.failed ?? '')].join(','))];
  const costs = ['variant,seed,iteration,cost',
    ...r.runs.flatMap((run) => run.costs.map((c) => [csvCell(r.variants[run.variant]!.label), run.config.seed, c.iteration, num(c.cost)].join(',')))];
  const result = { ...json, provenance: meta };
  const files: Record<string, string> = { 'summary.csv': summary.join('\n') + '\n', 'costs.csv': costs.join('\n') + '\n' };
  files[REPORT_FILE] = await reportHtml('sweep', result, files, { nnlab: meta.nnlab, gitCommit: meta.gitCommit });
  return sealRecord('sweep', result, files);
}
