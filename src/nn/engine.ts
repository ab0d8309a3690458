// A training engine owns the parameters and buffers of one run and advances it one step at a time.
// This is the plain TypeScript engine: the reference that faster engines are tested against.
import type { Dataset } from '../data/dataset.js';
import { sgdInPlace } from '../linalg/kernels.js';
import type { Matrix } from '../linalg/matrix.js';
import type { ActivationName } from './activations.js';
import { crossEntropy, l2Penalty } from './cost.js';
import { maskSource, type DropoutMasks } from './dropout.js';
import { cloneParams, type Grads, type Params } from './params.js';
import { backwardInto, forwardInto, type Regularization } from './propagate.js';
import { createWorkspace, type Workspace } from './workspace.js';

export interface StepSettings {
  lr: number;
  lambd: number;
  keepProb: number;
  dropoutMasks: DropoutMasks;
  /** The hidden layers' activation. */
  activation: ActivationName;
}

export interface Engine {
  /** The engine that runs the steps ('ts', 'wasm', …): the one asked for, or the one it fell back to. */
  readonly name: string;
  /** forward, backward, update; returns the cost of this step's forward pass if asked, else NaN. */
  step(wantCost: boolean): number;
  /** A forward pass and its cost at the current parameters, as the next step(true) would report it; no update. */
  cost(): number;
  /** A copy of the current parameters. */
  params(): Params;
  /** The buffers of the last step (activations, masks, gradients), for inspection; do not modify. */
  workspace(): Workspace;
  /** Done with the engine: its memory may serve the next one (its views must not be used after). */
  release?(): void;
  /** Why this run is not on the engine asked for (e.g. too large for WebAssembly), to tell the user. */
  notice?: string;
}

export function createTsEngine(initial: Params, layers: readonly number[], data: Dataset, s: StepSettings): Engine {
  const params = cloneParams(initial);
  const ws = createWorkspace(layers, data.X, s.keepProb < 1, true, s.activation);
  const reg: Regularization = { lambd: s.lambd, keepProb: s.keepProb, masks: s.keepProb < 1 ? maskSource(s.dropoutMasks) : undefined };
  const names = Object.keys(params);
  const cost = (AL: Matrix): number => crossEntropy(AL, data.Y) + l2Penalty(params, layers, s.lambd, ws.m);
  return {
    name: 'ts',
    step(wantCost) {
      const AL = forwardInto(ws, params, reg);
      const J = wantCost ? cost(AL) : NaN;
      backwardInto(ws, params, data.Y, reg);
      update(params, ws.grads, names, s.lr);
      return J;
    },
    cost: () => cost(forwardInto(ws, params, reg)),
    params: () => cloneParams(params),
    workspace: () => ws,
  };
}

function update(params: Params, grads: Grads, names: readonly string[], lr: number): void {
  for (const k of names) {
    const p = params[k]!;
    sgdInPlace(p.data, grads[`d${k}`]!.data, lr, p.data.length);
  }
}
