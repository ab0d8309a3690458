// The pictures of a run record, from the record's own data (result.json and boundary.json), so that the
// files written with the run and a report rebuilt later draw the same thing.
import type { Spec } from 'vega';
import { activationLabel, datasetLabel, initLabel } from '../experiments/train.js';
import type { CostPoint } from '../nn/train.js';
import { predictProba } from '../nn/predict.js';
import { boundaryGrid, squareCells } from '../plots/boundary.js';
import { boundarySpec } from '../plots/boundarySpec.js';
import { costCurveSpec } from '../plots/costCurve.js';
import { stageParams, type BoundaryData, type PointSet } from './boundaryData.js';

/** What the pictures read from a run's result.json. */
export interface RunResult {
  command: string;
  config: {
    dataset: string; layers: number[]; init: string; scale: string | null; initFrom?: string | null; lambd: number; keepProb: number; iterations: number; printEvery: number;
    /** Absent in records written before these settings existed: ReLU, and the dataset's own generator options. */
    activation?: string; samples?: number | null; noise?: number | null; dataSeed?: number | null;
  };
  costs: CostPoint[];
  /** Absent in records written before the curve was recorded: the reported costs stand in. */
  curve?: CostPoint[];
}

/** "regularize · football · init xavier · keep 0.86", "train · moons with noise 0.3 · tanh · init xavier": what every picture of the run is titled with. */
export function runLabel(r: RunResult): string {
  const c = r.config;
  const data = datasetLabel({ dataset: c.dataset, samples: c.samples ?? null, noise: c.noise ?? null, dataSeed: c.dataSeed ?? null });
  return [r.command, data + activationLabel({ activation: c.activation ?? 'relu' }), `init ${initLabel(c)}`, ...(c.lambd > 0 ? [`λ ${c.lambd}`] : []), ...(c.keepProb < 1 ? [`keep ${c.keepProb}`] : [])].join(' · ');
}

/** numpyJson spells non-finite costs "inf", "-inf", "nan"; back to numbers. */
export const costsOf = (points: readonly { iteration: number; cost: number | string }[]): CostPoint[] =>
  points.map((p) => ({ iteration: p.iteration, cost: typeof p.cost === 'number' ? p.cost : p.cost === 'inf' ? Infinity : p.cost === '-inf' ? -Infinity : NaN }));

/** The drawn curve, or for an older record its reported costs. */
export const curveOf = (r: RunResult): CostPoint[] => costsOf(r.curve && r.curve.length > 0 ? r.curve : r.costs);

export function costPicture(r: RunResult, opts: { logScale: boolean; stages?: readonly number[] }): Spec {
  const dense = r.curve !== undefined && r.curve.length > 0;
  const points = curveOf(r);
  const what = dense ? `${points.length} costs, every ${points.length > 1 ? points[1]!.iteration - points[0]!.iteration : 1} iterations and the final one` : `the ${points.length} reported costs`;
  return costCurveSpec([{ name: 'cost', points }], {
    title: 'Cost', subtitle: `${runLabel(r)} · ${what}`, logScale: opts.logScale, stages: opts.stages,
    ...(r.config.keepProb < 1 ? { costTitle: 'cost, with dropout' } : {}),
  });
}

const labelled = (s: PointSet) => s.points.map(([x1, x2, y]) => ({ x1, x2, y }));
const note = (s: PointSet): string | undefined => (s.every > 1 ? `${s.points.length} of ${s.n}, one in ${s.every}` : undefined);

/**
 * The decision boundary: the trained model's (the last stage), or every stage as its own mark for a page
 * to step through. `cells` grid cells along the longer side.
 */
export function boundaryPicture(r: RunResult, d: BoundaryData, opts: { all: boolean; cells: number }): Spec {
  const stages = opts.all ? d.stages : d.stages.slice(-1);
  const cells = squareCells(d.bounds, opts.cells);
  const onTrain = d.test === null ? ' (no test set: the test figures are on the training data)' : '';
  return boundarySpec({
    bounds: d.bounds,
    stages: stages.map((s) => ({ iteration: s.iteration, grid: boundaryGrid((X) => predictProba(stageParams(s), d.layers, X, d.activation).data, d.bounds, cells) })),
    train: labelled(d.train),
    ...(d.test ? { test: labelled(d.test) } : {}),
    pointsNote: { train: note(d.train), ...(d.test ? { test: note(d.test) } : {}) },
    title: opts.all ? 'Decision boundary during training' : 'Decision boundary',
    subtitle: opts.all
      ? `${runLabel(r)} · ${stages.length} stages, iterations ${stages[0]!.iteration} to ${stages.at(-1)!.iteration}${onTrain}`
      : `${runLabel(r)} · after ${stages.at(-1)!.iteration} of ${r.config.iterations} iterations${onTrain}`,
  });
}
