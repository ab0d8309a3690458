// What a command hands back to the entry point: text for stdout and stderr, and the exit code.
import { numpyJson } from '../numpyText.js';

export interface Outcome {
  stdout: string;
  /** Warnings: printed to stderr, one line each. */
  warnings?: string[];
  exitCode?: number;
}

export type Emit = (o: Outcome) => void;

/** --json output: exactly one object, non-finite numbers as numpy spells them. */
export const jsonText = (value: unknown): string => numpyJson(value);
