// The signal at the start of a run: how the initial weights spread and saturate each hidden layer's
// activations on the training data. What initialization advice is judged on (experiments/explain.ts).
import type { Matrix } from '../linalg/matrix.js';
import { ACTIVATIONS, saturatedCount, type Activation, type ActivationName } from './activations.js';
import { initialize, type InitName } from './init.js';
import type { Params } from './params.js';
import { forwardInto } from './propagate.js';
import { createWorkspace, type Workspace } from './workspace.js';

export interface LayerSignal {
  layer: number;
  units: number;
  /** Mean, population std and RMS of the layer's activations over all units and examples. */
  mean: number;
  std: number;
  rms: number;
  /**
   * Share of the activations where the activation is saturated, g'(z) below a tenth of its peak (tanh
   * |a| > 0.949, sigmoid a < 0.026 or a > 0.974); null for ReLU and leaky ReLU, which do not saturate.
   */
  saturated: number | null;
}

export interface InitialSignal {
  /** The initialization measured, as a label ("he", "xavier", "he with --scale 1"). */
  init: string;
  /** RMS of the inputs X. */
  inputRms: number;
  /** The hidden layers, in order. */
  layers: LayerSignal[];
}

function moments(x: Float64Array): { mean: number; std: number; rms: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  const mean = s / x.length;
  for (let i = 0; i < x.length; i++) s2 += (x[i]! - mean) ** 2;
  const std = Math.sqrt(s2 / x.length);
  return { mean, std, rms: Math.hypot(mean, std) };
}

/**
 * One forward pass of `params` on X (features × m), without dropout: each hidden layer's activation
 * spread and saturation, as the first step of training sees them before its dropout masks. `ws` is a
 * forward-only workspace for these layers and X (createWorkspace(layers, X, false, false, activation)).
 */
export function measureSignal(init: string, params: Params, ws: Workspace): InitialSignal {
  const { layers } = ws;
  const X = ws.A[0]!;
  forwardInto(ws, params, { lambd: 0, keepProb: 1 });
  const act = ws.activation;
  const out: LayerSignal[] = [];
  for (let l = 1; l < layers.length - 1; l++) {
    const A = ws.A[l]!.data;
    out.push({ layer: l, units: layers[l]!, ...moments(A), saturated: act.signOnly ? null : saturatedCount(act, A) / A.length });
  }
  return { init, inputRms: moments(X.data).rms, layers: out };
}

/**
 * The run's own start, and where the run's init is not one suited to its activation (He for ReLU,
 * Xavier/Glorot for tanh and sigmoid, or any --scale formula), the first suited init's start from the
 * same seed, to compare with. loaded: the parameters came from a model (--init-from), nothing was drawn
 * to compare.
 */
export function initialSignals(
  run: { init: InitName; label: string; custom: boolean; loaded?: boolean; seed: number; activation: ActivationName; layers: readonly number[] },
  initial: Params, X: Matrix,
): { run: InitialSignal; suited: InitialSignal | null } {
  const act: Activation = ACTIVATIONS[run.activation];
  const ws = createWorkspace(run.layers, X, false, false, run.activation);
  const own = measureSignal(run.label, initial, ws);
  if (run.loaded === true || (!run.custom && act.suitedInits.includes(run.init))) return { run: own, suited: null };
  const suited = act.suitedInits[0]!;
  return { run: own, suited: measureSignal(suited, initialize(run.layers, suited, run.seed), ws) };
}
