// Plain sentences read off a check's numbers: what the verdict means and which mistake fits.
import { settingText } from '../numpyText.js';
import { verdictOf, type CheckResult, type TensorReport } from './compare.js';

const g3 = (v: number): string => (v === 0 ? '0' : v.toPrecision(3));

/** A simple factor k or 1/k (|k| ≤ 10) that the ratio is, if any; "1/2" style for fractions. */
function simpleFactor(ratio: number): string | null {
  for (let k = -10; k <= 10; k++) {
    if (Math.abs(ratio - k) <= 1e-3 * Math.max(1, Math.abs(k))) return String(k);
    if (Math.abs(k) >= 2 && Math.abs(ratio - 1 / k) <= 1e-3 / Math.abs(k)) return `${k < 0 ? '-' : ''}1/${Math.abs(k)}`;
  }
  return null;
}

/** One tensor's mistake, from its ratio and whether a single factor accounts for its difference. */
export function explainTensor(p: TensorReport): string {
  const d = `d${p.name}`;
  const [r, c] = p.worst.index;
  const where = `worst at [${r}, ${c}]: analytic ${g3(p.worst.analytic)}, numeric ${g3(p.worst.numeric)}`;
  if (p.ratio === null) return `the numeric gradient of ${p.name} is zero but ${d} is not: ${d} should be 0 here (${where})`;
  // A tensor scaled by k everywhere has difference exactly |k−1|/(|k|+1).
  const uniform = Math.abs(p.difference - Math.abs(p.ratio - 1) / (Math.abs(p.ratio) + 1)) <= 1e-3 * p.difference;
  const factor = simpleFactor(p.ratio);
  if (uniform && factor === '0') return `${d} is 0 where the numeric gradient is not: ${d} is missing or zeroed`;
  if (uniform && factor === '-1') return `${d} is −1× the numeric gradient: a sign mistake in ${d}`;
  // One constant c added everywhere; for a single entry, c unless the ratio is a simple factor.
  const single = p.shape[0] * p.shape[1] - p.kinks.length === 1;
  if (p.offset !== null && (!single || factor === null)) {
    const c = `${p.offset > 0 ? '+' : '−'}${g3(Math.abs(p.offset))}`;
    return single
      ? `${d} is ${g3(p.worst.analytic)} where the numeric gradient is ${g3(p.worst.numeric)}: off by ${c}, an added term in ${d} (or a factor of ${p.ratio.toFixed(3)})`
      : `${d} is the numeric gradient ${c} in every entry: an added term (offset ${c}) in ${d}`;
  }
  if (uniform && factor !== null) return `${d} is ${p.ratio.toFixed(3)}× the numeric gradient: a factor-${factor} mistake in ${d}`;
  if (uniform) return `${d} is ${p.ratio.toFixed(3)}× the numeric gradient throughout: a wrong scale factor in ${d}`;
  return `${d} is off in some elements but not by one factor (least-squares ratio ${p.ratio.toFixed(3)}; ${where}): a wrong term or index in ${d}`;
}

/** Why some coordinates were left out, if any were. */
function explainKinks(c: CheckResult): string[] {
  if (c.kinks === 0) return [];
  const where = c.parameters.flatMap((p) => p.kinks.map(([r, k]) => `${p.name}[${r}, ${k}]`));
  const shown = where.length > 4 ? `${where.slice(0, 4).join(', ')}, ...` : where.join(', ');
  return [
    `${c.kinks} coordinate${c.kinks === 1 ? '' : 's'} (${shown}) moved a (leaky) ReLU input across 0, where J has a kink and the ` +
    `centered difference means nothing (e.g. a unit whose inputs are all off has input b = 0 exactly); ` +
    `the verdict leaves ${c.kinks === 1 ? 'it' : 'them'} out: difference without ${c.kinks === 1 ? 'it' : 'them'} ${g3(c.kinkFreeDifference)}`,
  ];
}

/** The sentences under a check: kinks, then one per suspect, or what a warn means. */
export function explainCheck(c: CheckResult): string[] {
  return [...explainKinks(c), ...explainVerdict(c)];
}

function explainVerdict(c: CheckResult): string[] {
  const eps = c.epsilon === 'auto' ? '--epsilon auto' : `ε = ${settingText(c.epsilon)}`;
  const d = c.kinkFreeDifference;
  if (c.verdict === 'pass') return [`the analytic gradient agrees with the numeric one (difference ${g3(d)} ≤ ${settingText(c.threshold)})`];
  const auto = c.autoDifference;
  const base = c.autoBaseline ?? d;
  // Rounding error scales like 1/ε: a much larger step shrinking the difference tenfold or more, on the
  // same coordinates, is the tell; only then is --epsilon auto suggested.
  const noise = auto !== null && auto <= c.warnThreshold && auto <= base / 10;
  const same = c.autoExtraKinks ? ` on the coordinates both steps keep clear of kinks (auto crosses ${c.autoExtraKinks} more)` : '';
  const autoText = auto === null ? '' : `with --epsilon auto (step cbrt(2⁻⁵²)·max(1, |θ|) ≈ 6e-6) the difference is ${g3(auto)} against ${g3(base)}${same}`;
  if (c.verdict === 'fail' && noise) {
    return [
      `rounding noise, not the backward pass: ${autoText} (${verdictOf(auto, c)}). At ${eps}, J(θ+ε) − J(θ−ε) loses too many ` +
      `digits (e.g. at a saturated sigmoid output, where the cost's log(1 − a) does), so the suspects are noise. Use --epsilon auto.`,
    ];
  }
  const sentences = c.suspects.map((name) => explainTensor(c.parameters.find((p) => p.name === name)!));
  if (c.verdict === 'fail') {
    if (sentences.length === 0) sentences.push(`no single tensor stands out (each is within ${settingText(c.warnThreshold)} on its own): the error is spread thinly over all of them`);
    return sentences;
  }
  if (noise) sentences.push(`within finite-difference noise: rounding error of the ${eps} difference explains it — ${autoText}. Use --epsilon auto.`);
  else if (auto !== null) sentences.push(`above ${settingText(c.threshold)}, and ${autoText}: not a tenfold drop, so not only rounding noise: look for a small mistake`);
  else sentences.push(`above ${settingText(c.threshold)} but within ${settingText(c.warnThreshold)} (${eps}): within finite-difference noise`);
  return sentences;
}
