// The last step of human output: a line of prose longer than the output's width is wrapped at spaces,
// its continuation indented two spaces past the line's own indent. Tables (already laid out for the width)
// and pictures are left as they are. JSON output never comes here.
import { visibleWidth } from './layout.js';

/** Box-drawing characters: a table's or a chart's line. */
const DRAWN = /[│┌└├┼┤┬┴┐┘─╭╮╰╯▀]/;

function wrapLine(line: string, width: number): string[] {
  const indent = /^\s*(→ )?/.exec(line)![0].replace('→', ' ');
  const out: string[] = [];
  let rest = line;
  while (visibleWidth(rest) > width) {
    // The last space that leaves the line within the width, past the indent; else the first space at all.
    const chars = [...rest];
    // A cut must come after the line's leading spaces, or the rest would be the same line again.
    const lead = chars.findIndex((c) => c !== ' ');
    let cut = -1;
    let dot = -1;
    let seen = 0;
    for (let i = 0; i < chars.length; i++) {
      if (chars[i] === '\x1b') {
        while (i < chars.length && chars[i] !== 'm') i++;
        continue;
      }
      seen++;
      if (seen > width) break;
      if (chars[i] === ' ' && i > lead) cut = i;
      // After a " · " separator, when that keeps at least half the line: headers break between their parts.
      if (chars[i] === ' ' && chars[i - 1] === '·' && i > lead && seen > width / 2) dot = i;
    }
    if (dot > 0) cut = dot;
    if (cut < 0) cut = chars.findIndex((c, i) => c === ' ' && i > lead);
    if (cut < 0) break;
    out.push(chars.slice(0, cut).join('').trimEnd());
    rest = `${indent}  ${chars.slice(cut + 1).join('').trimStart()}`;
  }
  out.push(rest);
  return out;
}

export function fitText(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  return text.split('\n').flatMap((line) => (visibleWidth(line) <= width || DRAWN.test(line) ? [line] : wrapLine(line, width))).join('\n');
}
