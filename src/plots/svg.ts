// Pictures of a run as self-contained SVG strings: the cost curve and the course's decision-boundary plot.
// Pure: data in, markup out; the caller decides where it goes.
import type { Dataset } from '../data/dataset.js';
import type { Matrix } from '../linalg/matrix.js';
import type { CostPoint } from '../nn/train.js';

export type { CostPoint };

export type Range = readonly [number, number];
export interface Bounds {
  x1: Range;
  x2: Range;
}

/** Cell centres of an evenly spaced grid; classOf is row-major over x2 then x1: classOf[j * x1.length + i]. */
export interface Grid {
  x1: readonly number[];
  x2: readonly number[];
  classOf: Uint8Array | readonly number[];
}

export interface LabelledPoint {
  x1: number;
  x2: number;
  y: number;
}

// Spectral's ends, softened for the regions so the points on top stay readable.
export const CLASS_COLORS = {
  region: ['#f3a7a5', '#a9cde6'],
  point: ['#d53e4f', '#3288bd'],
  outline: '#1d1d1d',
} as const;

const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const INK = '#333';

// ---------- numbers and text ----------

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Pixel coordinates with at most two decimals keep the files small. */
const px = (v: number): string => String(Math.round(v * 100) / 100);

/** 1, 2 or 5 times a power of ten, so that span/step is near target. */
export function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

/** Multiples of step inside [lo, hi], computed as k·step so they don't drift. */
function ticksIn(lo: number, hi: number, step: number): number[] {
  const eps = step * 1e-9;
  const out: number[] = [];
  for (let k = Math.ceil((lo - eps) / step); k * step <= hi + eps; k++) out.push(k * step);
  return out;
}

/** Enough decimals for the step; thousands as "5k" because iteration counts get long. */
export function tickLabel(v: number, step: number): string {
  if (Math.abs(v) < step * 1e-9) return '0';
  if (step >= 1000 && Math.abs(v) >= 1000 && Math.round(v) % 1000 === 0) return `${Math.round(v) / 1000}k`;
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return v.toFixed(Math.min(decimals, 10));
}

function decadeLabel(k: number): string {
  return k >= -3 && k <= 3 ? String(Number((10 ** k).toFixed(3))) : `1e${k}`;
}

/** A span that is never empty, so constant data (the zeros init's flat cost) still gets an axis. */
function widen(lo: number, hi: number): Range {
  if (hi - lo > Math.abs(hi) * 1e-12) return [lo, hi];
  const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.05 : 1;
  return [lo - pad, hi + pad];
}

interface Axis {
  /** data → pixel */
  map(v: number): number;
  ticks: { v: number; label: string }[];
  minor: number[];
}

function linearAxis(domain: Range, pixels: Range, target: number, snap: boolean): Axis {
  let [lo, hi] = widen(domain[0], domain[1]);
  const step = niceStep(hi - lo, target);
  if (snap) [lo, hi] = [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
  const scale = (pixels[1] - pixels[0]) / (hi - lo);
  return {
    map: (v) => pixels[0] + (v - lo) * scale,
    ticks: ticksIn(lo, hi, step).map((v) => ({ v, label: tickLabel(v, step) })),
    minor: [],
  };
}

/**
 * Whole decades around the data. With only one or two decades those ticks alone say little,
 * so 2, 3, 5 (or 2, 5) × 10^k get labels too; the other multiples are unlabelled minor gridlines.
 */
function logAxis(domain: Range, pixels: Range): Axis {
  const k0 = Math.floor(Math.log10(domain[0]) + 1e-9);
  let k1 = Math.ceil(Math.log10(domain[1]) - 1e-9);
  if (k1 <= k0) k1 = k0 + 1;
  const labelled = k1 - k0 === 1 ? [2, 3, 5] : k1 - k0 === 2 ? [2, 5] : [];
  const scale = (pixels[1] - pixels[0]) / (k1 - k0);
  const ticks: Axis['ticks'] = [];
  const minor: number[] = [];
  for (let k = k0; k <= k1; k++) {
    ticks.push({ v: 10 ** k, label: decadeLabel(k) });
    if (k === k1) break;
    for (let m = 2; m <= 9; m++) {
      const v = m * 10 ** k;
      if (labelled.includes(m)) ticks.push({ v, label: tickLabel(v, 10 ** k) });
      else minor.push(v);
    }
  }
  return { map: (v) => pixels[0] + (Math.log10(v) - k0) * scale, ticks, minor };
}

/** A typographic minus, as plotting libraries print it. */
const minus = (label: string): string => label.replace(/^-/, '\u2212');

function open(width: number, height: number, title: string | undefined): string[] {
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="12" fill="${INK}">`,
  ];
  if (title) out.push(`<title>${esc(title)}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  if (title) out.push(`<text x="${px(width / 2)}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`);
  return out;
}

interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Tick marks, tick labels and axis titles on the left and bottom edges of the frame. */
function axes(f: Frame, x: Axis, y: Axis, xTitle: string, yTitle: string): string[] {
  const out: string[] = [`<g stroke="${INK}" stroke-width="1">`];
  for (const t of x.ticks) out.push(`<line x1="${px(x.map(t.v))}" y1="${px(f.bottom)}" x2="${px(x.map(t.v))}" y2="${px(f.bottom + 5)}"/>`);
  for (const t of y.ticks) out.push(`<line x1="${px(f.left - 5)}" y1="${px(y.map(t.v))}" x2="${px(f.left)}" y2="${px(y.map(t.v))}"/>`);
  out.push(`<rect x="${px(f.left)}" y="${px(f.top)}" width="${px(f.right - f.left)}" height="${px(f.bottom - f.top)}" fill="none"/>`, '</g>');
  out.push('<g font-size="11">');
  for (const t of x.ticks) out.push(`<text x="${px(x.map(t.v))}" y="${px(f.bottom + 18)}" text-anchor="middle">${esc(minus(t.label))}</text>`);
  for (const t of y.ticks) out.push(`<text x="${px(f.left - 8)}" y="${px(y.map(t.v) + 4)}" text-anchor="end">${esc(minus(t.label))}</text>`);
  out.push('</g>');
  const midX = (f.left + f.right) / 2;
  const midY = (f.top + f.bottom) / 2;
  out.push(`<text x="${px(midX)}" y="${px(f.bottom + 38)}" text-anchor="middle" font-size="13">${esc(xTitle)}</text>`);
  out.push(`<text transform="translate(${px(f.left - 48)} ${px(midY)}) rotate(-90)" text-anchor="middle" font-size="13">${esc(yTitle)}</text>`);
  return out;
}

// ---------- cost curve ----------

export interface CostCurveOptions {
  title?: string;
  logScale?: boolean;
  width?: number;
  height?: number;
}

/** Above this many points the dots would smear into the line. */
const MAX_MARKERS = 60;
const LINE = '#1f77b4';
const WARN = '#d62728';

export function costCurveSvg(costs: readonly CostPoint[], opts: CostCurveOptions = {}): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 400;
  const f: Frame = { left: 72, right: width - 24, top: opts.title ? 44 : 20, bottom: height - 52 };
  // Log scale can't place a zero either, so such points are marked like infinities.
  const plottable = (c: number): boolean => Number.isFinite(c) && (!opts.logScale || c > 0);
  const shown = costs.filter((p) => plottable(p.cost));
  const off = costs.filter((p) => !plottable(p.cost));

  const its = costs.map((p) => p.iteration);
  const itRange: Range = its.length > 0 ? [Math.min(...its), Math.max(...its)] : [0, 1];
  const x = linearAxis(itRange[1] > itRange[0] ? itRange : [itRange[0], itRange[0] + 1], [f.left, f.right], 7, false);
  const cs = shown.map((p) => p.cost);
  const cRange: Range = cs.length > 0 ? [Math.min(...cs), Math.max(...cs)] : opts.logScale ? [0.1, 1] : [0, 1];
  const y = opts.logScale ? logAxis(cRange, [f.bottom, f.top]) : linearAxis(cRange, [f.bottom, f.top], 6, true);

  const out = open(width, height, opts.title);
  out.push('<g stroke="#e6e6e6" stroke-width="1">');
  for (const v of y.minor) out.push(`<line x1="${px(f.left)}" y1="${px(y.map(v))}" x2="${px(f.right)}" y2="${px(y.map(v))}" stroke="#f3f3f3"/>`);
  for (const t of y.ticks) out.push(`<line x1="${px(f.left)}" y1="${px(y.map(t.v))}" x2="${px(f.right)}" y2="${px(y.map(t.v))}"/>`);
  for (const t of x.ticks) out.push(`<line x1="${px(x.map(t.v))}" y1="${px(f.top)}" x2="${px(x.map(t.v))}" y2="${px(f.bottom)}"/>`);
  out.push('</g>');
  out.push(...axes(f, x, y, 'iteration', opts.logScale ? 'cost (log scale)' : 'cost'));

  // A gap in the line wherever a value could not be drawn, so nothing is interpolated across it.
  const d: string[] = [];
  let pen = false;
  for (const p of costs) {
    if (!plottable(p.cost)) {
      pen = false;
      continue;
    }
    d.push(`${pen ? 'L' : 'M'}${px(x.map(p.iteration))} ${px(y.map(p.cost))}`);
    pen = true;
  }
  if (d.length > 0) out.push(`<path class="cost" d="${d.join('')}" fill="none" stroke="${LINE}" stroke-width="2" stroke-linejoin="round"/>`);
  if (shown.length <= MAX_MARKERS) {
    out.push(`<g class="points" fill="${LINE}">`);
    for (const p of shown) out.push(`<circle cx="${px(x.map(p.iteration))}" cy="${px(y.map(p.cost))}" r="2.5"/>`);
    out.push('</g>');
  }
  if (off.length > 0) {
    out.push(`<g class="nonfinite" fill="${WARN}" font-size="10" text-anchor="middle">`);
    for (const p of off) {
      const cx = x.map(p.iteration);
      const low = p.cost === -Infinity || (Number.isFinite(p.cost) && p.cost <= 0);
      const label = Number.isNaN(p.cost) ? 'nan' : p.cost === Infinity ? 'inf' : p.cost === -Infinity ? '-inf' : String(p.cost);
      // A triangle on the edge the value ran off, pointing out of the plot.
      const e = low ? f.bottom : f.top;
      const s = low ? -1 : 1;
      out.push(`<path d="M${px(cx - 5)} ${px(e + 8 * s)}L${px(cx + 5)} ${px(e + 8 * s)}L${px(cx)} ${px(e)}z"/>`);
      // The label beside the triangle, on the side away from the nearer vertical edge.
      const right = cx < (f.left + f.right) / 2;
      const anchor = right ? 'start' : 'end';
      out.push(`<text x="${px(cx + (right ? 8 : -8))}" y="${px(low ? e - 3 : e + 10)}" text-anchor="${anchor}">${esc(label)}</text>`);
    }
    out.push('</g>');
  }
  if (costs.length === 0) out.push(`<text x="${px((f.left + f.right) / 2)}" y="${px((f.top + f.bottom) / 2)}" text-anchor="middle">no costs recorded</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

// ---------- decision boundary ----------

/** The plot's extent: the course's axes limits where it fixes them, else its plot_decision_boundary's ±1 margin. */
export function boundsFor(dataset: string, points: readonly { x1: number; x2: number }[]): Bounds {
  if (dataset === 'football') return { x1: [-0.75, 0.4], x2: [-0.75, 0.65] };
  if (dataset === 'circles') return { x1: [-1.5, 1.5], x2: [-1.5, 1.5] };
  if (points.length === 0) return { x1: [-1, 1], x2: [-1, 1] };
  const span = (v: number[]): Range => [Math.min(...v) - 1, Math.max(...v) + 1];
  return { x1: span(points.map((p) => p.x1)), x2: span(points.map((p) => p.x2)) };
}

/** A (features × m) dataset as points, for plotting. */
export function pointsOf(d: Dataset): LabelledPoint[] {
  const m = d.X.cols;
  const out: LabelledPoint[] = [];
  for (let j = 0; j < m; j++) out.push({ x1: d.X.data[j]!, x2: d.X.data[m + j]!, y: d.Y.data[j]! });
  return out;
}

/**
 * The model's class at the centre of each of resolution × resolution cells covering bounds.
 * All centres go through predict in one (2 × n) matrix: one forward pass instead of n.
 */
export function boundaryGrid(predict: (X: Matrix) => Float64Array, bounds: Bounds, resolution = 250): Grid {
  const n = Math.max(1, Math.floor(resolution));
  const centres = ([lo, hi]: Range): number[] => Array.from({ length: n }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / n);
  const x1 = centres(bounds.x1);
  const x2 = centres(bounds.x2);
  const m = n * n;
  const data = new Float64Array(2 * m);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      data[j * n + i] = x1[i]!;
      data[m + j * n + i] = x2[j]!;
    }
  }
  const p = predict({ rows: 2, cols: m, data });
  if (p.length !== m) throw new RangeError(`predict returned ${p.length} values for ${m} grid points`);
  const classOf = new Uint8Array(m);
  for (let k = 0; k < m; k++) classOf[k] = p[k]! > 0.5 ? 1 : 0;
  return { x1, x2, classOf };
}

/** Half the spacing of evenly spaced centres (a single centre gets the fallback). */
const halfStep = (c: readonly number[], fallback: number): number => (c.length > 1 ? Math.abs(c[1]! - c[0]!) / 2 : fallback / 2);

interface Band {
  /** x2 extent */
  lo: number;
  hi: number;
  /** x1 extents of same-class runs, with their class */
  runs: { from: number; to: number; cls: number }[];
}

/**
 * Each grid row as runs of one class, clipped to the bounds; consecutive rows with the same runs are merged
 * into one band, which keeps a 250 × 250 grid down to tens of kilobytes.
 */
export function regionBands(grid: Grid, bounds: Bounds): Band[] {
  const n1 = grid.x1.length;
  const hx = halfStep(grid.x1, bounds.x1[1] - bounds.x1[0]);
  const hy = halfStep(grid.x2, bounds.x2[1] - bounds.x2[0]);
  const clip = (v: number, [lo, hi]: Range): number => Math.min(hi, Math.max(lo, v));
  const bands: Band[] = [];
  let prevKey = '';
  grid.x2.forEach((c2, j) => {
    const lo = clip(c2 - hy, bounds.x2);
    const hi = clip(c2 + hy, bounds.x2);
    if (hi <= lo) return;
    const runs: Band['runs'] = [];
    for (let i = 0; i < n1; ) {
      const cls = grid.classOf[j * n1 + i]!;
      let k = i;
      while (k + 1 < n1 && grid.classOf[j * n1 + k + 1] === cls) k++;
      const from = clip(grid.x1[i]! - hx, bounds.x1);
      const to = clip(grid.x1[k]! + hx, bounds.x1);
      if (to > from) runs.push({ from, to, cls });
      i = k + 1;
    }
    const key = runs.map((r) => `${r.from},${r.to},${r.cls}`).join(';');
    const last = bands[bands.length - 1];
    // Rows are merged only when adjacent, so a band is always one solid rectangle per run.
    if (last && key === prevKey && Math.abs(last.hi - lo) < hy * 1e-6) last.hi = hi;
    else if (last && key === prevKey && Math.abs(last.lo - hi) < hy * 1e-6) last.lo = lo;
    else bands.push({ lo, hi, runs });
    prevKey = key;
  });
  return bands;
}

export interface BoundaryOptions {
  grid: Grid;
  points: readonly LabelledPoint[];
  bounds: Bounds;
  title?: string;
  /** Pixels along the longer axis of the plot area; the other follows so that one unit is as long on both axes. */
  size?: number;
}

export function boundarySvg(opts: BoundaryOptions): string {
  const { grid, points, bounds } = opts;
  const size = opts.size ?? 440;
  const sx = bounds.x1[1] - bounds.x1[0];
  const sy = bounds.x2[1] - bounds.x2[0];
  const unit = size / Math.max(sx, sy);
  const f: Frame = { left: 64, top: opts.title ? 40 : 16, right: 0, bottom: 0 };
  f.right = f.left + sx * unit;
  f.bottom = f.top + sy * unit;
  const width = Math.ceil(f.right + 20);
  const height = Math.ceil(f.bottom + 52);
  const x = linearAxis(bounds.x1, [f.left, f.right], Math.max(3, Math.round((sx * unit) / 70)), false);
  const y = linearAxis(bounds.x2, [f.bottom, f.top], Math.max(3, Math.round((sy * unit) / 70)), false);

  const out = open(width, height, opts.title);
  // One path per class; crispEdges stops hairline seams between the rectangles.
  const d: [string[], string[]] = [[], []];
  for (const band of regionBands(grid, bounds)) {
    const top = y.map(band.hi);
    const h = y.map(band.lo) - top;
    for (const r of band.runs) {
      d[r.cls === 1 ? 1 : 0].push(`M${px(x.map(r.from))} ${px(top)}h${px(x.map(r.to) - x.map(r.from))}v${px(h)}h${px(x.map(r.from) - x.map(r.to))}z`);
    }
  }
  out.push('<g class="regions" shape-rendering="crispEdges">');
  d.forEach((parts, cls) => {
    if (parts.length > 0) out.push(`<path class="region-${cls}" fill="${CLASS_COLORS.region[cls]}" d="${parts.join('')}"/>`);
  });
  out.push('</g>');

  const inside = (p: LabelledPoint): boolean =>
    p.x1 >= bounds.x1[0] && p.x1 <= bounds.x1[1] && p.x2 >= bounds.x2[0] && p.x2 <= bounds.x2[1];
  out.push(`<g class="points" stroke="${CLASS_COLORS.outline}" stroke-width="0.7">`);
  for (const p of points.filter(inside)) {
    const fill = CLASS_COLORS.point[p.y === 1 ? 1 : 0];
    out.push(`<circle class="y${p.y === 1 ? 1 : 0}" cx="${px(x.map(p.x1))}" cy="${px(y.map(p.x2))}" r="3.6" fill="${fill}"/>`);
  }
  out.push('</g>');
  out.push(...axes(f, x, y, 'x1', 'x2'));
  out.push('</svg>');
  return out.join('\n') + '\n';
}
