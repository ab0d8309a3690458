// Correctly rounded a·b + c without hardware FMA (Boldo & Melquiond, "Emulation of FMA and
// correctly rounded sums: proved algorithms using rounding to odd", 2008).
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const SPLIT = 134217729; // 2**27 + 1
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE ? 0 : 1;

/** x rounded to odd: x itself if exact, else the neighbour of x (toward err) with an odd last bit. */
function roundToOdd(x: number, err: number): number {
  if (err === 0) return x;
  f64[0] = x;
  if ((u32[LO]! & 1) === 1) return x;
  // Moving away from zero adds one to the bit pattern; toward zero subtracts one.
  const away = (x > 0) === (err > 0);
  const lo = u32[LO]!;
  if (away) {
    u32[LO] = lo + 1;
    if (lo === 0xffffffff) u32[1 - LO]! += 1;
  } else {
    u32[LO] = lo - 1;
    if (lo === 0) u32[1 - LO]! -= 1;
  }
  return f64[0]!;
}

function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, al * bl - (((p - ah * bh) - al * bh) - ah * bl)];
}

function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}

/** Exact fused multiply-add for operands whose products neither overflow nor underflow. */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || !Number.isFinite(c) || p === 0 || Math.abs(p) < 2 ** -900 || Math.abs(p) > 2 ** 900 ||
      Math.abs(a) > 2 ** 900 || Math.abs(b) > 2 ** 900) {
    return fmaSlow(a, b, c);
  }
  const [uh, ul] = twoProduct(a, b);
  const [th, tl] = twoSum(c, uh);
  const [v, ve] = twoSum(tl, ul);
  return th + roundToOdd(v, ve);
}

// Exact rational arithmetic for the ranges where splitting could overflow or lose bits.
function fmaSlow(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || a === 0 || b === 0) return a * b + c;
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  const ep = ea + eb;
  const e = Math.min(ep, ec);
  const sum = (ma * mb << BigInt(ep - e)) + (mc << BigInt(ec - e));
  return bigTimesPow2(sum, e);
}

function decompose(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  f64[0] = x;
  const hi = u32[1 - LO]!;
  const lo = u32[LO]!;
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp !== 0) mant |= 1n << 52n;
  const e = (exp === 0 ? 1 : exp) - 1075;
  return [x < 0 ? -mant : mant, e];
}

/** Round m·2**e to the nearest double, ties to even. */
function bigTimesPow2(m: bigint, e: number): number {
  if (m === 0n) return 0;
  const neg = m < 0n;
  let a = neg ? -m : m;
  const bits = a.toString(2).length;
  // Keep 53 significant bits, or fewer where the result is subnormal.
  let shift = bits - 53;
  if (e + shift < -1074) shift = -1074 - e;
  if (shift > 0) {
    const rem = a & ((1n << BigInt(shift)) - 1n);
    const mid = 1n << BigInt(shift - 1);
    a >>= BigInt(shift);
    if (rem > mid || (rem === mid && (a & 1n) === 1n)) a += 1n;
    e += shift;
  }
  // Two steps, so that neither power of two overflows or underflows on its own.
  const half = Math.trunc(e / 2);
  const r = Number(a) * 2 ** half * 2 ** (e - half);
  return neg ? -r : r;
}
