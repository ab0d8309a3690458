// boundary.json in a run record: what the boundary pictures are drawn from, so that a report can be rebuilt
// from the record alone. The plot extent, the points (all of them, or every k-th of a large set), and the
// parameters at ~20 iterations with the accuracies they give on the whole training and test sets, and the
// hidden activation that turns those parameters into predictions.
import type { Bounds } from '../plots/common.js';
import { boundsFor, pointsOf } from '../plots/boundary.js';
import { fromRows, toRows } from '../linalg/matrix.js';
import { isActivationName, type ActivationName } from '../nn/activations.js';
import type { Params } from '../nn/params.js';
import { accuracy } from '../nn/predict.js';
import type { TrainRecord } from '../experiments/train.js';

/** Stages of a run's boundary, besides its start. */
export const STAGES = 20;
/** Parameters (numbers) all stages together may hold; larger networks keep fewer stages (~20 MB of JSON). */
const STAGE_BUDGET = 1_000_000;
/** Points per set drawn at most; a larger set is drawn as every k-th point. */
export const MAX_POINTS = 2000;

export interface PointSet {
  /** Examples in the set. */
  n: number;
  /** Every `every`-th example is drawn (1: all). */
  every: number;
  /** [x1, x2, y] of the drawn examples. */
  points: [number, number, number][];
}

export interface StageData {
  iteration: number;
  accuracy: { train: number; test: number };
  /** W1, b1, ... as nested row lists. */
  params: Record<string, number[][]>;
}

export interface BoundaryData {
  bounds: Bounds;
  layers: number[];
  /** The hidden layers' activation (records from before activations were chosen hold none: ReLU). */
  activation: ActivationName;
  stages: StageData[];
  train: PointSet;
  /** null: the run had no test set of its own (its test figures are on the training data). */
  test: PointSet | null;
}

/** How many stages besides the start a run of these layers keeps, within the budget (0: only the trained model). */
export function stagesFor(layers: readonly number[]): number {
  let count = 0;
  for (let l = 1; l < layers.length; l++) count += layers[l]! * (layers[l - 1]! + 1);
  return Math.max(0, Math.min(STAGES, Math.floor(STAGE_BUDGET / count) - 1));
}

function pointSet(all: { x1: number; x2: number; y: number }[]): PointSet {
  const every = Math.max(1, Math.ceil(all.length / MAX_POINTS));
  return { n: all.length, every, points: all.filter((_, j) => j % every === 0).map((p) => [p.x1, p.x2, p.y]) };
}

/** The record's boundary data; the run must have 2 features and kept its stages (RunOptions.stages). */
export function boundaryData(r: TrainRecord): BoundaryData {
  const { train, test } = r.split;
  const stages = r.stages.length > 0 ? r.stages : [{ iteration: r.config.iterations, params: r.params }];
  const { layers, activation } = r.config;
  return {
    bounds: boundsFor(r.config.dataset, pointsOf(train)),
    layers,
    activation,
    stages: stages.map((s) => ({
      iteration: s.iteration,
      accuracy: { train: accuracy(s.params, layers, train, activation), test: accuracy(s.params, layers, test, activation) },
      params: Object.fromEntries(Object.entries(s.params).map(([k, m]) => [k, toRows(m)])),
    })),
    train: pointSet(pointsOf(train)),
    test: r.data.testOnTrainingData ? null : pointSet(pointsOf(test)),
  };
}

/** numpyJson spells non-finite numbers "inf", "-inf", "nan"; back to numbers. */
const numberOf = (v: unknown): number => (typeof v === 'number' ? v : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : NaN);

/** A stage's parameters as matrices. */
export function stageParams(s: StageData): Params {
  return Object.fromEntries(Object.entries(s.params).map(([k, rows]) => [k, fromRows(rows.map((row) => row.map(numberOf)))]));
}

/** boundary.json's text, parsed; throws (a SyntaxError or TypeError) if it is not boundary data. */
export function parseBoundaryData(text: string): BoundaryData {
  const d = JSON.parse(text) as Omit<BoundaryData, 'activation'> & { activation?: unknown };
  const ok = typeof d === 'object' && d !== null && Array.isArray(d.layers) && Array.isArray(d.stages) && d.stages.length > 0 &&
    Array.isArray(d.bounds?.x1) && Array.isArray(d.bounds?.x2) && Array.isArray(d.train?.points) &&
    (d.activation === undefined || (typeof d.activation === 'string' && isActivationName(d.activation)));
  if (!ok) throw new TypeError('not boundary data');
  return { ...d, activation: (d.activation as ActivationName | undefined) ?? 'relu' };
}
