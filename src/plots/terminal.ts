// The same pictures for a terminal: a cost line chart and the decision regions as coloured blocks.
import * as asciichart from 'asciichart';
import chalk, { Chalk, type ChalkInstance } from 'chalk';
import { minMax, type CostPoint, type Grid, type LabelledPoint } from './common.js';
import { CLASS_COLORS } from './theme.js';

export interface CostChartOptions {
  /** Total lines, the iteration footer included. */
  height?: number;
  /** Longest line, labels included. */
  width?: number;
  logScale?: boolean;
  /** What the cost is, said in the footer when it is not plain "cost" (e.g. "cost with dropout"). */
  what?: string;
}

/** Linear interpolation over iteration at n evenly spaced columns; more points than columns get sampled down. */
function resample(points: readonly CostPoint[], n: number): number[] {
  if (points.length === 1 || n === 1) return Array.from({ length: n }, () => points[0]!.cost);
  const t0 = points[0]!.iteration;
  const t1 = points[points.length - 1]!.iteration;
  const out: number[] = [];
  let k = 0;
  for (let c = 0; c < n; c++) {
    const t = t0 + ((t1 - t0) * c) / (n - 1);
    while (k < points.length - 2 && points[k + 1]!.iteration < t) k++;
    const a = points[k]!;
    const b = points[k + 1]!;
    const w = b.iteration === a.iteration ? 0 : Math.min(1, Math.max(0, (t - a.iteration) / (b.iteration - a.iteration)));
    out.push(a.cost + (b.cost - a.cost) * w);
  }
  return out;
}

/** Decimals that tell the rows apart: roughly three significant digits of the span. */
function decimalsFor(span: number): number {
  return span > 0 ? Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(span)))) : 4;
}

export function costChart(costs: readonly CostPoint[], opts: CostChartOptions = {}): string {
  const height = Math.max(3, Math.floor(opts.height ?? 12));
  const width = Math.max(20, Math.floor(opts.width ?? 64));
  const ok = (c: number): boolean => Number.isFinite(c) && (!opts.logScale || c > 0);
  const shown = [...costs].filter((p) => ok(p.cost)).sort((a, b) => a.iteration - b.iteration);
  const skipped = costs.length - shown.length;
  if (shown.length === 0) return `(no finite costs to plot${skipped > 0 ? `; ${skipped} skipped` : ''})`;

  const toY = (c: number): number => (opts.logScale ? Math.log10(c) : c);
  const fromY = (v: number): number => (opts.logScale ? 10 ** v : v);
  const ys = shown.map((p) => toY(p.cost));
  let [lo, hi] = minMax(ys);
  // asciichart rounds min·ratio and max·ratio separately, which can add a row; on a 0..rows scale both are whole.
  const rows = height - 2;
  // A flat curve (the zeros init) still needs a span for asciichart to place rows; it is laid out so that
  // the value falls exactly on row floor(rows/2), whose label is then the value itself.
  if (hi - lo <= Math.abs(hi) * 1e-12) {
    const step = (Math.abs(lo) * 0.1 || 2) / rows;
    const below = Math.floor(rows / 2);
    [lo, hi] = [lo - below * step, lo + (rows - below) * step];
  }
  const decimals = decimalsFor(fromY(hi) - fromY(lo));
  const label = (v: number): string => fromY(v).toFixed(decimals);
  const labelWidth = Math.max(label(lo).length, label(hi).length) + 1;

  // Each line is the label, the axis (which carries the first value), then one column per further value.
  const columns = Math.max(2, width - labelWidth - 1);
  const series = resample(
    shown.map((p) => ({ iteration: p.iteration, cost: ((toY(p.cost) - lo) / (hi - lo)) * rows })),
    columns,
  );
  const chart = asciichart.plot(series, {
    height: rows,
    min: 0,
    max: rows,
    offset: 2,
    format: (v: number) => label(lo + (v / rows) * (hi - lo)).padStart(labelWidth),
  });
  const lines = chart.split('\n').map((l) => l.trimEnd());

  const first = String(shown[0]!.iteration);
  const last = String(shown[shown.length - 1]!.iteration);
  const axisCol = labelWidth + 1;
  const room = width - axisCol - first.length - last.length;
  const what = opts.what ?? 'cost';
  const notes = [`iteration${opts.logScale ? `, log ${what}` : opts.what ? `, ${what}` : ''}`, skipped > 0 ? `(${skipped} non-finite skipped)` : ''].filter(Boolean);
  let middle = notes.join(' ');
  if (middle.length + 2 > room) middle = notes[0]!.length + 2 <= room ? notes[0]! : '';
  const gap = Math.max(1, room - middle.length);
  const footer = ' '.repeat(axisCol) + first + ' '.repeat(Math.floor(gap / 2)) + middle + ' '.repeat(Math.ceil(gap / 2)) + last;
  return [...lines, footer.slice(0, Math.max(width, axisCol + first.length + 1 + last.length))].join('\n');
}

// ---------- decision regions ----------

export interface BlocksOptions {
  width: number;
  height: number;
  color: boolean;
  /** The chalk to paint with; tests pass a fixed level. Defaults to chalk, with at least basic colour. */
  chalk?: ChalkInstance;
}

const POINT_CHAR = ['o', 'x'] as const;
const MIXED_CHAR = '*';
/** Without colour the regions differ by texture: class 1 dotted, class 0 blank. */
const PLAIN_REGION = [' ', '.'] as const;
// Darker than the SVG's point colours, because here they are text on the soft region colours.
const TERM_POINT = ['#9e0142', '#1f3a93'] as const;

interface Extent {
  lo: number;
  hi: number;
}

/** The span the grid's cells cover: its first and last centres plus half a cell. */
function extent(c: readonly number[]): Extent {
  const lo = Math.min(c[0]!, c[c.length - 1]!);
  const hi = Math.max(c[0]!, c[c.length - 1]!);
  const half = c.length > 1 ? (hi - lo) / (c.length - 1) / 2 : 0.5;
  return { lo: lo - half, hi: hi + half };
}

/** Nearest grid cell's class at (u, v). */
function classAt(grid: Grid, e1: Extent, e2: Extent, u: number, v: number): number {
  const n1 = grid.x1.length;
  const n2 = grid.x2.length;
  const idx = (t: number, e: Extent, n: number, asc: boolean): number => {
    const k = Math.min(n - 1, Math.max(0, Math.floor(((t - e.lo) / (e.hi - e.lo)) * n)));
    return asc ? k : n - 1 - k;
  };
  const i = idx(u, e1, n1, grid.x1[n1 - 1]! >= grid.x1[0]!);
  const j = idx(v, e2, n2, grid.x2[n2 - 1]! >= grid.x2[0]!);
  return grid.classOf[j * n1 + i] === 1 ? 1 : 0;
}

interface Mark {
  labels: [number, number];
  /** which half of a character cell the first point fell in (colour mode) */
  sub: number;
}

interface Painter {
  /** count half blocks, upper half in class top's colour, lower half in class bottom's */
  region(top: number, bottom: number, count: number): string;
  point(ch: string, under: number): string;
}

function painter(ck: ChalkInstance): Painter {
  if (ck.level >= 2) {
    const bg = CLASS_COLORS.region;
    return {
      region: (top, bottom, n) => ck.bgHex(bg[bottom === 1 ? 1 : 0]).hex(bg[top === 1 ? 1 : 0])('▀'.repeat(n)),
      point: (ch, under) => {
        const fg = ch === MIXED_CHAR ? '#000000' : TERM_POINT[ch === POINT_CHAR[1] ? 1 : 0];
        return ck.bgHex(bg[under === 1 ? 1 : 0]).hex(fg).bold(ch);
      },
    };
  }
  // 16 colours would round both soft tones to white, so use the plain red and blue, with white points on top.
  const bg = (c: number) => (c === 1 ? ck.bgBlue : ck.bgRed);
  const fg = (c: number) => (c === 1 ? ck.blue : ck.red);
  return {
    region: (top, bottom, n) => bg(bottom)(fg(top)('▀'.repeat(n))),
    point: (ch, under) => bg(under).whiteBright.bold(ch),
  };
}

export function boundaryBlocks(grid: Grid, points: Iterable<LabelledPoint>, opts: BlocksOptions): string {
  const w = Math.max(1, Math.floor(opts.width));
  const h = Math.max(1, Math.floor(opts.height));
  if (grid.x1.length === 0 || grid.x2.length === 0) return '';
  const e1 = extent(grid.x1);
  const e2 = extent(grid.x2);
  // Colour draws two grid rows per line with half blocks: character cells are about twice as tall as wide.
  const sub = opts.color ? 2 : 1;
  const rows = h * sub;
  const region = (c: number, s: number): number =>
    classAt(grid, e1, e2, e1.lo + ((c + 0.5) * (e1.hi - e1.lo)) / w, e2.hi - ((s + 0.5) * (e2.hi - e2.lo)) / rows);

  const marks = new Map<number, Mark>();
  for (const p of points) {
    const c = Math.floor(((p.x1 - e1.lo) / (e1.hi - e1.lo)) * w);
    const s = Math.floor(((e2.hi - p.x2) / (e2.hi - e2.lo)) * rows);
    if (c < 0 || c >= w || s < 0 || s >= rows) continue;
    const key = Math.floor(s / sub) * w + c;
    const m = marks.get(key) ?? { labels: [0, 0], sub: s % sub };
    m.labels[p.y === 1 ? 1 : 0]++;
    marks.set(key, m);
  }
  const pointChar = (m: Mark): string => (m.labels[0] > 0 && m.labels[1] > 0 ? MIXED_CHAR : POINT_CHAR[m.labels[1] > 0 ? 1 : 0]);

  if (!opts.color) {
    const lines: string[] = [];
    for (let r = 0; r < h; r++) {
      let line = '';
      for (let c = 0; c < w; c++) {
        const m = marks.get(r * w + c);
        line += m ? pointChar(m) : PLAIN_REGION[region(c, r)];
      }
      lines.push(line);
    }
    return lines.join('\n');
  }

  // Asked for colour but stdout isn't a terminal (a pipe, a file): 256 colours is the safe bet.
  const ck = opts.chalk ?? (chalk.level > 0 ? chalk : new Chalk({ level: 2 }));
  const paint = painter(ck);
  const lines: string[] = [];
  for (let r = 0; r < h; r++) {
    let line = '';
    // Runs of identical cells share one escape sequence.
    let run = '';
    let count = 0;
    const flush = (): void => {
      if (count > 0) {
        const [top, bottom] = run.split('/').map(Number) as [number, number];
        line += paint.region(top, bottom, count);
      }
      count = 0;
    };
    for (let c = 0; c < w; c++) {
      const m = marks.get(r * w + c);
      const top = region(c, 2 * r);
      const bottom = region(c, 2 * r + 1);
      if (m) {
        flush();
        line += paint.point(pointChar(m), m.sub === 0 ? top : bottom);
        continue;
      }
      const key = `${top}/${bottom}`;
      if (key !== run) flush();
      run = key;
      count++;
    }
    flush();
    lines.push(line);
  }
  return lines.join('\n');
}

/** Numbers of an axis's extent, short: "-1.5", "0.65". */
const short = (v: number): string => String(Number(v.toPrecision(3)));

/**
 * The legend under boundaryBlocks: what the regions and the marks mean (`points` names the points drawn,
 * null when none are), and the plane's extent. Lines of
 * at most 60 characters, so that the map and its legend fit an 80-column terminal together.
 */
export function boundaryLegend(grid: Grid, opts: { color: boolean; chalk?: ChalkInstance; points?: string | null }): string {
  const e1 = extent(grid.x1);
  const e2 = extent(grid.x2);
  let regions: string;
  if (opts.color) {
    const paint = painter(opts.chalk ?? (chalk.level > 0 ? chalk : new Chalk({ level: 2 })));
    regions = `${paint.region(0, 0, 2)} predicts 0   ${paint.region(1, 1, 2)} predicts 1`;
  } else {
    regions = `'${PLAIN_REGION[0]}' predicts 0   '${PLAIN_REGION[1]}' predicts 1`;
  }
  return [
    opts.points === null ? regions : `${regions}   ${opts.points ?? 'training points'}: ${POINT_CHAR[0]} y = 0, ${POINT_CHAR[1]} y = 1, ${MIXED_CHAR} both`,
    `x1 ${short(e1.lo)} to ${short(e1.hi)} left to right, x2 ${short(e2.lo)} to ${short(e2.hi)} bottom to top`,
  ].join('\n');
}
