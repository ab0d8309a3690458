// File names and paths are user text: printed to the terminal in headers, "wrote" lines, the report's
// line and sweep table cells, their control characters are escaped (\x1b, \r) so that they paint nothing.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nnlab, ROOT } from './helpers/cli.js';

const base = mkdtempSync(join(tmpdir(), 'nnlab-escapes-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const run = (args: string[]) => nnlab(args, { cwd: base });
/** A name that turns the terminal's text red and returns to the line's start. */
const E = 'e\x1b[31m\rx';
const SHOWN = 'e\\x1b[31m\\rx';
/** Controls other than the newline (the tests run with NO_COLOR: nnlab's own output has none). */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function clean(r: { code: number; stdout: string; stderr: string }, ...shown: string[]): void {
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).not.toMatch(RAW);
  expect(r.stderr).not.toMatch(RAW);
  for (const s of shown) expect(r.stdout.replace(/\s+/g, ' ')).toContain(s);
}

describe('control characters in a dataset file name and an --out path', () => {
  copyFileSync(join(ROOT, 'datasets', 'football-train.csv'), join(base, `${E}.csv`));

  it('train: the header and the wrote line escape them', () => {
    const r = run(['train', '--dataset', `${E}.csv`, '--iterations', '10', '--out', `o${E}`]);
    clean(r, `nnlab train · ${SHOWN}.csv`, `wrote record o${SHOWN}/ (`);
  });

  it('report: its line escapes them', () => {
    rmSync(join(base, `o${E}`, 'report.html'));
    clean(run(['report', `o${E}`]), `rebuilt o${SHOWN}/report.html`);
  });

  it('eval and predict: headers and the wrote line escape them', () => {
    clean(run(['eval', '--model', `o${E}/model.json`, '--dataset', `${E}.csv`]), `nnlab eval · ${SHOWN}.csv`, `model o${SHOWN}/model.json`);
    clean(run(['predict', '--model', `o${E}/model.json`, '--dataset', `${E}.csv`, '--out', `p${E}.csv`]), `nnlab predict · ${SHOWN}.csv`, `p${SHOWN}.csv`);
  });

  it('sweep: a table cell escapes them', () => {
    clean(run(['sweep', 'train', '--dataset', `${join(ROOT, 'datasets', 'football-train.csv')},${E}.csv`, '--iterations', '10']), `dataset=${SHOWN}.csv`);
  });
});
