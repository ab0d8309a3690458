// The last step of human output: a line of prose longer than the output's width is wrapped as every text
// is (textwrap.ts): between its " · " parts, else at spaces, else a path too long for any line after its
// "/" (as a terminal would cut it anyway), its continuation indented two spaces past the line's own indent. Tables (already laid out for the width) and pictures are left as they are. JSON
// output never comes here.
import { breakLines } from '../../textwrap.js';
import { visibleWidth } from './layout.js';

/** Box-drawing characters: a table's or a chart's line. */
const DRAWN = /[│┌└├┼┤┬┴┐┘─╭╮╰╯▀]/;

function wrapLine(line: string, width: number): string[] {
  const lead = /^\s*(→ )?/.exec(line)![0];
  const indent = `${lead.replace('→', ' ')}  `;
  return breakLines(line.slice(lead.length).split(' · '), ' · ', width, { initialIndent: lead, subsequentIndent: indent, measure: visibleWidth, breakAfter: '/' });
}

export function fitText(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  return text.split('\n').flatMap((line) => (visibleWidth(line) <= width || DRAWN.test(line) ? [line] : wrapLine(line, width))).join('\n');
}
