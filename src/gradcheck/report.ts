// What one gradcheck run produced, and the exit-code rule that goes with it.
import type { CheckResult } from './compare.js';

export type GradcheckCase = 'course' | 'model' | 'one-dim';

export interface ModelInfo {
  dataset: string;
  layers: number[];
  /** The model file whose parameters are checked (--model); null for the network train builds. */
  modelFile: string | null;
  /** The init, scale and seed that drew the parameters; null with a model file. */
  init: string | null;
  /** A --scale formula that replaced the init's multiplier, or null. */
  scale: string | null;
  seed: number | null;
  lambd: number;
  after: number;
  examples: number;
  available: number;
}

export interface GradcheckReport {
  case: GradcheckCase;
  checks: CheckResult[];
  /** The mistakes planted in the first check: the course's, or the user's --inject; null = none. */
  inject: string | null;
  model?: ModelInfo;
}

/**
 * 1 only when a model check fails: that is a real bug (or a deliberate --inject) in the network being
 * checked. The course demo's planted failure is its expected outcome, so it exits 0.
 */
export function exitCodeOf(r: GradcheckReport): 0 | 1 {
  return r.case === 'model' && r.checks.some((c) => c.verdict === 'fail') ? 1 : 0;
}
