// Norms of float arrays that neither overflow nor underflow in their squares.

/** ‖x‖ (Euclidean) over the entries not skipped, scaled by the largest |x| first; inf or nan when some entry is. */
export function scaledNorm(x: ArrayLike<number>, skip?: ArrayLike<number>): number {
  let top = 0;
  for (let i = 0; i < x.length; i++) {
    if (skip?.[i]) continue;
    const a = Math.abs(x[i]!);
    if (!(a <= top)) top = a; // NaN wins, so a NaN entry gives a NaN norm
  }
  if (top === 0 || !Number.isFinite(top)) return top;
  let s = 0;
  for (let i = 0; i < x.length; i++) if (!skip?.[i]) s += (x[i]! / top) ** 2;
  return top * Math.sqrt(s);
}

/** sqrt(mean(x²)), scaled like scaledNorm and divided before the last multiply: finite for any finite x. */
export function scaledRms(x: ArrayLike<number>): number {
  if (x.length === 0) return 0;
  let top = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]!);
    if (!(a <= top)) top = a;
  }
  if (top === 0 || !Number.isFinite(top)) return top;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! / top) ** 2;
  return top * Math.sqrt(s / x.length);
}

/** ‖x‖ over several arrays together, as one flattened vector. */
export function scaledNormOf(xs: readonly ArrayLike<number>[]): number {
  const flat = new Float64Array(xs.reduce((n, x) => n + x.length, 0));
  let o = 0;
  for (const x of xs) for (let i = 0; i < x.length; i++) flat[o++] = x[i]!;
  return scaledNorm(flat);
}
