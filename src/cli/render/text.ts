// Prose for an 80-column terminal: words wrapped, continuation lines indented; counted nouns.

/** "1 variant", "6 variants". */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function wrap(text: string, indent = '', width = 80): string {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `${indent}  ${word}`;
    } else {
      line = line.trim() === '' ? `${indent}${word}` : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}
