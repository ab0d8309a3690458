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
