// A million reported points and wide layers: renderers and inspection stay off the call stack and near-linear.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { renderInspect } from '../src/cli/render/inspect.js';
import { MAX_TABLE_ROWS } from '../src/cli/render/table.js';
import { renderTrain } from '../src/cli/render/train.js';
import { trainJson } from '../src/cli/render/trainJson.js';
import { loadSplit } from '../src/data/registry.js';
import { DEFAULTS } from '../src/experiments/settings.js';
import { runTraining } from '../src/experiments/train.js';
import { fromRows, type Matrix } from '../src/linalg/matrix.js';
import { distinctRows, SAME_UNIT_TOL } from '../src/nn/inspect.js';
import { costCurveSpec } from '../src/plots/costCurve.js';
import { renderSvg } from '../src/plots/render.js';
import { costChart } from '../src/plots/terminal.js';
import { numpyJson, numpyJsonPieces } from '../src/numpyText.js';
import { nnlab } from './helpers/cli.js';
import { boundsFor } from '../src/plots/boundary.js';

const MILLION = 1_000_000;
const costs = Array.from({ length: MILLION }, (_, i) => ({ iteration: i, cost: 1 / (1 + i) }));

describe('a million reported costs', () => {
  it('the terminal chart and the SVG curve draw them', async () => {
    const chart = costChart(costs, { height: 9, width: 64 }).split('\n');
    expect(chart).toHaveLength(9);
    expect(chart[8]).toMatch(/^\s+0\s+iteration\s+999999$/);
    const svg = await renderSvg(costCurveSpec([{ name: 'cost', points: costs }], { title: 'Cost' }));
    expect(svg).toContain('>800,000</text>');
    // Thinned to the first, lowest, highest and last point of 1000 buckets: far fewer than a million.
    const segments = svg.match(/[ML]\d/g)!.length;
    expect(segments).toBeGreaterThan(1000);
    expect(segments).toBeLessThan(10_000);
    const nan = await renderSvg(costCurveSpec([{ name: 'cost', points: costs.map((c) => ({ ...c, cost: NaN })) }], { title: 'Cost' }));
    expect(nan.match(/<text[^>]*>nan \(not drawn\)</g)).toHaveLength(1);
    expect(nan.split('role-mark off-scale')[1]!.split('</g>')[0]!.match(/<path /g)!.length).toBeLessThanOrEqual(401);
  });
  it('the table keeps its first and last rows and says how many it left out; --json keeps every one', async () => {
    const record = await runTraining('train', { ...DEFAULTS.train, iterations: 2, printEvery: 1 });
    const big = { ...record, costs };
    const text = renderTrain(big);
    const rows = text.split('\n').filter((l) => /^│ \d+ /.test(l));
    expect(rows).toHaveLength(MAX_TABLE_ROWS);
    expect(rows[0]).toMatch(/^│ 0 /);
    expect(rows[rows.length - 1]).toMatch(/^│ 999999 /);
    expect(text).toContain(`│ …         │ ${MILLION - MAX_TABLE_ROWS} more`);
    expect(text).toContain(`${MILLION - MAX_TABLE_ROWS} of ${MILLION} reported costs left out here; --json and --out DIR (costs.csv) have them all`);
    expect((trainJson(big) as { costs: unknown[] }).costs).toHaveLength(MILLION);
  });
  it('--inspect all shows the first and last 100 reports of many', async () => {
    const record = await runTraining('train', { ...DEFAULTS.train, layers: [2, 3, 1], iterations: 450, printEvery: 1 }, { inspect: true });
    const text = renderInspect(record.snapshots!, { which: 'all' });
    expect(text.match(/^iteration \d+/gm)).toHaveLength(200);
    expect(text).toContain('… 250 more reported iterations; --json has them all');
  });
  it('plot bounds of a million points', () => {
    const points = Array.from({ length: MILLION }, (_, i) => ({ x1: i, x2: -i }));
    expect(boundsFor('my.csv', points)).toEqual({ x1: [-1, MILLION], x2: [-MILLION, 1] });
  });
});

/** The definition distinctRows keeps: rows grouped greedily by the first row of the first class within tol. */
function distinctRowsByDefinition(W: Matrix, tol = SAME_UNIT_TOL): number {
  const reps: number[] = [];
  for (let i = 0; i < W.rows; i++) {
    const same = reps.some((r) => {
      for (let p = 0; p < W.cols; p++) if (!(Math.abs(W.data[i * W.cols + p]! - W.data[r * W.cols + p]!) <= tol)) return false;
      return true;
    });
    if (!same) reps.push(i);
  }
  return reps.length;
}

describe('distinct units', () => {
  it('counts as its definition does, ties at tol, NaN and inf included', () => {
    // Values clustered within a few tol of each other, so rows chain across bucket edges.
    const value = fc.oneof(
      fc.integer({ min: -4, max: 4 }).map((k) => 0.5 + k * SAME_UNIT_TOL * 0.75),
      fc.integer({ min: -3, max: 3 }).map((k) => k * SAME_UNIT_TOL),
      fc.constantFrom(NaN, Infinity, -Infinity, 1e300, -0, 3.637978807091713e-12, 2 ** 60),
      fc.double({ noNaN: true }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 40 }), (cols, rows) => {
        const W = fromRows(rows.map((r) => r.slice(0, cols)));
        expect(distinctRows(W)).toBe(distinctRowsByDefinition(W));
      }),
      { numRuns: 3000 },
    );
  });
  it('100000 units: all distinct (He) or all one (zeros), without comparing every pair', () => {
    const n = 100_000;
    const he = { rows: n, cols: 2, data: Float64Array.from({ length: 2 * n }, (_, i) => Math.sin(i) * 1.3) };
    expect(distinctRows(he)).toBe(n);
    expect(distinctRows({ rows: n, cols: 2, data: new Float64Array(2 * n) })).toBe(1);
  });
  it('train --layers 2,100000,1 --iterations 0 runs no inspection statistics unless asked', async () => {
    const r = await runTraining('train', { ...DEFAULTS.train, layers: [2, 100_000, 1], iterations: 0 }, { split: loadSplit('circles') });
    expect(r.snapshots).toBeNull();
    expect(r.accuracy.train).toBeGreaterThan(0);
  });
});

describe('outputs as large as the data: written in pieces, never one string', () => {
  // 2 million examples under a 64 MiB JavaScript heap: building the CSV or the JSON as one string
  // (or a list per row) aborts Node out of memory; in pieces each output is a few megabytes at a time.
  const dir = mkdtempSync(join(tmpdir(), 'nnlab-pieces-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const m = 2_000_000;
  const data = join(dir, 'many.csv');
  writeFileSync(data, 'x1,x2,y\n' + '0.25,-0.5,1\n'.repeat(m));
  const model = join(dir, 'm.json');
  writeFileSync(model, JSON.stringify({ W1: [[0.1, 0.2]], b1: [[0.3]] }));
  const smallHeap = { NODE_OPTIONS: '--max-old-space-size=64' };
  const p = String(1 / (1 + Math.exp(-(0.1 * 0.25 + 0.2 * -0.5 + 0.3))));

  it('predict --out', () => {
    const out = join(dir, 'p.csv');
    const r = nnlab(['predict', '--model', model, '--dataset', data, '--out', out], { env: smallHeap });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith(`x1,x2,y,p,prediction\n0.25,-0.5,1,${p},1\n`)).toBe(true);
    expect(text.length).toBe('x1,x2,y,p,prediction\n'.length + m * `0.25,-0.5,1,${p},1\n`.length);
  });

  it('predict --json: one JSON object with every prediction', () => {
    const r = nnlab(['predict', '--model', model, '--dataset', data, '--json'], { env: smallHeap });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.predictions).toHaveLength(m);
    expect(j.probabilities).toHaveLength(m);
    expect(j.probabilities[m - 1]).toBe(Number(p));
    expect(j.accuracy).toBe(1);
  });

  it('datasets export', () => {
    const r = nnlab(['datasets', 'export', data], { env: smallHeap });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(data, 'utf8'));
  });
});

describe('numpyJsonPieces', () => {
  it('joined, is numpyJson, for any JSON value and long lists with inf and nan', () => {
    const long = fc.array(fc.oneof(fc.double(), fc.integer()), { minLength: 10_001, maxLength: 25_000 });
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.record({ a: long, b: fc.jsonValue(), c: fc.array(long, { maxLength: 2 }) })), (v) => {
      expect([...numpyJsonPieces(v)].join('')).toBe(numpyJson(v));
    }), { numRuns: 200 });
  });
  it('a typed array is written as a list, in pieces of at most 10 000 numbers', () => {
    const a = Float64Array.from({ length: 25_000 }, (_, i) => (i === 7 ? NaN : i / 3));
    const pieces = [...numpyJsonPieces({ a })];
    expect(pieces.join('')).toBe(numpyJson({ a: Array.from(a) }));
    expect(Math.max(...pieces.map((s) => s.replace(/^,/, '').split(',').length))).toBeLessThanOrEqual(10_000);
  });
});
