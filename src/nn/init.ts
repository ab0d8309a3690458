// Initializations, one registry: each name maps to how it turns randn draws into weights.
import { zeros } from '../linalg/matrix.js';
import { RandomState } from '../random/randomState.js';
import type { Params } from './params.js';

export type Scale = (fanIn: number, fanOut: number) => number;

export interface InitSpec {
  /** How the user reads it, e.g. "W ~ N(0,1)·sqrt(2/fan_in)". */
  readonly formula: string;
  /** The multiplier spelled as a formula over fan_in/fan_out. */
  readonly scaleText: string;
  /** The multiplier's value for a layer, or null for an init that draws nothing. */
  readonly scale: Scale | null;
  /** Divide by this instead of multiplying by scale, as the course writes xavier (the two round differently). */
  readonly divisor?: Scale;
}

export const INITS = {
  zeros: { formula: 'W = 0', scaleText: '0', scale: null },
  random: { formula: 'W ~ N(0,1)·10', scaleText: '10', scale: () => 10 },
  he: { formula: 'W ~ N(0,1)·sqrt(2/fan_in)', scaleText: 'sqrt(2/fan_in)', scale: (fanIn) => Math.sqrt(2 / fanIn) },
  xavier: { formula: 'W ~ N(0,1)/sqrt(fan_in)', scaleText: '1/sqrt(fan_in)', scale: (fanIn) => 1 / Math.sqrt(fanIn), divisor: (fanIn) => Math.sqrt(fanIn) },
  glorot: {
    formula: 'W ~ N(0,1)·sqrt(2/(fan_in+fan_out))',
    scaleText: 'sqrt(2/(fan_in+fan_out))',
    scale: (fanIn, fanOut) => Math.sqrt(2 / (fanIn + fanOut)),
  },
} satisfies Record<string, InitSpec>;

export type InitName = keyof typeof INITS;
export const INIT_NAMES = Object.keys(INITS) as InitName[];
export const isInitName = (s: string): s is InitName => Object.hasOwn(INITS, s);

/**
 * The course's initialize_parameters_*: seed once, then randn(n_l, n_{l-1}) layer by layer in C order;
 * biases zero. A custom scale replaces the init's multiplier.
 */
export function initialize(layers: readonly number[], init: InitName, seed: number, customScale?: Scale): Params {
  const spec: InitSpec = INITS[init];
  const scale = customScale ?? spec.scale;
  const divisor = customScale ? undefined : spec.divisor;
  const rng = scale ? new RandomState(seed) : null;
  const params: Params = {};
  for (let l = 1; l < layers.length; l++) {
    const fanOut = layers[l]!;
    const fanIn = layers[l - 1]!;
    const W = zeros(fanOut, fanIn);
    if (rng && scale) {
      const draws = rng.randn(fanOut * fanIn);
      if (divisor) {
        const d = divisor(fanIn, fanOut);
        for (let i = 0; i < draws.length; i++) W.data[i] = draws[i]! / d;
      } else {
        const s = scale(fanIn, fanOut);
        for (let i = 0; i < draws.length; i++) W.data[i] = draws[i]! * s;
      }
    }
    params[`W${l}`] = W;
    params[`b${l}`] = zeros(fanOut, 1);
  }
  return params;
}
