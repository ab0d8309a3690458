// Prose for the terminal: words wrapped to the output's width, continuation lines indented; counted nouns.
import { layout } from './layout.js';

export { count } from '../../experiments/explain.js';

export function wrap(text: string, indent = '', width = layout.width): string {
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
