// Hidden-layer activations, one registry: each name maps to its forward and backward, side by side.
// The output layer is always a sigmoid. Every engine (TS, WebAssembly) applies these same kernels.
//
// The backward reads the activation A = g(Z), not Z, in the course's form (tanh: dA·(1 − A²), sigmoid:
// dA·A·(1 − A)), so no engine keeps Z. ReLU and leaky ReLU read only A's sign, which dropout's scaling
// keeps; tanh and sigmoid read A's value, so with dropout the engines keep A as it was before dropout.
//
// tanh and exp are V8's Math.tanh and Math.exp (fdlibm's algorithms). numpy calls glibc's tanh and exp
// on a baseline x86-64 CPU, and its own SIMD kernels where the CPU has AVX2 or AVX-512. Measured by
// tools/gen_activation_fixtures.py (glibc 2.36, numpy 2.4.6, an AVX-512 machine): Math.tanh differs from
// glibc's tanh for 86 of 1.1 million inputs (by at most 2 ulp), Math.exp from glibc's exp for 9 337 of
// 94 902 (by 1 ulp); numpy's SIMD tanh differs from glibc's for 26% of them and its exp for 4.7%.
// Training does not amplify these last-bit differences in the runs measured: the course's loop with
// tanh, sigmoid and leaky ReLU layers agrees with numpy's, with glibc's functions and with numpy's SIMD
// ones, within 6.1e-16 relative on every reported cost (test/activations-vs-numpy.test.ts holds it to
// 1e-9 and the accuracies to equality), so glibc's tanh and exp are not ported as its log, sin and cos
// are for the datasets (src/random), where equality must be bit for bit.
import type { InitName } from './init.js';

export interface Activation {
  /** g(z) as the help and README write it. */
  readonly formula: string;
  /** g'(z) written from a = g(z), as the backward computes it. */
  readonly derivative: string;
  /** A = g(Z), in place over len values. */
  forward(Z: Float64Array, len: number): void;
  /** dZ = dA·g'(Z) computed from A = g(Z), in place on dA over len values. */
  backward(dA: Float64Array, A: Float64Array, len: number): void;
  /** g'(z) from the output a = g(z), for one value. */
  fromOutput(a: number): number;
  /** The largest g'(z) over all z: a unit is saturated where its g' is below a tenth of it. */
  readonly peakSlope: number;
  /** The backward reads only A's sign, so A after dropout (A·D/keepProb) serves it. */
  readonly signOnly: boolean;
  /**
   * A unit can die: output exactly 0 with g' exactly 0 over a whole range of z, so that a unit 0 on every
   * example passes no gradient. Only ReLU; leaky ReLU keeps slope 0.01, tanh is steepest at 0, sigmoid is never 0.
   */
  readonly canDie: boolean;
  /** The initializations whose variance argument was made for this activation. */
  readonly suitedInits: readonly InitName[];
  /** Its number in src/linalg/wasm/nn.wat: 0 ReLU and 3 leaky ReLU run fused into the linear pass; 1, 2 call forward. */
  readonly kernel: number;
}

/** Leaky ReLU's slope for z ≤ 0 (PyTorch's default negative_slope). */
export const LEAKY_SLOPE = 0.01;

export const ACTIVATIONS = {
  relu: {
    formula: 'max(0, z)',
    derivative: '1 if a > 0 else 0',
    forward(Z, len) {
      for (let j = 0; j < len; j++) if (Z[j]! <= 0) Z[j] = 0; // NaN fails the test and passes through, as in np.maximum
    },
    backward(dA, A, len) {
      // Multiply rather than select, so inf and NaN propagate as numpy's dA·(A > 0) does.
      for (let j = 0; j < len; j++) dA[j] = dA[j]! * (A[j]! > 0 ? 1 : 0);
    },
    fromOutput: (a) => (a > 0 ? 1 : 0),
    peakSlope: 1,
    signOnly: true,
    canDie: true,
    suitedInits: ['he'],
    kernel: 0,
  },
  tanh: {
    formula: 'tanh(z)',
    derivative: '1 - a²',
    forward(Z, len) {
      for (let j = 0; j < len; j++) Z[j] = Math.tanh(Z[j]!);
    },
    backward(dA, A, len) {
      for (let j = 0; j < len; j++) dA[j] = dA[j]! * (1 - A[j]! * A[j]!); // dA * (1 - np.power(A, 2))
    },
    fromOutput: (a) => 1 - a * a,
    peakSlope: 1,
    signOnly: false,
    canDie: false,
    suitedInits: ['xavier', 'glorot'],
    kernel: 1,
  },
  sigmoid: {
    formula: '1/(1 + exp(-z))',
    derivative: 'a(1 - a)',
    forward(Z, len) {
      for (let j = 0; j < len; j++) Z[j] = 1 / (1 + Math.exp(-Z[j]!));
    },
    backward(dA, A, len) {
      for (let j = 0; j < len; j++) dA[j] = dA[j]! * A[j]! * (1 - A[j]!); // dA * s * (1 - s)
    },
    fromOutput: (a) => a * (1 - a),
    peakSlope: 0.25,
    signOnly: false,
    canDie: false,
    suitedInits: ['xavier', 'glorot'],
    kernel: 2,
  },
  leaky_relu: {
    formula: `z if z > 0 else ${LEAKY_SLOPE}·z`,
    derivative: `1 if a > 0 else ${LEAKY_SLOPE}`,
    forward(Z, len) {
      for (let j = 0; j < len; j++) if (!(Z[j]! > 0)) Z[j] = LEAKY_SLOPE * Z[j]!; // np.where(Z > 0, Z, 0.01 * Z)
    },
    backward(dA, A, len) {
      for (let j = 0; j < len; j++) dA[j] = dA[j]! * (A[j]! > 0 ? 1 : LEAKY_SLOPE); // dA * np.where(A > 0, 1, 0.01)
    },
    fromOutput: (a) => (a > 0 ? 1 : LEAKY_SLOPE),
    peakSlope: 1,
    signOnly: true,
    canDie: false,
    suitedInits: ['he'],
    kernel: 3,
  },
} satisfies Record<string, Activation>;

export type ActivationName = keyof typeof ACTIVATIONS;
export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as ActivationName[];
export const isActivationName = (s: string): s is ActivationName => Object.hasOwn(ACTIVATIONS, s);

/** The registry entry for a name (throws RangeError for a name that is not one: settings check names first). */
export function activation(name: ActivationName): Activation {
  if (!isActivationName(name)) throw new RangeError(`no activation ${String(name)}`);
  return ACTIVATIONS[name];
}

/** A unit value counts as saturated where g'(z) is below this share of the activation's peak slope. */
export const SATURATED_SLOPE = 0.1;

/** Values of A (length len) where the activation is saturated: g'(z) < SATURATED_SLOPE · peak. */
export function saturatedCount(act: Activation, A: Float64Array, len = A.length): number {
  const below = SATURATED_SLOPE * act.peakSlope;
  let n = 0;
  for (let j = 0; j < len; j++) if (act.fromOutput(A[j]!) < below) n++;
  return n;
}
