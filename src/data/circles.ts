// scikit-learn's make_circles(shuffle=True) drawing from numpy's global state, step for step.
import { RandomState } from '../random/randomState.js';
import { cos, sin } from '../random/trig.js';
import type { Dataset, GeneratorOptions } from './dataset.js';
import { shuffleAndJitter } from './sklearnTail.js';

/** np.linspace(0, 2π, n, endpoint=False): i·step + 0, as numpy computes it. */
function angles(n: number): Float64Array {
  const step = (2 * Math.PI) / n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i * step + 0;
  return out;
}

/**
 * make_circles(n_samples=samples, noise=noise, factor=factor) after np.random.seed(seed): samples//2 points
 * of the unit circle (label 0) and the rest on the circle of radius factor (label 1, scikit-learn's default
 * 0.8), at np.linspace(0, 2π, n, endpoint=False) angles, rows shuffled, then X += normal(0, noise, (samples, 2)).
 */
export function makeCircles({ samples, noise, factor = 0.8, seed }: GeneratorOptions): Dataset {
  const rng = new RandomState(seed);
  const nOut = Math.floor(samples / 2);
  const nIn = samples - nOut;
  const points = new Float64Array(samples * 2);
  const labels = new Float64Array(samples);
  angles(nOut).forEach((t, i) => {
    points[2 * i] = cos(t);
    points[2 * i + 1] = sin(t);
  });
  angles(nIn).forEach((t, i) => {
    const j = nOut + i;
    points[2 * j] = cos(t) * factor;
    points[2 * j + 1] = sin(t) * factor;
    labels[j] = 1;
  });
  return shuffleAndJitter(points, labels, rng, noise);
}
