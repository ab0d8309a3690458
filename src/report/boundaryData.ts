// boundary.json in a run record: what the boundary pictures are drawn from, so that a report can be rebuilt
// from the record alone. The plot extent, the points (all of them, or every k-th of a large set), and the
// parameters at ~20 iterations with the accuracies they give on the whole training and test sets, and the
// hidden activation that turns those parameters into predictions.
import type { Bounds } from '../plots/common.js';
import { boundsFor, pointsOf } from '../plots/boundary.js';
import { fromRows, toRows } from '../linalg/matrix.js';
import { ACTIVATION_NAMES, type ActivationName } from '../nn/activations.js';
import type { Params } from '../nn/params.js';
import { accuracy, predictProba } from '../nn/predict.js';
import { crossEntropy, l2Penalty } from '../nn/cost.js';
import type { TrainRecord } from '../experiments/train.js';
import { z } from 'zod';
import { shownValue } from '../errors.js';
import { MAX_BOUNDARY_PARAMS } from '../limits.js';
import { boundedJson, checked, count, fraction, layerSizes, numeric, RecordDataError } from './recordData.js';

/** Stages of a run's boundary, besides its start. */
export const STAGES = 20;
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
  /**
   * With dropout: the cost of these parameters on the whole training set without dropout (cross-entropy
   * plus the L2 term), what the picture and accuracies describe; absent without dropout (the curve's cost
   * at the stage is that already) and in records from before it was kept.
   */
  cost?: number;
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
  return Math.max(0, Math.min(STAGES, Math.floor(MAX_BOUNDARY_PARAMS / count) - 1));
}

function pointSet(all: { x1: number; x2: number; y: number }[]): PointSet {
  const every = Math.max(1, Math.ceil(all.length / MAX_POINTS));
  return { n: all.length, every, points: all.filter((_, j) => j % every === 0).map((p) => [p.x1, p.x2, p.y]) };
}

/** The record's boundary data; the run must have 2 features and kept its stages (RunOptions.stages). */
export function boundaryData(r: TrainRecord): BoundaryData {
  const { train, test } = r.split;
  const stages = r.stages.length > 0 ? r.stages : [{ iteration: r.config.iterations, params: r.params }];
  const { layers, activation, keepProb, lambd } = r.config;
  const cost = (p: Params): number => crossEntropy(predictProba(p, layers, train.X, activation), train.Y) + l2Penalty(p, layers, lambd, train.X.cols);
  return {
    bounds: boundsFor(r.config.dataset, pointsOf(train)),
    layers,
    activation,
    stages: stages.map((s) => ({
      iteration: s.iteration,
      accuracy: { train: accuracy(s.params, layers, train, activation), test: accuracy(s.params, layers, test, activation) },
      ...(keepProb < 1 ? { cost: cost(s.params) } : {}),
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

const WHAT = 'boundary data';
/** Numbers and strings a boundary.json may hold: its parameters, two sets of points, and their keys. */
const MAX_VALUES = MAX_BOUNDARY_PARAMS + 2 * 3 * MAX_POINTS + 4096 * (STAGES + 1);

const finite = z.number().finite();
const span = z.tuple([finite, finite]).refine(([lo, hi]) => lo < hi, 'must run from a lower to a higher number');
const pointSetSchema = z.object({
  n: count,
  every: z.number().int().min(1),
  points: z.array(z.tuple([finite, finite, z.union([z.literal(0), z.literal(1)])])).max(MAX_POINTS),
}).refine((s) => s.points.length <= s.n, 'holds more points than its n');
const schema = z.object({
  bounds: z.object({ x1: span, x2: span }),
  layers: layerSizes,
  activation: z.enum(ACTIVATION_NAMES as [ActivationName, ...ActivationName[]]).optional(),
  stages: z.array(z.object({
    iteration: count,
    accuracy: z.object({ train: fraction, test: fraction }),
    cost: numeric.optional(),
    params: z.record(z.string(), z.array(z.array(z.unknown()))),
  })).min(1).max(STAGES + 1),
  train: pointSetSchema,
  test: pointSetSchema.nullable(),
});

/** Cells a picture may split an extent into (the grid is at most a few hundred; far below this). */
const MAX_CELLS = 2 ** 20;

/**
 * Why [lo, hi] cannot be drawn on, or null: its width, and its width over and times MAX_CELLS, must be
 * finite normal numbers (a denormal or infinite cell size breaks the grid and the chart's scales), and at
 * least 2^-30 of its ends' size, so that MAX_CELLS cells still have distinct edges (2^-50 > 2^-52, the
 * float spacing).
 */
function extentProblem([lo, hi]: [number, number]): string | null {
  const w = hi - lo;
  if (!Number.isFinite(w * MAX_CELLS)) return 'its width is too large to split into cells';
  if (w / MAX_CELLS < 2 ** -1022) return 'its width is too small to split into cells';
  if (w < Math.max(Math.abs(lo), Math.abs(hi)) * 2 ** -30) return 'its width is too small beside its ends to split into cells';
  return null;
}

/** The stages' parameters, checked against the layers (W1 … WL, b1 … bL of their shapes, numbers) and in total at most MAX_BOUNDARY_PARAMS. */
function checkParams(d: z.output<typeof schema>): void {
  const fail = (why: string): never => {
    throw new RecordDataError('boundary.json', WHAT, why);
  };
  const { layers } = d;
  if (layers[0] !== 2 || layers.at(-1) !== 1) fail(`layers ${shownValue(layers)} are not a network from 2 features to 1 output`);
  let total = 0;
  for (let l = 1; l < layers.length; l++) total += layers[l]! * (layers[l - 1]! + 1);
  if (total * d.stages.length > MAX_BOUNDARY_PARAMS) fail(`its ${d.stages.length} stages of ${total} parameters are more than the ${MAX_BOUNDARY_PARAMS} nnlab keeps`);
  for (const [k, s] of d.stages.entries()) {
    if (k > 0 && s.iteration <= d.stages[k - 1]!.iteration) fail(`stages[${k}].iteration ${s.iteration} does not come after ${d.stages[k - 1]!.iteration}`);
    const names = Object.keys(s.params);
    if (names.length !== 2 * (layers.length - 1)) fail(`stages[${k}].params holds ${names.length} tensors; layers ${layers.join(',')} have ${2 * (layers.length - 1)}`);
    for (let l = 1; l < layers.length; l++) {
      for (const [name, cols] of [[`W${l}`, layers[l - 1]!], [`b${l}`, 1]] as const) {
        const rows = Object.hasOwn(s.params, name) ? s.params[name]! : fail(`stages[${k}].params has no ${name}`);
        if (rows.length !== layers[l] || rows.some((r) => r.length !== cols)) fail(`stages[${k}].params.${name} is not ${layers[l]}×${cols}`);
        for (const row of rows) {
          for (const x of row) {
            if (typeof x !== 'number' && x !== 'inf' && x !== '-inf' && x !== 'nan') fail(`stages[${k}].params.${name} holds ${shownValue(x)}, not a number`);
          }
        }
      }
    }
  }
  for (const axis of ['x1', 'x2'] as const) {
    const why = extentProblem(d.bounds[axis]);
    if (why) fail(`bounds.${axis} ${shownValue(d.bounds[axis])} is not a plot extent: ${why}`);
  }
  const [w, h] = [d.bounds.x1[1] - d.bounds.x1[0], d.bounds.x2[1] - d.bounds.x2[0]];
  if (Math.max(w / h, h / w) > 100) fail('bounds are not a plot extent (one side more than 100 times the other)');
}

/**
 * boundary.json's text, checked as untrusted input: counted before it is parsed (values, nesting), then
 * every field's type and range, the parameters' shapes against the layers, at most STAGES + 1 stages.
 * Throws RecordDataError naming the first problem.
 */
export function parseBoundaryData(text: string): BoundaryData {
  const d = checked(schema, boundedJson(text, 'boundary.json', WHAT, MAX_VALUES), 'boundary.json', WHAT);
  checkParams(d);
  return { ...d, activation: d.activation ?? 'relu' } as BoundaryData;
}

/**
 * boundary.json against its run's result.json, as the page shows them side by side: no stage after the
 * run's last iteration, and the training points the run counts. Throws RecordDataError naming boundary.json.
 */
export function checkBoundaryAgainstRun(d: BoundaryData, run: { config: { iterations: number }; data: { train: number } }): void {
  const fail = (why: string): never => {
    throw new RecordDataError('boundary.json', WHAT, why);
  };
  const last = d.stages.at(-1)!;
  if (last.iteration > run.config.iterations) fail(`stages[${d.stages.length - 1}].iteration is ${last.iteration}, after the last of result.json's ${run.config.iterations} iterations`);
  if (d.train.n !== run.data.train) fail(`train.n is ${d.train.n} points where result.json's data.train is ${run.data.train}`);
}
