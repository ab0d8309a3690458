// Every size nnlab accepts, in one place: the README's "Limits" table lists the same numbers (a test
// holds it to them). Each is checked before work starts, with a message that names the limit.

/** A CSV dataset file. */
export const MAX_CSV_BYTES = 256 * 2 ** 20;
/** An experiment file (JSON). */
export const MAX_EXPERIMENT_BYTES = 2 ** 20;
/** Parameters of a model file: 2,2000,2000,1 (4 010 001) fits, 2,2048,2048,1 (4 204 545) does not. */
export const MAX_MODEL_PARAMS = 2 ** 22;
/** Model files: every model of at most MAX_MODEL_PARAMS parameters nnlab writes fits (28 bytes a parameter at most). */
export const MAX_MODEL_BYTES = 128 * 2 ** 20;
/** Values (and lists) in a model file's JSON: its parameters, and room for layers, activations and settings. */
export const MAX_MODEL_JSON_VALUES = MAX_MODEL_PARAMS + 4096;
/** MATLAB files (the course's is 6 KB), on disk and once decompressed, as much as a CSV dataset. */
export const MAX_MAT_BYTES = 256 * 2 ** 20;
/** Numbers nnlab decodes from one MATLAB file (X, y, Xval, yval): 256 MiB as doubles. */
export const MAX_MAT_VALUES = 2 ** 25;
/** Variables in one MATLAB file, read or skipped. */
export const MAX_MAT_VARIABLES = 100_000;
/** Arrays and objects inside arrays and objects: a sweep file's layers axis needs 3. */
export const MAX_JSON_DEPTH = 16;
/** A --scale formula, in characters. */
export const MAX_FORMULA_LENGTH = 200;
/** A gradcheck --inject spec, in characters (dozens of planted mistakes). */
export const MAX_INJECT_LENGTH = 1000;
/**
 * Multiply-adds of a gradient check of a network (gradcheck --case model, --model): 4 cost evaluations
 * per parameter at most (the fixed and the auto step), each a forward pass over the examples. At the
 * limit a check takes about a minute on one core.
 */
export const MAX_GRADCHECK_WORK = 2e10;
/** Sizes in --layers, input and output included. */
export const MAX_LAYERS = 1000;
/** Reported costs of one run (iterations / print-every), and of all runs of a sweep together. */
export const MAX_REPORTS = 1_000_000;
/** Per-layer snapshots --inspect may take (reports × layers). */
export const MAX_INSPECT_SNAPSHOTS = 100_000;
/** Runs of one sweep (variants × repeat). */
export const MAX_SWEEP_RUNS = 10_000;
/** A sweep record's runs.jsonl: its lines hold every run's costs (at most MAX_REPORTS for the sweep) and curve, well under this; read whole. */
export const MAX_RUNS_FILE_BYTES = 384 * 2 ** 20;
/** Points in each split of a generated dataset (--samples). */
export const MAX_SAMPLES = 10_000_000;
/** A record's result.json (a million reported costs are ~60 MB); larger ones are not read. */
export const MAX_RECORD_RESULT_BYTES = 512 * 2 ** 20;
/** Values and lists in a record's result.json: a million reported costs with their keys are 4 million. */
export const MAX_RECORD_RESULT_VALUES = 2 ** 25;
/** Any other file nnlab writes into a record (a million costs are ~30 MB of CSV). */
export const MAX_RECORD_FILE_BYTES = 1024 * 2 ** 20;
/**
 * Parameters a record's boundary.json holds over all its stages (a larger network keeps fewer stages,
 * and one larger than this none: its record has boundary.svg alone).
 */
export const MAX_BOUNDARY_PARAMS = 1_000_000;
/** A record's boundary.json: MAX_BOUNDARY_PARAMS numbers of at most 25 characters as nnlab writes them, and the points. */
export const MAX_BOUNDARY_BYTES = 32 * 2 ** 20;
/** A record's boundary.svg, as a report shows it when the record has no boundary.json (nnlab's are ~0.5 MiB). */
export const MAX_BOUNDARY_SVG_BYTES = 16 * 2 ** 20;
/** Worker threads, however many are asked for. */
export const MAX_JOBS = 32;
/** bench --sizes: hidden layers of a size, and each one's width. */
export const MAX_SIZES_HIDDEN_LAYERS = 8;
export const MAX_SIZES_WIDTH = 10_000;
/** bench --sizes: examples (from 16: the wasm engine tiles 16 at a time, and fewer would run the TS engine). */
export const MAX_SIZES_M = 1_000_000;
/** bench --sizes: units × examples (Σ n_l·m), ~32 bytes each over the step's buffers: ~1.6 GB of activations. */
export const MAX_SIZES_UNIT_EXAMPLES = 5e7;
/** bench --sizes: multiply-adds of one step (~3 s at 6 G/s; every timed run takes at least 3 steps). */
export const MAX_SIZES_MACS = 2e10;

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
