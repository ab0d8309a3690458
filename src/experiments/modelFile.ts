// Model files (--save): the trained parameters as JSON, W1, b1, ... as nested row lists (numpy's
// .tolist() layout), with a format marker so that nnlab recognises its own files.
import { toRows } from '../linalg/matrix.js';
import type { Params } from '../nn/params.js';
import { sealModel } from '../output/seal.js';

/** The model file's text: {format, version, seal, layers, parameters: {W1: [[...]], b1: [[...]], ...}}. */
export function modelFileText(layers: readonly number[], params: Params): string {
  const parameters = Object.fromEntries(Object.entries(params).map(([k, m]) => [k, toRows(m)]));
  return sealModel({ layers, parameters });
}
