// Warnings about a run's numbers, for stderr: divergence (what overflowed, from the measured replay in
// nn/divergence.ts) and test figures that are on the training data.
import { compact } from '../../experiments/explain.js';
import type { RunConfig } from '../../experiments/settings.js';
import type { Divergence } from '../../nn/divergence.js';
import { settingText } from '../../numpyText.js';

/** For data-scale causes: the first forward pass itself, or the first gradient that was too large. */
const how = (d: Divergence): string => (d.iteration === 0 && d.where === 'activations'
  ? ' in the first forward pass'
  : ` after a first gradient ‖dW‖ of ${compact(d.firstGradient)}`);

export function divergenceWarning(d: Divergence | null, config: Pick<RunConfig, 'lr' | 'lambd'> & { initFrom?: string | null }): string {
  if (d === null) return 'training diverged: the trained parameters or their activations are inf or nan';
  const at = `training diverged at iteration ${d.iteration}`;
  const first = d.where === 'activations' ? `the activations of layer ${d.layer} overflowed`
    : d.where === 'cost' ? 'the cost became inf (outputs exactly 0 or 1 on the wrong side)' : `the ${d.where} overflowed`;
  switch (d.cause) {
    case 'input scale':
      return `${at}: ${first}${how(d)}, with inputs up to |x| = ${compact(d.maxInput)} ` +
        `(initial weights up to ${compact(d.maxInitialWeight)}): the input scale is too large; rescale the features`;
    case 'initial weights':
      return `${at}: ${first}${how(d)}, with initial weights up to |w| = ${compact(d.maxInitialWeight)} ` +
        `(inputs up to ${compact(d.maxInput)}): the initial weights are too large (${config.initFrom ? `the parameters of ${config.initFrom}` : '--init, --scale'})`;
    case 'lambd':
      return `${at}: ${first} after weight-decay steps lr·(λ/m)·‖W‖ up to ${compact(d.decayStep)} ` +
        `(each multiplying the weights by 1 − lr·λ/m = ${compact(1 - d.decayFactor)}) against gradient steps up to ` +
        `${compact(d.gradientStep)}: --lambd ${settingText(config.lambd)} is too large for --lr ${settingText(config.lr)}`;
    case 'learning rate':
      return `${at}: ${first} after gradient steps lr·‖dW‖ up to ${compact(d.gradientStep)} ` +
        `(weights up to |w| = ${compact(d.maxWeight)} just before): --lr ${settingText(config.lr)} is too large`;
  }
}

/** A CSV dataset given without --test-dataset is also its own test set. */
export function noTestSetWarning(dataset: string): string {
  return `${dataset} has no test set: the test figures are on the training data; give --test-dataset FILE for held-out figures`;
}
