// sin and cos, operation for operation as glibc's FMA build (__sin_fma/__cos_fma) computes them.
// numpy's sin/cos call it; Math.sin/Math.cos differ in the last bit for a few percent of inputs,
// which would change generated datasets (make_circles).
import { fma } from './fma.js';
import {
  BIG, CS2, CS4, CS6, HP0, HP1, HPINV, MP1, MP2, PP3, PP4, S1, S2, S3, S4, S5, SINCOSTAB as TAB, SMALL, SN3, SN5, TOINT,
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
  // Beyond 105414350 glibc reduces with __branred, not ported: Math.sin may differ in the last bit.
  return Number.isFinite(x) ? Math.sin(x) : NaN;
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
  // Beyond 105414350 glibc reduces with __branred, not ported: Math.cos may differ in the last bit.
  return Number.isFinite(x) ? Math.cos(x) : NaN;
}
