// --init-from: a run that starts from a model's parameters instead of drawing them. The model fixes the
// layers, and the hidden activation where its file names one; the settings of a drawn initialization (init, scale, seed) would say something untrue, so a
// run given them explicitly is refused rather than silently ignoring them.
import { within } from '../data/registry.js';
import { UsageError } from '../errors.js';
import { modelActivation, readModel, type LoadedModel } from './readModel.js';
import { fileOrigin, spelling, type RunConfig, type Where } from './settings.js';

/** Settings that describe drawing the parameters. */
export const DRAW_KEYS = ['init', 'scale', 'seed'] as const;

/** The model an initFrom setting names; errors are prefixed with an experiment file's key. */
export const initModel = (path: string, where: Where): LoadedModel => within(fileOrigin(where, 'initFrom'), () => readModel(path));

const sameLayers = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((n, i) => n === b[i]);

/** A layers setting that was given must be the model's. */
export function checkLayers(model: LoadedModel, layers: readonly number[], where: Where): void {
  if (!sameLayers(model.layers, layers)) {
    throw new UsageError(`${where('layers')} ${layers.join(',')} does not match ${model.path}, whose layers are ${model.layers.join(',')}; leave ${spelling(where, 'layers')} out to use them`);
  }
}

/** Refuses init, scale or seed given together with initFrom. `given` holds the keys the user set. */
export function refuseDrawSettings(given: ReadonlySet<string>, where: Where): void {
  const stray = DRAW_KEYS.find((k) => given.has(k));
  if (stray) throw new UsageError(`${where(stray)} does not apply with ${spelling(where, 'initFrom')}: the parameters come from the model, nothing is drawn`);
}

/**
 * A config with initFrom: its layers are the model's (a given layers must equal them), so is its hidden
 * activation where the model file names one (a given activation must equal it), and init, scale and seed
 * were not given. Without initFrom, the config as it is. Throws UsageError naming the origin.
 */
export function applyInitFrom(config: RunConfig, given: ReadonlySet<string>, where: Where): RunConfig {
  if (config.initFrom === null) return config;
  refuseDrawSettings(given, where);
  const model = initModel(config.initFrom, where);
  if (given.has('layers')) checkLayers(model, config.layers, where);
  const activation = modelActivation(model, given.has('activation') ? config.activation : undefined, where);
  return { ...config, layers: model.layers, activation };
}

