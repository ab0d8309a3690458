// Sentences about how training progressed: a cost that does not move at all (stuck), and outputs that
// start saturated (the course's "large weights learn slowly"), each with the cause it measured.
import { scaledNorm, scaledRms } from '../linalg/norms.js';
import { forwardStats, type Snapshot } from '../nn/inspect.js';
import { compact, percent, sigApart } from '../numpyText.js';
import { allOf, count, listed } from '../words.js';
import { ACTIVATIONS } from '../nn/activations.js';
import { startSaturation, weights, type Rule } from './explain.js';
import { saturationAdvised } from './explainInit.js';
import type { CostPoint } from '../nn/train.js';
import type { TrainRecord } from './train.js';

/** Reported costs this close (relative) count as the same: the cost does not move. */
const STILL = 1e-9;
/** "Saturated at the start": at least this share of outputs within 1e-6 of 0 or 1. */
const SATURATED = 0.5;
/** Weights are "large" when their RMS is beyond this factor of the scale that keeps the signal (He's for ReLU, Xavier's for tanh). */
const LARGE = 2;
/** "Learns slowly": the cost falls, but by less than this share of its first finite report. */
const SLOW_FALL = 0.5;

// scaledNorm, not Math.hypot(...x): a layer may hold millions of weights, too many to spread into arguments.
const rms = (x: Float64Array): number => scaledRms(x);

/** The dead hidden units of the trained ReLU network, as "4 of 5 units of layer 2"; null for activations whose units cannot die. */
function deadAtEnd(r: TrainRecord): { text: string; one: boolean } | null {
  const { dead } = forwardStats(r.params, r.config.layers, r.split.train.X, r.split.train.Y, r.config.activation);
  if (dead === null) return null;
  const parts = dead.map((d, i) => ({ d, units: r.config.layers[i + 1]!, layer: i + 1 })).filter((x) => x.d > 0)
    .map((x) => `${x.d === x.units ? allOf(x.units, 'unit') : `${x.d} of ${x.units} units`} of layer ${x.layer}`);
  const total = dead.reduce((a, b) => a + b, 0);
  return parts.length === 0 ? null : { text: listed(parts), one: total === 1 };
}

/**
 * Every weight of the trained network exactly 0: the units of each layer are identical, and W[L] = 0 passes
 * no gradient back; a last hidden layer that outputs 0 everywhere (tanh(0) = 0) leaves dW[L] at 0 as well.
 */
function zeroWeightsAtEnd(r: TrainRecord): string | null {
  const layers = r.config.layers;
  const L = layers.length - 1;
  if (!weights(r.params, layers).every((w) => w.data.every((v) => v === 0))) return null;
  const { allZero } = forwardStats(r.params, layers, r.split.train.X, r.split.train.Y, r.config.activation);
  const lastOut = L > 1 && allZero[L - 2] === true
    ? `, and layer ${L - 1}'s output is 0 on every example (${r.config.activation}(0) = 0), so dW${L} is 0 too` : '';
  const back = L > 1 ? `; W${L} = 0 passes no gradient back to the hidden layers${lastOut}` : '';
  return `every weight is still exactly 0 at the end, so the units of each layer stay identical (symmetry)${back}`;
}

/** Every cost the run recorded, reported or on the drawn curve, in iteration order: the densest data there is. */
export function recordedCosts(r: Pick<TrainRecord, 'costs' | 'curve'>): CostPoint[] {
  const at = new Map<number, number>();
  for (const p of [...r.costs, ...(r.curve ?? [])]) at.set(p.iteration, p.cost);
  return [...at].sort((a, b) => a[0] - b[0]).map(([iteration, cost]) => ({ iteration, cost }));
}

/**
 * The cost stays the same (within 1e-9 relative) over at least 3 reports reaching the end of the run and
 * at least half of it: training is stuck, not slow. Dead ReLU units at the end, or weights all still 0, are named as measured.
 */
export const stuck: Rule = (r) => {
  const c = recordedCosts(r);
  if (c.length < 3) return null;
  const end = c[c.length - 1]!;
  if (!Number.isFinite(end.cost) || end.cost === 0) return null;
  let from = c.length - 1;
  while (from > 0 && Math.abs(c[from - 1]!.cost - end.cost) <= STILL * end.cost) from--;
  const start = c[from]!;
  if (c.length - from < 3 || end.iteration - start.iteration < r.config.iterations / 2) return null;
  const dead = deadAtEnd(r);
  const zero = dead ? null : zeroWeightsAtEnd(r);
  const why = dead ? `; at the end ${dead.text} ${dead.one ? 'is' : 'are'} dead (ReLU output 0 on every example), so no gradient flows through ${dead.one ? 'it' : 'them'}`
    : zero ? `; ${zero}` : '';
  return `the cost stays at ${compact(end.cost)} from iteration ${start.iteration} to ${end.iteration} (it changes by less than 1e-9 relative): training is stuck, not slow${why}.`;
};

/**
 * Outputs saturated at the start (measured from the initial parameters, so the same with or without
 * --inspect), and what saturated them: weights large against the scale that keeps the signal, or inputs of a large scale.
 * "Learn slowly" is said only when the cost then falls, by less than half, and the weights move less
 * than half their initial size.
 */
export const saturatedStart: Rule = (r: TrainRecord, _snaps: readonly Snapshot[]) => {
  const sat = startSaturation(r);
  if (sat.saturatedShare < SATURATED || saturationAdvised(r)) return null;
  const layers = r.config.layers;
  const W0 = weights(r.initial, layers);
  // The scale that keeps the signal: He's sqrt(2/fan_in) for ReLU units, Xavier's sqrt(1/fan_in) for tanh and sigmoid.
  const k = ACTIVATIONS[r.config.activation].signOnly ? 2 : 1;
  const keeps = `sqrt(${k}/fan_in)`;
  const ratios = W0.map((w, i) => rms(w.data) / Math.sqrt(k / layers[i]!));
  const large = ratios.map((q, i) => ({ q, layer: i + 1 })).filter((x) => x.q > LARGE);
  const X = r.split.train.X.data;
  const inputRms = rms(X);
  const at = `the outputs start saturated (${percent(sat.saturatedShare)} within 1e-6 of 0 or 1)`;
  if (large.length === 0) {
    if (!(inputRms > LARGE)) return null;
    return `${at}: the inputs' scale saturates them (input RMS ${compact(inputRms)}, while every layer's weights are within ×${LARGE} of ${keeps}); rescale the features.`;
  }
  const which = listed(large.map((x) => `×${compact(x.q)} in layer ${x.layer}`));
  const cause = `the weights' RMS is beyond ×${LARGE} of ${keeps} (${which})`;
  const costs = recordedCosts(r);
  const from = costs.find((c) => Number.isFinite(c.cost));
  const to = costs[costs.length - 1];
  const norm0 = Math.hypot(...W0.map((w) => scaledNorm(w.data)));
  const W1 = weights(r.params, layers);
  const moved = Math.hypot(...W0.map((w, i) => scaledNorm(W1[i]!.data.map((v, j) => v - w.data[j]!)))) / norm0;
  const slow = from && to && to.iteration > from.iteration && to.cost < from.cost && to.cost > (1 - SLOW_FALL) * from.cost && moved < 0.5;
  if (!slow) return `${at}: ${cause}.`;
  const [a, b] = sigApart(from.cost, to.cost);
  return `${at}: ${cause}. Large weights learn slowly: over ${count(r.config.iterations, 'iteration')} the weights move ` +
    `${compact(moved * 100)}% of their initial size (‖W‖ ${compact(norm0)}), and the cost falls only from ${a} (iteration ${from.iteration}) to ${b} (iteration ${to.iteration}).`;
};
