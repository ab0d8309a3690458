// Flags outside the shared settings table (gradcheck, datasets, sweep, bench): read strictly,
// with the same message shape as the settings: "<flag> must be <allowed> (got "<text>")".
import { clip, UsageError } from '../errors.js';
import { fromText } from '../experiments/settings.js';

export function numberFlag(flag: string, text: string, ok: (v: number) => boolean, allowed: string): number {
  const v = fromText('lr', text); // read as any numeric setting is
  if (typeof v !== 'number' || !ok(v)) throw new UsageError(`${flag} must be ${allowed} (got "${clip(text)}")`);
  return v;
}

/** An integer ≥ min, or the fallback when the flag was not given. */
export function intFlag(flag: string, text: string | undefined, min: number, fallback: number): number {
  if (text === undefined) return fallback;
  return numberFlag(flag, text, (v) => Number.isSafeInteger(v) && v >= min, `an integer ≥ ${min}`);
}
