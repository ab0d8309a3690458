// Natural log, operation for operation as glibc's FMA build computes it (x86-64 with FMA,
// as numpy runs on these machines). Math.log differs from it in the last bit for ~3% of inputs,
// which would change numpy's normal draws.
import { fma } from './fma.js';
import { A, B, LN2_HI, LN2_LO, TAB } from './logData.js';

const buf = new DataView(new ArrayBuffer(8));
const bits = (x: number): bigint => (buf.setFloat64(0, x), buf.getBigUint64(0));
const fromBits = (b: bigint): number => (buf.setBigUint64(0, BigInt.asUintN(64, b)), buf.getFloat64(0));

const LO = 0x3fee000000000000n; // bits of 1 - 2**-4
const HI_MINUS_LO = 0x308ffffffffffn;
const OFF = 0x3fe6000000000000n;

export function glibcLog(x: number): number {
  let ix = bits(x);
  if (ix - LO >= 0n && ix - LO < HI_MINUS_LO) return nearOne(x);
  const top = Number(ix >> 48n);
  if (top - 0x10 < 0 || top - 0x10 > 0x7fdf) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return Infinity;
    if (x < 0 || Number.isNaN(x)) return NaN;
    ix = bits(x * 2 ** 52) - (52n << 52n); // subnormal: normalize
  }
  const tmp = BigInt.asIntN(64, ix - OFF);
  const i = Number((tmp >> 45n) & 0x7fn);
  const k = Number(tmp >> 52n);
  const z = fromBits(ix - (BigInt.asUintN(64, tmp) & 0xfff0000000000000n));
  const invc = TAB[2 * i]!;
  const logc = TAB[2 * i + 1]!;
  const w = fma(k, LN2_HI, logc);
  const r = fma(z, invc, -1);
  const p12 = fma(r, A[2]!, A[1]!);
  const hi = r + w;
  const r2 = r * r;
  const lo = fma(k, LN2_LO, w - hi + r);
  const r3 = r * r2;
  const p34 = fma(r, A[4]!, A[3]!);
  const lo2 = fma(r2, A[0]!, lo);
  const poly = fma(p34, r2, p12);
  return fma(r3, poly, lo2) + hi;
}

function nearOne(x: number): number {
  if (x === 1) return 0;
  const r = x - 1;
  const b12 = fma(r, B[2]!, B[1]!);
  const b45 = fma(r, B[5]!, B[4]!);
  const r2 = r * r;
  const b78 = fma(r, B[8]!, B[7]!);
  const b123 = fma(r2, B[3]!, b12);
  const b456 = fma(r2, B[6]!, b45);
  const r3 = r * r2;
  let q = fma(r2, B[9]!, b78);
  q = fma(r3, B[10]!, q);
  q = fma(q, r3, b456);
  q = fma(q, r3, b123);
  // hi + lo = r - r²/2 exactly, with r split at 2**27.
  const rhi = r + r * 2 ** 27 - r * 2 ** 27;
  const rlo = r - rhi;
  const sq = rhi * rhi;
  const hi = fma(sq, B[0]!, r);
  let lo = fma(sq, B[0]!, r - hi);
  lo = fma(B[0]! * rlo, r + rhi, lo);
  return fma(q, r3, lo) + hi;
}
