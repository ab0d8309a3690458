// Model files (--save): the trained parameters as JSON, W1, b1, ... as nested row lists (numpy's
// .tolist() layout), with a format marker so that nnlab recognises its own files.
import { toRows } from '../linalg/matrix.js';
import type { ActivationName } from '../nn/activations.js';
import type { Params } from '../nn/params.js';
import { sealModel } from '../output/seal.js';

/**
 * The model file's text: {format, version, seal, layers, activations, parameters: {W1: [[...]], ...}}.
 * activations names each layer's activation after the input: the hidden one for every hidden layer, then
 * the output's sigmoid, e.g. ["tanh", "tanh", "sigmoid"] for layers 2,10,5,1.
 */
export function modelFileText(layers: readonly number[], params: Params, activation: ActivationName): string {
  const parameters = Object.fromEntries(Object.entries(params).map(([k, m]) => [k, toRows(m)]));
  const activations = layers.slice(1).map((_, i) => (i === layers.length - 2 ? 'sigmoid' : activation));
  return sealModel({ layers, activations, parameters });
}
