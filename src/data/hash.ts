// A dataset's content hash, so that a model file can name the data it was trained on and a later
// predict or eval can tell whether it is given that same data, whatever file or name it came by.
import { createHash } from 'node:crypto';
import type { Dataset } from './dataset.js';

/**
 * sha256 (hex) of: the feature and example counts as two little-endian uint32, then X in the course's
 * layout (features × examples, one feature's values after another), then y, as little-endian float64.
 */
export function datasetSha256(d: Dataset): string {
  const { rows: n, cols: m } = d.X;
  const bytes = new DataView(new ArrayBuffer(8 + 8 * (n * m + m)));
  bytes.setUint32(0, n, true);
  bytes.setUint32(4, m, true);
  let o = 8;
  for (const v of d.X.data) (bytes.setFloat64(o, v, true), (o += 8));
  for (const v of d.Y.data) (bytes.setFloat64(o, v, true), (o += 8));
  return createHash('sha256').update(new Uint8Array(bytes.buffer)).digest('hex');
}
