// How far equally valid computations of a course run drift apart, as tools/measure_spread.py measures
// it (measuredSpread.ts), and the cost tolerances reproduce derives from it.
import { MEASURED_SPREAD } from './measuredSpread.js';

export interface SpreadPoint {
  iteration: number;
  /** Finite everywhere: the members' costs. */
  min?: number;
  max?: number;
  median?: number;
  /** (max − min) / median: the relative tolerance at this iteration. */
  tolerance?: number;
  /** Members whose cost is not finite here, and the values they give. */
  nonFinite?: number;
  values?: number[];
}

export interface RunSpread {
  /**
   * Valid computations of the run: as written, scaled first, sequential sums, ulpMembers with the
   * initial weights moved one ulp, and roundingMembers with every product moved by ±1 ulp at every step.
   */
  members: number;
  ulpMembers: number;
  roundingMembers: number;
  points: SpreadPoint[];
  asWritten: number[];
  scaledFirst: number[];
  sequential: number[];
  /** Members whose printed predictions differ from the "as written" member's. */
  predictionsDiffering: number;
}

export interface MeasuredSpread {
  numpy: string;
  runs: Record<string, RunSpread>;
}

export const SPREAD_TOOL = 'tools/measure_spread.py';

export function runSpread(name: string): RunSpread | undefined {
  return MEASURED_SPREAD.runs[name];
}

/** The largest relative spread over a run's reported iterations. */
export function largestSpread(s: RunSpread): number {
  return Math.max(...s.points.map((p) => p.tolerance ?? 0));
}

/** Where a value lies against a measured point: inside the members' range, or above or below it. */
export function position(value: number, p: SpreadPoint): 'inside' | 'above' | 'below' | 'not finite' {
  if (p.min === undefined || p.max === undefined) return 'not finite';
  return value < p.min ? 'below' : value > p.max ? 'above' : 'inside';
}
