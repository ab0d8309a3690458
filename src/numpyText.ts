// Numbers as text: what nnlab reads as a number, and numbers as numpy prints them (shortest round-trip,
// inf, -inf, nan by name: JSON has no such numbers).

/** A plain decimal: "1", "-0.5", ".5", "1e-3". No inf, nan, hex or spaces. */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function numpyName(v: number): string {
  return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
}

/**
 * A setting or threshold as one would type it: plain decimals from 0.001 to below 1e6, exponent form
 * outside that, never "e+": 0.01, 1e-5, 1e308.
 */
export function settingText(v: number): string {
  if (!Number.isFinite(v)) return numpyName(v);
  const a = Math.abs(v);
  return (a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential() : String(v)).replace('e+', 'e');
}

export function num(v: number): string {
  return Number.isFinite(v) ? String(v) : numpyName(v);
}

/** JSON with non-finite numbers spelt as numpy spells them. */
export function numpyJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? numpyName(v) : v), indent) + '\n';
}

/**
 * One style for measured numbers in tables and sentences: `digits` significant digits, trailing zeros
 * dropped, exponent form below 1e-3 and from 1e5 on (1.47e-9, 3.17e5, never "e+"), inf/nan by numpy's names.
 */
export function sig(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return numpyName(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  const rounded = Number(v.toPrecision(digits));
  if (a < 1e-3 || Math.abs(rounded) >= 1e5) return v.toExponential(digits - 1).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(rounded);
}

/** 3 significant digits in the style of sig: what sentences and --inspect tables show. */
export const compact = (v: number): string => sig(v, 3);

/** v with the fewest significant digits (at least `min`) that stay within tol of it. */
export function sigWithin(v: number, tol: number, min = 1): string {
  for (let d = min; d < 17; d++) if (Math.abs(Number(v.toPrecision(d)) - v) <= Math.abs(tol)) return sig(v, d);
  return sig(v, 17);
}

/** a and b with the fewest significant digits (at least 3) at which they read differently, if they differ. */
export function sigApart(a: number, b: number): [string, string] {
  for (let d = 3; d < 17; d++) if (sig(a, d) !== sig(b, d)) return [sig(a, d), sig(b, d)];
  return [sig(a, 17), sig(b, 17)];
}

/** A share as a percentage in the style of sig: 100% and 0% only when exactly all or none (99.97% never reads 100%). */
export function percent(share: number): string {
  if (!Number.isFinite(share) || share === 0 || share === 1) return `${sig(share * 100)}%`;
  for (let d = 3; d < 17; d++) {
    const t = sig(share * 100, d);
    if (t !== '100' && t !== '0') return `${t}%`;
  }
  return `${sig(share * 100, 17)}%`;
}

/**
 * v with `digits` decimals, more where those would round it onto one of `ends` that it is not: an
 * accuracy of 99999/100000 reads 0.99999, not 1.0000, and as a percentage 99.999%, not 100.00%.
 */
export function fixedNotOnEnds(v: number, digits: number, ends: readonly number[]): string {
  if (!Number.isFinite(v)) return numpyName(v);
  for (let d = digits; d <= 20; d++) {
    const t = v.toFixed(d);
    if (ends.includes(v) || !ends.includes(Number(t))) return t;
  }
  return String(v);
}

/** An accuracy as a percentage with 2 decimals, as the course prints it ("99.33%"), never rounded onto 0% or 100%. */
export const accuracyPercent = (share: number): string => (Number.isFinite(share) ? `${fixedNotOnEnds(share * 100, 2, [0, 100])}%` : numpyName(share));
