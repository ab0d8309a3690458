// Pure typed-array loops on row-major data. Shapes are checked by callers, not here.
// The arithmetic follows numpy's order where it is cheap to do so (dot first, then add the bias).

/** Z (n×m) = W (n×k) · A (k×m) + b (n×1) */
export function linearInto(Z: Float64Array, W: Float64Array, A: Float64Array, b: Float64Array, n: number, k: number, m: number): void {
  for (let i = 0; i < n; i++) {
    const zo = i * m;
    Z.fill(0, zo, zo + m);
    for (let p = 0; p < k; p++) {
      const w = W[i * k + p]!;
      const ao = p * m;
      for (let j = 0; j < m; j++) Z[zo + j]! += w * A[ao + j]!;
    }
    const bi = b[i]!;
    for (let j = 0; j < m; j++) Z[zo + j]! += bi;
  }
}

export function sigmoidInPlace(Z: Float64Array, len: number): void {
  for (let j = 0; j < len; j++) Z[j] = 1 / (1 + Math.exp(-Z[j]!));
}

/** Inverted dropout: A = A·D / keepProb. */
export function dropoutInPlace(A: Float64Array, D: Uint8Array, keepProb: number, len: number): void {
  for (let j = 0; j < len; j++) A[j] = (A[j]! * D[j]!) / keepProb;
}

/** dW (n×k) = scale · dZ (n×m) · A (k×m)ᵀ + l2 · W */
export function weightGradInto(dW: Float64Array, dZ: Float64Array, A: Float64Array, W: Float64Array, scale: number, l2: number, n: number, k: number, m: number): void {
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += dZ[i * m + j]! * A[p * m + j]!;
      dW[i * k + p] = l2 === 0 ? scale * s : scale * s + l2 * W[i * k + p]!;
    }
  }
}

/** db (n×1) = scale · Σ_j dZ[i, j] */
export function biasGradInto(db: Float64Array, dZ: Float64Array, scale: number, n: number, m: number): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += dZ[i * m + j]!;
    db[i] = scale * s;
  }
}

/** dA (k×m) = W (n×k)ᵀ · dZ (n×m) */
export function backpropInto(dA: Float64Array, W: Float64Array, dZ: Float64Array, n: number, k: number, m: number): void {
  dA.fill(0, 0, k * m);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const w = W[i * k + p]!;
      const ao = p * m;
      const zo = i * m;
      for (let j = 0; j < m; j++) dA[ao + j]! += w * dZ[zo + j]!;
    }
  }
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
