// Prose for the terminal: words wrapped to the output's width (layout.ts; whole with --wide), continuation
// lines indented; headers wrapped between their parts; counted nouns.
import chalk from 'chalk';
import { escapeControl } from '../../errors.js';
import { breakLines } from '../../textwrap.js';
import { layout, visibleWidth } from './layout.js';

export { count } from '../../words.js';

/** Words wrapped at spaces; the first line starts with `indent`, the others with two spaces more. */
export function wrap(text: string, indent = '', width = layout.width): string {
  return breakLines(text.split(' '), ' ', width, { initialIndent: indent, subsequentIndent: `${indent}  `, measure: visibleWidth, breakAfter: '/' }).join('\n');
}

/** Parts joined by sep, wrapped between parts (inside one only when it fills a line alone); continuation lines indented. */
export function wrapParts(parts: readonly string[], sep: string, width = layout.width, indent = '  '): string {
  return breakLines(parts, sep, width, { subsequentIndent: indent, measure: visibleWidth, breakAfter: '/' }).join('\n');
}

/**
 * "nnlab train" in bold, then the dimmed parts after " · ", wrapped at their separators to the width.
 * The parts may quote user text (a dataset's path): their control characters are escaped here.
 */
export function titleLine(head: string, parts: readonly string[]): string {
  return chalk.bold(head) + chalk.dim(wrapParts([head, ...parts.map(escapeControl)], ' · ').slice(head.length));
}
