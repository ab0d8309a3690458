// The matrix product under the three products of a training step (W·A, dZ·Aᵀ, Wᵀ·dZ), blocked for the
// caches and registers without changing any result bit.
//
// Summation order (the contract every engine keeps): each output C[i, c] is one accumulator that starts
// at +0 and adds X[i, s]·B[s, c] for s = 0, 1, …, inner−1 in that order, one rounding per multiply and
// per add (no fused multiply-add, no reassociation, no partial sums combined). Blocking only changes
// which outputs are worked on when: between blocks of s the partial sum is stored in C and reloaded.

/** Outputs per register tile: 2 rows × 4 columns, 8 independent accumulators. */
const TILE_ROWS = 2;
const TILE_COLS = 4;
/** Doubles of B worked on per block (inner block × column strip): 128 KiB, well inside L2. */
const B_BLOCK = 16384;
/** Inner block at most this long: the X values a row pair reads over it (8 KiB when contiguous) stay in L1. */
const MAX_INNER_BLOCK = 512;

/**
 * C (rows×cols, row-major) = X·B, with X[i, s] at X[i·xr + s·xs] and B[s, c] at B[s·bs + c·bc], so that
 * the strides read W·A (X = W: k, 1; B = A: m, 1), Wᵀ·dZ (X = W: 1, k; B = dZ: m, 1) and dZ·Aᵀ
 * (X = dZ: m, 1; B = A: 1, m) straight from row-major buffers. Summation order: see the top of this file.
 * C must not overlap X or B.
 */
export function productInto(
  C: Float64Array, X: Float64Array, xr: number, xs: number, B: Float64Array, bs: number, bc: number,
  rows: number, cols: number, inner: number,
): void {
  if (inner === 0) {
    C.fill(0, 0, rows * cols);
    return;
  }
  const sBlock = Math.max(1, Math.min(inner, MAX_INNER_BLOCK));
  const cBlock = Math.max(TILE_COLS, Math.floor(B_BLOCK / sBlock / TILE_COLS) * TILE_COLS);
  for (let c0 = 0; c0 < cols; c0 += cBlock) {
    const c1 = Math.min(cols, c0 + cBlock);
    for (let s0 = 0; s0 < inner; s0 += sBlock) {
      const s1 = Math.min(inner, s0 + sBlock);
      const resume = s0 > 0;
      let i = 0;
      for (; i + TILE_ROWS <= rows; i += TILE_ROWS) {
        let c = c0;
        for (; c + TILE_COLS <= c1; c += TILE_COLS) tile2x4(C, X, xr, xs, B, bs, bc, cols, i, c, s0, s1, resume);
        for (; c < c1; c++) {
          tile1(C, X, xr, xs, B, bs, bc, cols, i, c, s0, s1, resume);
          tile1(C, X, xr, xs, B, bs, bc, cols, i + 1, c, s0, s1, resume);
        }
      }
      for (; i < rows; i++) for (let c = c0; c < c1; c++) tile1(C, X, xr, xs, B, bs, bc, cols, i, c, s0, s1, resume);
    }
  }
}

/** C[i..i+1, c..c+3] over s in [s0, s1), from +0 or (resume) from the partial sums in C. */
function tile2x4(
  C: Float64Array, X: Float64Array, xr: number, xs: number, B: Float64Array, bs: number, bc: number,
  cols: number, i: number, c: number, s0: number, s1: number, resume: boolean,
): void {
  const o0 = i * cols + c;
  const o1 = o0 + cols;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  if (resume) {
    c00 = C[o0]!; c01 = C[o0 + 1]!; c02 = C[o0 + 2]!; c03 = C[o0 + 3]!;
    c10 = C[o1]!; c11 = C[o1 + 1]!; c12 = C[o1 + 2]!; c13 = C[o1 + 3]!;
  }
  let x0 = i * xr + s0 * xs;
  let x1 = x0 + xr;
  let b = s0 * bs + c * bc;
  for (let s = s0; s < s1; s++) {
    const w0 = X[x0]!;
    const w1 = X[x1]!;
    const a0 = B[b]!;
    const a1 = B[b + bc]!;
    const a2 = B[b + 2 * bc]!;
    const a3 = B[b + 3 * bc]!;
    c00 += w0 * a0; c01 += w0 * a1; c02 += w0 * a2; c03 += w0 * a3;
    c10 += w1 * a0; c11 += w1 * a1; c12 += w1 * a2; c13 += w1 * a3;
    x0 += xs;
    x1 += xs;
    b += bs;
  }
  C[o0] = c00; C[o0 + 1] = c01; C[o0 + 2] = c02; C[o0 + 3] = c03;
  C[o1] = c10; C[o1 + 1] = c11; C[o1 + 2] = c12; C[o1 + 3] = c13;
}

/** C[i, c] over s in [s0, s1), as tile2x4 for one output. */
function tile1(
  C: Float64Array, X: Float64Array, xr: number, xs: number, B: Float64Array, bs: number, bc: number,
  cols: number, i: number, c: number, s0: number, s1: number, resume: boolean,
): void {
  const o = i * cols + c;
  let acc = resume ? C[o]! : 0;
  let x = i * xr + s0 * xs;
  let b = s0 * bs + c * bc;
  for (let s = s0; s < s1; s++) {
    acc += X[x]! * B[b]!;
    x += xs;
    b += bs;
  }
  C[o] = acc;
}
