// The shapes the pictures draw (terminal and SVG alike): ranges, plot extents, grids and labelled points.
import type { CostPoint } from '../nn/train.js';

export type { CostPoint };

export type Range = readonly [number, number];

/** [min, max] of the values, in a loop: Math.min(...values) overflows the call stack near a million values. */
export function minMax(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

export interface Bounds {
  x1: Range;
  x2: Range;
}

/**
 * Cell centres of an evenly spaced grid; classOf and p (the model's probability of class 1) are row-major
 * over x2 then x1: classOf[j * x1.length + i].
 */
export interface Grid {
  x1: readonly number[];
  x2: readonly number[];
  classOf: Uint8Array | readonly number[];
  p?: Float64Array;
}

export interface LabelledPoint {
  x1: number;
  x2: number;
  y: number;
}
