// Every size nnlab accepts, in one place: the README's "Limits" section lists the same numbers.
// Each is checked before work starts, with a message that names the limit.

/** A CSV dataset file. */
export const MAX_CSV_BYTES = 256 * 2 ** 20;
/** An experiment file (JSON). */
export const MAX_EXPERIMENT_BYTES = 2 ** 20;
/** Model files: a 1000-wide network is ~40 MB of JSON. */
export const MAX_MODEL_BYTES = 512 * 2 ** 20;
/** MATLAB files (the course's is 6 KB). */
export const MAX_MAT_BYTES = 1024 * 2 ** 20;
/** Arrays and objects inside arrays and objects: a sweep file's layers axis needs 3. */
export const MAX_JSON_DEPTH = 16;
/** A --scale formula, in characters. */
export const MAX_FORMULA_LENGTH = 200;
/** A gradcheck --inject spec, in characters (dozens of planted mistakes). */
export const MAX_INJECT_LENGTH = 1000;
/** Sizes in --layers, input and output included. */
export const MAX_LAYERS = 1000;
/** Reported costs of one run (iterations / print-every), and of all runs of a sweep together. */
export const MAX_REPORTS = 1_000_000;
/** Per-layer snapshots --inspect may take (reports × layers). */
export const MAX_INSPECT_SNAPSHOTS = 100_000;
/** Runs of one sweep (variants × repeat). */
export const MAX_SWEEP_RUNS = 10_000;
/** Points in each split of a generated dataset (--samples). */
export const MAX_SAMPLES = 10_000_000;
/** Worker threads, however many are asked for. */
export const MAX_JOBS = 32;

/** Bytes as a person reads them: 512 B, 1.5 KiB, 4 GiB. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let u = 0;
  let v = n;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const text = u === 0 || v >= 100 ? String(Math.round(v)) : String(Number(v.toPrecision(3)));
  return `${text} ${units[u]}`;
}
