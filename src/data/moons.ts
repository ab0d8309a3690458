// scikit-learn's make_moons(shuffle=True) drawing from numpy's global state, step for step.
import { RandomState } from '../random/randomState.js';
import { cos, sin } from '../random/trig.js';
import type { Dataset, GeneratorOptions } from './dataset.js';
import { shuffleAndJitter } from './sklearnTail.js';
import { linspace } from './linspace.js';

/**
 * make_moons(n_samples=samples, noise=noise) after np.random.seed(seed) (scikit-learn 1.2,
 * sklearn/datasets/_samples_generator.py): samples//2 points of the upper half circle (label 0) and the
 * rest of the lower one shifted by (1, −0.5) (label 1), at np.linspace(0, π, n) angles:
 *   outer = (cos t, sin t),  inner = (1 − cos t, 1 − sin t − 0.5),
 * rows shuffled by a permutation of arange(samples), then X += normal(0, noise, (samples, 2)).
 * sin and cos are glibc's (src/random/trig.ts), as numpy's are; Math.sin/Math.cos would differ in the
 * last bit for a few percent of the points. samples ≥ 1, noise ≥ 0; the result is (2, samples).
 */
export function makeMoons({ samples, noise, seed }: GeneratorOptions): Dataset {
  const rng = new RandomState(seed);
  const nOut = Math.floor(samples / 2);
  const nIn = samples - nOut;
  const points = new Float64Array(samples * 2);
  const labels = new Float64Array(samples);
  linspace(0, Math.PI, nOut).forEach((t, i) => {
    points[2 * i] = cos(t);
    points[2 * i + 1] = sin(t);
  });
  linspace(0, Math.PI, nIn).forEach((t, i) => {
    const j = nOut + i;
    points[2 * j] = 1 - cos(t);
    points[2 * j + 1] = 1 - sin(t) - 0.5;
    labels[j] = 1;
  });
  return shuffleAndJitter(points, labels, rng, noise);
}
