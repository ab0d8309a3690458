// The check itself, for any cost: centered differences coordinate by coordinate, the course's
// relative difference, and a per-tensor breakdown that points at the wrong gradient.
import type { Matrix } from '../linalg/matrix.js';

/** A number, or "auto": per coordinate cbrt(2⁻⁵²)·max(1, |θᵢ|). */
export type Epsilon = number | 'auto';
export type Verdict = 'pass' | 'warn' | 'fail';

export interface Tensor {
  /** Parameter name, e.g. "W1". */
  readonly name: string;
  /** The parameter, perturbed in place (and restored) while J is evaluated. */
  readonly value: Matrix;
  /** The analytic gradient being checked. */
  readonly grad: Matrix;
}

export interface Cost {
  /** J at the current parameters. */
  J(): number;
  /** Whether the last J() moved a ReLU input across 0 compared with the unperturbed parameters. */
  crossedKink?(): boolean;
}

export interface Thresholds {
  /** At or below: pass. */
  readonly threshold: number;
  /** At or below (and above threshold): warn, within finite-difference noise. */
  readonly warnThreshold: number;
}

export interface TensorReport {
  name: string;
  shape: [number, number];
  /** Over this tensor's kink-free coordinates. */
  difference: number;
  /** Least-squares analytic/numeric ratio Σg·ĝ/Σĝ²; null when the numeric gradient is all zero. */
  ratio: number | null;
  worst: { index: [number, number]; analytic: number; numeric: number };
  /** Coordinates where θ±ε crossed a ReLU kink: the centered difference is meaningless there. */
  kinks: [number, number][];
  /** analytic − numeric when it is the same c at every kink-free coordinate (within 1e-3·|c|, c ≠ 0): an added term. */
  offset: number | null;
}

export interface CheckResult extends Thresholds {
  name: string;
  /** The course's difference over every coordinate: what numpy prints. */
  difference: number;
  /** The same without kink coordinates; equals difference when there are none. The verdict uses it. */
  kinkFreeDifference: number;
  kinks: number;
  epsilon: Epsilon;
  verdict: Verdict;
  parameters: TensorReport[];
  suspects: string[];
  /**
   * For a warn or fail at a fixed ε: the difference again with --epsilon auto, over the coordinates that
   * are kink-free with both steps, telling rounding noise from a bug.
   */
  autoDifference: number | null;
  /** The fixed step's difference over those same coordinates, to compare autoDifference with. */
  autoBaseline: number | null;
  /** Coordinates whose auto step crosses a kink that the fixed step did not; null where autoDifference is. */
  autoExtraKinks: number | null;
  /** Planted mistakes (--inject items) that changed no gradient entry. */
  noEffect: { text: string; reason: string }[];
}

export const MACHINE_EPSILON = 2 ** -52;
const AUTO_STEP = Math.cbrt(MACHINE_EPSILON);

interface Numeric {
  approx: Matrix[];
  /** 1 where the coordinate's θ+ε or θ−ε crossed a kink. */
  kinked: Uint8Array[];
}

/** Told, now and then, how many coordinates of a pass are done, of how many. */
export type Progress = (done: number, total: number) => void;

/** ĝ by centered differences; each coordinate is restored exactly after use. */
function numericGradient(tensors: readonly Tensor[], cost: Cost, epsilon: Epsilon, onProgress?: Progress): Numeric {
  const crossed = (): boolean => cost.crossedKink?.() ?? false;
  const approx: Matrix[] = [];
  const kinked: Uint8Array[] = [];
  const total = tensors.reduce((s, t) => s + t.value.data.length, 0);
  let done = 0;
  for (const { value } of tensors) {
    const d = value.data;
    const out = new Float64Array(d.length);
    const kinks = new Uint8Array(d.length);
    for (let i = 0; i < d.length; i++) {
      const theta = d[i]!;
      const h = epsilon === 'auto' ? AUTO_STEP * Math.max(1, Math.abs(theta)) : epsilon;
      const plus = theta + h;
      const minus = theta - h;
      d[i] = plus;
      const jp = cost.J();
      let kink = crossed();
      d[i] = minus;
      const jm = cost.J();
      kink = crossed() || kink;
      d[i] = theta;
      // The course divides by 2ε; with auto, divide by the step actually taken, which removes h's rounding.
      out[i] = (jp - jm) / (epsilon === 'auto' ? plus - minus : 2 * h);
      kinks[i] = kink ? 1 : 0;
      if (onProgress && ++done % 64 === 0) onProgress(done, total);
    }
    approx.push({ rows: value.rows, cols: value.cols, data: out });
    kinked.push(kinks);
  }
  return { approx, kinked };
}

/** Σ(g−ĝ)², Σg², Σĝ², Σgĝ over the coordinates not skipped. */
function sums(g: Float64Array, a: Float64Array, skip: Uint8Array | null): [number, number, number, number] {
  let d2 = 0, g2 = 0, a2 = 0, ga = 0;
  for (let i = 0; i < g.length; i++) {
    if (skip?.[i]) continue;
    d2 += (g[i]! - a[i]!) ** 2;
    g2 += g[i]! * g[i]!;
    a2 += a[i]! * a[i]!;
    ga += g[i]! * a[i]!;
  }
  return [d2, g2, a2, ga];
}

/** ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖); two all-zero gradients agree (0 rather than 0/0). */
function relative([d2, g2, a2]: readonly number[]): number {
  const den = Math.sqrt(g2!) + Math.sqrt(a2!);
  return den === 0 ? 0 : Math.sqrt(d2!) / den;
}

/** The difference over all coordinates, as if flattened into one vector; optionally skipping some (kinks). */
function totalDifference(tensors: readonly Tensor[], n: Numeric, skip: readonly Uint8Array[] | null): number {
  const total = [0, 0, 0, 0];
  tensors.forEach((t, k) => sums(t.grad.data, n.approx[k]!.data, skip ? skip[k]! : null).forEach((v, j) => (total[j]! += v)));
  return relative(total);
}

export function verdictOf(difference: number, t: Thresholds): Verdict {
  if (difference <= t.threshold) return 'pass';
  if (difference <= t.warnThreshold) return 'warn';
  return 'fail'; // NaN lands here too
}

function tensorReport(t: Tensor, approx: Matrix, kinked: Uint8Array): TensorReport {
  const g = t.grad.data;
  const a = approx.data;
  const cols = t.value.cols;
  const at = (i: number): [number, number] => [Math.floor(i / cols), i % cols];
  let worst = -1;
  for (let i = 0; i < g.length; i++) {
    if (kinked[i]) continue;
    if (worst < 0 || !(Math.abs(g[i]! - a[i]!) <= Math.abs(g[worst]! - a[worst]!))) worst = i;
  }
  const s = sums(g, a, kinked);
  const w = Math.max(worst, 0);
  const diffs = [...g.keys()].filter((i) => !kinked[i]).map((i) => g[i]! - a[i]!);
  const mean = diffs.reduce((x, v) => x + v, 0) / diffs.length;
  const uniform = diffs.length > 0 && mean !== 0 && diffs.every((v) => Math.abs(v - mean) <= 1e-3 * Math.abs(mean));
  return {
    name: t.name,
    shape: [t.value.rows, cols],
    difference: relative(s),
    ratio: s[2] === 0 ? null : s[3] / s[2],
    worst: { index: at(w), analytic: g[w]!, numeric: a[w]! },
    kinks: [...kinked.keys()].filter((i) => kinked[i]).map(at),
    offset: uniform ? mean : null,
  };
}

/**
 * Tensors that would fail on their own. Judged against the warn threshold: at ε = 1e-7 correct tensors
 * with small gradients sit around 1e-7..1e-6 from rounding alone (the course's W1 and b3 do).
 * Listed in backward-pass order (dW3, db3, dW2, ...): the first is the most upstream candidate,
 * since a wrong dZ also spoils every gradient computed after it.
 */
function suspectsOf(parameters: readonly TensorReport[], t: Thresholds): string[] {
  const bad = parameters.filter((p) => !(p.difference <= t.warnThreshold)).map((p) => p.name);
  const layer = (name: string): number => Number(/\d+$/.exec(name)?.[0] ?? 0);
  return bad.sort((a, b) => layer(b) - layer(a) || (a[0] === 'W' ? -1 : 1));
}

/** Runs the check. Flattening order is the order of `tensors` (the course's W1, b1, W2, b2, ...). */
export function gradientCheck(name: string, tensors: readonly Tensor[], cost: Cost, epsilon: Epsilon, t: Thresholds, onProgress?: Progress): CheckResult {
  const n = numericGradient(tensors, cost, epsilon, onProgress);
  const kinks = n.kinked.reduce((s, k) => s + k.reduce((a, b) => a + b, 0), 0);
  const kinkFreeDifference = totalDifference(tensors, n, n.kinked);
  const verdict = verdictOf(kinkFreeDifference, t);
  const parameters = tensors.map((tensor, k) => tensorReport(tensor, n.approx[k]!, n.kinked[k]!));
  let autoDifference: number | null = null;
  let autoExtraKinks: number | null = null;
  let autoBaseline: number | null = null;
  if (verdict !== 'pass' && epsilon !== 'auto') {
    // Like with like: both steps judged on the coordinates where neither crossed a kink.
    const auto = numericGradient(tensors, cost, 'auto', onProgress);
    const either = n.kinked.map((k, i) => k.map((v, j) => v | auto.kinked[i]![j]!));
    autoDifference = totalDifference(tensors, auto, either);
    autoExtraKinks = either.reduce((s, k) => s + k.reduce((a, b) => a + b, 0), 0) - kinks;
    autoBaseline = totalDifference(tensors, n, either);
  }
  return {
    name,
    difference: totalDifference(tensors, n, null),
    kinkFreeDifference,
    kinks,
    epsilon,
    threshold: t.threshold,
    warnThreshold: t.warnThreshold,
    verdict,
    parameters,
    suspects: suspectsOf(parameters, t),
    autoDifference,
    autoBaseline,
    autoExtraKinks,
    noEffect: [],
  };
}
