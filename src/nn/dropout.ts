// Where dropout masks come from. The course re-seeds numpy with 1 before every forward pass,
// so every iteration draws the same masks; "fresh" seeds once and draws new masks each pass.
import { RandomState } from '../random/randomState.js';

export const DROPOUT_MASKS = ['course', 'fresh'] as const;
export type DropoutMasks = (typeof DROPOUT_MASKS)[number];
export const COURSE_DROPOUT_SEED = 1;

export interface MaskSource {
  /** Fills the masks of one forward pass, layer by layer: D = rand(shape) < keepProb. */
  fill(D: readonly (Uint8Array | null)[], keepProb: number): void;
}

/** Scratch uniforms, grown to the largest mask seen; fresh masks are drawn every step. */
let uniforms = new Float64Array(0);

function draw(rng: RandomState, D: readonly (Uint8Array | null)[], keepProb: number): void {
  for (const mask of D) {
    if (!mask) continue;
    if (uniforms.length < mask.length) uniforms = new Float64Array(mask.length);
    const u = uniforms.subarray(0, mask.length);
    rng.randInto(u);
    for (let j = 0; j < mask.length; j++) mask[j] = u[j]! < keepProb ? 1 : 0;
  }
}

export function maskSource(kind: DropoutMasks, seed = COURSE_DROPOUT_SEED): MaskSource {
  if (kind === 'fresh') {
    const rng = new RandomState(seed);
    return { fill: (D, keepProb) => draw(rng, D, keepProb) };
  }
  // Re-seeding makes every pass identical, so masks already drawn into these buffers are left in place.
  let filled: readonly (Uint8Array | null)[] | null = null;
  let filledKeep = NaN;
  return {
    fill: (D, keepProb) => {
      if (D === filled && keepProb === filledKeep) return;
      draw(new RandomState(seed), D, keepProb);
      filled = D;
      filledKeep = keepProb;
    },
  };
}
