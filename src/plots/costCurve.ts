// The cost curve as a self-contained SVG: linear or log scale; inf/nan costs are marked, not drawn.
import { axes, esc, linearAxis, logAxis, minMax, open, px, type CostPoint, type Frame, type Range } from './svgCommon.js';

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
  const itRange: Range = its.length > 0 ? minMax(its) : [0, 1];
  const x = linearAxis(itRange[1] > itRange[0] ? itRange : [itRange[0], itRange[0] + 1], [f.left, f.right], 7, false);
  const cs = shown.map((p) => p.cost);
  const cRange: Range = cs.length > 0 ? minMax(cs) : opts.logScale ? [0.1, 1] : [0, 1];
  const y = opts.logScale ? logAxis(cRange, [f.bottom, f.top]) : linearAxis(cRange, [f.bottom, f.top], 6, true);

  const out = open(width, height, opts.title);
  out.push('<g stroke="#e6e6e6" stroke-width="1">');
  for (const v of y.minor) out.push(`<line x1="${px(f.left)}" y1="${px(y.map(v))}" x2="${px(f.right)}" y2="${px(y.map(v))}" stroke="#f3f3f3"/>`);
  for (const t of y.ticks) out.push(`<line x1="${px(f.left)}" y1="${px(y.map(t.v))}" x2="${px(f.right)}" y2="${px(y.map(t.v))}"/>`);
  for (const t of x.ticks) out.push(`<line x1="${px(x.map(t.v))}" y1="${px(f.top)}" x2="${px(x.map(t.v))}" y2="${px(f.bottom)}"/>`);
  out.push('</g>');
  out.push(...axes(f, x, y, 'iteration', opts.logScale ? 'cost (log scale)' : 'cost'));

  // A gap in the line wherever a value could not be drawn, so nothing is interpolated across it.
  // Points that land on the same spot as the one before add nothing to the picture: a million reports
  // draw as the few thousand distinct positions they cover.
  const d: string[] = [];
  let pen = false;
  let last = '';
  for (const p of costs) {
    if (!plottable(p.cost)) {
      pen = false;
      continue;
    }
    const at = `${px(x.map(p.iteration))} ${px(y.map(p.cost))}`;
    if (!pen || at !== last) d.push(`${pen ? 'L' : 'M'}${at}`);
    last = at;
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
    let lastMark = '';
    for (const p of off) {
      const cx = x.map(p.iteration);
      const low = p.cost === -Infinity || (Number.isFinite(p.cost) && p.cost <= 0);
      const label = Number.isNaN(p.cost) ? 'nan' : p.cost === Infinity ? 'inf' : p.cost === -Infinity ? '-inf' : String(p.cost);
      // One mark per pixel column and label: a run of non-finite reports there is one triangle.
      const mark = `${Math.round(cx)} ${low} ${label}`;
      if (mark === lastMark) continue;
      lastMark = mark;
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
