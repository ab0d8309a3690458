// Per-layer measurements at reported iterations, to show why an init or regularizer behaves as it does.
// Pure numbers; the text lives in experiments/explain.ts and cli/render/inspect.ts.
//
// Timing: every number of a snapshot describes the same step, the one whose cost is reported.
// The weights it used are copied before that step runs (beforeReport); activations, masks and
// gradients come from the workspace as that step left them.
import { linearInto } from '../linalg/kernels.js';
import type { Matrix } from '../linalg/matrix.js';
import { ACTIVATIONS, saturatedCount, type Activation, type ActivationName } from './activations.js';
import type { Engine } from './engine.js';
import type { Params } from './params.js';
import { forwardInto } from './propagate.js';
import { createWorkspace } from './workspace.js';
import { INITS, type InitName, type Scale } from './init.js';
import type { TrainHooks } from './train.js';

/** Rows closer than this (max abs difference) count as the same unit. */
export const SAME_UNIT_TOL = 1e-12;
/** Sigmoid outputs this close to 0 or 1 count as saturated. */
export const SATURATION_TOL = 1e-6;

export interface InspectConfig {
  layers: readonly number[];
  init: InitName;
  /** The --scale formula text, if any (RunConfig.scale). */
  scale?: string | null;
  /** That formula evaluated (compileScale), to show its value; without it only the text is shown. */
  scaleValue?: Scale;
  /** The parameters were loaded from this model file (--init-from): no init multiplier applies. */
  initFrom?: string | null;
  lr: number;
  lambd: number;
  keepProb: number;
  /** The hidden layers' activation: tanh and sigmoid layers report their saturated share. */
  activation: ActivationName;
  /** Training labels (1, m): saturation is judged against them. */
  Y: Matrix;
}

export interface InitStats {
  /** e.g. "sqrt(2/fan_in)" */
  formula: string;
  /** The formula with this layer's fans put in, e.g. "sqrt(2/10)". */
  text: string;
  /** Its value, e.g. 0.447; null when a custom formula was given without its value. */
  value: number | null;
}

export interface OutputStats {
  /** Outputs within SATURATION_TOL of 0 or 1. */
  saturated: number;
  saturatedShare: number;
  /** Saturated on the wrong side: a ≥ 1-tol with y = 0, or a ≤ tol with y = 1. */
  confidentlyWrong: number;
  /** Exactly a = 1 with y = 0 or a = 0 with y = 1: each makes −log(0) = inf in the cost. */
  infTerms: number;
}

export interface LayerStats {
  layer: number;
  units: number;
  fanIn: number;
  output: boolean;
  init: InitStats;
  /** Weights the step used: mean, population std (np.std), Frobenius norm, root mean square. */
  weight: { mean: number; std: number; norm: number; rms: number };
  /** A[l] over all units and examples (hidden layers: after dropout, scaled by 1/keepProb). */
  activation: { mean: number; std: number };
  /** Hidden layers with dropout: g(Z[l]) before the mask and its 1/keepProb scaling; null otherwise. */
  beforeDropout: { mean: number; std: number } | null;
  /**
   * Hidden ReLU layers: units whose output is 0 on every example, before dropout (their gradient is 0 too);
   * null for the output layer, for activations whose units cannot die (Activation.canDie), and where W holds inf or nan.
   */
  dead: number | null;
  /** Equivalence classes of rows of W equal up to SAME_UNIT_TOL; null when W holds inf or nan (not counted). */
  distinct: number | null;
  /** ‖dW‖, ‖db‖, and ‖(1/m)·dZ·Aᵀ‖: the data's part of dW, without the weight decay (equal to ‖dW‖ without L2). */
  grad: { dW: number; db: number; data: number };
  /** With L2: ‖(λ/m)·W‖, the weight decay's part of dW; null without L2. */
  decay: { norm: number } | null;
  /** Hidden layers with dropout: the mean of the mask D[l]; null otherwise. */
  kept: number | null;
  /** FNV-1a hash of D[l], to tell whether two reports used the same mask; null where kept is. */
  maskHash: number | null;
  /** The output layer only. */
  saturation: OutputStats | null;
  /**
   * Hidden tanh and sigmoid layers: the share of activations (before dropout) where g'(z) is below a
   * tenth of its peak (activations.ts); null for ReLU, leaky ReLU and the output layer.
   */
  hiddenSaturated: number | null;
}

export interface Snapshot {
  iteration: number;
  /** The hidden layers' activation. */
  activation: ActivationName;
  cost: number;
  /** Examples in the batch. */
  m: number;
  lambd: number;
  keepProb: number;
  layers: LayerStats[];
}

export interface Inspector {
  hooks: TrainHooks;
  snapshots(): Snapshot[];
}

export function createInspector(config: InspectConfig): Inspector {
  const taken: Snapshot[] = [];
  let before: Params | null = null;
  return {
    hooks: {
      beforeReport: (_iteration, engine) => (before = engine.params()),
      onReport: (iteration, engine, cost) => taken.push(inspectStep(engine, before ?? engine.params(), config, iteration, cost)),
    },
    snapshots: () => taken.slice(),
  };
}

/** One reported step: `params` are the parameters it used (before its update), the engine's workspace what it left. */
export function inspectStep(engine: Engine, params: Params, config: InspectConfig, iteration: number, cost: number): Snapshot {
  const ws = engine.workspace();
  const L = config.layers.length - 1;
  const layers: LayerStats[] = [];
  for (let l = 1; l <= L; l++) {
    const W = params[`W${l}`]!;
    const dW = ws.grads[`dW${l}`]!;
    const A = ws.A[l]!;
    const output = l === L;
    const D = ws.D[l];
    const dropout = !output && config.keepProb < 1 && D !== null && D !== undefined;
    // The hidden outputs before dropout, recomputed from the layer's input as the step saw it.
    const g = output ? null : activationOf(ws.activation, W, params[`b${l}`]!, ws.A[l - 1]!, ws.m);
    const { mean, std } = moments(W.data);
    // Weights with inf or nan have no units to count as dead or distinct.
    const finite = W.data.every(Number.isFinite);
    const decay = config.lambd > 0 ? (config.lambd / ws.m) * norm(W.data) : null;
    const data = decay === null ? norm(dW.data) : norm(dW.data.map((v, i) => v - (config.lambd / ws.m) * W.data[i]!));
    layers.push({
      layer: l,
      units: W.rows,
      fanIn: W.cols,
      output,
      init: initStats(config, W.cols, W.rows),
      weight: { mean, std, norm: norm(W.data), rms: norm(W.data) / Math.sqrt(W.data.length) },
      activation: moments(A.data),
      beforeDropout: dropout && g ? moments(g.data) : null,
      dead: g && ws.activation.canDie && finite ? deadUnits(g) : null,
      distinct: finite ? distinctRows(W) : null,
      grad: { dW: norm(dW.data), db: norm(ws.grads[`db${l}`]!.data), data },
      decay: decay === null ? null : { norm: decay },
      kept: dropout ? maskMean(D) : null,
      maskHash: dropout ? fnv1a(D) : null,
      saturation: output ? saturation(A, config.Y) : null,
      hiddenSaturated: output || ws.activation.signOnly ? null : saturatedCount(ws.activation, ws.P[l] ?? A.data) / A.data.length,
    });
  }
  return { iteration, activation: config.activation, cost, m: ws.m, lambd: config.lambd, keepProb: config.keepProb, layers };
}

/** g(W·A + b), (units, m). */
function activationOf(g: Activation, W: Matrix, b: Matrix, A: Matrix, m: number): Matrix {
  const Z = new Float64Array(W.rows * m);
  linearInto(Z, W.data, A.data, b.data, W.rows, W.cols, m);
  g.forward(Z, Z.length);
  return { rows: W.rows, cols: m, data: Z };
}

/** The init's multiplier for one layer, as text with the fans put in and as a value. */
export function initStats(config: Pick<InspectConfig, 'init' | 'scale' | 'scaleValue' | 'initFrom'>, fanIn: number, fanOut: number): InitStats {
  if (config.initFrom) return { formula: 'loaded', text: 'loaded', value: null };
  const custom = config.scale ?? null;
  const spec = INITS[config.init];
  const formula = custom ?? spec.scaleText;
  const text = formula.replace(/\bfan_in\b/g, String(fanIn)).replace(/\bfan_out\b/g, String(fanOut));
  let value: number | null;
  if (custom !== null) value = config.scaleValue ? config.scaleValue(fanIn, fanOut) : null;
  else value = spec.scale ? spec.scale(fanIn, fanOut) : 0;
  return { formula, text, value };
}

export function moments(x: Float64Array): { mean: number; std: number } {
  const n = x.length;
  if (n === 0) return { mean: NaN, std: NaN };
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]!;
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i]! - mean) ** 2; // two passes: no cancellation as in E[x²]−E[x]²
  return { mean, std: Math.sqrt(v / n) };
}

export function norm(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s);
}

/**
 * Rows of W grouped greedily: a row joins the first class whose first row is within tol (max abs
 * difference; NaN never is). Near-linear in the rows: the classes a row may join are looked up by its
 * first value in buckets of a power-of-two width ≥ 2·tol (so exact to compute), where rows within tol
 * of each other land in the same bucket or a neighbouring one; tol must be > 0.
 */
export function distinctRows(W: Matrix, tol = SAME_UNIT_TOL): number {
  const { rows, cols, data } = W;
  if (cols === 0) return Math.min(rows, 1);
  const width = 2 ** Math.ceil(Math.log2(2 * tol));
  const buckets = new Map<number, number[]>();
  const same = (i: number, r: number): boolean => {
    for (let p = 0; p < cols; p++) {
      // `!(d <= tol)` so NaN weights count as different
      if (!(Math.abs(data[i * cols + p]! - data[r * cols + p]!) <= tol)) return false;
    }
    return true;
  };
  let classes = 0;
  for (let i = 0; i < rows; i++) {
    const x = data[i * cols]!;
    // A non-finite first value differs from everything, itself included: a class of its own that no row joins.
    if (!Number.isFinite(x)) {
      classes++;
      continue;
    }
    const b = Math.floor(x / width);
    let first = -1;
    for (const k of Number.isFinite(b) ? [b - 1, b, b + 1] : [b]) {
      for (const r of buckets.get(k) ?? []) {
        if (first >= 0 && r > first) break;
        if (same(i, r)) {
          first = r;
          break;
        }
      }
    }
    if (first < 0) {
      classes++;
      const list = buckets.get(b);
      if (list) list.push(i);
      else buckets.set(b, [i]);
    }
  }
  return classes;
}

function deadUnits(A: Matrix): number {
  let dead = 0;
  for (let i = 0; i < A.rows; i++) {
    let alive = false;
    for (let j = 0; j < A.cols && !alive; j++) alive = A.data[i * A.cols + j] !== 0;
    if (!alive) dead++;
  }
  return dead;
}

function maskMean(D: Uint8Array): number {
  let kept = 0;
  for (let i = 0; i < D.length; i++) kept += D[i]!;
  return kept / D.length;
}

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

function saturation(A: Matrix, Y: Matrix): OutputStats {
  let saturated = 0;
  let confidentlyWrong = 0;
  let infTerms = 0;
  for (let j = 0; j < A.data.length; j++) {
    const a = A.data[j]!;
    const y = Y.data[j]!;
    const high = a >= 1 - SATURATION_TOL;
    const low = a <= SATURATION_TOL;
    if (!high && !low) continue;
    saturated++;
    if ((high && y === 0) || (low && y === 1)) confidentlyWrong++;
    if ((a === 1 && y === 0) || (a === 0 && y === 1)) infTerms++;
  }
  return { saturated, saturatedShare: saturated / A.data.length, confidentlyWrong, infTerms };
}

/** Every field at full precision, for --json; non-finite numbers are left to the JSON writer. */
export function inspectJson(snapshots: readonly Snapshot[]): { snapshots: Snapshot[] } {
  return { snapshots: snapshots.map((s) => structuredClone(s)) };
}

/** What one forward pass without dropout shows: the output's saturation and each hidden layer's dead units. */
export interface ForwardStats {
  saturation: OutputStats;
  /** Per hidden ReLU layer, units 0 on every example; null where the activation's units cannot die (Activation.canDie). */
  dead: number[] | null;
  /** Per hidden layer, whether its output is 0 on every example. */
  allZero: boolean[];
}

/** Measured from parameters alone (e.g. the initial or the trained ones), so it holds with or without --inspect. */
export function forwardStats(params: Params, layers: readonly number[], X: Matrix, Y: Matrix, activation: ActivationName): ForwardStats {
  const ws = createWorkspace(layers, X, false, false, activation);
  const AL = forwardInto(ws, params, { lambd: 0, keepProb: 1 });
  const hidden = ws.A.slice(1, -1);
  return {
    saturation: saturation(AL, Y),
    dead: ACTIVATIONS[activation].canDie ? hidden.map(deadUnits) : null,
    allZero: hidden.map((A) => A.data.every((v) => v === 0)),
  };
}
