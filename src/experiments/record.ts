// Run records (--out DIR): result.json, costs.csv, cost.svg, model.json, boundary.svg. Pure: record → file texts,
// sealed so that a later --force can tell the folder is an untouched nnlab record.
import type { Dataset } from '../data/dataset.js';
import { modelFileText } from './modelFile.js';
import { num } from '../numpyText.js';
import { sealRecord } from '../output/seal.js';
import type { ActivationName } from '../nn/activations.js';
import type { Params } from '../nn/params.js';
import { predictProba } from '../nn/predict.js';
import { boundaryGrid, boundarySvg, boundsFor, eachPoint, pointsOf } from '../plots/boundary.js';
import { costCurveSvg } from '../plots/costCurve.js';
import type { Bounds, Grid } from '../plots/svgCommon.js';
import type { SweepResult } from './sweep.js';
import { RUNS_FILE, type SweepSection } from './sweepRecord.js';
import { activationLabel, datasetLabel, initLabel, type TrainRecord } from './train.js';

export interface Provenance {
  nnlab: string;
  node: string;
  gitCommit: string | null;
  createdAt: string;
}


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

export function runRecordFiles(r: TrainRecord, json: object, meta: Provenance, opts: { logScale: boolean }): Record<string, string> {
  const title = `${r.command} · ${datasetLabel(r.config)}${activationLabel(r.config)} · init ${initLabel(r.config)}${r.config.lambd > 0 ? ` · λ ${r.config.lambd}` : ''}${r.config.keepProb < 1 ? ` · keep ${r.config.keepProb}` : ''}`;
  // The decision boundary is a picture of the plane: only for 2-feature data.
  const boundary: Record<string, string> = r.data.features === 2
    ? { 'boundary.svg': boundarySvg({ ...decisionGrid(r.params, r.config.layers, r.config.activation, r.config.dataset, r.split.train, 250), points: pointsOf(r.split.train), title: `Decision boundary · ${title}` }) }
    : {};
  return sealRecord('run', { ...json, ...(r.initFrom ? {} : { seed: r.config.seed }), provenance: meta }, {
    'costs.csv': ['iteration,cost', ...r.costs.map((c) => `${c.iteration},${num(c.cost)}`)].join('\n') + '\n',
    'cost.svg': costCurveSvg(r.costs, { title: `Cost · ${title}`, logScale: opts.logScale }),
    'model.json': modelFileText(r, meta.nnlab),
    ...boundary,
  });
}

const csvCell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Sweep records: result.json, one summary row per variant, and every run's reported costs; with
 * `journal`, the sweep's section of result.json and its run lines (runs.jsonl), which may grow.
 */
export function sweepRecordFiles(r: SweepResult, json: object, meta: Provenance, journal?: { sweep: SweepSection; lines: string }): Record<string, string> {
  // failed: the error of a variant with a run that failed (its statistics then cover the runs that finished).
  const summary = ['variant,seeds,train_mean,train_std,test_mean,test_std,test_ci95_low,test_ci95_high,final_cost_mean,best,failed',
    ...r.variants.map((v) => [csvCell(v.label), v.seeds.join(' '), v.train.mean, v.train.std, v.test.mean, v.test.std, v.test.ci95[0], v.test.ci95[1], num(v.finalCost.mean), v.best, csvCell(v.failed ?? '')].join(','))];
  const label = new Map(r.variants.map((v) => [v.index, csvCell(v.label)]));
  const costs = ['variant,seed,iteration,cost',
    ...r.runs.flatMap((run) => run.costs.map((c) => [label.get(run.variant)!, run.config.seed, c.iteration, num(c.cost)].join(',')))];
  return sealRecord('sweep', { ...json, ...(journal ? { sweep: journal.sweep } : {}), provenance: meta }, {
    'summary.csv': summary.join('\n') + '\n',
    'costs.csv': costs.join('\n') + '\n',
  }, journal ? { [RUNS_FILE]: { key: journal.sweep.hash, text: journal.lines } } : {});
}
