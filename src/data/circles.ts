// scikit-learn's make_circles(shuffle=True) drawing from numpy's global state, step for step.
import { RandomState } from '../random/randomState.js';
import { cos, sin } from '../random/trig.js';
import { fromPoints, type Dataset, type GeneratorOptions } from './dataset.js';

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
  // sklearn.utils.shuffle: a permutation of arange(n) applied to rows.
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
