// What a command hands back to the entry point: text for stdout and stderr, and the exit code.
export interface Outcome {
  stdout: string;
  /** Warnings: printed to stderr, one line each. */
  warnings?: string[];
  exitCode?: number;
}

export type Emit = (o: Outcome) => void;

/** --json output: exactly one object, non-finite numbers as numpy spells them. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? numpyName(v) : v)) + '\n';
}

export function numpyName(v: number): string {
  return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
}

/** A number as numpy prints it: shortest round-trip, inf/nan by name. */
export function num(v: number): string {
  return Number.isFinite(v) ? String(v) : numpyName(v);
}
