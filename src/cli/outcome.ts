// What a command hands back to the entry point: text for stdout and stderr, and the exit code.
import { clip, type NnlabError } from '../errors.js';
import { numpyJson, numpyJsonPieces } from '../numpyText.js';
import { breakLines } from '../textwrap.js';
import { layout } from './render/layout.js';

export interface Outcome {
  /** Text, or text in pieces for outputs too large for one string (predictions, a dataset as CSV). */
  stdout: string | Iterable<string>;
  /** Warnings: printed to stderr, each wrapped to a terminal's width, one line each to a pipe. */
  warnings?: string[];
  exitCode?: number;
  /** An error after the work was done (an output that could not be written): printed after stdout. */
  error?: NnlabError;
}

export type Emit = (o: Outcome) => void;

/** Longer messages are cut: quoted parts are clipped where they are made, so this only guards against a miss. */
const LINE_MAX = 1000;

/** Every message leaves on one line, however it was built. */
export const oneLine = (message: string): string => clip(message, LINE_MAX);

/**
 * A warning as every command prints it: on a terminal wrapped at spaces to its width like other human
 * output, continuation lines indented; to a pipe or file one line, so that it can be found by line.
 */
export const warningLine = (text: string, width = warningWidth()): string =>
  `${breakLines(`nnlab: warning: ${oneLine(text)}`.split(' '), ' ', width, { subsequentIndent: '  ', breakAfter: '/' }).join('\n')}\n`;
/** The terminal's width (layout.ts) when stderr is one, else no limit. */
const warningWidth = (): number => (process.stderr.isTTY ? layout.width : Infinity);
/** A warning that must come before the work (the rest come after, with the outcome). */
export const warnNow = (text: string): void => void process.stderr.write(warningLine(text));

/** --json output: exactly one object, non-finite numbers as numpy spells them. */
export const jsonText = (value: unknown): string => numpyJson(value);

/** jsonText in pieces, for an object holding lists of millions of numbers. */
export const jsonPieces = (value: unknown): Iterable<string> => numpyJsonPieces(value);
