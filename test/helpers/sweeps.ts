// A small sweep for the record, resume and shard tests, and its JSON with what varies run to run removed.

/** 3 variants × 2 seeds = 6 runs of 60 iterations. */
export const SWEEP = ['sweep', 'train', '--init', 'zeros,he,random', '--repeat', '2', '--iterations', '60', '--print-every', '20', '--jobs', '1'];

/** A sweep's JSON (result.json or --json) without timings, provenance and the record marker (which seals them). */
export function comparable(text: string): unknown {
  const strip = (v: unknown): unknown => (Array.isArray(v) ? v.map(strip)
    : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'durationMs').map(([k, x]) => [k, strip(x)])) : v);
  const { record: _r, provenance: _p, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return strip(rest);
}
