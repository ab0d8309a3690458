// Plain sentences about why a run behaved as it did. Each sentence is chosen by a condition on the
// measured numbers (record and snapshots), so a run that does not show the effect gets no sentence,
// and each names what it measured rather than a cause it assumes.
import type { Matrix } from '../linalg/matrix.js';
import { scaledNorm } from '../linalg/norms.js';
import { distinctRows, forwardStats, type LayerStats, type OutputStats, type Snapshot } from '../nn/inspect.js';
import type { Params } from '../nn/params.js';
import { compact, percent, settingText, sigApart } from '../numpyText.js';
import { allOf, count, listed } from '../words.js';
import { recordedCosts, saturatedStart, stuck } from './explainProgress.js';
import { initForActivation } from './explainInit.js';
import { signalScale } from './explainSignal.js';
import type { TrainRecord } from './train.js';

/** At most this many sentences: the first ones that apply, in the order of RULES. */
const MAX_SENTENCES = 2;
/** Kept fractions "match" keep-prob within this many binomial standard deviations of the mask's draw. */
const KEPT_SD = 4;
/** The weight decay and the data's gradient "balance" when their sum is below this share of either. */
const BALANCED = 0.1;

export type Rule = (r: TrainRecord, s: readonly Snapshot[]) => string | null;

const RULES: readonly Rule[] = [symmetry, infCost, infFinalCost, l2, dropout, stuck, saturatedStart, initForActivation, signalScale, deadUnits];

export function explain(record: TrainRecord, snapshots: readonly Snapshot[] = []): string[] {
  const out: string[] = [];
  for (const rule of RULES) {
    const s = rule(record, snapshots);
    if (s !== null) out.push(s);
    if (out.length === MAX_SENTENCES) break;
  }
  return out;
}

export const hiddenOf = (s: Snapshot): LayerStats[] => s.layers.filter((l) => !l.output);
export const weights = (p: Params, layers: readonly number[]): Matrix[] => layers.slice(1).map((_, i) => p[`W${i + 1}`]!);

/** The output's saturation at the initial parameters, measured the same way with or without --inspect. */
export function startSaturation(r: TrainRecord): OutputStats {
  return forwardStats(r.initial, r.config.layers, r.split.train.X, r.split.train.Y, r.config.activation).saturation;
}

/** "99.7% of outputs are saturated (within 1e-6 of 0 or 1), 150 of them on the wrong side". */
export function saturationText(s: OutputStats): string {
  const wrong = s.confidentlyWrong > 0 ? `, ${s.confidentlyWrong} of them on the wrong side` : '';
  return `${percent(s.saturatedShare)} of outputs are saturated (within 1e-6 of 0 or 1)${wrong}`;
}

function symmetry(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const layers = r.config.layers;
  const hidden = layers.slice(1, -1).map((units, i) => ({ layer: i + 1, units })).filter((h) => h.units > 1);
  if (hidden.length === 0) return null;
  const collapsed = snaps.length > 0
    ? snaps.every((s) => hiddenOf(s).every((l) => l.distinct === 1))
    : hidden.every((h) => distinctRows(r.initial[`W${h.layer}`]!) === 1 && distinctRows(r.params[`W${h.layer}`]!) === 1);
  if (!collapsed) return null;
  const when = snaps.length === 1 ? 'at the one reported iteration' : snaps.length > 1 ? `at all ${snaps.length} reported iterations` : 'at the start and at the end of the run';
  const units = listed(hidden.map((h) => `${allOf(h.units, 'unit')} of layer ${h.layer}`));
  const last = snaps[snaps.length - 1]?.layers.find((l) => l.output);
  // The same output for every example; the mean of identical values can differ from them by a rounding.
  const constant = last !== undefined && last.activation.std <= 1e-12 * Math.abs(last.activation.mean);
  const effect = constant
    ? `its output is the same for every example, so it predicts one class (train accuracy ${compact(r.accuracy.train)})`
    : `each layer acts as a single unit (train accuracy ${compact(r.accuracy.train)})`;
  return `${units} stay identical ${when}: the network cannot break symmetry; ${effect}.`;
}

function infCost(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const costs = recordedCosts(r);
  const first = costs.find((c) => !Number.isFinite(c.cost));
  if (!first) return null;
  const later = costs.filter((c) => c.iteration > first.iteration);
  const after = later.find((c) => Number.isFinite(c.cost));
  const again = after ? later.find((c) => c.iteration > after.iteration && !Number.isFinite(c.cost)) : undefined;
  const recovery = !after ? ''
    : again ? `; it is finite at iteration ${after.iteration} (${compact(after.cost)}) but ${compact(again.cost)} again at iteration ${again.iteration}`
      : `; it is finite from iteration ${after.iteration} on (${compact(after.cost)})`;
  // At iteration 0 the saturation is measured from the initial parameters, so the sentence is the same with or without --inspect.
  const out = first.iteration === 0 && r.config.keepProb === 1 ? startSaturation(r)
    : snaps.find((s) => s.iteration === first.iteration)?.layers.find((l) => l.output)?.saturation;
  // The recorded costs, not the step that first overflowed (the divergence warning names that one).
  // The drawn curve's spacing (the reported costs fall between its points, or on them).
  const curve = r.curve ?? [];
  const step = curve.length > 2 ? curve[1]!.iteration - curve[0]!.iteration : r.config.printEvery;
  const every = step > 1 ? ` (costs are recorded every ${count(step, 'iteration')}${curve.length > 2 ? ', and at each reported one' : ''})` : '';
  const past0 = first.iteration > 0;
  if (!out || out.infTerms === 0) {
    return past0 ? `the first recorded cost that is not finite is ${compact(first.cost)}, at iteration ${first.iteration}${every}${recovery}.`
      : `the cost is ${compact(first.cost)} at iteration 0${recovery}.`;
  }
  return `at iteration ${first.iteration}, ${past0 ? `the first recorded cost that is not finite${every}, ` : ''}${saturationText(out)}; ${count(out.infTerms, 'output')} ${out.infTerms === 1 ? 'is' : 'are'} exactly 0 or 1 on the wrong side, ` +
    `which makes the cost inf through −log(0)${recovery}.`;
}

/**
 * With dropout, the final cost without it (the network as it predicts) can be inf while every cost training
 * computed, under the mask, is finite: an output exactly 0 or 1 on the wrong side without the mask.
 */
function infFinalCost(r: TrainRecord): string | null {
  if (r.finalCostWithDropout === null || Number.isFinite(r.finalCost) || r.diverged) return null;
  const masked = `; under the dropout mask it is ${compact(r.finalCostWithDropout)}`;
  const n = r.finalInfTerms ?? 0;
  if (r.finalCost !== Infinity || n === 0) return `the final cost without dropout is ${compact(r.finalCost)}${masked}.`;
  return `the final cost without dropout is inf: ${count(n, 'training output')} of the network without dropout ${n === 1 ? 'is' : 'are'} exactly 0 or 1 on the wrong side, ` +
    `which makes the cost inf through −log(0)${masked}.`;
}

function l2(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const { lambd, layers } = r.config;
  if (lambd <= 0) return null;
  const sumNorms = (ms: readonly Matrix[]): number => ms.reduce((s, m) => s + scaledNorm(m.data), 0);
  const start = sumNorms(weights(r.initial, layers));
  const end = sumNorms(weights(r.params, layers));
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
  const [a, b] = sigApart(start, end);
  const trend = end < start ? `shrinks from ${a} to ${b}` : end > start ? `grows from ${a} to ${b}` : `stays at ${a}`;
  let s = `with L2 λ = ${settingText(lambd)}, Σ‖W‖ ${trend} over the run`;
  const last = snaps[snaps.length - 1];
  if (last) {
    const decay = Math.hypot(...last.layers.map((l) => l.decay?.norm ?? 0));
    const data = Math.hypot(...last.layers.map((l) => l.grad.data));
    const total = Math.hypot(...last.layers.map((l) => l.grad.dW));
    if ([decay, data, total].every(Number.isFinite) && decay > 0) {
      const at = `at iteration ${last.iteration}`;
      s += total < BALANCED * Math.min(decay, data)
        ? `; ${at} the weight decay (λ/m)·W (norm ${compact(decay)}) and the data's gradient (norm ${compact(data)}) nearly cancel, their sum ‖dW‖ being ${compact(total)}: the weights sit where the two balance`
        : `; ${at} the weight decay (λ/m)·W has norm ${compact(decay)} against the data's gradient's ${compact(data)}`;
    }
  }
  return `${s}.`;
}

function dropout(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const { keepProb, dropoutMasks } = r.config;
  const last = snaps[snaps.length - 1];
  if (keepProb >= 1 || !last) return null;
  const hidden = hiddenOf(last);
  const kept = hidden.map((l) => l.kept ?? NaN);
  if (kept.length === 0 || kept.some(Number.isNaN)) return null;
  // Each mask entry is kept with probability keep-prob: the kept share of N = units·m entries has standard
  // deviation sqrt(p(1 − p)/N) (binomial), so a fair mask lands within KEPT_SD of those of keep-prob.
  const sd = (l: LayerStats): number => Math.sqrt((keepProb * (1 - keepProb)) / (l.units * last.m));
  const match = hidden.every((l, i) => Math.abs(kept[i]! - keepProb) <= KEPT_SD * sd(l));
  let s = `kept fractions ${kept.map(compact).join('/')} in the hidden layers ${match ? 'match' : 'differ from'} keep-prob ${settingText(keepProb)} ` +
    `(${match ? 'within' : 'beyond'} ${KEPT_SD} binomial standard deviations)`;
  const hashes = hiddenOf(last).map((l) => l.maskHash);
  const same = snaps.every((sn) => hiddenOf(sn).every((l, i) => l.maskHash === hashes[i]));
  if (snaps.length > 1) {
    s += same
      ? `; the masks are identical at all ${snaps.length} reports${dropoutMasks === 'course' ? ' (course masks: numpy re-seeded every pass)' : ''}`
      : '; the masks change between reports, so different units are dropped each time';
  }
  return `${s}.`;
}

function deadUnits(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const last = snaps[snaps.length - 1];
  if (!last) return null;
  const dead = hiddenOf(last).filter((l) => l.dead !== null && l.dead * 2 >= l.units);
  if (dead.length === 0) return null;
  const which = (l: LayerStats): string => (l.dead === l.units ? allOf(l.units, 'unit') : `${l.dead} of ${l.units} units`);
  const verb = dead.length === 1 && dead[0]!.dead === 1 ? 'is' : 'are';
  const drop = r.config.keepProb < 1 ? ', before dropout' : '';
  return `${listed(dead.map((l) => `${which(l)} of layer ${l.layer}`))} ${verb} dead (ReLU output 0 on every example${drop}) at iteration ${last.iteration}.`;
}
