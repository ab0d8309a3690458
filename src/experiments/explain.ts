// Plain sentences about why a run behaved as it did. Each sentence is chosen by a condition on the
// measured numbers (record and snapshots), so a run that does not show the effect gets no sentence.
import type { Matrix } from '../linalg/matrix.js';
import { distinctRows, norm, type LayerStats, type Snapshot } from '../nn/inspect.js';
import { INITS } from '../nn/init.js';
import type { Params } from '../nn/params.js';
import { numpyName, settingText } from '../numpyText.js';
import type { TrainRecord } from './train.js';

/** At most this many sentences: the first ones that apply, in the order of RULES. */
const MAX_SENTENCES = 2;
/** Hidden activation std in this range counts as "of order 1": within a factor 2 of 1. */
const ORDER_ONE: readonly [number, number] = [0.5, 2];
/** A layer whose RMS activation is within this factor of its input's keeps the signal's scale. */
const KEEPS_SCALE = 2;
/** "Learns slowly": the cost falls by less than this share of its first finite report. */
const SLOW_FALL = 0.5;
const KEPT_TOL = 0.05;

type Rule = (r: TrainRecord, s: readonly Snapshot[]) => string | null;

const RULES: readonly Rule[] = [symmetry, infCost, l2, dropout, slowLargeWeights, signalScale, deadUnits];

export function explain(record: TrainRecord, snapshots: readonly Snapshot[] = []): string[] {
  const out: string[] = [];
  for (const rule of RULES) {
    const s = rule(record, snapshots);
    if (s !== null) out.push(s);
    if (out.length === MAX_SENTENCES) break;
  }
  return out;
}

/** 3 significant digits, exponent notation when tiny or huge, inf/nan by numpy's names. */
export function compact(v: number): string {
  if (!Number.isFinite(v)) return numpyName(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return v.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(3)));
}

const pct = (share: number): string => `${Math.round(share * 100)}%`;

/** "1 example", "3 examples". */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const hiddenOf = (s: Snapshot): LayerStats[] => s.layers.filter((l) => !l.output);
const weights = (p: Params, layers: readonly number[]): Matrix[] => layers.slice(1).map((_, i) => p[`W${i + 1}`]!);
const totalNorm = (ms: readonly Matrix[]): number => Math.hypot(...ms.map((m) => norm(m.data)));
const sumNorms = (ms: readonly Matrix[]): number => ms.reduce((s, m) => s + norm(m.data), 0);

function symmetry(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const layers = r.config.layers;
  const hidden = layers.slice(1, -1).map((units, i) => ({ layer: i + 1, units })).filter((h) => h.units > 1);
  if (hidden.length === 0) return null;
  const collapsed = snaps.length > 0
    ? snaps.every((s) => hiddenOf(s).every((l) => l.distinct === 1))
    : hidden.every((h) => distinctRows(r.initial[`W${h.layer}`]!) === 1 && distinctRows(r.params[`W${h.layer}`]!) === 1);
  if (!collapsed) return null;
  const when = snaps.length > 0 ? `at all ${snaps.length} reported iterations` : 'at the start and at the end of the run';
  const units = listed(hidden.map((h) => `all ${h.units} units of layer ${h.layer}`));
  const last = snaps[snaps.length - 1]?.layers.find((l) => l.output);
  const constant = last !== undefined && last.activation.std === 0;
  const effect = constant
    ? `its output is the same for every example, so it predicts one class (train accuracy ${compact(r.accuracy.train)})`
    : `each layer acts as a single unit (train accuracy ${compact(r.accuracy.train)})`;
  return `${units} stay identical ${when}: the network cannot break symmetry; ${effect}.`;
}

function infCost(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const first = r.costs.find((c) => !Number.isFinite(c.cost));
  if (!first) return null;
  const after = r.costs.find((c) => c.iteration > first.iteration && Number.isFinite(c.cost));
  const recovery = after ? `; it is finite from iteration ${after.iteration} on (${compact(after.cost)})` : '';
  const out = snaps.find((s) => s.iteration === first.iteration)?.layers.find((l) => l.output)?.saturation;
  if (!out || out.infTerms === 0) return `the cost is ${compact(first.cost)} at iteration ${first.iteration}${recovery}.`;
  return `at iteration ${first.iteration}, ${pct(out.saturatedShare)} of outputs are saturated (within 1e-6 of 0 or 1) and ` +
    `${count(out.infTerms, 'example')} ${out.infTerms === 1 ? 'is' : 'are'} confidently wrong (output exactly 1 for label 0 or 0 for label 1), ` +
    `which makes the cost inf through −log(0)${recovery}.`;
}

function l2(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const { lambd, layers } = r.config;
  if (lambd <= 0) return null;
  const start = sumNorms(weights(r.initial, layers));
  const end = sumNorms(weights(r.params, layers));
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
  const trend = end < start ? `shrinks from ${compact(start)} to ${compact(end)}` : end > start ? `grows from ${compact(start)} to ${compact(end)}` : `stays at ${compact(end)}`;
  let s = `with L2 λ = ${settingText(lambd)}, Σ‖W‖ ${trend} over the run`;
  const last = snaps[snaps.length - 1];
  const decay = last ? Math.hypot(...last.layers.map((l) => l.decay?.norm ?? 0)) : NaN;
  const grad = last ? Math.hypot(...last.layers.map((l) => l.grad.dW)) : NaN;
  if (last && grad > 0 && Number.isFinite(decay / grad)) {
    s += `; at iteration ${last.iteration} weight decay (λ/m)·W is ${pct(decay / grad)} of the gradient ‖dW‖, pulling the weights toward 0`;
  }
  return `${s}.`;
}

function dropout(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const { keepProb, dropoutMasks } = r.config;
  const last = snaps[snaps.length - 1];
  if (keepProb >= 1 || !last) return null;
  const kept = hiddenOf(last).map((l) => l.kept ?? NaN);
  if (kept.length === 0 || kept.some(Number.isNaN)) return null;
  const match = kept.every((k) => Math.abs(k - keepProb) <= KEPT_TOL);
  let s = `kept fractions ${kept.map((k) => k.toFixed(3)).join('/')} in the hidden layers ${match ? 'match' : 'differ from'} keep-prob ${keepProb}`;
  const hashes = hiddenOf(last).map((l) => l.maskHash);
  const same = snaps.every((sn) => hiddenOf(sn).every((l, i) => l.maskHash === hashes[i]));
  if (snaps.length > 1) {
    s += same
      ? `; the masks are identical at all ${snaps.length} reports${dropoutMasks === 'course' ? ' (course masks: numpy re-seeded every pass)' : ''}`
      : '; the masks change between reports, so different units are dropped each time';
  }
  return `${s}.`;
}

/**
 * The course's "large weights learn slowly", said only when all of it is measured: outputs saturated at
 * the start, weights that move less than half their initial size, and a cost that falls by less than
 * half from its first finite report to its last.
 */
function slowLargeWeights(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const first = snaps[0]?.layers.find((l) => l.output)?.saturation;
  const saturatedStart = first ? first.saturatedShare >= 0.5 : r.costs[0] !== undefined && !Number.isFinite(r.costs[0].cost);
  if (!saturatedStart) return null;
  const W0 = weights(r.initial, r.config.layers);
  const W1 = weights(r.params, r.config.layers);
  const moved = Math.hypot(...W0.map((w, i) => norm(W1[i]!.data.map((v, j) => v - w.data[j]!)))) / totalNorm(W0);
  if (!(moved < 0.5)) return null;
  const from = r.costs.find((c) => Number.isFinite(c.cost));
  const to = r.costs[r.costs.length - 1];
  if (!from || !to || to.iteration <= from.iteration || !(to.cost > (1 - SLOW_FALL) * from.cost)) return null;
  return `large weights learn slowly: the outputs start saturated, over ${r.config.iterations} iterations the weights ` +
    `move only ${pct(moved)} of their initial size (‖W‖ ${compact(totalNorm(W0))}), and the cost falls only from ` +
    `${compact(from.cost)} (iteration ${from.iteration}) to ${compact(to.cost)} (iteration ${to.iteration}).`;
}

const rms = (a: { mean: number; std: number }): number => Math.hypot(a.mean, a.std);

/**
 * How the signal's scale (RMS activation) changes from the inputs through the hidden layers at the first
 * report: kept (every layer within a factor 2 of its input), grown or faded (some layer beyond it).
 */
function signalScale(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const first = snaps[0];
  if (!first) return null;
  const hidden = hiddenOf(first);
  if (hidden.length === 0 || hidden.every((l) => l.activation.std === 0)) return null;
  const X = r.split.train.X.data;
  const scales = [Math.sqrt(X.reduce((s, v) => s + v * v, 0) / X.length), ...hidden.map((l) => rms(l.activation))];
  if (!scales.every(Number.isFinite)) return null;
  const gains = hidden.map((_, i) => scales[i + 1]! / scales[i]!);
  const where = `at iteration ${first.iteration}`;
  const chain = `RMS ${scales.map(compact).join(' → ')} from the inputs through layer ${hidden[hidden.length - 1]!.layer}`;
  const beyond = (g: number): boolean => g > KEEPS_SCALE || g < 1 / KEEPS_SCALE;
  if (!gains.some(beyond)) {
    const scaling = r.initFrom ? `the parameters from ${r.initFrom.path}`
      : r.config.scale !== null ? `the --scale formula ${r.config.scale}` : `${r.config.init} scaling ${INITS[r.config.init].scaleText}`;
    const stds = hidden.map((l) => l.activation.std);
    const [lo, hi] = [Math.min(...stds), Math.max(...stds)];
    const order = lo >= ORDER_ONE[0] && hi <= ORDER_ONE[1] ? `; the activations are of order 1 (std ${compact(lo)} to ${compact(hi)})` : '';
    return `${scaling} ${r.initFrom ? 'keep' : 'keeps'} the signal's scale ${where}: ${chain}, each layer within a factor ${KEEPS_SCALE} of its input${order}.`;
  }
  const off = hidden.filter((_, i) => beyond(gains[i]!));
  const gainText = listed(off.map((l) => `×${compact(gains[hidden.indexOf(l)]!)} in layer ${l.layer}`));
  const wStd = listed(off.map((l) => compact(l.weight.std)));
  return gains.some((g) => g > KEEPS_SCALE)
    ? `the signal grows ${where}: ${chain} (${gainText}): weights with std ${wStd} are too large for ReLU layers.`
    : `the signal fades ${where}: ${chain} (${gainText}): weights with std ${wStd} are too small.`;
}

function deadUnits(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const last = snaps[snaps.length - 1];
  if (!last) return null;
  const dead = hiddenOf(last).filter((l) => l.dead !== null && l.dead * 2 >= l.units);
  if (dead.length === 0) return null;
  const which = (l: LayerStats): string => (l.dead === l.units ? (l.units === 1 ? 'the one unit' : `all ${l.units} units`) : `${l.dead} of ${l.units} units`);
  const verb = dead.length === 1 && dead[0]!.dead === 1 ? 'is' : 'are';
  return `${listed(dead.map((l) => `${which(l)} of layer ${l.layer}`))} ${verb} dead (0 on every example) at iteration ${last.iteration}.`;
}
