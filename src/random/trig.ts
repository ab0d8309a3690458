// sin and cos, operation for operation as glibc's FMA build (__sin_fma/__cos_fma) computes them.
// numpy's sin/cos call it; Math.sin/Math.cos differ in the last bit for a few percent of inputs,
// which would change generated datasets (make_circles).
import { fma } from './fma.js';
import {
  BIG, BIG1, CS2, CS4, CS6, HP0, HP1, HPINV, MP1, MP2, MP2_BR, PP3, PP4, S1, S2, S3, S4, S5, SINCOSTAB as TAB, SMALL,
  SN3, SN5, SPLIT, TOINT, TOVERP,
} from './trigData.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const lowWord = (x: number): number => ((f64[0] = x), u32[LO]!);
const highWord = (x: number): number => ((f64[0] = x), u32[1 - LO]! & 0x7fffffff);
const copySign = (m: number, s: number): number => (Object.is(s, -0) || s < 0 ? -Math.abs(m) : Math.abs(m));

/** sin(x + dx) for |x| < 0.126: Taylor series. */
function taylorSin(x: number, dx: number): number {
  const xx = x * x;
  let p = fma(xx, S5, S4);
  p = fma(xx, p, S3);
  p = fma(xx, p, S2);
  p = fma(xx, p, S1);
  return x + fma(xx, fma(p, x, -(0.5 * dx)), dx);
}

/** sin(x + dx): table value at the nearest multiple of 1/128 plus a short series for the rest. */
function doSin(x: number, dx: number): number {
  if (Math.abs(x) < SMALL) return taylorSin(x, dx);
  if (x <= 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  const k = lowWord(u) << 2;
  const r = ax - (u - BIG);
  const rr = r * r;
  const s = r + fma(r * rr, fma(rr, SN5, SN3), dx);
  const c = fma(r, dx, rr * fma(rr, fma(rr, CS6, CS4), CS2));
  const cor = fma(s, TAB[k + 2]!, fma(-c, TAB[k]!, fma(s, TAB[k + 3]!, TAB[k + 1]!)));
  return copySign(TAB[k]! + cor, x);
}

/** cos(x + dx), same table. */
function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  const k = lowWord(u) << 2;
  const r = ax - (u - BIG) + dx;
  const rr = r * r;
  const s = fma(r * rr, fma(rr, SN5, SN3), r);
  const c = rr * fma(rr, fma(rr, CS6, CS4), CS2);
  const cor = fma(-s, TAB[k]!, fma(-c, TAB[k + 2]!, fma(-s, TAB[k + 1]!, TAB[k + 3]!)));
  return TAB[k + 2]! + cor;
}

/** x = n·π/2 + a + da with |a| ≤ π/4, for |x| < 105414350. */
function reduce(x: number): [number, number, number] {
  const t = fma(x, HPINV, TOINT);
  const xn = t - TOINT;
  const n = lowWord(t) & 3;
  const y = fma(-xn, MP2, fma(-xn, MP1, x));
  const t2 = fma(-xn, PP3, y);
  const db = fma(-xn, PP3, y - t2);
  const b = fma(-xn, PP4, t2);
  return [n, b, db + fma(-xn, PP4, t2 - b)];
}

/** One half of __branred: x·2/π as an integer part mod 4 plus a double-double fraction. */
function branredPart(x: number): [number, number, number] {
  const k = Math.max(0, Math.trunc((((highWord(x) >>> 20) & 2047) - 450) / 24));
  let gor = 2 ** (576 - 24 * k);
  const r: number[] = [];
  for (let i = 0; i < 6; i++) {
    r.push(x * TOVERP[k + i]! * gor);
    gor *= 2 ** -24;
  }
  let sum = 0;
  for (let i = 0; i < 3; i++) {
    const s = r[i]! + TOINT - TOINT;
    sum += s;
    r[i] = r[i]! - s;
  }
  let t = 0;
  for (let i = 5; i >= 0; i--) t += r[i]!;
  let bb = r[0]! - t + r[1]! + r[2]! + r[3]! + r[4]! + r[5]!;
  const s = t + TOINT - TOINT;
  sum += s;
  t -= s;
  const b = t + bb;
  bb = t - b + bb;
  return [sum - (sum + BIG1 - BIG1), b, bb];
}

// glibc's __branred, for |x| ≥ 105414350 (2/π to ~1800 bits). libm builds it without FMA, so this is
// plain arithmetic in C's order.
function branred(x: number): [number, number, number] {
  x *= 2 ** -600;
  const t0 = x * SPLIT;
  const x1 = t0 - (t0 - x);
  const [sum1, b1, bb1] = branredPart(x1);
  const [sum2, b2, bb2] = branredPart(x - x1);
  let sum = sum1 + sum2;
  let b = b1 + b2;
  const bb = Math.abs(b1) > Math.abs(b2) ? b1 - b + b2 : b2 - b + b1;
  if (b > 0.5) {
    b -= 1;
    sum += 1;
  } else if (b < -0.5) {
    b += 1;
    sum -= 1;
  }
  let s = b + (bb + bb1 + bb2);
  let t = b - s + bb + (bb1 + bb2);
  const t1 = s * SPLIT - (s * SPLIT - s);
  const t2 = s - t1;
  const hi = s * HP0;
  const lo = t1 * MP1 - hi + t1 * MP2_BR + t2 * MP1 + (t2 * MP2_BR + s * HP1 + t * HP0);
  s = hi + lo;
  t = hi - s + lo;
  return [Math.trunc(sum) & 3, s, t];
}

function quadrant(n: number, a: number, da: number): number {
  const v = n & 1 ? doCos(a, da) : doSin(a, da);
  return n & 2 ? -v : v;
}

export function sin(x: number): number {
  const k = highWord(x);
  if (k < 0x3e500000) return x;
  if (k < 0x3feb6000) return doSin(x, 0);
  if (k < 0x400368fd) return copySign(doCos(HP0 - Math.abs(x), HP1), x);
  if (k < 0x419921fb) {
    const [n, a, da] = reduce(x);
    return quadrant(n, a, da);
  }
  if (k >= 0x7ff00000) return NaN;
  const [n, a, da] = branred(x);
  return quadrant(n, a, da);
}

export function cos(x: number): number {
  const k = highWord(x);
  if (k < 0x3e400000) return 1;
  if (k < 0x3feb6000) return doCos(x, 0);
  if (k < 0x400368fd) {
    const y = HP0 - Math.abs(x);
    const a = y + HP1;
    return doSin(a, y - a + HP1);
  }
  if (k < 0x419921fb) {
    const [n, a, da] = reduce(x);
    return quadrant(n + 1, a, da);
  }
  if (k >= 0x7ff00000) return NaN;
  const [n, a, da] = branred(x);
  return quadrant(n + 1, a, da);
}
