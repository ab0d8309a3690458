// What a command hands back to the entry point: text for stdout and stderr, and the exit code.
import type { NnlabError } from '../errors.js';
import { numpyJson } from '../numpyText.js';

export interface Outcome {
  stdout: string;
  /** Warnings: printed to stderr, one line each. */
  warnings?: string[];
  exitCode?: number;
  /** An error after the work was done (an output that could not be written): printed after stdout. */
  error?: NnlabError;
}

export type Emit = (o: Outcome) => void;

/** --json output: exactly one object, non-finite numbers as numpy spells them. */
export const jsonText = (value: unknown): string => numpyJson(value);
