import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../src/linalg/matrix.js';
import { boundaryGrid, boundarySvg, boundsFor, pointsOf, regionBands } from '../src/plots/boundary.js';
import { costCurveSvg } from '../src/plots/costCurve.js';
import type { Bounds } from '../src/plots/svgCommon.js';
import { boundaryBlocks, costChart } from '../src/plots/terminal.js';

/** Well-formed enough for any XML parser: one root, balanced tags, quoted attributes, escaped text. */
function checkWellFormed(svg: string): void {
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(svg); m; m = tag.exec(svg)) {
    const text = svg.slice(last, m.index);
    expect(text, 'raw < in text').not.toMatch(/</);
    expect(text, 'unescaped &').not.toMatch(/&(?!(amp|lt|gt|quot|#\d+);)/);
    last = tag.lastIndex;
    const [, close, name, , selfClose] = m;
    if (close) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  expect(svg.slice(last).trim()).toBe('');
  expect(svg.trimStart().startsWith('<svg')).toBe(true);
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length;
const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

/** The rectangles of a region path written as M x y h w v h h -w z. */
function rects(d: string): { x0: number; x1: number; y0: number; y1: number }[] {
  return [...d.matchAll(/M([-\d.]+) ([-\d.]+)h([-\d.]+)v([-\d.]+)h[-\d.]+z/g)].map(([, x, y, w, h]) => ({
    x0: Number(x),
    x1: Number(x) + Number(w),
    y0: Number(y),
    y1: Number(y) + Number(h),
  }));
}
const regionPath = (svg: string, cls: number): string => svg.match(new RegExp(`class="region-${cls}"[^>]*d="([^"]*)"`))?.[1] ?? '';
const frameOf = (svg: string) => {
  const m = svg.match(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="none"\/>/)!;
  const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
  return { left: x, top: y, right: x + w, bottom: y + h };
};

const course = [0, 1000, 2000, 3000, 4000].map((iteration, i) => ({ iteration, cost: 0.9 / (i + 1) }));

describe('costCurveSvg', () => {
  it('draws a titled line chart with axes, one dot per cost', () => {
    const svg = costCurveSvg(course, { title: 'He & co <init>' });
    checkWellFormed(svg);
    expect(count(svg, /<circle /g)).toBe(5);
    expect(svg).toContain('>iteration</text>');
    expect(svg).toContain('>cost</text>');
    expect(svg).toContain('He &amp; co &lt;init&gt;');
    expect(svg).toContain('>4000</text>');
    expect(costCurveSvg(course.map((p) => ({ ...p, iteration: p.iteration * 5 })), {})).toContain('>20k</text>');
    expect(count(svg.match(/class="cost" d="([^"]*)"/)![1]!, /M/g)).toBe(1);
  });

  it("skips the course's inf at iteration 0 and marks it on the top edge", () => {
    const costs = [{ iteration: 0, cost: Infinity }, ...course.slice(1)];
    const svg = costCurveSvg(costs, {});
    checkWellFormed(svg);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(count(svg, /<circle /g)).toBe(4);
    expect(svg).toMatch(/class="nonfinite"[\s\S]*>inf<\/text>/);
    // the line starts at the first finite point, x of iteration 1000, not at the left edge
    const d = svg.match(/class="cost" d="M([\d.]+)/)![1]!;
    expect(Number(d)).toBeGreaterThan(72);
  });

  it('breaks the line at a NaN instead of joining across it', () => {
    const costs = [1, NaN, 0.5, 0.4].map((cost, i) => ({ iteration: i * 100, cost }));
    const svg = costCurveSvg(costs, {});
    checkWellFormed(svg);
    expect(count(svg.match(/class="cost" d="([^"]*)"/)![1]!, /M/g)).toBe(2);
    expect(svg).toContain('>nan</text>');
  });

  it('puts decade ticks on a log scale', () => {
    const costs = [2, 0.3, 0.04, 0.005].map((cost, i) => ({ iteration: i * 1000, cost }));
    const svg = costCurveSvg(costs, { logScale: true });
    checkWellFormed(svg);
    for (const label of ['0.001', '0.01', '0.1', '1', '10']) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain('cost (log scale)');
  });

  it('survives a flat curve, a single point, no points, and drops dots when there are many', () => {
    const flat = costCurveSvg(course.map((p) => ({ ...p, cost: Math.log(2) })), {});
    checkWellFormed(flat);
    expect(flat).not.toMatch(/NaN|Infinity/);
    checkWellFormed(costCurveSvg([{ iteration: 0, cost: 1 }], {}));
    const empty = costCurveSvg([], { title: 'none' });
    checkWellFormed(empty);
    expect(empty).toContain('no costs recorded');
    const many = Array.from({ length: 300 }, (_, i) => ({ iteration: i * 100, cost: 1 / (i + 1) }));
    expect(count(costCurveSvg(many, {}), /<circle /g)).toBe(0);
  });
});

describe('boundaryGrid and boundarySvg', () => {
  const bounds: Bounds = { x1: [-1.5, 1.5], x2: [-1.5, 1.5] };
  // The trivial model: class 1 where x1 > 0.
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
    expect(calls[0]!.data[36 + 7]).toBe(-0.75); // second row of cells: x2 = -0.75
  });

  it('colours the left half class 0 and the right half class 1', () => {
    const grid = boundaryGrid(predict, bounds, 150);
    const points = [
      { x1: -1, x2: 0, y: 0 },
      { x1: 1, x2: 0.5, y: 1 },
      { x1: 3, x2: 0, y: 1 }, // outside the bounds: not drawn
    ];
    const svg = boundarySvg({ grid, points, bounds, title: 'x1 > 0' });
    checkWellFormed(svg);
    const f = frameOf(svg);
    const mid = (f.left + f.right) / 2;
    const left = rects(regionPath(svg, 0));
    const right = rects(regionPath(svg, 1));
    // identical rows merge into one band: one rectangle per class
    expect(left).toHaveLength(1);
    expect(right).toHaveLength(1);
    expect(left[0]!.x0).toBeCloseTo(f.left, 1);
    expect(left[0]!.x1).toBeCloseTo(mid, 1);
    expect(right[0]!.x0).toBeCloseTo(mid, 1);
    expect(right[0]!.x1).toBeCloseTo(f.right, 1);
    for (const r of [...left, ...right]) {
      expect(r.y0).toBeCloseTo(f.top, 1);
      expect(r.y1).toBeCloseTo(f.bottom, 1);
    }
    expect(count(svg, /<circle /g)).toBe(2);
    const dots = [...svg.matchAll(/<circle class="y(\d)" cx="([\d.]+)"/g)].map(([, y, cx]) => [Number(y), Number(cx)]);
    expect(dots[0]![0]).toBe(0);
    expect(dots[0]![1]).toBeLessThan(mid);
    expect(dots[1]![0]).toBe(1);
    expect(dots[1]![1]).toBeGreaterThan(mid);
    expect(svg).toContain('>x1</text>');
    expect(svg).toContain('>x2</text>');
    expect(svg).toContain('>\u22121.0</text>');
  });

  it('keeps a 250 × 250 grid of a curved boundary small', () => {
    const ring = (X: Matrix): Float64Array =>
      Float64Array.from({ length: X.cols }, (_, k) => (Math.hypot(X.data[k]!, X.data[X.cols + k]!) < 0.9 ? 1 : 0));
    const svg = boundarySvg({ grid: boundaryGrid(ring, bounds, 250), points: [], bounds });
    checkWellFormed(svg);
    expect(svg.length).toBeLessThan(300_000);
    // the ring's centre is class 1, the corners class 0
    const f = frameOf(svg);
    const cx = (f.left + f.right) / 2;
    const cy = (f.top + f.bottom) / 2;
    const inside = (r: ReturnType<typeof rects>[number], x: number, y: number) => r.x0 <= x && x <= r.x1 && r.y0 <= y && y <= r.y1;
    expect(rects(regionPath(svg, 1)).some((r) => inside(r, cx, cy))).toBe(true);
    expect(rects(regionPath(svg, 0)).some((r) => inside(r, f.left + 1, f.top + 1))).toBe(true);
  });

  it('merges only adjacent identical rows', () => {
    const grid = { x1: [0.25, 0.75], x2: [0.25, 0.75], classOf: [0, 1, 1, 0] };
    const bands = regionBands(grid, { x1: [0, 1], x2: [0, 1] });
    expect(bands.map((b) => [b.lo, b.hi])).toEqual([
      [0, 0.5],
      [0.5, 1],
    ]);
    expect(bands[0]!.runs.map((r) => r.cls)).toEqual([0, 1]);
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
  it('keep 15 px while they fit, and shrink to fit the width when long (a formula, a dataset\'s options)', async () => {
    const { titleSize } = await import('../src/plots/svgCommon.js');
    expect(titleSize('Decision boundary · train · circles · init he', 524)).toBe(15);
    const long = 'Decision boundary · train · flower · tanh · init random with --scale 0.01';
    const size = titleSize(long, 524);
    expect(size).toBeLessThan(15);
    expect(long.length * 0.66 * size).toBeLessThanOrEqual(524 - 16);
  });
});
