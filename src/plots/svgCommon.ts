// What the SVG pictures share: the types they draw, number formatting, axes and the frame.
// Pure: data in, markup out; the caller decides where it goes.
import type { CostPoint } from '../nn/train.js';

export type { CostPoint };

export type Range = readonly [number, number];

/** [min, max] of the values, in a loop: Math.min(...values) overflows the call stack near a million values. */
export function minMax(values: readonly number[]): Range {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
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

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Pixel coordinates with at most two decimals keep the files small. */
export const px = (v: number): string => String(Math.round(v * 100) / 100);

/** 1, 2 or 5 times a power of ten, so that span/step is near target. */
function niceStep(span: number, target: number): number {
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
function tickLabel(v: number, step: number): string {
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

export interface Axis {
  /** data → pixel */
  map(v: number): number;
  ticks: { v: number; label: string }[];
  minor: number[];
}

export function linearAxis(domain: Range, pixels: Range, target: number, snap: boolean): Axis {
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
export function logAxis(domain: Range, pixels: Range): Axis {
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

/** Bold title text is at most this wide per character, in font sizes (DejaVu Sans Bold's widest common glyphs). */
const BOLD_CHAR_WIDTH = 0.66;
const TITLE_SIZE = 15;

/** The title's font size: 15, or smaller so that a long title (a formula, a dataset's options) fits the width. */
export const titleSize = (title: string, width: number): number =>
  Math.min(TITLE_SIZE, Math.floor(((width - 16) / (title.length * BOLD_CHAR_WIDTH)) * 10) / 10);

export function open(width: number, height: number, title: string | undefined): string[] {
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="12" fill="${INK}">`,
  ];
  if (title) out.push(`<title>${esc(title)}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  if (title) out.push(`<text x="${px(width / 2)}" y="24" text-anchor="middle" font-size="${titleSize(title, width)}" font-weight="bold">${esc(title)}</text>`);
  return out;
}

export interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Tick marks, tick labels and axis titles on the left and bottom edges of the frame. */
export function axes(f: Frame, x: Axis, y: Axis, xTitle: string, yTitle: string): string[] {
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
