// What overflowed when a run diverged, and why. The run is replayed step by step on the TS engine
// (bit-identical to the default engine) until the first inf or NaN appears, measuring the steps that led
// there; then the cause is named from counterfactual replays: the same run with one thing changed (λ = 0,
// dropout off, the inputs or the initial weights rescaled, a tenth of the learning rate). The first
// change that keeps the run finite is the cause, and the warning says what was measured.
import type { Dataset } from '../data/dataset.js';
import { weightGradInto } from '../linalg/kernels.js';
import { scaledNormOf as scaledNorm, scaledRms } from '../linalg/norms.js';
import { createTsEngine, type Engine, type StepSettings } from './engine.js';
import { cloneParams, type Params } from './params.js';
import { createEngine } from './engines.js';

export type DivergenceCause = 'input scale' | 'initial weights' | 'learning rate' | 'lambd' | 'dropout';

/** The change that kept the run finite, and how far the changed run was followed. */
export interface Counterfactual {
  cause: DivergenceCause;
  /** The changed run is finite (parameters, activations, and the cost if the first was) at this iteration. */
  finiteAt: number;
}

export interface Divergence {
  /** From the counterfactual that kept the run finite; else from the measured steps (see `evidence`). */
  cause: DivergenceCause;
  /** The counterfactual behind the cause; null when none kept the run finite and the steps named it. */
  evidence: Counterfactual | null;
  /** The changes replayed, in order, up to the one that kept the run finite (all that apply when none did). */
  tried: DivergenceCause[];
  /** The first step (iteration) that produced an inf or NaN. */
  iteration: number;
  /**
   * Where it appeared first in that step: a layer's activations, the cost (finite outputs saturated at
   * exactly 0 or 1 on the wrong side, so −log(0) = inf, in a run whose first cost was finite), the
   * gradients, or the updated parameters.
   */
  where: 'activations' | 'cost' | 'gradients' | 'parameters';
  /** Layer of the first non-finite activations; null elsewhere. */
  layer: number | null;
  /** Largest |x| over the inputs, and their root mean square. */
  maxInput: number;
  inputRms: number;
  /** Largest |w| over the initial weights, and over the last finite weights before the overflow. */
  maxInitialWeight: number;
  maxWeight: number;
  /** Largest initial weight RMS over the layers, as a multiple of sqrt(2/fan_in). */
  initialWeightRatio: number;
  /**
   * Largest finite steps before the overflow (Frobenius, all layers): the weights' data gradient step
   * lr·‖(1/m)·dZ·Aᵀ‖, the biases' step lr·‖db‖, the weight-decay step lr·‖(λ/m)·W‖.
   */
  gradientStep: number;
  biasStep: number;
  decayStep: number;
  /** lr·λ/m: each step multiplies the weights by 1 − this, before the gradient step. */
  decayFactor: number;
  /** ‖(1/m)·dZ·Aᵀ‖ of the first step. */
  firstGradient: number;
}

const maxAbs = (x: Float64Array): number => x.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
const finite = (x: Float64Array): boolean => x.every(Number.isFinite);
const weightsOf = (p: Params, L: number): Float64Array[] => Array.from({ length: L }, (_, l) => p[`W${l + 1}`]!.data);
/** max that ignores NaN, so one NaN step does not wipe out the steps measured before it. */
const larger = (a: number, b: number): number => (b > a ? b : a);
const rms = (x: Float64Array): number => scaledRms(x);

/** Replays the run; null when no step produces an inf or NaN (or a first inf cost) within `iterations` steps. */
export function diagnoseDivergence(initial: Params, layers: readonly number[], data: Dataset, s: StepSettings, iterations: number): Divergence | null {
  const L = layers.length - 1;
  const engine = createTsEngine(initial, layers, data, s);
  const ws = engine.workspace();
  const l2 = s.lambd / ws.m;
  const measured = {
    maxInput: maxAbs(data.X.data),
    inputRms: rms(data.X.data),
    maxInitialWeight: Math.max(...weightsOf(initial, L).map(maxAbs)),
    initialWeightRatio: Math.max(...weightsOf(initial, L).map((w, l) => rms(w) / Math.sqrt(2 / layers[l]!))),
  };
  let before = engine.params();
  let gradientStep = 0;
  let biasStep = 0;
  let decayStep = 0;
  let firstGradient = NaN;
  let firstCostFinite = true;
  // One step more than the run: the final cost's forward pass counts too.
  for (let i = 0; i <= iterations; i++) {
    const cost = engine.step(true);
    if (i === 0) firstCostFinite = Number.isFinite(cost);
    const bad = ws.A.findIndex((A, l) => l > 0 && !finite(A.data));
    const W = weightsOf(before, L);
    // The two parts of dW apart: the data gradient (1/m)·dZ·Aᵀ recomputed without λ (dW − (λ/m)·W
    // would lose it in rounding once the decay dominates), and the decay (λ/m)·W.
    const g = scaledNorm(W.map((w, l) => {
      const n = layers[l + 1]!;
      const k = layers[l]!;
      const out = new Float64Array(n * k);
      weightGradInto(out, ws.dZ[l + 1]!.data, ws.A[l]!.data, w, 1 / ws.m, 0, n, k, ws.m);
      return out;
    }));
    const d = l2 === 0 ? 0 : scaledNorm(W.map((w) => w.map((v) => l2 * v)));
    const db = scaledNorm(Array.from({ length: L }, (_, l) => ws.grads[`db${l + 1}`]!.data));
    if (i === 0) firstGradient = g;
    const after = engine.params();
    const where = bad > 0 ? 'activations' : firstCostFinite && !Number.isFinite(cost) ? 'cost'
      : !Object.values(ws.grads).every((x) => finite(x.data)) ? 'gradients'
        : !Object.values(after).every((p) => finite(p.data)) ? 'parameters' : null;
    const forward = where === 'activations' || where === 'cost';
    if (!forward) {
      gradientStep = larger(gradientStep, s.lr * g);
      biasStep = larger(biasStep, s.lr * db);
      decayStep = larger(decayStep, s.lr * d);
    }
    // The extra forward pass of the final cost has no update of its own.
    if (where === null || (i === iterations && !forward)) {
      if (i === iterations) return null;
      before = after;
      continue;
    }
    const steps = { gradientStep, biasStep, decayStep, decayFactor: s.lr * l2, firstGradient };
    const { evidence, tried } = counterfactual(initial, layers, data, s, iterations, i, measured.initialWeightRatio);
    const bySteps: DivergenceCause = decayStep > Math.max(gradientStep, biasStep) ? 'lambd' : 'learning rate';
    return {
      cause: evidence?.cause ?? bySteps, evidence, tried, iteration: i, where, layer: where === 'activations' ? bad : null,
      ...measured, maxWeight: Math.max(...W.map(maxAbs)), ...steps,
    };
  }
  return null;
}

/** Whether a run stays finite for `iterations` steps, judged as training judges divergence. */
function staysFinite(initial: Params, layers: readonly number[], data: Dataset, s: StepSettings, iterations: number): boolean {
  const engine: Engine = createEngine(initial, layers, data, s);
  try {
    let first = NaN;
    for (let i = 0; i < iterations; i++) {
      const cost = engine.step(i === 0);
      if (i === 0) first = cost;
    }
    const last = engine.cost();
    const params = engine.params();
    if (!Object.values(params).every((p) => finite(p.data))) return false;
    if (!engine.workspace().A.slice(1).every((A) => finite(A.data))) return false;
    return !(Number.isFinite(first) && !Number.isFinite(last));
  } finally {
    engine.release?.();
  }
}

/**
 * The first change, of those that apply to this run, that keeps it finite up to a horizon of ten times
 * the overflow's iteration (at least 100, at most the run): λ = 0, dropout off, inputs rescaled to RMS 1,
 * initial weights rescaled to RMS sqrt(2/fan_in), a tenth of the learning rate.
 */
function counterfactual(initial: Params, layers: readonly number[], data: Dataset, s: StepSettings, iterations: number, at: number, weightRatio: number): { evidence: Counterfactual | null; tried: DivergenceCause[] } {
  const horizon = Math.min(iterations, Math.max(10 * (at + 1), 100));
  const inputRms = rms(data.X.data);
  const tries: { cause: DivergenceCause; applies: boolean; run: () => boolean }[] = [
    { cause: 'lambd', applies: s.lambd > 0, run: () => staysFinite(initial, layers, data, { ...s, lambd: 0 }, horizon) },
    { cause: 'dropout', applies: s.keepProb < 1, run: () => staysFinite(initial, layers, data, { ...s, keepProb: 1 }, horizon) },
    {
      cause: 'input scale', applies: inputRms > 2,
      run: () => staysFinite(initial, layers, { X: { ...data.X, data: data.X.data.map((v) => v / inputRms) }, Y: data.Y }, s, horizon),
    },
    { cause: 'initial weights', applies: weightRatio > 2, run: () => staysFinite(heScaled(initial, layers), layers, data, s, horizon) },
    { cause: 'learning rate', applies: true, run: () => staysFinite(initial, layers, data, { ...s, lr: s.lr / 10 }, horizon) },
  ];
  const tried: DivergenceCause[] = [];
  for (const t of tries.filter((x) => x.applies)) {
    tried.push(t.cause);
    if (t.run()) return { evidence: { cause: t.cause, finiteAt: horizon }, tried };
  }
  return { evidence: null, tried };
}

/** The initial weights with each layer rescaled to RMS sqrt(2/fan_in) (He's scale); biases as they are. */
function heScaled(initial: Params, layers: readonly number[]): Params {
  const p = cloneParams(initial);
  for (let l = 1; l < layers.length; l++) {
    const w = p[`W${l}`]!.data;
    const r = rms(w);
    if (r > 0 && Number.isFinite(r)) w.set(w.map((v) => (v / r) * Math.sqrt(2 / layers[l - 1]!)));
  }
  return p;
}
