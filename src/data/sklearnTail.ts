// The end of scikit-learn's make_circles and make_moons: shuffle the rows, then add Gaussian noise.
import type { RandomState } from '../random/randomState.js';
import { fromPoints, type Dataset } from './dataset.js';

/**
 * sklearn.utils.shuffle (rows permuted by a permutation of arange(m)), then X += normal(0, noise, (m, 2)),
 * drawing from `rng` in that order. points holds m rows of 2 coordinates; returns X (2, m) and Y (1, m).
 */
export function shuffleAndJitter(points: Float64Array, labels: Float64Array, rng: RandomState, noise: number): Dataset {
  const samples = labels.length;
  const order = rng.permutation(samples);
  const shuffled = new Float64Array(samples * 2);
  const shuffledLabels = new Float64Array(samples);
  order.forEach((src, dst) => {
    shuffled[2 * dst] = points[2 * src]!;
    shuffled[2 * dst + 1] = points[2 * src + 1]!;
    shuffledLabels[dst] = labels[src]!;
  });
  const jitter = rng.normal(0, noise, samples * 2);
  for (let i = 0; i < shuffled.length; i++) shuffled[i]! += jitter[i]!;
  return fromPoints(shuffled, 2, shuffledLabels);
}
