import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../src/linalg/matrix.js';
import { boundaryGrid, boundsFor, pointsOf, squareCells } from '../src/plots/boundary.js';
import { boundarySpec } from '../src/plots/boundarySpec.js';
import type { Bounds } from '../src/plots/common.js';
import { accuracySpec } from '../src/plots/comparison.js';
import { costCurveSpec, thin } from '../src/plots/costCurve.js';
import { renderSvg } from '../src/plots/render.js';
import { fitLines } from '../src/plots/theme.js';
import { costPicture, runLabel } from '../src/report/pictures.js';
import { boundaryBlocks, costChart } from '../src/plots/terminal.js';
import { svgTexts, textsOutside } from './helpers/svgText.js';

const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length;
const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');
const course = [0, 1000, 2000, 3000, 4000].map((iteration, i) => ({ iteration, cost: 0.9 / (i + 1) }));
const labels = (svg: string): string[] => svgTexts(svg).texts.map((t) => t.text);
/** The tick labels of the axis whose title is given (vega groups each axis's labels under role-axis-label). */
function tickLabels(svg: string, axis: 'x' | 'y'): string[] {
  const groups = svg.split('class="mark-group role-axis"').slice(1);
  const g = groups.find((part) => part.includes(axis === 'x' ? 'aria-label="X-axis' : 'aria-label="Y-axis'))
    ?? groups[axis === 'x' ? 0 : 1]!;
  const labelPart = g.split('role-axis-label')[1]!.split('role-axis-')[0]!;
  return [...labelPart.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

/** Every SVG is well-formed XML and every text (titles, tick labels, legends) lies inside its view box. */
async function drawn(spec: Parameters<typeof renderSvg>[0]): Promise<string> {
  const svg = await renderSvg(spec);
  expect(textsOutside(svg)).toEqual([]);
  return svg;
}

describe('cost curves (vega)', () => {
  it('draw a titled line with axes and readable ticks', async () => {
    const svg = await drawn(costCurveSpec([{ name: 'cost', points: course }], { title: 'Cost', subtitle: 'He & co <init>' }));
    expect(labels(svg)).toEqual(expect.arrayContaining(['Cost', 'He & co <init>', 'iteration', 'cost', '4,000']));
    expect(svg).toContain('He &amp; co &lt;init&gt;');
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(count(svg, /<path[^>]*class="[^"]*"?/g)).toBeGreaterThan(0);
  });

  it('label a tiny range with distinct ticks, each with its leading "0."', async () => {
    // the zeros init: every cost is log 2, up to rounding
    const flat = course.map((p, i) => ({ ...p, cost: Math.LN2 + i * 1e-16 }));
    const svg = await drawn(costCurveSpec([{ name: 'cost', points: flat }], { title: 'Cost' }));
    const ticks = tickLabels(svg, 'y');
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ticks).size).toBe(ticks.length);
    for (const t of ticks) expect(t).toMatch(/^0\.\d+$/);
    const small = course.map((p, i) => ({ ...p, cost: 0.6931 + i * 1e-5 }));
    const ticks2 = tickLabels(await drawn(costCurveSpec([{ name: 'cost', points: small }], { title: 'Cost' })), 'y');
    expect(new Set(ticks2).size).toBe(ticks2.length);
    for (const t of ticks2) expect(t).toMatch(/^0\.693\d+$/);
  });

  it('mark inf and nan on the edge they ran off, break the line there, and never print NaN', async () => {
    const costs = [{ iteration: 0, cost: Infinity }, { iteration: 500, cost: NaN }, ...course.slice(1)];
    const svg = await drawn(costCurveSpec([{ name: 'cost', points: costs }], { title: 'Cost' }));
    expect(labels(svg)).toEqual(expect.arrayContaining(['inf (not drawn)', 'nan (not drawn)']));
    expect(count(svg, /role-mark off-scale/g)).toBe(1);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('use decades on a log scale, and mark costs ≤ 0 as not drawn there', async () => {
    const costs = [2, 0.3, 0.04, 0.005, 0].map((cost, i) => ({ iteration: i * 1000, cost }));
    const svg = await drawn(costCurveSpec([{ name: 'cost', points: costs }], { title: 'Cost', logScale: true }));
    expect(labels(svg)).toEqual(expect.arrayContaining(['cost (log scale)', '≤ 0 (not drawn)']));
    const ticks = tickLabels(svg, 'y').filter(Boolean);
    for (const decade of ['0.01', '0.1', '1']) expect(ticks).toContain(decade);
  });

  it('overlay several series with a legend naming each', async () => {
    const series = ['lambd=0.01', 'lambd=0.7, keepProb=0.86'].map((name, k) => ({ name, points: course.map((p) => ({ ...p, cost: p.cost + k })) }));
    const svg = await drawn(costCurveSpec(series, { title: 'Cost by variant' }));
    expect(labels(svg)).toEqual(expect.arrayContaining(['variant', 'lambd=0.01', 'lambd=0.7, keepProb=0.86']));
  });

  it('survive a single point and no points', async () => {
    await drawn(costCurveSpec([{ name: 'cost', points: [{ iteration: 0, cost: 1 }] }], { title: 'Cost' }));
    const empty = await drawn(costCurveSpec([{ name: 'cost', points: [] }], { title: 'Cost' }));
    expect(labels(empty)).toContain('no costs recorded');
  });

  it('mark the stages as rules a page can show one at a time', async () => {
    const svg = await drawn(costCurveSpec([{ name: 'cost', points: course }], { title: 'Cost', stages: [0, 2000, 4000] }));
    for (const k of [0, 1, 2]) expect(svg).toContain(`class="mark-rule role-mark stage stage-${k}"`);
  });

  it('thin a long series to the first, lowest, highest and last point of each bucket, keeping gaps', () => {
    const points = Array.from({ length: 100_000 }, (_, i) => ({ c: i === 50_000 ? 10 : i === 70_000 ? null : 1 / (1 + i) }));
    const out = thin(points, (p) => ({ ...p, c: null }));
    expect(out.length).toBeLessThan(4100);
    expect(out).toContainEqual({ c: 10 }); // the spike survives
    expect(out[0]).toEqual(points[0]);
    expect(out.at(-1)).toEqual(points.at(-1));
    expect(out.filter((p) => p.c === null)).toHaveLength(1);
    expect(thin(points.slice(0, 10), (p) => p)).toEqual(points.slice(0, 10));
  });
});

describe('titles that fit', () => {
  it('wrap at " · ", then spaces, then inside a word too long for a line', () => {
    expect(fitLines('regularize · football · init xavier · keep 0.86', 200, 12)).toEqual(['regularize · football', 'init xavier · keep 0.86']);
    const long = `train · ${'/very/long'.repeat(20)}/data.csv · init he`;
    const lines = fitLines(long, 300, 12);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(Math.floor(300 / (0.62 * 12)));
    expect(lines.join('').replace(/[ ·]/g, '')).toBe(long.replace(/[ ·]/g, ''));
  });

  it('keep a long title and subtitle inside the picture', async () => {
    const title = `Decision boundary · regularize · ${'my-own-dataset-'.repeat(8)}.csv · init xavier with --scale sqrt(2/(fan_in+fan_out)) · keep 0.86`;
    const grid = boundaryGrid((X) => Float64Array.from({ length: X.cols }, (_, k) => X.data[k]!), { x1: [0, 1], x2: [0, 1] }, 20);
    await drawn(boundarySpec({ bounds: { x1: [0, 1], x2: [0, 1] }, stages: [{ iteration: 0, grid }], train: [], title, subtitle: title }));
    await drawn(costCurveSpec([{ name: 'cost', points: course }], { title, subtitle: title }));
  });
});

describe('decision boundaries (vega)', () => {
  const bounds: Bounds = { x1: [-1.5, 1.5], x2: [-1.5, 1.5] };
  const ring = (X: Matrix): Float64Array => Float64Array.from({ length: X.cols }, (_, k) => 1 / (1 + Math.exp(8 * (Math.hypot(X.data[k]!, X.data[X.cols + k]!) - 0.9))));
  const train = [{ x1: 0, x2: 0, y: 1 }, { x1: 1.2, x2: 1.2, y: 0 }, { x1: 3, x2: 0, y: 1 }];
  const test = [{ x1: -0.1, x2: 0.1, y: 1 }];

  it('fill the p ≥ 0.5 region over the plane of class 0, with train and test points and a legend', async () => {
    const grid = boundaryGrid(ring, bounds, 60);
    const svg = await drawn(boundarySpec({ bounds, stages: [{ iteration: 100, grid }], train, test, title: 'Decision boundary', subtitle: 'a ring' }));
    expect(labels(svg)).toEqual(expect.arrayContaining(['region', 'predicts 0', 'predicts 1', 'label', 'y = 0', 'y = 1', 'points', 'train (3)', 'test (1)', 'x1', 'x2']));
    // the class-1 region is one closed path around the centre, inside the plot
    const region = /class="mark-shape role-mark regions"[^]*?<path[^>]* d="([^"]+)"/.exec(svg)![1]!;
    const xs = [...region.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    const [w, h] = [420, 420]; // the plot area of a square extent at the default size
    expect(xs.length).toBeGreaterThan(20);
    const cx = xs.reduce((a, p) => a + p[0], 0) / xs.length;
    const cy = xs.reduce((a, p) => a + p[1], 0) / xs.length;
    expect(cx).toBeCloseTo(w / 2, -1);
    expect(cy).toBeCloseTo(h / 2, -1);
    // the radius of the drawn boundary is 0.9 of the 1.5 half-width: 126 px of 210
    const r = xs.map((p) => Math.hypot(p[0] - cx, p[1] - cy));
    for (const d of r) expect(Math.abs(d - 126)).toBeLessThan(4);
    // circles for training points, triangles for test points; the point outside the bounds is left out
    expect(count(svg, /role-mark dots/g)).toBe(1);
    const dots = svg.slice(svg.indexOf('role-mark dots'));
    expect(count(dots.split('</g>')[0]!, /<path /g)).toBe(3);
  });

  it('give each stage its own mark, for a page to show one at a time', async () => {
    const stages = [0.5, 0.9, 1.2].map((radius, k) => ({ iteration: k * 100, grid: boundaryGrid((X) => ring(X).map((p, j) => 1 / (1 + Math.exp(8 * (Math.hypot(X.data[j]!, X.data[X.cols + j]!) - radius)))), bounds, 40) }));
    const svg = await drawn(boundarySpec({ bounds, stages, train, title: 'Decision boundary during training' }));
    for (const k of [0, 1, 2]) expect(svg).toContain(`class="mark-shape role-mark stage stage-${k}"`);
    expect(labels(svg)).not.toContain('test (1)');
  });

  it('keep a unit as long on both axes, with square cells', () => {
    expect(squareCells({ x1: [-0.75, 0.4], x2: [-0.75, 0.65] }, 140)).toEqual([115, 140]);
    expect(squareCells(bounds, 100)).toEqual([100, 100]);
    const grid = boundaryGrid(ring, { x1: [0, 2], x2: [0, 1] }, squareCells({ x1: [0, 2], x2: [0, 1] }, 10));
    expect([grid.x1.length, grid.x2.length]).toEqual([10, 5]);
    expect(grid.p).toHaveLength(50);
  });
});

describe('sweep accuracies (vega)', () => {
  it('show each variant\'s train and test accuracy, with 95% intervals only where there are several seeds', async () => {
    // One seed has no interval (summarize gives null), several have one.
    const v = (label: string, n: number) => ({ label, train: { mean: 0.93, ci95: n > 1 ? [0.92, 0.94] as const : null, n }, test: { mean: 0.95, ci95: n > 1 ? [0.93, 0.97] as const : null, n } });
    const svg = await drawn(accuracySpec([v('lambd=0.01', 3), v('lambd=0.7', 3)], { title: 'Accuracy by variant' }));
    expect(labels(svg)).toEqual(expect.arrayContaining(['lambd=0.01', 'lambd=0.7', 'train', 'test', 'accuracy']));
    expect(count(svg, /class="mark-rule role-mark"/g)).toBe(1);
    const one = await drawn(accuracySpec([v('base', 1)], { title: 'Accuracy by variant' }));
    expect(count(one.split('class="mark-rule role-mark"')[1]?.split('</g>')[0] ?? '', /<line /g)).toBe(0);
  });
});

describe('boundaryGrid', () => {
  const bounds: Bounds = { x1: [-1.5, 1.5], x2: [-1.5, 1.5] };
  const calls: Matrix[] = [];
  const predict = (X: Matrix): Float64Array => {
    calls.push(X);
    return Float64Array.from({ length: X.cols }, (_, k) => (X.data[k]! > 0 ? 0.9 : 0.1));
  };

  it('evaluates every cell centre in one call, row-major over x2 then x1', () => {
    calls.length = 0;
    const grid = boundaryGrid(predict, bounds, 6);
    expect(calls).toHaveLength(1);
    expect([calls[0]!.rows, calls[0]!.cols]).toEqual([2, 36]);
    expect(grid.x1).toEqual([-1.25, -0.75, -0.25, 0.25, 0.75, 1.25]);
    expect(grid.x2).toEqual(grid.x1);
    expect(Array.from(grid.classOf.slice(0, 6))).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(grid.p!.slice(0, 6))).toEqual([0.1, 0.1, 0.1, 0.9, 0.9, 0.9]);
    expect(calls[0]!.data[36 + 7]).toBe(-0.75); // second row of cells: x2 = -0.75
  });
});

describe('boundsFor and pointsOf', () => {
  it("uses the course's axes limits, else the data ±1", () => {
    expect(boundsFor('football', [])).toEqual({ x1: [-0.75, 0.4], x2: [-0.75, 0.65] });
    expect(boundsFor('circles', [])).toEqual({ x1: [-1.5, 1.5], x2: [-1.5, 1.5] });
    expect(boundsFor('my.csv', [{ x1: 0, x2: 2 }, { x1: 3, x2: -1 }])).toEqual({ x1: [-1, 4], x2: [-2, 3] });
  });

  it('reads columns of a (features × m) dataset as points', () => {
    const d = { X: { rows: 2, cols: 2, data: Float64Array.from([1, 2, 3, 4]) }, Y: { rows: 1, cols: 2, data: Float64Array.from([0, 1]) } };
    expect(pointsOf(d)).toEqual([
      { x1: 1, x2: 3, y: 0 },
      { x1: 2, x2: 4, y: 1 },
    ]);
  });
});

describe('costChart', () => {
  it('stays inside the requested box for any size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 40 }), fc.integer({ min: 20, max: 160 }), (height, width) => {
        const lines = costChart(course, { height, width }).split('\n');
        expect(lines.length).toBeLessThanOrEqual(height);
        expect(lines.length).toBeGreaterThanOrEqual(Math.min(height, 3));
        for (const l of lines) expect([...stripAnsi(l)].length).toBeLessThanOrEqual(width);
      }),
      { numRuns: 60 },
    );
  });

  it('labels the top row with the highest cost and the bottom with the lowest, skipping inf', () => {
    const costs = [{ iteration: 0, cost: Infinity }, ...course.slice(1)];
    const lines = costChart(costs, { height: 10, width: 60 }).split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^\s*0\.450/);
    expect(lines[8]).toMatch(/^\s*0\.180/);
    expect(lines[9]).toMatch(/1000 .*iteration \(1 non-finite skipped\).* 4000$/);
  });

  it('resamples long runs down to the width and handles a flat curve', () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ iteration: i * 10, cost: 1 / (i + 1) }));
    const lines = costChart(many, { width: 50, height: 8 }).split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(50);
    expect(lines).toHaveLength(8);
    const flat = costChart(course.map((p) => ({ ...p, cost: 0.6931 })), { width: 40, height: 6 });
    expect(flat).not.toMatch(/NaN/);
    // the flat line is drawn on the row labelled with its value (the zeros init's 0.693), for any height
    for (const height of [5, 6, 9, 12]) {
      const line = costChart(course.map((p) => ({ ...p, cost: Math.log(2) })), { width: 40, height }).split('\n').find((l) => /─{5}/.test(l))!;
      expect(line).toMatch(/^ *0\.693[0-9]*[┼┤]/);
    }
    expect(costChart([{ iteration: 0, cost: NaN }], {})).toMatch(/no finite costs/);
  });
});

describe('boundaryBlocks', () => {
  const grid = boundaryGrid((X) => Float64Array.from({ length: X.cols }, (_, k) => (X.data[k]! > 0 ? 1 : 0)), { x1: [-1, 1], x2: [-1, 1] }, 40);
  const points = [
    { x1: -0.5, x2: 0.5, y: 0 },
    { x1: 0.5, x2: -0.5, y: 1 },
  ];

  it('without colour shows the two regions as blank and dotted, points as o and x', () => {
    const out = boundaryBlocks(grid, points, { width: 20, height: 10, color: false });
    const lines = out.split('\n');
    expect(lines).toHaveLength(10);
    for (const l of lines) expect(l).toHaveLength(20);
    expect(out).not.toContain('\x1b');
    // point at (-0.5, 0.5): column 5, row 2; at (0.5, -0.5): column 15, row 7
    expect(lines[2]![5]).toBe('o');
    expect(lines[7]![15]).toBe('x');
    const blank = lines.map((l, r) => (r === 2 ? l.slice(0, 5) + l.slice(6, 10) : l.slice(0, 10)));
    const dotted = lines.map((l, r) => (r === 7 ? l.slice(10, 15) + l.slice(16) : l.slice(10)));
    for (const s of blank) expect(s).toMatch(/^ +$/);
    for (const s of dotted) expect(s).toMatch(/^\.+$/);
  });

  it('marks a cell holding both labels with *', () => {
    const out = boundaryBlocks(grid, [...points, { x1: -0.49, x2: 0.49, y: 1 }], { width: 20, height: 10, color: false });
    expect(out.split('\n')[2]![5]).toBe('*');
  });

  it('with colour paints half blocks, two grid rows per line, at the requested size', () => {
    const out = boundaryBlocks(grid, points, { width: 20, height: 10, color: true, chalk: new Chalk({ level: 3 }) });
    const lines = out.split('\n');
    expect(lines).toHaveLength(10);
    for (const l of lines) expect([...stripAnsi(l)]).toHaveLength(20);
    expect(out).toContain('▀');
    expect(out).toContain('\x1b[48;2;243;167;165m'); // class 0 region, Spectral red softened
    expect(out).toContain('\x1b[48;2;169;205;230m'); // class 1 region
    expect(stripAnsi(lines[2]!)[5]).toBe('o');
    expect(stripAnsi(lines[7]!)[15]).toBe('x');
    const basic = boundaryBlocks(grid, points, { width: 20, height: 10, color: true, chalk: new Chalk({ level: 1 }) });
    expect(basic).toContain('\x1b[41m');
    expect(basic).toContain('\x1b[44m');
  });
});

describe('SVG titles', () => {
  it('fit the picture when long: a dataset\'s options, an activation, a formula', async () => {
    const r = {
      command: 'train', costs: course,
      config: { dataset: 'flower', samples: 400, noise: 0.3, dataSeed: 5, activation: 'tanh', layers: [2, 4, 1], init: 'random', scale: '0.01', lambd: 0, keepProb: 1, iterations: 4000, printEvery: 1000 },
    };
    expect(runLabel(r)).toBe('train · flower with 400 samples, noise 0.3, data seed 5 · tanh · init random with --scale 0.01');
    const svg = await drawn(costPicture(r, { logScale: false }));
    expect(svgTexts(svg).texts.map((t) => t.text).join(' ')).toContain('tanh');
    // counter-example: ReLU, the course's, is not named; nor are a generated dataset's own options
    expect(runLabel({ ...r, config: { ...r.config, activation: 'relu', samples: null, noise: null, dataSeed: null, scale: null } })).toBe('train · flower · init random');
  });
});

describe('picture details', () => {
  it('a log axis ends near the data, its labels at 1, 2 and 5 times powers of ten', async () => {
    const { costCurveSpec, logTicks } = await import('../src/plots/costCurve.js');
    expect(logTicks(0.059, 0.97)).toEqual([0.1, 0.2, 0.5]);
    expect(logTicks(0.3, 0.9)).toEqual([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    const spec = costCurveSpec([{ name: 'c', points: [{ iteration: 0, cost: 0.9 }, { iteration: 10, cost: 0.065 }] }], { title: 't', logScale: true });
    const y = spec.scales!.find((s) => s.name === 'y') as { domain: number[] };
    // not a decade below the data (a nice log domain went down to 0.01)
    expect(y.domain[0]).toBeGreaterThan(0.05);
  });

  it('overlaid curves differ by colour, and neighbours by dash too', async () => {
    const { SERIES, SERIES_DASH } = await import('../src/plots/theme.js');
    expect(new Set(SERIES).size).toBe(10);
    expect(SERIES_DASH[0]).not.toEqual(SERIES_DASH[1]);
  });
});
