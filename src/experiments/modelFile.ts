// Model files (--save): the trained parameters as JSON, W1, b1, ... as nested row lists (numpy's
// .tolist() layout), with a format marker so that nnlab recognises its own files.
import { toRows } from '../linalg/matrix.js';
import type { Params } from '../nn/params.js';
import { modelMarker } from '../output/seal.js';

/** The model file's JSON value: {format, version, layers, parameters: {W1: [[...]], b1: [[...]], ...}}. */
export function modelFile(layers: readonly number[], params: Params): object {
  const parameters = Object.fromEntries(Object.entries(params).map(([k, m]) => [k, toRows(m)]));
  return { ...modelMarker(), layers, parameters };
}
