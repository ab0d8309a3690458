// Which initialization suits the hidden activation (the lesson: He for ReLU, Xavier or Glorot for tanh
// and sigmoid), said from this run's own start measured against the suited init's from the same seed.
import { ACTIVATIONS, type ActivationName } from '../nn/activations.js';
import { INITS, type InitName } from '../nn/init.js';
import type { InitialSignal, LayerSignal } from '../nn/initialSignal.js';
import { compact } from '../numpyText.js';
import { listed } from '../words.js';
import type { Rule } from './explain.js';
import type { TrainRecord } from './train.js';

/** A tanh/sigmoid init "keeps the units out of saturation" when no hidden layer has more than this share saturated. */
const UNSATURATED = 0.01;

const share = (v: number): string => `${compact(v * 100)}%`;
export const ACTIVATION_NAMES: Record<ActivationName, string> = { relu: 'ReLU', leaky_relu: 'leaky ReLU', tanh: 'tanh', sigmoid: 'sigmoid' };
/** The init with its formula, e.g. "he (W ~ N(0,1)·sqrt(2/fan_in))", or the --scale formula. */
const initText = (s: InitialSignal, r: TrainRecord): string =>
  r.config.scale !== null && s.init === r.initialSignal.run.init ? `W ~ N(0,1)·(${r.config.scale}) (--scale)` : `${s.init} (${INITS[s.init as InitName].formula})`;
const layerNames = (s: InitialSignal): string => `layer${s.layers.length === 1 ? '' : 's'} ${listed(s.layers.map((l) => String(l.layer)))}`;
const perLayer = (s: InitialSignal, f: (l: LayerSignal) => string): string => listed(s.layers.map(f));
const saturatedShare = (s: InitialSignal): number => {
  const units = s.layers.reduce((a, l) => a + l.units, 0);
  return s.layers.reduce((a, l) => a + (l.saturated ?? 0) * l.units, 0) / units;
};
/** How far the signal's RMS moves from layer to layer: the largest |ln gain|, inputs to last hidden layer. */
const drift = (s: InitialSignal): number => {
  const scales = [s.inputRms, ...s.layers.map((l) => l.rms)];
  return Math.max(...s.layers.map((_, i) => Math.abs(Math.log(scales[i + 1]! / scales[i]!))));
};
const rmsChain = (s: InitialSignal): string => [s.inputRms, ...s.layers.map((l) => l.rms)].map(compact).join(' → ');

/**
 * Which initialization suits the hidden activation (the lesson: He for ReLU, Xavier or Glorot for tanh and
 * sigmoid), judged on this run's own start (initial weights, no dropout) against the suited init's from the
 * same seed. Said only when the numbers favour the advice: tanh/sigmoid activations saturated (g' below a
 * tenth of its peak) more under the run's init than under the suited one; a ReLU signal whose RMS drifts
 * further from layer to layer than under He; or, for a suited init with tanh/sigmoid, no layer with more
 * than 1% saturated.
 */
function advice(r: TrainRecord): string | null {
  const { run, suited } = r.initialSignal;
  const act = r.config.activation;
  const name = ACTIVATION_NAMES[act];
  // Loaded parameters (--init-from) were drawn by no init here.
  if (r.initFrom || run.layers.length === 0 || (r.config.init === 'zeros' && r.config.scale === null)) return null;
  const smooth = run.layers.every((l) => l.saturated !== null);
  const std = (s: InitialSignal): string => perLayer(s, (l) => compact(l.std));
  if (smooth && suited === null) {
    const most = Math.max(...run.layers.map((l) => l.saturated!));
    if (!(most <= UNSATURATED)) return null;
    const none = most === 0 ? 'no hidden activation is saturated' : `at most ${share(most)} of a hidden layer's activations are saturated`;
    return `${initText(run, r)} suits ${name}: at the start ${none} (${name}' below a tenth of its peak), with activation std ${std(run)} in ${layerNames(run)}.`;
  }
  if (suited === null) return null;
  const from = ' from the same seed';
  if (smooth) {
    if (!(saturatedShare(run) > saturatedShare(suited))) return null;
    const sat = (s: InitialSignal): string => perLayer(s, (l) => share(l.saturated!));
    return `with ${name} hidden layers, ${initText(run, r)} starts with ${perLayer(run, (l) => `${share(l.saturated!)} of layer ${l.layer}'s`)} activations saturated ` +
      `(${name}' below a tenth of its peak; std ${std(run)}); ${initText(suited, r)}, suited to ${name}, with ${sat(suited)} (std ${std(suited)})${from}.`;
  }
  if (!(drift(run) > drift(suited)) || !Number.isFinite(drift(run))) return null;
  const gains = (s: InitialSignal): string => {
    const scales = [s.inputRms, ...s.layers.map((l) => l.rms)];
    return listed(s.layers.map((_, i) => `×${compact(scales[i + 1]! / scales[i]!)}`));
  };
  return `with ${name} hidden layers, ${initText(run, r)} scales the signal by ${gains(run)} at the start (RMS ${rmsChain(run)}); ` +
    `${initText(suited, r)}, suited to ${name}, by ${gains(suited)} (RMS ${rmsChain(suited)})${from}.`;
}

export const initForActivation: Rule = (r) => advice(r);

/** Whether the signal-scale sentence (a ReLU argument) applies: ReLU-like units, and no init advice said. */
export const reluSignalApplies = (r: TrainRecord): boolean => ACTIVATIONS[r.config.activation].signOnly && advice(r) === null;

/** tanh or sigmoid hidden layers whose saturation at the start the init advice already measures. */
export const saturationAdvised = (r: TrainRecord): boolean => !ACTIVATIONS[r.config.activation].signOnly && advice(r) !== null;
