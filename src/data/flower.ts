// The "flower" of the course's planar data classification exercise (planar_utils.load_planar_dataset).
import { RandomState } from '../random/randomState.js';
import { cos, sin } from '../random/trig.js';
import { fromPoints, type Dataset, type GeneratorOptions } from './dataset.js';
import { linspace } from './linspace.js';

/** The flower's largest radius (the exercise's `a`). */
const RAY = 4;

/**
 * load_planar_dataset with m = samples, the noise 0.2 as `noise`, after np.random.seed(seed). For each
 * class j = 0, 1, N = samples/2 points:
 *   t = np.linspace(j·3.12, (j+1)·3.12, N) + np.random.randn(N)·noise
 *   r = 4·np.sin(4·t) + np.random.randn(N)·noise
 *   X[N·j : N·(j+1)] = (r·sin t, r·cos t),  y = j
 * in that order of draws, not shuffled. The exercise leaves the last row (0, 0) with label 0 when m is odd,
 * so samples must be even (checked by the registry). sin and cos are glibc's, as numpy's are.
 * Returns X (2, samples) and Y (1, samples).
 */
export function makeFlower({ samples, noise, seed }: GeneratorOptions): Dataset {
  const rng = new RandomState(seed);
  const n = Math.floor(samples / 2);
  const points = new Float64Array(samples * 2);
  const labels = new Float64Array(samples);
  for (let j = 0; j < 2; j++) {
    const angles = linspace(j * 3.12, (j + 1) * 3.12, n);
    const dt = rng.randn(n);
    for (let i = 0; i < n; i++) angles[i]! += dt[i]! * noise;
    const dr = rng.randn(n);
    for (let i = 0; i < n; i++) {
      const t = angles[i]!;
      const r = RAY * sin(4 * t) + dr[i]! * noise;
      const row = n * j + i;
      points[2 * row] = r * sin(t);
      points[2 * row + 1] = r * cos(t);
      labels[row] = j;
    }
  }
  return fromPoints(points, 2, labels);
}
