// numpy's legacy RandomState, bit for bit: the course's published numbers depend on these exact draws.
import { glibcLog } from './log.js';
import { MT19937 } from './mt19937.js';

export const MAX_SEED = 2 ** 32 - 1;

export class RandomState {
  private readonly mt: MT19937;
  // legacy_gauss draws normals in pairs and keeps the second for the next call.
  private hasGauss = false;
  private gauss = 0;
  /** Scratch for bulk draws. */
  private words = new Uint32Array(0);

  constructor(seed: number) {
    this.mt = new MT19937(0);
    this.seed(seed);
  }

  /** np.random.seed(int): integers 0 ≤ seed ≤ 2**32-1 only. */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      throw new RangeError(`seed must be an integer between 0 and ${MAX_SEED}, got ${seed}`);
    }
    this.mt.seed(seed);
    this.hasGauss = false;
    this.gauss = 0;
  }

  nextUint32(): number {
    return this.mt.nextUint32();
  }

  /** random_sample: a 53-bit double in [0, 1) from two 32-bit outputs. */
  randomSample(): number {
    const a = this.mt.nextUint32() >>> 5;
    const b = this.mt.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** standard_normal via the legacy polar Box–Muller. */
  standardNormal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.gauss;
      this.gauss = 0;
      return g;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * glibcLog(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** np.random.rand(n): n uniform doubles (C order when reshaped). */
  rand(n: number): Float64Array {
    const out = new Float64Array(n);
    this.randInto(out);
    return out;
  }

  /** Fills out with uniform doubles, exactly as rand(out.length) draws them, in bulk. */
  randInto(out: Float64Array): void {
    if (this.words.length < 2 * out.length) this.words = new Uint32Array(2 * out.length);
    const w = this.words;
    this.mt.fillUint32(w.subarray(0, 2 * out.length));
    for (let i = 0; i < out.length; i++) out[i] = ((w[2 * i]! >>> 5) * 67108864 + (w[2 * i + 1]! >>> 6)) / 9007199254740992;
  }

  /** np.random.randn(n): n standard normals. */
  randn(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.standardNormal();
    return out;
  }

  /** np.random.normal(loc, scale, n): loc + scale·gauss, element by element. */
  normal(loc: number, scale: number, n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = loc + scale * this.standardNormal();
    return out;
  }

  /** np.random.uniform(low, high, n): low + (high - low)·random_sample(), element by element. */
  uniform(low: number, high: number, n: number): Float64Array {
    const range = high - low;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = low + range * this.randomSample();
    return out;
  }

  /** random_interval: uniform integer in [0, max] by bit-mask rejection (max < 2**32). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.mt.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** RandomState.shuffle on a 1-D array, in place (Fisher–Yates from the end). */
  shuffle<T>(items: { length: number; [i: number]: T }): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
  }

  /** np.random.permutation(n). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }
}
