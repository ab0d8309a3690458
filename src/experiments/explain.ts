// Plain sentences about why a run behaved as it did. Each sentence is chosen by a condition on the
// measured numbers (record and snapshots), so a run that does not show the effect gets no sentence.
import type { Matrix } from '../linalg/matrix.js';
import { distinctRows, norm, type LayerStats, type Snapshot } from '../nn/inspect.js';
import { INITS } from '../nn/init.js';
import type { Params } from '../nn/params.js';
import { numpyName } from '../numpyText.js';
import type { TrainRecord } from './train.js';

/** At most this many sentences: the first ones that apply, in the order of RULES. */
const MAX_SENTENCES = 2;
/** Hidden activation std in this range counts as "of order 1". */
const ORDER_ONE: readonly [number, number] = [0.1, 10];
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
    `${out.infTerms} examples are confidently wrong (output exactly 1 for label 0 or 0 for label 1), ` +
    `which makes the cost inf through −log(0)${recovery}.`;
}

function l2(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const { lambd, layers } = r.config;
  if (lambd <= 0) return null;
  const start = sumNorms(weights(r.initial, layers));
  const end = sumNorms(weights(r.params, layers));
  const trend = end < start ? 'shrinks' : 'grows';
  let s = `with L2 λ = ${lambd}, Σ‖W‖ ${trend} from ${compact(start)} to ${compact(end)} over the run`;
  const last = snaps[snaps.length - 1];
  if (last) {
    const decay = Math.hypot(...last.layers.map((l) => l.decay?.norm ?? 0));
    const grad = Math.hypot(...last.layers.map((l) => l.grad.dW));
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

/** Outputs saturated at the start and weights that barely move: the course's "large weights learn slowly". */
function slowLargeWeights(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const first = snaps[0]?.layers.find((l) => l.output)?.saturation;
  const saturatedStart = first ? first.saturatedShare >= 0.5 : r.costs[0] !== undefined && !Number.isFinite(r.costs[0].cost);
  if (!saturatedStart) return null;
  const W0 = weights(r.initial, r.config.layers);
  const W1 = weights(r.params, r.config.layers);
  const moved = Math.hypot(...W0.map((w, i) => norm(W1[i]!.data.map((v, j) => v - w.data[j]!)))) / totalNorm(W0);
  if (!(moved < 0.5)) return null;
  const last = r.costs[r.costs.length - 1];
  const cost = last ? `; the cost is still ${compact(last.cost)} at iteration ${last.iteration}` : '';
  return `large weights learn slowly: the outputs start saturated and over ${r.config.iterations} iterations ` +
    `the weights move only ${pct(moved)} of their initial size (‖W‖ ${compact(totalNorm(W0))})${cost}.`;
}

/** Hidden activation std at the first report: order 1, blown up, or vanishing. */
function signalScale(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const first = snaps[0];
  if (!first) return null;
  const hidden = hiddenOf(first);
  const stds = hidden.map((l) => l.activation.std);
  if (stds.length === 0 || stds.every((v) => v === 0)) return null;
  const where = `at iteration ${first.iteration}`;
  const lo = Math.min(...stds);
  const hi = Math.max(...stds);
  if (lo >= ORDER_ONE[0] && hi <= ORDER_ONE[1]) {
    const scaling = r.config.scale !== null ? `the --scale formula ${r.config.scale}` : `${r.config.init} scaling ${INITS[r.config.init].scaleText}`;
    return `hidden activation std is between ${compact(lo)} and ${compact(hi)} across layers ${where}: ${scaling} keeps ReLU signals of order 1.`;
  }
  const perLayer = listed(hidden.map((l) => `${compact(l.activation.std)} in layer ${l.layer}`));
  const wStd = listed(hidden.map((l) => compact(l.weight.std)));
  return hi > ORDER_ONE[1]
    ? `hidden activation std is ${perLayer} ${where}: weights with std ${wStd} are too large for ReLU layers.`
    : `hidden activation std is ${perLayer} ${where}: weights with std ${wStd} are too small and the signal fades.`;
}

function deadUnits(r: TrainRecord, snaps: readonly Snapshot[]): string | null {
  const last = snaps[snaps.length - 1];
  if (!last) return null;
  const dead = hiddenOf(last).filter((l) => l.dead !== null && l.dead * 2 >= l.units);
  if (dead.length === 0) return null;
  const count = (l: LayerStats): string => (l.dead === l.units ? `all ${l.units}` : `${l.dead} of ${l.units}`);
  return `${listed(dead.map((l) => `${count(l)} units of layer ${l.layer}`))} are dead (0 on every example) at iteration ${last.iteration}.`;
}
