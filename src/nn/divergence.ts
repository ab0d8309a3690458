// What overflowed when a run diverged, measured by replaying it step by step on the TS engine
// (bit-identical to the default engine) until the first inf or NaN appears.
import type { Dataset } from '../data/dataset.js';
import { weightGradInto } from '../linalg/kernels.js';
import { scaledNormOf as scaledNorm } from '../linalg/norms.js';
import { createTsEngine, type StepSettings } from './engine.js';
import type { Params } from './params.js';

/**
 * What made the numbers overflow:
 * - "input scale" / "initial weights": the very first forward pass overflowed, before any update; the
 *   larger of the two magnitudes (largest |input| against largest |initial weight|) is named;
 * - "learning rate" / "lambd": the updates grew the weights until they overflowed; named after the part
 *   of the updates that was larger over the steps so far, the gradient steps lr·(1/m)·dZ·Aᵀ or the
 *   weight-decay steps lr·(λ/m)·W. Gradient steps that were large because the first gradient was
 *   (‖dW‖ > 1 and further from 1 than lr, in orders of magnitude) name what made it large instead:
 *   the input scale or the initial weights, whichever is larger.
 */
export type DivergenceCause = 'input scale' | 'initial weights' | 'learning rate' | 'lambd';

export interface Divergence {
  cause: DivergenceCause;
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
  /** Largest |x| over the inputs. */
  maxInput: number;
  /** Largest |w| over the initial weights, and over the last finite weights before the overflow. */
  maxInitialWeight: number;
  maxWeight: number;
  /** Largest single gradient step lr·‖dW − (λ/m)·W‖ and weight-decay step lr·‖(λ/m)·W‖ (Frobenius, all layers). */
  gradientStep: number;
  decayStep: number;
  /** lr·λ/m: each step multiplies the weights by 1 − this, before the gradient step. */
  decayFactor: number;
  /** ‖(1/m)·dZ·Aᵀ‖ of the first step. */
  firstGradient: number;
}

const maxAbs = (x: Float64Array): number => x.reduce((a, v) => Math.max(a, Math.abs(v)), 0);

const finite = (x: Float64Array): boolean => x.every(Number.isFinite);
const weightsOf = (p: Params, L: number): Float64Array[] => Array.from({ length: L }, (_, l) => p[`W${l + 1}`]!.data);

/** Replays the run; null when no step produces an inf or NaN (or a first inf cost) within `iterations` steps. */
export function diagnoseDivergence(initial: Params, layers: readonly number[], data: Dataset, s: StepSettings, iterations: number): Divergence | null {
  const L = layers.length - 1;
  const engine = createTsEngine(initial, layers, data, s);
  const ws = engine.workspace();
  const l2 = s.lambd / ws.m;
  const maxInput = maxAbs(data.X.data);
  const maxInitialWeight = Math.max(...weightsOf(initial, L).map(maxAbs));
  let before = engine.params();
  let gradientStep = 0;
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
    if (i === 0) firstGradient = g;
    const after = engine.params();
    const where = bad > 0 ? 'activations' : firstCostFinite && !Number.isFinite(cost) ? 'cost'
      : !Object.values(ws.grads).every((g) => finite(g.data)) ? 'gradients'
        : !Object.values(after).every((p) => finite(p.data)) ? 'parameters' : null;
    const forward = where === 'activations' || where === 'cost';
    if (!forward) {
      gradientStep = Math.max(gradientStep, s.lr * g);
      decayStep = Math.max(decayStep, s.lr * d);
    }
    // The extra forward pass of the final cost has no update of its own.
    if (where === null || (i === iterations && !forward)) {
      if (i === iterations) return null;
      before = after;
      continue;
    }
    const maxWeight = Math.max(...W.map(maxAbs));
    const byData: DivergenceCause = maxInput >= maxInitialWeight ? 'input scale' : 'initial weights';
    const gradientLarge = firstGradient > 1 && Math.abs(Math.log10(firstGradient)) > Math.abs(Math.log10(s.lr));
    const cause: DivergenceCause = i === 0 && forward ? byData
      : decayStep > gradientStep ? 'lambd' : gradientLarge ? byData : 'learning rate';
    return {
      cause, iteration: i, where, layer: where === 'activations' ? bad : null,
      maxInput, maxInitialWeight, maxWeight, gradientStep, decayStep, decayFactor: s.lr * l2, firstGradient,
    };
  }
  return null;
}
