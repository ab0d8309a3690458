import { clone, type Matrix } from '../linalg/matrix.js';

/** Parameters named like the course: W1, b1, W2, b2, ... */
export type Params = Record<string, Matrix>;
/** Gradients: dW1, db1, ... */
export type Grads = Record<string, Matrix>;

export const depth = (layers: readonly number[]): number => layers.length - 1;

/** Parameters of a network with these layer sizes: Σ n_l·(n_{l−1} + 1). */
export function parameterCount(layers: readonly number[]): number {
  let n = 0;
  for (let l = 1; l < layers.length; l++) n += layers[l]! * (layers[l - 1]! + 1);
  return n;
}

/** Parameter names in the course's flattening order: W1, b1, W2, b2, ... */
export function paramNames(layers: readonly number[]): string[] {
  const names: string[] = [];
  for (let l = 1; l < layers.length; l++) names.push(`W${l}`, `b${l}`);
  return names;
}

export function cloneParams(p: Params): Params {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, clone(v)]));
}

export function weight(p: Params, l: number): Matrix {
  const w = p[`W${l}`];
  if (!w) throw new RangeError(`no parameter W${l}`);
  return w;
}

export function bias(p: Params, l: number): Matrix {
  const b = p[`b${l}`];
  if (!b) throw new RangeError(`no parameter b${l}`);
  return b;
}
