// Run records (--out DIR): result.json, costs.csv, cost.svg, boundary.svg. Pure: record → file texts.
import type { Dataset } from '../data/dataset.js';
import { predictProba } from '../nn/predict.js';
import { boundaryGrid, boundarySvg, boundsFor, costCurveSvg, pointsOf, type Grid, type Bounds } from '../plots/svg.js';
import type { TrainRecord } from './train.js';

export interface Provenance {
  nnlab: string;
  node: string;
  gitCommit: string | null;
  createdAt: string;
}

const csvNumber = (v: number): string => (Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf');

/** The model's decision regions over the course's plot extent. */
export function decisionGrid(r: TrainRecord, data: Dataset, resolution: number): { grid: Grid; bounds: Bounds } {
  const bounds = boundsFor(r.config.dataset, pointsOf(data));
  return { grid: boundaryGrid((X) => predictProba(r.params, r.config.layers, X).data, bounds, resolution), bounds };
}

export function runRecordFiles(r: TrainRecord, json: object, meta: Provenance, opts: { logScale: boolean }): Record<string, string> {
  const title = `${r.command} · ${r.config.dataset} · init ${r.config.init}${r.config.lambd > 0 ? ` · λ ${r.config.lambd}` : ''}${r.config.keepProb < 1 ? ` · keep ${r.config.keepProb}` : ''}`;
  const { grid, bounds } = decisionGrid(r, r.split.train, 250);
  return {
    'result.json': JSON.stringify({ ...json, seed: r.config.seed, provenance: meta }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? csvNumber(v) : v), 2) + '\n',
    'costs.csv': ['iteration,cost', ...r.costs.map((c) => `${c.iteration},${csvNumber(c.cost)}`)].join('\n') + '\n',
    'cost.svg': costCurveSvg(r.costs, { title: `Cost · ${title}`, logScale: opts.logScale }),
    'boundary.svg': boundarySvg({ grid, points: pointsOf(r.split.train), bounds, title: `Decision boundary · ${title}` }),
  };
}
