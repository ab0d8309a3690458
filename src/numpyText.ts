// Numbers as text: what nnlab reads as a number, and numbers as numpy prints them (shortest round-trip,
// inf, -inf, nan by name: JSON has no such numbers).

/** A plain decimal: "1", "-0.5", ".5", "1e-3". No inf, nan, hex or spaces. */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function numpyName(v: number): string {
  return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
}

export function num(v: number): string {
  return Number.isFinite(v) ? String(v) : numpyName(v);
}

/** JSON with non-finite numbers spelt as numpy spells them. */
export function numpyJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? numpyName(v) : v), indent) + '\n';
}
