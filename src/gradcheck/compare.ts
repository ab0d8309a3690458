// The check itself, for any cost: centered differences coordinate by coordinate, the course's relative
// difference, an estimate of the differences' own error, and a verdict per tensor and overall.
//
// Every coordinate is judged. Where a step crosses a ReLU kink, J is not smooth between θ−ε and θ+ε; the
// difference is then taken of J with every ReLU held to its on/off state at θ: the piece of J that
// backpropagation differentiates, equal to J wherever no kink is crossed.
import type { Matrix } from '../linalg/matrix.js';
import { scaledNorm } from '../linalg/norms.js';
import { diagnose, type Diagnosis } from './diagnose.js';

/** A number, or "auto": per coordinate cbrt(2⁻⁵²)·max(1, |θᵢ|). */
export type Epsilon = number | 'auto';
/** unjudged: neither pass nor fail can be said (see Unjudged). */
export type Verdict = 'pass' | 'warn' | 'fail' | 'unjudged';
/**
 * Why something could not be judged: the cost is not finite at θ or θ±ε (no finite difference exists);
 * both gradients are at the level of the differences' own error ("noise"); or the difference exceeds
 * --warn-threshold but lies within that error at this step ("step"), so a smaller or larger ε is needed.
 */
export type Unjudged = 'cost' | 'noise' | 'step';

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
  /**
   * An estimate of the rounding error of the last J() (or kinks.held()); without it, one rounding of J.
   * A cost like −log(1 − a) at a saturated a magnifies its input's rounding far beyond that.
   */
  rounding?(): number;
  /** For ReLU networks: */
  kinks?: {
    /** Whether the last J() switched some ReLU on or off compared with the unperturbed parameters. */
    crossed(): boolean;
    /** J with every ReLU held to its on/off state at the unperturbed parameters. */
    held(): number;
  };
}

export interface Thresholds {
  /** At or below: pass. */
  readonly threshold: number;
  /** At or below (and above threshold): warn, within finite-difference noise. */
  readonly warnThreshold: number;
}

/** ‖analytic‖, ‖numeric‖, ‖analytic − numeric‖ and the estimated ‖error of numeric‖, over judged coordinates. */
export interface Norms {
  analytic: number;
  numeric: number;
  difference: number;
  error: number;
}

export interface TensorReport {
  name: string;
  shape: [number, number];
  /** ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖) over this tensor's judged coordinates (1 when g has inf or nan entries; nan when none is judged). */
  difference: number;
  norms: Norms;
  /** Least-squares analytic/numeric ratio Σg·ĝ/Σĝ²; null when the numeric gradient is all zero or g has inf/nan entries. */
  ratio: number | null;
  worst: { index: [number, number]; analytic: number; numeric: number };
  /** Coordinates whose step crossed a ReLU kink: judged with the ReLUs held. */
  kinks: [number, number][];
  /** Coordinates where J(θ±ε) is not finite: not judged. */
  notFinite: [number, number][];
  verdict: Verdict;
  /** Why, when verdict is unjudged. */
  unjudged: Unjudged | null;
  /** For a failing tensor: the mistake its numbers fit. */
  diagnosis: Diagnosis | null;
}

export interface AutoRecheck {
  difference: number;
  verdict: Verdict;
  unjudged: Unjudged[];
}

export interface CheckResult extends Thresholds {
  name: string;
  /** The course's difference over every coordinate, of J itself even across kinks: what numpy prints. */
  difference: number;
  /** The difference over every judged coordinate, kinks with the ReLUs held: the total the verdict uses (nan when none is). */
  judgedDifference: number;
  norms: Norms;
  /** J at θ, and its outputs exactly 0 or 1 on the wrong side (each makes J inf through −log(0)). */
  cost: number;
  infTerms: number;
  /** Coordinates judged with the ReLUs held, and coordinates not judged (J(θ±ε) not finite). */
  kinks: number;
  notFinite: number;
  epsilon: Epsilon;
  /** Which error dominates a fixed step: rounding (ε below the auto steps) or truncation (ε above them). */
  stepError: 'rounding' | 'truncation';
  verdict: Verdict;
  /** Why, when the verdict is unjudged (each reason found in some tensor). */
  unjudged: Unjudged[];
  parameters: TensorReport[];
  /** The tensors that fail, in backward-pass order: the verdict is fail exactly when there are some. */
  suspects: string[];
  /** For a warn or an unjudged step at a fixed ε: the same check with --epsilon auto. */
  auto: AutoRecheck | null;
  /** Planted mistakes (--inject items) that changed no gradient entry. */
  noEffect: { text: string; reason: string }[];
  /** Planted mistakes too small for this check to see, with the change they made and the smallest it resolves. */
  undetectable: { text: string; grad: string; change: number; resolves: number }[];
}

export const MACHINE_EPSILON = 2 ** -52;
export const AUTO_STEP = Math.cbrt(MACHINE_EPSILON);
/**
 * A discrepancy counts as the finite difference's own error when it is within this factor of the
 * estimated error, |ĝ(ε) − ĝ(2ε)| per coordinate, and at least the rounding of J(θ±ε) over 2ε (Cost.rounding).
 * That estimate is within a factor 3 of the actual error when either rounding (∝ 1/ε) or truncation
 * (∝ ε²) dominates; 10 leaves room for the randomness of rounding.
 */
export const ERROR_FACTOR = 10;

interface Numeric {
  /** ĝ as judged: centered differences, of J with the ReLUs held where the step crossed a kink. */
  judged: Float64Array[];
  /** ĝ of J itself at every coordinate: the course's numbers. */
  plain: Float64Array[];
  /** Estimated |error of judged| per coordinate. */
  error: Float64Array[];
  kinked: Uint8Array[];
  notFinite: Uint8Array[];
  /** Each coordinate's step. */
  steps: Float64Array[];
}

const stepOf = (epsilon: Epsilon, theta: number): number => (epsilon === 'auto' ? AUTO_STEP * Math.max(1, Math.abs(theta)) : epsilon);

/** ĝ by centered differences, with an error estimate; each coordinate is restored exactly after use. */
function numericGradient(tensors: readonly Tensor[], cost: Cost, epsilon: Epsilon): Numeric {
  const out: Numeric = { judged: [], plain: [], error: [], kinked: [], notFinite: [], steps: [] };
  for (const { value } of tensors) {
    const d = value.data;
    const n = d.length;
    const [judged, plain, error, steps] = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    const [kinked, notFinite] = [new Uint8Array(n), new Uint8Array(n)];
    for (let i = 0; i < n; i++) {
      const theta = d[i]!;
      const h = stepOf(epsilon, theta);
      // One centered difference of f at step s; `kink` when J's step crossed a kink.
      const centered = (s: number, held: boolean): { g: number; jp: number; jm: number; kink: boolean; rounding: number } => {
        const f = held ? cost.kinks!.held : cost.J;
        const r = (j: number): number => cost.rounding?.() ?? MACHINE_EPSILON * Math.abs(j);
        const plus = theta + s;
        const minus = theta - s;
        d[i] = plus;
        const jp = f();
        const rp = r(jp);
        let kink = !held && (cost.kinks?.crossed() ?? false);
        d[i] = minus;
        const jm = f();
        const rm = r(jm);
        kink = (!held && (cost.kinks?.crossed() ?? false)) || kink;
        d[i] = theta;
        // The course divides by 2ε; with auto, by the step actually taken, which removes the step's rounding.
        const width = epsilon === 'auto' ? plus - minus : 2 * s;
        return { g: (jp - jm) / width, jp, jm, kink, rounding: (rp + rm) / width };
      };
      const smooth = (s: number): ReturnType<typeof centered> => {
        const c = centered(s, false);
        return c.kink && cost.kinks ? { ...centered(s, true), kink: true } : c;
      };
      const first = centered(h, false);
      const at = first.kink && cost.kinks ? centered(h, true) : first;
      const twice = smooth(2 * h);
      plain[i] = first.g;
      judged[i] = at.g;
      steps[i] = h;
      kinked[i] = first.kink ? 1 : 0;
      notFinite[i] = Number.isFinite(at.jp) && Number.isFinite(at.jm) ? 0 : 1;
      const apart = Math.abs(at.g - twice.g);
      error[i] = Number.isFinite(apart) ? Math.max(apart, at.rounding) : at.rounding;
    }
    Object.entries({ judged, plain, error, kinked, notFinite, steps }).forEach(([k, v]) => (out[k as keyof Numeric] as unknown[]).push(v));
  }
  return out;
}

/** The course's ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖), summed as numpy's norms are; 0 when both are all zero. */
function courseDifference(g: readonly Float64Array[], a: readonly Float64Array[]): number {
  let d2 = 0, g2 = 0, a2 = 0;
  g.forEach((gt, k) => {
    for (let i = 0; i < gt.length; i++) {
      d2 += (gt[i]! - a[k]![i]!) ** 2;
      g2 += gt[i]! ** 2;
      a2 += a[k]![i]! ** 2;
    }
  });
  const den = Math.sqrt(g2) + Math.sqrt(a2);
  return den === 0 ? 0 : Math.sqrt(d2) / den;
}

/** Norms over the judged coordinates of several tensors, as one flattened vector. */
function normsOf(g: readonly Float64Array[], a: readonly Float64Array[], e: readonly Float64Array[], skip: readonly Uint8Array[]): Norms {
  const flat = (xs: readonly Float64Array[]): Float64Array => {
    const parts = xs.map((x, k) => x.filter((_, i) => !skip[k]![i]));
    const outArr = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) (outArr.set(p, o), (o += p.length));
    return outArr;
  };
  const [gf, af] = [flat(g), flat(a)];
  return { analytic: scaledNorm(gf), numeric: scaledNorm(af), difference: scaledNorm(gf.map((v, i) => v - af[i]!)), error: scaledNorm(flat(e)) };
}

/** ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖): 0 for two zero gradients, 1 when g has inf or nan entries (as far apart as can be). */
export function relativeOf(n: Norms): number {
  if (!Number.isFinite(n.analytic) || !Number.isFinite(n.difference)) return 1;
  const den = n.analytic + n.numeric;
  return den === 0 ? 0 : n.difference / den;
}

/** The verdict on one set of norms: the thresholds, guarded by the differences' own error. */
function judge(n: Norms, t: Thresholds): { verdict: Verdict; unjudged: Unjudged | null } {
  const d = relativeOf(n);
  const K = ERROR_FACTOR * n.error;
  if (d <= t.threshold) return { verdict: 'pass', unjudged: null };
  if (Number.isFinite(n.analytic) && n.analytic <= K && n.numeric <= K) return { verdict: 'unjudged', unjudged: 'noise' };
  if (d <= t.warnThreshold) return { verdict: 'warn', unjudged: null };
  if (Number.isFinite(n.difference) && n.difference <= K) return { verdict: 'unjudged', unjudged: 'step' };
  return { verdict: 'fail', unjudged: null };
}

function tensorReport(t: Tensor, n: Numeric, k: number, th: Thresholds): TensorReport {
  const g = t.grad.data;
  const a = n.judged[k]!;
  const skip = n.notFinite[k]!;
  const cols = t.value.cols;
  const at = (i: number): [number, number] => [Math.floor(i / cols), i % cols];
  let worst = -1;
  for (let i = 0; i < g.length; i++) {
    if (skip[i]) continue;
    if (worst < 0 || !(Math.abs(g[i]! - a[i]!) <= Math.abs(g[worst]! - a[worst]!))) worst = i;
  }
  const norms = normsOf([g], [a], [n.error[k]!], [skip]);
  // Coordinates without a finite difference can hide a mistake: short of a fail, the tensor is unjudged.
  const some = skip.some((v) => v === 1);
  const judged = judge(norms, th);
  const { verdict, unjudged } = some && judged.verdict !== 'fail' ? { verdict: 'unjudged' as const, unjudged: 'cost' as const } : judged;
  const dot = (x: Float64Array, y: Float64Array): number => {
    // Σxy/Σy² from the unit vectors, so that factors like 1e200 neither overflow nor underflow
    let s = 0;
    for (let i = 0; i < x.length; i++) if (!skip[i]) s += (x[i]! / norms.analytic) * (y[i]! / norms.numeric);
    return s;
  };
  const ratio = norms.numeric === 0 ? null : norms.analytic === 0 ? 0 : (norms.analytic / norms.numeric) * dot(g, a);
  const w = Math.max(worst, 0);
  return {
    name: t.name,
    shape: [t.value.rows, cols],
    difference: some && skip.every((v) => v === 1) ? NaN : relativeOf(norms),
    norms,
    ratio: ratio !== null && Number.isFinite(ratio) ? ratio : null,
    worst: { index: at(w), analytic: g[w]!, numeric: a[w]! },
    kinks: [...n.kinked[k]!.keys()].filter((i) => n.kinked[k]![i]).map(at),
    notFinite: [...skip.keys()].filter((i) => skip[i]).map(at),
    verdict,
    unjudged,
    diagnosis: verdict === 'fail'
      ? diagnose({ analytic: g.filter((_, i) => !skip[i]), numeric: a.filter((_, i) => !skip[i]), error: n.error[k]!.filter((_, i) => !skip[i]), factor: ERROR_FACTOR })
      : null,
  };
}

/** Failing tensors in backward-pass order (dW3, db3, dW2, ...): a wrong dZ spoils every gradient computed after it. */
function suspectsOf(parameters: readonly TensorReport[]): string[] {
  const layer = (name: string): number => Number(/\d+$/.exec(name)?.[0] ?? 0);
  return parameters.filter((p) => p.verdict === 'fail').map((p) => p.name).sort((a, b) => layer(b) - layer(a) || (a[0] === 'W' ? -1 : 1));
}

interface Judged {
  numeric: Numeric;
  parameters: TensorReport[];
  norms: Norms;
  verdict: Verdict;
  unjudged: Unjudged[];
}

/**
 * One rule: a tensor fails when its own difference exceeds --warn-threshold by more than the differences'
 * error; the check fails exactly when some tensor does. Otherwise it is unjudged when some tensor is,
 * and else pass or warn by the total difference, as the course judges it.
 */
function judgeAll(tensors: readonly Tensor[], cost: Cost, epsilon: Epsilon, t: Thresholds): Judged {
  const numeric = numericGradient(tensors, cost, epsilon);
  const parameters = tensors.map((tensor, k) => tensorReport(tensor, numeric, k, t));
  const norms = normsOf(tensors.map((x) => x.grad.data), numeric.judged, numeric.error, numeric.notFinite);
  const unjudged = [...new Set(parameters.flatMap((p) => (p.unjudged ? [p.unjudged] : [])))];
  const total = relativeOf(norms);
  const verdict: Verdict = parameters.some((p) => p.verdict === 'fail') ? 'fail'
    : unjudged.length > 0 ? 'unjudged'
      : total <= t.threshold ? 'pass' : 'warn';
  return { numeric, parameters, norms, verdict, unjudged };
}

const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Runs the check. Flattening order is the order of `tensors` (the course's W1, b1, W2, b2, ...). */
export function gradientCheck(name: string, tensors: readonly Tensor[], cost: Cost, epsilon: Epsilon, t: Thresholds): CheckResult {
  const J0 = cost.J();
  const run = judgeAll(tensors, cost, epsilon, t);
  const count = (xs: readonly Uint8Array[]): number => xs.reduce((s, k) => s + k.reduce((a, b) => a + b, 0), 0);
  let auto: AutoRecheck | null = null;
  if (epsilon !== 'auto' && (run.verdict === 'warn' || run.unjudged.includes('step'))) {
    const a = judgeAll(tensors, cost, 'auto', t);
    auto = { difference: relativeOf(a.norms), verdict: a.verdict, unjudged: a.unjudged };
  }
  const autoSteps = tensors.flatMap((x) => Array.from(x.value.data, (v) => stepOf('auto', v)));
  return {
    name,
    difference: courseDifference(tensors.map((x) => x.grad.data), run.numeric.plain),
    judgedDifference: count(run.numeric.notFinite) === tensors.reduce((s, x) => s + x.value.data.length, 0) ? NaN : relativeOf(run.norms),
    norms: run.norms,
    cost: J0,
    infTerms: 0,
    kinks: count(run.numeric.kinked),
    notFinite: count(run.numeric.notFinite),
    epsilon,
    stepError: epsilon === 'auto' || epsilon < median(autoSteps) ? 'rounding' : 'truncation',
    threshold: t.threshold,
    warnThreshold: t.warnThreshold,
    verdict: run.verdict,
    unjudged: run.unjudged,
    parameters: run.parameters,
    suspects: suspectsOf(run.parameters),
    auto,
    noEffect: [],
    undetectable: [],
  };
}
