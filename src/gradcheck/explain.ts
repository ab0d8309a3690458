// Plain sentences read off a check's numbers: what the verdict means and which mistake fits.
// Each sentence is said only when its premise holds in the numbers it cites.
import { count, listed } from '../words.js';
import { compact, settingText, sigApart, sigWithin } from '../numpyText.js';
import { AUTO_STEP, ERROR_FACTOR, type CheckResult, type TensorReport, type Unjudged } from './compare.js';

const signed = (v: number, text: string): string => `${v < 0 ? '−' : '+'}${text.replace(/^-/, '')}`;
const where = (p: TensorReport): string => {
  const [r, c] = p.worst.index;
  const [a, n] = sigApart(p.worst.analytic, p.worst.numeric);
  return `worst at [${r}, ${c}]: analytic ${a}, numeric ${n}`;
};

/** One failing tensor's mistake, from the fit its numbers allow (diagnose.ts). */
export function explainTensor(p: TensorReport): string {
  const d = `d${p.name}`;
  const g = p.diagnosis ?? { kind: 'other' as const };
  switch (g.kind) {
    case 'not finite': {
      const rest = g.factor === null ? '' : `; the finite ones are ${sigWithin(g.factor, Math.abs(g.factor) * 1e-6)}× the numeric gradient`;
      return `${d} has ${count(g.entries, 'entry', 'entries')} that ${g.entries === 1 ? 'is' : 'are'} inf or nan where the numeric gradient is finite${rest}: ${d} overflowed`;
    }
    case 'zeroed':
      return `${d} is 0 in every entry where the numeric gradient is not (‖numeric‖ ${compact(p.norms.numeric)}): ${d} is missing or zeroed`;
    case 'noise level':
      return g.side === 'numeric'
        ? `the numeric gradient of ${p.name} is at the level of its own error (‖numeric‖ ${compact(p.norms.numeric)}, error ${compact(g.level)}) but ‖${d}‖ is ${compact(p.norms.analytic)}: ${d} should be 0 here (${where(p)})`
        : `${d} is at the level of the numeric error (‖${d}‖ ${compact(p.norms.analytic)}, error ${compact(g.level)}) where ‖numeric‖ is ${compact(p.norms.numeric)}: ${d} is missing or zeroed`;
    case 'factor': {
      if (Math.abs(g.factor + 1) <= g.tolerance) return `${d} is -1× the numeric gradient in every entry: a sign mistake in ${d}`;
      const k = sigWithin(g.factor, g.tolerance);
      return `${d} is ${k}× the numeric gradient in every entry: a wrong factor${g.factor < 0 ? ' and sign' : ''} (×${k}) in ${d}`;
    }
    case 'offset': {
      const c = signed(g.offset, sigWithin(g.offset, g.tolerance));
      return `${d} is the numeric gradient ${c} in every entry: an added term (${c}) in ${d}`;
    }
    case 'factor or offset': {
      const k = sigWithin(g.factor, g.factorTolerance);
      const c = signed(g.offset, sigWithin(g.offset, g.offsetTolerance));
      if (g.entries === 1) {
        const [a, n] = sigApart(p.worst.analytic, p.worst.numeric);
        return `${d} is ${a} where the numeric gradient is ${n}: off by ${c}, or ×${k}; one entry cannot tell an added term from a factor`;
      }
      return `${d} is the numeric gradient ${c}, or ×${k}, in every entry: its numeric entries are so nearly equal that an added term and a factor fit alike`;
    }
    case 'one entry': {
      const [r, c] = p.worst.index;
      const [a, n] = sigApart(p.worst.analytic, p.worst.numeric);
      const ratio = p.worst.numeric === 0 ? '' : ` (×${compact(p.worst.analytic / p.worst.numeric)})`;
      return `${d}[${r}, ${c}] alone is off, analytic ${a} against numeric ${n}${ratio}, and every other entry agrees: a wrong term or index at ${d}[${r}, ${c}]`;
    }
    case 'other': {
      const ratio = p.ratio === null ? '' : `least-squares ratio ${compact(p.ratio)}; `;
      return `${d} is off in some entries but fits neither one factor nor one added term (${ratio}${where(p)}): a wrong term or index in ${d}`;
    }
  }
}

const stepText = (c: CheckResult): string => (c.epsilon === 'auto' ? '--epsilon auto' : `ε = ${settingText(c.epsilon)}`);
const errorKind = (c: CheckResult): string => (c.stepError === 'rounding'
  ? 'rounding error of J, which grows as ε shrinks'
  : 'truncation error, which grows with ε²');
const UNJUDGED: Record<Unjudged, string> = {
  cost: 'the cost is not finite',
  noise: 'gradients at the level of the differences\' error',
  step: 'a difference within the differences\' error',
};
const autoText = `--epsilon auto (a step of cbrt(2⁻⁵²)·max(1, |θ|) ≈ ${compact(AUTO_STEP)} per coordinate)`;

/** How coordinates at kinks were judged, and which were not judged at all. */
function coordinates(c: CheckResult): string[] {
  const at = (pick: (p: TensorReport) => [number, number][]): string => {
    const all = c.parameters.flatMap((p) => pick(p).map(([r, k]) => `${p.name}[${r}, ${k}]`));
    return all.length > 4 ? `${all.slice(0, 4).join(', ')}, ...` : all.join(', ');
  };
  const out: string[] = [];
  if (c.kinks > 0) {
    out.push(`${count(c.kinks, 'coordinate')} (${at((p) => p.kinks)}) moved a (leaky) ReLU input across 0, a kink of J; ` +
      `${c.kinks === 1 ? 'it is' : 'they are'} judged on J with every ReLU held on or off as at θ, the piece of J that backpropagation differentiates`);
  }
  if (c.notFinite > 0 && Number.isFinite(c.cost)) {
    out.push(`${count(c.notFinite, 'coordinate')} (${at((p) => p.notFinite)}) could not be judged: J(θ±ε) is not finite there`);
  }
  return out;
}

/** Tensors whose gradient is exactly 0 on both sides: their agreement cannot show a wrong factor. */
function allZero(c: CheckResult): string[] {
  if (!Number.isFinite(c.cost)) return [];
  const zero = c.parameters.filter((p) => p.norms.analytic === 0 && p.norms.numeric === 0);
  if (zero.length === 0) return [];
  const names = listed(zero.map((p) => p.name));
  const all = zero.length === c.parameters.length;
  return [`${all ? 'every gradient is' : `the gradients of ${names} are`} 0 in every entry, analytic and numeric alike: ` +
    `a wrong factor ${all ? 'anywhere' : 'in them'} would not show (any multiple of 0 is 0)`];
}

/** The sentences under a check: how its coordinates were judged, then what the verdict rests on. */
export function explainCheck(c: CheckResult): string[] {
  return [...coordinates(c), ...explainVerdict(c), ...allZero(c)];
}

function autoSentence(c: CheckResult, ownDifference: number): string | null {
  const a = c.auto;
  if (a === null) return null;
  const better = (a.verdict === 'pass' || a.verdict === 'warn') && a.difference * 10 <= ownDifference;
  const head = `with ${autoText} the difference is ${compact(a.difference)}`;
  if (better) return `${head} (${a.verdict}): use --epsilon auto`;
  if (a.verdict === 'fail') return c.verdict === 'fail' ? `${head}, a fail as well` : `${head} and the check fails: run with --epsilon auto to see what fails`;
  if (a.verdict === 'unjudged') return `${head}, and it cannot judge either (${listed(a.unjudged.map((u) => UNJUDGED[u]))})`;
  return `${head} (${a.verdict}): not a tenfold drop, so the step is not the only cause`;
}

function explainVerdict(c: CheckResult): string[] {
  const d = c.judgedDifference;
  const within = c.norms.difference <= ERROR_FACTOR * c.norms.error;
  switch (c.verdict) {
    case 'pass': {
      const above = c.parameters.filter((p) => p.difference > c.threshold);
      const alone = above.length === 0 ? ', in every tensor'
        : `; alone, ${listed(above.map((p) => `${p.name} differs by ${compact(p.difference)}`))}, within ${settingText(c.warnThreshold)}`;
      return [`the analytic gradient agrees with the numeric one: difference ${compact(d)} ≤ ${settingText(c.threshold)} over every coordinate${alone}`];
    }
    case 'warn': {
      const why = within
        ? `within the finite differences' own error at ${stepText(c)} (‖analytic − numeric‖ ${compact(c.norms.difference)} against an estimated error of ${compact(c.norms.error)}: ${errorKind(c)})`
        : `beyond the finite differences' estimated error (‖analytic − numeric‖ ${compact(c.norms.difference)} against ${compact(c.norms.error)}): look for a small mistake`;
      const auto = autoSentence(c, d);
      return [`difference ${compact(d)}: above ${settingText(c.threshold)}, within ${settingText(c.warnThreshold)}, and ${why}`, ...(auto ? [auto] : [])];
    }
    case 'fail': {
      const out = c.suspects.map((name) => explainTensor(c.parameters.find((p) => p.name === name)!));
      return [...out, ...unjudgedSentences(c)];
    }
    case 'unjudged':
      return unjudgedSentences(c);
  }
}

/** Why some tensors (or the whole check) could not be judged, and what passed beside them. */
function unjudgedSentences(c: CheckResult): string[] {
  if (!Number.isFinite(c.cost)) {
    const why = c.infTerms > 0
      ? ` (${count(c.infTerms, 'output')} exactly 0 or 1 on the wrong side, so −log(0) = inf)`
      : '';
    return [`cannot judge: the cost is ${compact(c.cost)} at these parameters${why}, so J(θ±ε) has no finite difference and no coordinate can be checked`];
  }
  const of = (reason: TensorReport['unjudged']): TensorReport[] => c.parameters.filter((p) => p.unjudged === reason);
  const names = (ps: readonly TensorReport[]): string => listed(ps.map((p) => p.name));
  const out: string[] = [];
  const noise = of('noise');
  if (noise.length > 0) {
    const nums = noise.map((p) => `‖d${p.name}‖ ${compact(p.norms.analytic)}, ‖numeric‖ ${compact(p.norms.numeric)}, error ${compact(p.norms.error)}`);
    out.push(`cannot judge ${names(noise)}: both gradients are within ${ERROR_FACTOR}× the finite differences' own error (${nums.join('; ')}), too small to tell right from wrong`);
  }
  const step = of('step');
  if (step.length > 0) {
    const p = step[0]!;
    const nums = step.length === 1
      ? `difference ${compact(p.difference)}, ‖analytic − numeric‖ ${compact(p.norms.difference)} against an estimated error of ${compact(p.norms.error)}, ‖d${p.name}‖ ${compact(p.norms.analytic)}`
      : `each ‖analytic − numeric‖ at most ${compact(Math.max(...step.map((q) => q.norms.difference / q.norms.error)))}× its estimated error; --json has the norms`;
    out.push(`cannot judge ${names(step)} at ${stepText(c)}: ${step.length === 1 ? 'its difference is' : 'their differences are'} above ${settingText(c.warnThreshold)} ` +
      `but within ${ERROR_FACTOR}× the finite differences' own error (${nums}), the ${errorKind(c)}`);
    const auto = autoSentence(c, Math.max(...step.map((q) => q.difference)));
    if (auto) out.push(auto);
  }
  const cost = of('cost');
  if (cost.length > 0) out.push(`cannot judge ${names(cost)}: J(θ±ε) is not finite at some of their coordinates`);
  const judged = c.parameters.filter((p) => p.verdict === 'pass' || p.verdict === 'warn');
  if (out.length > 0 && judged.length > 0 && c.verdict === 'unjudged') {
    out.push(`${names(judged)} ${judged.length === 1 ? 'agrees' : 'agree'} within ${settingText(c.warnThreshold)}`);
  }
  return out;
}
