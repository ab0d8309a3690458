// Numbers as numpy prints them: shortest round-trip, and inf, -inf, nan by name (JSON has no such numbers).

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
