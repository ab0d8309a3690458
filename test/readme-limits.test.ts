// The README's Limits table says what src/limits.ts enforces: each limit's number appears, formatted
// as the messages write it, in the row about it, and every limit has a row.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_TABLE_ROWS } from '../src/cli/render/table.js';
import { QUOTE_MAX } from '../src/errors.js';
import * as limits from '../src/limits.js';
import { formatBytes } from '../src/limits.js';
import { WASM_MAX_BYTES } from '../src/nn/wasmEngine.js';
import { settingText } from '../src/numpyText.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('\n## Limits'), readme.indexOf('\n## ', readme.indexOf('\n## Limits') + 1));
const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
/** The table's row whose first cell starts with `what`. */
const row = (what: string): string => {
  const found = rows.filter((r) => r.slice(2).startsWith(what));
  expect(found, `one row for ${what}`).toHaveLength(1);
  return found[0]!;
};
/** A count as the README writes it: thousands apart with spaces from 10 000 on. */
const grouped = (n: number): string => (n < 10_000 ? String(n) : n.toLocaleString('en-US').replace(/,/g, ' '));

// Each limit: the row about it, and what that row must say.
const SAYS: Record<string, [string, string]> = {
  MAX_CSV_BYTES: ['`--dataset`, `--test-dataset` (CSV)', `at most ${formatBytes(limits.MAX_CSV_BYTES)}`],
  MAX_EXPERIMENT_BYTES: ['experiment files', `at most ${formatBytes(limits.MAX_EXPERIMENT_BYTES)}`],
  MAX_JSON_DEPTH: ['experiment files', `nested at most ${limits.MAX_JSON_DEPTH} levels`],
  MAX_MODEL_BYTES: ['model files', `at most ${formatBytes(limits.MAX_MODEL_BYTES)}`],
  MAX_MODEL_PARAMS: ['model files', `at most ${grouped(limits.MAX_MODEL_PARAMS)} parameters`],
  MAX_MAT_BYTES: ['`.mat` files', `at most ${formatBytes(limits.MAX_MAT_BYTES)}, of which nnlab decompresses at most ${formatBytes(limits.MAX_MAT_BYTES)}`],
  MAX_MAT_VALUES: ['`.mat` files', `at most ${grouped(limits.MAX_MAT_VALUES)} numbers`],
  MAX_MAT_VARIABLES: ['`.mat` files', `at most ${grouped(limits.MAX_MAT_VARIABLES)} variables`],
  MAX_FORMULA_LENGTH: ['`--scale`', `at most ${limits.MAX_FORMULA_LENGTH} characters`],
  MAX_INJECT_LENGTH: ['`gradcheck --inject`', `at most ${limits.MAX_INJECT_LENGTH} characters`],
  MAX_LAYERS: ['`--layers`', `2 to ${limits.MAX_LAYERS} sizes`],
  MAX_REPORTS: ['reported costs', `at most ${grouped(limits.MAX_REPORTS)} per run`],
  MAX_INSPECT_SNAPSHOTS: ['reported costs', `at most ${grouped(limits.MAX_INSPECT_SNAPSHOTS)} layer snapshots`],
  MAX_SWEEP_RUNS: ['sweeps', `at most ${grouped(limits.MAX_SWEEP_RUNS)} runs`],
  MAX_JOBS: ['sweeps', `\`--jobs\` 1 to ${limits.MAX_JOBS}`],
  MAX_RUNS_FILE_BYTES: ['sweeps', `a record's \`runs.jsonl\` at most ${formatBytes(limits.MAX_RUNS_FILE_BYTES)}`],
  MAX_GRADCHECK_WORK: ['`gradcheck --case model`', `at most ${settingText(limits.MAX_GRADCHECK_WORK)} multiply-adds`],
  MAX_SAMPLES: ['generated datasets', `\`--samples\` 1 to ${grouped(limits.MAX_SAMPLES)}`],
  MAX_RECORD_RESULT_BYTES: ['records read by', `\`result.json\` at most ${formatBytes(limits.MAX_RECORD_RESULT_BYTES)}`],
  MAX_RECORD_RESULT_VALUES: ['records read by', `and ${grouped(limits.MAX_RECORD_RESULT_VALUES)} values`],
  MAX_BOUNDARY_BYTES: ['records read by', `\`boundary.json\` at most ${formatBytes(limits.MAX_BOUNDARY_BYTES)}`],
  MAX_BOUNDARY_PARAMS: ['records read by', `${grouped(limits.MAX_BOUNDARY_PARAMS)} parameters over at most 21 stages`],
  MAX_BOUNDARY_SVG_BYTES: ['records read by', `\`boundary.svg\` at most ${formatBytes(limits.MAX_BOUNDARY_SVG_BYTES)}`],
  MAX_RECORD_FILE_BYTES: ['records read by', `any other file at most ${formatBytes(limits.MAX_RECORD_FILE_BYTES)}`],
  MAX_SIZES_HIDDEN_LAYERS: ['`bench --sizes`', `at most ${limits.MAX_SIZES_HIDDEN_LAYERS} hidden layers`],
  MAX_SIZES_WIDTH: ['`bench --sizes`', `widths 1 to ${grouped(limits.MAX_SIZES_WIDTH)}`],
  MAX_SIZES_M: ['`bench --sizes`', `m 16 to ${grouped(limits.MAX_SIZES_M)}`],
  MAX_SIZES_UNIT_EXAMPLES: ['`bench --sizes`', `at most ${settingText(limits.MAX_SIZES_UNIT_EXAMPLES)} unit-examples`],
  MAX_SIZES_MACS: ['`bench --sizes`', `at most ${settingText(limits.MAX_SIZES_MACS)} multiply-adds a step`],
};
/** Limits the table states in other words: derived from one it lists. */
const DERIVED = ['MAX_MODEL_JSON_VALUES'];

describe("the README's Limits table", () => {
  it('has a row for every limit in src/limits.ts', () => {
    const names = Object.keys(limits).filter((k) => k.startsWith('MAX_'));
    expect(names.filter((k) => !(k in SAYS) && !DERIVED.includes(k))).toEqual([]);
  });
  for (const [name, [what, says]] of Object.entries(SAYS)) {
    it(`${name}: "${says}"`, () => expect(row(what)).toContain(says));
  }
  it('the model limit agrees in both rows that name it: --layers', () => {
    expect(row('model files')).toContain(`2 to ${limits.MAX_LAYERS} layer sizes, as \`--layers\``);
  });
  it('the limits kept elsewhere: table rows, the WebAssembly engine, quoted text', () => {
    expect(row('reported costs')).toContain(`the first and last ${MAX_TABLE_ROWS / 2}`);
    expect(row('the WebAssembly engine')).toContain(`up to ${formatBytes(WASM_MAX_BYTES)}`);
    expect(row('error messages')).toContain(`about ${QUOTE_MAX} characters`);
  });
});
