// A million reported points and wide layers: renderers and inspection stay off the call stack and near-linear.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
