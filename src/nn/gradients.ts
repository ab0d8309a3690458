// The course's forward and backward pass once, at given parameters: what a learner's notebook computes
// with backward_propagation(_with_regularization/_with_dropout), to compare with.
import type { Dataset } from '../data/dataset.js';
import { clone } from '../linalg/matrix.js';
import { createTsEngine, type StepSettings } from './engine.js';
import type { Grads, Params } from './params.js';

/**
 * The cost of one training-mode forward pass (with the L2 term for lambd > 0, dropout masks for
 * keepProb < 1: numpy's seed-1 draws, which course and fresh masks share on a first pass) and the
 * gradients dW1, db1, ... of the backward pass after it. The parameters are not changed.
 */
export function gradientsAt(params: Params, layers: readonly number[], data: Dataset, s: Omit<StepSettings, 'lr'>): { cost: number; grads: Grads } {
  const engine = createTsEngine(params, layers, data, { ...s, lr: 0 }); // the engine works on its own copy
  const cost = engine.step(true);
  const grads = Object.fromEntries(Object.entries(engine.workspace().grads).map(([k, g]) => [k, clone(g)]));
  return { cost, grads };
}
