// Writing a finished run's outputs for a command: what was written, as one line for human output, or
// the error, kept apart so that the run's results are still shown before it.
import { clip, escapeControl, UsageError } from '../errors.js';
import { RESULT_FILE } from './seal.js';
import type { OutputKind } from './targets.js';
import type { Content, Outputs } from './transaction.js';

export interface Written {
  /** e.g. "wrote record r/ (result.json, costs.csv, cost.svg) and model m.json\n", or "" */
  line: string;
  /** Why nothing was written. */
  error?: UsageError;
}

/** Warnings for hidden entries beside the targets: left by killed nnlab runs, or a replaced output this run could not remove. */
export const leftoverWarnings = (outputs: Outputs): string[] => [
  ...outputs.targets.flatMap((t) => t.leftovers.map((p) => `${clip(p)} was left by an nnlab run that was killed; nnlab does not remove it, you may`)),
  ...outputs.unremoved.map((p) => `${clip(p)} holds what this run replaced; it could not be removed entirely (or was changed meanwhile), so nnlab leaves the rest to you`),
];

/** Commits the outputs; a UsageError (an output that could not be written) is returned, not thrown. */
export async function writeOutputs(outputs: Outputs, contents: Partial<Record<OutputKind, Content>>): Promise<Written> {
  if (outputs.targets.length === 0) return { line: '' };
  try {
    await outputs.commit(contents);
  } catch (e) {
    if (e instanceof UsageError) return { line: '', error: e };
    throw e;
  }
  const parts = outputs.targets.map((t) => {
    const c = contents[t.kind];
    if (t.kind !== 'record') return `${t.kind} ${escapeControl(t.path)}`;
    const names = typeof c === 'object' ? Object.keys(c) : [RESULT_FILE];
    return `record ${escapeControl(t.path).replace(/\/*$/, '/')} (${names.join(', ')})`;
  });
  return { line: `wrote ${parts.join(' and ')}\n` };
}
