// Which mistake fits a tensor's numbers: one factor, one added term, a zeroed gradient, or none of them.
// Each fit is judged against a tolerance made of the numeric gradient's estimated error (compare.ts), the
// analytic gradient's own rounding and the spacing of subnormal numbers, so that it holds at any scale.
import { scaledNorm } from '../linalg/norms.js';

export type Diagnosis =
  /** Some analytic entries are inf or nan; factor: the one factor the finite entries fit, if any. */
  | { kind: 'not finite'; entries: number; factor: number | null }
  /** The analytic gradient is exactly 0 in every entry; the numeric one is not. */
  | { kind: 'zeroed' }
  /** One side is at the level of the numeric error (‖·‖ ≤ 10× the error), the other is not. */
  | { kind: 'noise level'; side: 'analytic' | 'numeric'; level: number }
  /** g = factor·ĝ in every entry, within `tolerance` (absolute, on the factor). */
  | { kind: 'factor'; factor: number; tolerance: number }
  /** g = ĝ + offset in every entry, within `tolerance` (absolute, on the offset). */
  | { kind: 'offset'; offset: number; tolerance: number }
  /** Both fit: one entry, or numeric entries so nearly equal that a factor and an added term look alike. */
  | { kind: 'factor or offset'; factor: number; offset: number; factorTolerance: number; offsetTolerance: number; entries: number }
  /** Every entry agrees but the worst one. */
  | { kind: 'one entry' }
  | { kind: 'other' };

const EPS = 2 ** -52;
const SUBNORMAL = 2 ** -1074;

export interface FitInput {
  /** Analytic and numeric gradients and the numeric one's estimated error, over judged coordinates. */
  analytic: Float64Array;
  numeric: Float64Array;
  error: Float64Array;
  /** How many estimated errors a fit's residual may be (compare.ts ERROR_FACTOR). */
  factor: number;
}

interface Fit {
  ok: boolean;
  value: number;
  tolerance: number;
}

/** The best single factor k (least squares) and whether g − k·ĝ is within the error, computed on unit vectors. */
function factorFit(g: Float64Array, a: Float64Array, N: number, K: number): Fit {
  // g scaled by its largest entry first: its norm may pass the largest double (a factor of 1e308).
  const top = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const A = scaledNorm(a);
  if (top === 0 || A === 0) return { ok: false, value: A === 0 ? NaN : 0, tolerance: 0 };
  const gs = g.map((v) => v / top);
  const G = scaledNorm(gs);
  let c = 0;
  for (let i = 0; i < g.length; i++) c += (gs[i]! / G) * (a[i]! / A);
  const residual = scaledNorm(gs.map((v, i) => v / G - c * (a[i]! / A)));
  const tol = K * (N / A + EPS + (Math.sqrt(g.length) * SUBNORMAL) / top / G);
  const k = (top / A) * (G * c);
  return { ok: residual <= tol, value: k, tolerance: Math.abs(k) * tol };
}

/** The best single added term c (the mean of g − ĝ) and whether the rest is within the error. */
function offsetFit(g: Float64Array, a: Float64Array, N: number, K: number): Fit {
  const n = g.length;
  const d = g.map((v, i) => v - a[i]!);
  if (!d.every(Number.isFinite)) return { ok: false, value: NaN, tolerance: 0 };
  const top = d.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const c = top === 0 ? 0 : top * (d.reduce((s, v) => s + v / top, 0) / n); // scaled: the sum may overflow
  const residual = scaledNorm(d.map((v) => v - c));
  const gTop = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const tol = K * (N + EPS * gTop * scaledNorm(g.map((v) => v / gTop)) + Math.sqrt(n) * SUBNORMAL); // 2⁻⁵²·‖g‖, scaled
  // An added term must stand out of the error too: else the tensor agrees, and nothing was added.
  return { ok: residual <= tol && Math.abs(c) * Math.sqrt(n) > K * N, value: c, tolerance: tol / Math.sqrt(n) };
}

/** The mistake that fits a failing tensor. */
export function diagnose({ analytic: g, numeric: a, error: e, factor: K }: FitInput): Diagnosis {
  const N = scaledNorm(e);
  const finite = g.map((v) => (Number.isFinite(v) ? 0 : 1));
  const bad = finite.reduce((s, v) => s + v, 0);
  if (bad > 0) {
    const keep = (x: Float64Array): Float64Array => x.filter((_, i) => !finite[i]);
    const f = factorFit(keep(g), keep(a), scaledNorm(keep(e)), K);
    return { kind: 'not finite', entries: bad, factor: f.ok ? f.value : null };
  }
  const [G, A] = [scaledNorm(g), scaledNorm(a)];
  if (G === 0) return { kind: 'zeroed' };
  if (A <= K * N) return { kind: 'noise level', side: 'numeric', level: N };
  const f = factorFit(g, a, N, K);
  const o = offsetFit(g, a, N, K);
  if (f.ok && o.ok) return { kind: 'factor or offset', factor: f.value, offset: o.value, factorTolerance: f.tolerance, offsetTolerance: o.tolerance, entries: g.length };
  if (f.ok) return { kind: 'factor', factor: f.value, tolerance: f.tolerance };
  if (o.ok) return { kind: 'offset', offset: o.value, tolerance: o.tolerance };
  if (G <= K * N) return { kind: 'noise level', side: 'analytic', level: N };
  let worst = 0;
  for (let i = 1; i < g.length; i++) if (Math.abs(g[i]! - a[i]!) > Math.abs(g[worst]! - a[worst]!)) worst = i;
  const others = scaledNorm(g.map((v, i) => (i === worst ? 0 : v - a[i]!)));
  if (g.length > 1 && others <= K * N) return { kind: 'one entry' };
  return { kind: 'other' };
}
