// Prose for an 80-column terminal: words wrapped, continuation lines indented; counted nouns.

export { count } from '../../words.js';

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

/** Parts joined by sep, wrapped between parts (never inside one) to the width; continuation lines indented. */
export function wrapParts(parts: readonly string[], sep: string, width = 80, indent = '  '): string {
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (line === '') line = part;
    else if (line.length + sep.length + part.length > width) {
      lines.push(line + sep.trimEnd());
      line = indent + part;
    } else line += sep + part;
  }
  lines.push(line);
  return lines.join('\n');
}
