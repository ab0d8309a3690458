// The course's cost: -(1/m)·nansum(y·log(a) + (1-y)·log(1-a)) plus the L2 term. May be inf.
// nansum is there for the 0·log(0) terms of saturated outputs; an output that is itself NaN (the
// parameters overflowed) makes the cost NaN instead of silently counting as 0.
import { pairwiseSum } from '../linalg/kernels.js';
import type { Matrix } from '../linalg/matrix.js';
import { weight, type Params } from './params.js';

export function crossEntropy(AL: Matrix, Y: Matrix): number {
  const m = Y.cols;
  const terms = new Float64Array(AL.data.length);
  for (let j = 0; j < terms.length; j++) {
    const a = AL.data[j]!;
    const y = Y.data[j]!;
    const t = -Math.log(a) * y + -Math.log(1 - a) * (1 - y);
    terms[j] = t === t || a !== a ? t : 0; // nansum: a NaN term from 0·inf counts as 0; a NaN output stays NaN
  }
  return (1 / m) * pairwiseSum(terms, 0, terms.length);
}

/** λ/(2m)·Σ‖W_l‖², written (1/m·λ/2)·Σ as the course does. */
export function l2Penalty(params: Params, layers: readonly number[], lambd: number, m: number): number {
  if (lambd === 0) return 0;
  let sum = 0;
  for (let l = 1; l < layers.length; l++) {
    const w = weight(params, l).data;
    const sq = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) sq[i] = w[i]! * w[i]!;
    sum += pairwiseSum(sq, 0, sq.length);
  }
  return ((1 / m) * lambd / 2) * sum;
}
