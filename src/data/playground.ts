// TensorFlow Playground's XOR, spiral and Gaussian datasets (its circle is scikit-learn's circles here),
// with Playground's formulas (tensorflow/playground, src/dataset.ts) drawn from numpy's RandomState,
// so that a numpy user reproduces them exactly with the code in each docstring. Playground's labels
// −1/1 are 0/1 here, and its noise is the fraction it shows as a percentage (0 to 0.5 there).
import { RandomState } from '../random/randomState.js';
import { cos, sin } from '../random/trig.js';
import { fromPoints, type Dataset, type GeneratorOptions } from './dataset.js';

/** Playground's gap around each axis. */
const XOR_PADDING = 0.3;

/**
 * XOR: label 1 in the quadrants where x1·x2 ≥ 0, judged at the point plus noise; the point itself is
 * stored without it, as Playground does (noise flips labels near the axes instead of moving points):
 *   np.random.seed(seed)
 *   P = np.random.uniform(-5, 5, (samples, 2)); P += np.where(P > 0, 0.3, -0.3)
 *   E = np.random.uniform(-5, 5, (samples, 2)) * noise
 *   y = ((P[:, 0] + E[:, 0]) * (P[:, 1] + E[:, 1]) >= 0)
 */
export function makeXor({ samples, noise, seed }: GeneratorOptions): Dataset {
  const rng = new RandomState(seed);
  const P = rng.uniform(-5, 5, samples * 2);
  for (let i = 0; i < P.length; i++) P[i]! += P[i]! > 0 ? XOR_PADDING : -XOR_PADDING;
  const E = rng.uniform(-5, 5, samples * 2);
  const labels = new Float64Array(samples);
  for (let j = 0; j < samples; j++) {
    labels[j] = (P[2 * j]! + E[2 * j]! * noise) * (P[2 * j + 1]! + E[2 * j + 1]! * noise) >= 0 ? 1 : 0;
  }
  return fromPoints(P, 2, labels);
}

/**
 * Two spiral arms of 1.75 turns, label 1 (δ = 0) then label 0 (δ = π), samples − samples//2 and
 * samples//2 points; for an arm of c points, i = np.arange(c):
 *   r = i / c * 5;  t = 1.75 * i / c * 2 * np.pi + δ
 *   U = np.random.uniform(-1, 1, (c, 2)) * noise
 *   X = np.c_[r * np.sin(t) + U[:, 0], r * np.cos(t) + U[:, 1]]
 * after np.random.seed(seed), the label-1 arm drawn first.
 */
export function makeSpiral({ samples, noise, seed }: GeneratorOptions): Dataset {
  const rng = new RandomState(seed);
  const points = new Float64Array(samples * 2);
  const labels = new Float64Array(samples);
  const arms: [number, number, number][] = [[samples - Math.floor(samples / 2), 0, 1], [Math.floor(samples / 2), Math.PI, 0]];
  let row = 0;
  for (const [c, delta, label] of arms) {
    const U = rng.uniform(-1, 1, c * 2);
    for (let i = 0; i < c; i++, row++) {
      const r = (i / c) * 5;
      const t = ((((1.75 * i) / c) * 2) * Math.PI) + delta;
      points[2 * row] = r * sin(t) + U[2 * i]! * noise;
      points[2 * row + 1] = r * cos(t) + U[2 * i + 1]! * noise;
      labels[row] = label;
    }
  }
  return fromPoints(points, 2, labels);
}

/**
 * Two Gaussian blobs, label 1 around (2, 2) (samples − samples//2 points, drawn first) and label 0
 * around (−2, −2) (samples//2 points), with Playground's variance 0.5 + 3.5·(noise/0.5):
 *   s = np.sqrt(0.5 + 3.5 * (noise / 0.5))
 *   X = np.r_[np.random.normal(2, s, (samples - samples // 2, 2)), np.random.normal(-2, s, (samples // 2, 2))]
 * after np.random.seed(seed).
 */
export function makeGaussian({ samples, noise, seed }: GeneratorOptions): Dataset {
  const rng = new RandomState(seed);
  const s = Math.sqrt(0.5 + 3.5 * (noise / 0.5));
  const n1 = samples - Math.floor(samples / 2);
  const points = new Float64Array(samples * 2);
  points.set(rng.normal(2, s, n1 * 2), 0);
  points.set(rng.normal(-2, s, (samples - n1) * 2), n1 * 2);
  const labels = new Float64Array(samples);
  labels.fill(1, 0, n1);
  return fromPoints(points, 2, labels);
}
