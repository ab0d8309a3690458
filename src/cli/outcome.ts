// What a command hands back to the entry point: text for stdout and stderr, and the exit code.
import type { NnlabError } from '../errors.js';
import { numpyJson, numpyJsonPieces } from '../numpyText.js';

export interface Outcome {
  /** Text, or text in pieces for outputs too large for one string (predictions, a dataset as CSV). */
  stdout: string | Iterable<string>;
  /** Warnings: printed to stderr, one line each. */
  warnings?: string[];
  exitCode?: number;
  /** An error after the work was done (an output that could not be written): printed after stdout. */
  error?: NnlabError;
}

export type Emit = (o: Outcome) => void;

/** --json output: exactly one object, non-finite numbers as numpy spells them. */
export const jsonText = (value: unknown): string => numpyJson(value);

/** jsonText in pieces, for an object holding lists of millions of numbers. */
export const jsonPieces = (value: unknown): Iterable<string> => numpyJsonPieces(value);
