// Warnings about a run's numbers, for stderr: divergence (what overflowed and what kept a changed run
// finite, from nn/divergence.ts) and test figures that are on the training data.
import type { RunConfig } from '../../experiments/settings.js';
import type { Split } from '../../data/dataset.js';
import { clip } from '../../errors.js';
import type { Divergence, DivergenceCause } from '../../nn/divergence.js';
import { compact, settingText, sigWithin } from '../../numpyText.js';

/** A tenth of the learning rate as typed: 1e199 for 1e200 / 10 (9.999999999999999e198 in binary). */
const tenth = (lr: number): string => sigWithin(lr / 10, 1e-12 * lr / 10);

/** Each change a replay tried, as the warning names it. */
const CHANGE: Record<DivergenceCause, (c: Pick<RunConfig, 'lr'>) => string> = {
  lambd: () => 'λ = 0',
  dropout: () => 'dropout off',
  'input scale': () => 'the inputs rescaled to RMS 1',
  'initial weights': () => 'the initial weights rescaled to sqrt(2/fan_in)',
  'learning rate': (c) => `--lr ${tenth(c.lr)}`,
};

/** The steps measured before the overflow, largest first, without the ones that were 0. */
function stepsText(d: Divergence): string {
  const steps = [
    { name: 'weight steps lr·‖dW‖', v: d.gradientStep },
    { name: 'bias steps lr·‖db‖', v: d.biasStep },
    { name: 'weight-decay steps lr·(λ/m)·‖W‖', v: d.decayStep },
  ].filter((x) => x.v > 0).sort((a, b) => b.v - a.v);
  return steps.length === 0 ? 'no update had moved the parameters' : `${steps.map((x) => `${x.name} up to ${compact(x.v)}`).join(', ')}`;
}

export function divergenceWarning(d: Divergence | null, config: Pick<RunConfig, 'lr' | 'lambd' | 'keepProb'> & { initFrom?: string | null }): string {
  if (d === null) return 'training diverged: the trained parameters, their activations or the final cost are inf or nan';
  const at = `training diverged at iteration ${d.iteration} (the first step to produce inf or nan)`;
  const first = d.where === 'activations' ? `the activations of layer ${d.layer} overflowed${d.iteration === 0 ? ' in the first forward pass' : ''}`
    : d.where === 'cost' ? 'the cost became inf (outputs exactly 0 or 1 on the wrong side)' : `the ${d.where} overflowed`;
  const before = d.iteration === 0 ? '' : ` after ${stepsText(d)}`;
  const head = `${at}: ${first}${before}`;
  const e = d.evidence;
  const still = e ? ` the same run is still finite at iteration ${e.finiteAt}` : '';
  const lr = settingText(config.lr);
  switch (d.cause) {
    case 'lambd':
      return e
        ? `${head}; with λ = 0${still} (each step multiplies the weights by 1 − lr·λ/m = ${compact(1 - d.decayFactor)}): --lambd ${settingText(config.lambd)} is too large for --lr ${lr}`
        : `${head}; the weight-decay steps were the largest (each multiplies the weights by 1 − lr·λ/m = ${compact(1 - d.decayFactor)}): --lambd ${settingText(config.lambd)} is too large for --lr ${lr}`;
    case 'dropout':
      return `${head}; with dropout off${still}: --keep-prob ${settingText(config.keepProb)} multiplies each kept unit by ${compact(1 / config.keepProb)}, too much here`;
    case 'input scale':
      return `${head}; with the inputs rescaled to RMS 1 (they have RMS ${compact(d.inputRms)}, up to |x| = ${compact(d.maxInput)})${still}: the input scale is too large; rescale the features`;
    case 'initial weights':
      return `${head}; with the initial weights rescaled to sqrt(2/fan_in) (they reach ×${compact(d.initialWeightRatio)} of it, up to |w| = ${compact(d.maxInitialWeight)})${still}: the initial weights are too large (${config.initFrom ? `the parameters of ${config.initFrom}` : '--init, --scale'})`;
    case 'learning rate':
      return e
        ? `${head}; with --lr ${tenth(config.lr)}${still}: --lr ${lr} is too large`
        : `${head}; no change tried kept it finite (${d.tried.length === 1 ? '' : 'one at a time: '}${d.tried.map((c) => CHANGE[c](config)).join(', ')}): --lr ${lr} is too large, and so is a tenth of it`;
  }
}

/** A CSV dataset given without --test-dataset is also its own test set. */
export function noTestSetWarning(dataset: string): string {
  return `${dataset} has no test set of other points (none was given, or its test points are its training points): the test figures are on the training data; give --test-dataset FILE for held-out figures`;
}

/**
 * What the data itself says before any number is read off the run: training labels of one class (the
 * network can only learn that class), and a test file whose columns are named otherwise than the
 * training file's (they are matched by position, not by name).
 */
export function dataWarnings(split: Split, dataset: string): string[] {
  const warnings: string[] = [];
  const y = split.train.Y.data;
  if (y.length > 0 && y.every((v) => v === y[0])) {
    warnings.push(`every training label in ${clip(dataset)} is ${y[0]}: the network can only learn to predict that one class`);
  }
  const a = split.train.columns;
  const b = split.test.columns;
  if (!split.testIsTrain && a && b && a.join(',') !== b.join(',')) {
    warnings.push(`the test set's columns (${clip(b.join(','))}) are named otherwise than the training set's (${clip(a.join(','))}); they are matched by position`);
  }
  return warnings;
}
