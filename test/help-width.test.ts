// Help is output too: at 80 columns no line of any command's help passes 80 characters, and a paragraph
// is wrapped as one: each line as full as the next word allows, its continuations indented.
import { describe, expect, it } from 'vitest';
import { nnlab } from './helpers/cli.js';

const COMMANDS = [[], ['train'], ['regularize'], ['predict'], ['eval'], ['run'], ['sweep'], ['gradcheck'], ['reproduce'], ['datasets'], ['bench'], ['report']];
const indent = (l: string): number => /^ */.exec(l)![0].length;

/** Lines broken before they had to be: the next line continues the sentence, yet its first word would have fit. */
export function brokenEarly(text: string, width: number): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const [a, b] = [lines[i]!, lines[i + 1]!];
    if (a.trim() === '' || b.trim() === '') continue;
    // a continuation: indented 2 past the line, or back at the margin in lower case mid-sentence
    if (/:$/.test(a)) continue; // a heading, and its list
    const continues = indent(b) === indent(a) + 2 || (indent(b) === 0 && /^[a-z]/.test(b) && !/\.$/.test(a));
    const word = b.trim().split(' ')[0]!;
    if (continues && [...a].length + 1 + [...word].length <= width) out.push(`${a} ⏎ ${b}`);
  }
  return out;
}

describe('help at 80 columns', () => {
  it.each(COMMANDS.map((c) => [c.join(' ') || 'nnlab', c]))('%s --help', (_name, command) => {
    const r = nnlab([...(command as string[]), '--help'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    const long = r.stdout.split('\n').filter((l) => [...l].length > 80);
    expect(long).toEqual([]);
    expect(brokenEarly(r.stdout, 80)).toEqual([]);
  });

  it('finds the hard line break wrapped again (a counter-example)', () => {
    const wrapped = 'Only an untouched record is rebuilt; its other files are kept byte for byte and\n  result.json is\nre-sealed with the new report\'s hash.';
    expect(brokenEarly(wrapped, 80)).toHaveLength(1);
  });
});
