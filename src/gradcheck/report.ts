// What one gradcheck run produced, and the exit-code rule that goes with it.
import { EXIT } from '../errors.js';
import type { CheckResult } from './compare.js';

export type GradcheckCase = 'course' | 'model' | 'one-dim';

export interface ModelInfo {
  dataset: string;
  /** A generated dataset's options, null where the dataset's own apply. */
  samples: number | null;
  noise: number | null;
  dataSeed: number | null;
  layers: number[];
  /** The hidden layers' activation. */
  activation: string;
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
 * For a model check: 1 when it fails (a real bug, or a deliberate --inject, in the network checked); 3 when
 * it cannot judge (the cost is not finite, or some gradient is at the level of the finite differences'
 * own error): nothing was found wrong, and nothing was shown right. The course demo's planted failure is
 * its expected outcome, so the course case and the 1-D warm-up exit 0.
 */
export function exitCodeOf(r: GradcheckReport): 0 | 1 | 3 {
  if (r.case !== 'model') return EXIT.ok;
  if (r.checks.some((c) => c.verdict === 'fail')) return EXIT.failed;
  return r.checks.some((c) => c.verdict === 'unjudged') ? EXIT.unjudged : EXIT.ok;
}
