// Pure typed-array loops on row-major data. Shapes are checked by callers, not here.
// The arithmetic follows numpy's order where it is cheap to do so (dot first, then add the bias).
import { productInto } from './product.js';

/** Z (n×m) = W (n×k) · A (k×m) + b (n×1): each Z[i, j] sums W[i, p]·A[p, j] over p in order from +0 (product.ts), then adds b[i]. */
export function linearInto(Z: Float64Array, W: Float64Array, A: Float64Array, b: Float64Array, n: number, k: number, m: number): void {
  productInto(Z, W, k, 1, A, m, 1, n, m, k);
  for (let i = 0; i < n; i++) {
    const bi = b[i]!;
    for (let j = i * m; j < (i + 1) * m; j++) Z[j]! += bi;
  }
}

export function sigmoidInPlace(Z: Float64Array, len: number): void {
  for (let j = 0; j < len; j++) Z[j] = 1 / (1 + Math.exp(-Z[j]!));
}

/** Inverted dropout: A = A·D / keepProb. */
export function dropoutInPlace(A: Float64Array, D: Uint8Array, keepProb: number, len: number): void {
  for (let j = 0; j < len; j++) A[j] = (A[j]! * D[j]!) / keepProb;
}

/** dW (n×k) = scale · dZ (n×m) · A (k×m)ᵀ + l2 · W: each sum runs over the samples j in order from +0 (product.ts). */
export function weightGradInto(dW: Float64Array, dZ: Float64Array, A: Float64Array, W: Float64Array, scale: number, l2: number, n: number, k: number, m: number): void {
  productInto(dW, dZ, m, 1, A, 1, m, n, k, m);
  const len = n * k;
  if (l2 === 0) for (let q = 0; q < len; q++) dW[q] = scale * dW[q]!;
  else for (let q = 0; q < len; q++) dW[q] = scale * dW[q]! + l2 * W[q]!;
}

/** db (n×1) = scale · Σ_j dZ[i, j] */
export function biasGradInto(db: Float64Array, dZ: Float64Array, scale: number, n: number, m: number): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += dZ[i * m + j]!;
    db[i] = scale * s;
  }
}

/** dA (k×m) = W (n×k)ᵀ · dZ (n×m): each dA[p, j] sums W[i, p]·dZ[i, j] over the units i in order from +0 (product.ts). */
export function backpropInto(dA: Float64Array, W: Float64Array, dZ: Float64Array, n: number, k: number, m: number): void {
  productInto(dA, W, 1, k, dZ, m, 1, k, m, n);
}

/** dA = dA·D/keepProb, in place: dropout's backward, before the activation's. */
export function dropoutBackwardInPlace(dA: Float64Array, D: Uint8Array, keepProb: number, len: number): void {
  for (let j = 0; j < len; j++) dA[j] = (dA[j]! * D[j]!) / keepProb;
}

/** dZ = A - Y for sigmoid output with cross-entropy. */
export function outputGradInto(dZ: Float64Array, A: Float64Array, Y: Float64Array, len: number): void {
  for (let j = 0; j < len; j++) dZ[j] = A[j]! - Y[j]!;
}

/** P = P - lr·dP */
export function sgdInPlace(P: Float64Array, dP: Float64Array, lr: number, len: number): void {
  for (let j = 0; j < len; j++) P[j] = P[j]! - lr * dP[j]!;
}

/** numpy's pairwise summation (8 accumulators, blocks of 128), so reported sums round like np.sum. */
export function pairwiseSum(a: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let s = -0;
    for (let i = 0; i < n; i++) s += a[start + i]!;
    return s;
  }
  if (n <= 128) {
    const r = [a[start]!, a[start + 1]!, a[start + 2]!, a[start + 3]!, a[start + 4]!, a[start + 5]!, a[start + 6]!, a[start + 7]!];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let q = 0; q < 8; q++) r[q]! += a[start + i + q]!;
    let s = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < n; i++) s += a[start + i]!;
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}
