// How the signal's scale (RMS activation) changes from the inputs through the hidden layers at the first
// report, and, for each layer that changes it beyond a factor 2, the cause its numbers show: dropout
// (a mask that kept nothing, or its 1/keep-prob scaling), dead units, or weights far from the scale
// sqrt(2/fan_in) that keeps a ReLU signal's RMS (He et al. 2015, eq. 10: with zero-mean weights of
// variance v, a ReLU layer multiplies the mean square of its input by fan_in·v/2).
import type { LayerStats, Snapshot } from '../nn/inspect.js';
import { INITS } from '../nn/init.js';
import { compact, settingText } from '../numpyText.js';
import { listed } from '../words.js';
import { hiddenOf, type Rule } from './explain.js';
import { reluSignalApplies } from './explainInit.js';
import type { TrainRecord } from './train.js';

/** A layer whose RMS activation is within this factor of its input's keeps the signal's scale; the whole chain too. */
const KEEPS_SCALE = 2;
/** Hidden activation std in this range counts as "of order 1": within a factor 2 of 1. */
const ORDER_ONE: readonly [number, number] = [0.5, 2];

const rms = (a: { mean: number; std: number }): number => Math.hypot(a.mean, a.std);
const beyond = (g: number): boolean => g > KEEPS_SCALE || g < 1 / KEEPS_SCALE;
/** The layer's weight RMS against sqrt(2/fan_in). */
const heRatio = (l: LayerStats): number => l.weight.rms / Math.sqrt(2 / l.fanIn);

/** Why layer l changed the scale by `gain`, from its own numbers; null when none of the causes shows. */
function causeOf(l: LayerStats, gain: number, keepProb: number): string {
  if (l.kept === 0) return `dropout kept no unit of layer ${l.layer} (keep-prob ${settingText(keepProb)})`;
  if (l.dead === l.units) return `every unit of layer ${l.layer} is dead, its ReLU output 0 on every example`;
  if (l.beforeDropout !== null && l.kept !== null && !beyond(rms(l.beforeDropout) / (rms(l.activation) / gain))) {
    return `dropout's 1/keep-prob scaling: the kept ${compact(l.kept * 100)}% of layer ${l.layer}'s outputs are multiplied by ${compact(1 / keepProb)}, ` +
      `and the RMS before dropout is ${compact(rms(l.beforeDropout))}`;
  }
  if (gain < 1 / KEEPS_SCALE && l.dead !== null && l.dead * 2 >= l.units) return `${l.dead} of ${l.units} units of layer ${l.layer} are dead, their ReLU output 0 on every example`;
  const q = heRatio(l);
  const w = `weights of RMS ${compact(l.weight.rms)}, ×${compact(q)} of sqrt(2/${l.fanIn})`;
  if ((gain > KEEPS_SCALE && q > KEEPS_SCALE) || (gain < 1 / KEEPS_SCALE && q < 1 / KEEPS_SCALE)) return `${w}, too ${gain > 1 ? 'large' : 'small'} for a ReLU layer`;
  return `not its weights' scale (${w})`;
}

export const signalScale: Rule = (r: TrainRecord, snaps: readonly Snapshot[]) => {
  const first = snaps[0];
  // A ReLU argument: tanh and sigmoid bound the signal, and the init advice speaks of their saturation.
  if (!first || !reluSignalApplies(r)) return null;
  const hidden = hiddenOf(first);
  if (hidden.length === 0) return null;
  const X = r.split.train.X.data;
  const scales = [Math.sqrt(X.reduce((s, v) => s + v * v, 0) / X.length), ...hidden.map((l) => rms(l.activation))];
  if (!scales.every(Number.isFinite) || scales[0] === 0) return null;
  const where = `at iteration ${first.iteration}`;
  const chain = `RMS ${scales.map(compact).join(' → ')} from the inputs through layer ${hidden[hidden.length - 1]!.layer}`;
  // A layer after one whose output is all 0 has no signal to scale: the chain stops there.
  const stop = scales.findIndex((v, i) => i > 0 && v === 0);
  const judged = stop < 0 ? hidden : hidden.slice(0, stop);
  const gains = judged.map((_, i) => scales[i + 1]! / scales[i]!);
  const overall = scales[judged.length]! / scales[0]!;
  if (!gains.some(beyond) && !beyond(overall) && stop < 0) {
    const scaling = r.initFrom ? `the parameters from ${r.initFrom.path}`
      : r.config.scale !== null ? `the --scale formula ${r.config.scale}` : `${r.config.init} scaling ${INITS[r.config.init].scaleText}`;
    const stds = hidden.map((l) => l.activation.std);
    const [lo, hi] = [Math.min(...stds), Math.max(...stds)];
    const order = lo >= ORDER_ONE[0] && hi <= ORDER_ONE[1] ? `; the activations are of order 1 (std ${compact(lo)} to ${compact(hi)})` : '';
    return `${scaling} ${r.initFrom ? 'keep' : 'keeps'} the signal's scale ${where}: ${chain}, each layer and the whole chain within a factor ${KEEPS_SCALE} of its input${order}.`;
  }
  if (!gains.some(beyond) && stop < 0) {
    // Every layer within ×2, yet the chain beyond it: a steady drift, whose per-layer factor the weights explain or not.
    const mean = overall ** (1 / gains.length);
    const q = Math.exp(judged.reduce((s, l) => s + Math.log(heRatio(l)), 0) / judged.length);
    return `the signal ${overall < 1 ? 'fades' : 'grows'} ${where}: ${chain}, ×${compact(overall)} over ${judged.length} layers ` +
      `(×${compact(mean)} per layer on average, none beyond ×${KEEPS_SCALE}); the weights' RMS averages ×${compact(q)} of sqrt(2/fan_in), the scale that keeps a ReLU signal.`;
  }
  const off = judged.map((l, i) => ({ l, g: gains[i]! })).filter((x) => beyond(x.g));
  const part = (xs: typeof off, verb: string): string => (xs.length === 0 ? ''
    : `${verb} ${listed(xs.map((x) => `×${compact(x.g)} in layer ${x.l.layer} (${causeOf(x.l, x.g, r.config.keepProb)})`))}`);
  const parts = [part(off.filter((x) => x.g < 1), 'it shrinks'), part(off.filter((x) => x.g > 1), 'it grows')].filter(Boolean);
  const dark = stop < 0 || stop >= hidden.length ? '' : `; from layer ${hidden[stop]!.layer} on there is no signal left to scale`;
  const total = stop < 0 ? `, ×${compact(overall)} overall` : '';
  return `the signal changes scale ${where}: ${chain}; ${parts.join('; ')}${total}${dark}.`;
};
