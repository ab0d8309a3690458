// Line breaking, the one way every text is fitted to a width: prose, headers and table cells in the
// terminal (columns), titles in pictures (characters standing for pixels). Greedy, as Python's textwrap:
// each line takes as many parts as fit; the options are named after textwrap's.

export interface WrapOptions {
  /** Starts the first line (an indent, a bullet; default none). */
  initialIndent?: string;
  /** Starts every line after the first (default two spaces). */
  subsequentIndent?: string;
  /** Ends a line broken after a separator (default the separator less its trailing spaces: " · " ends " ·"). */
  trail?: string;
  /** Cut a word longer than a line at the width (default: it stands alone, past the width). */
  breakLongWords?: boolean;
  /** Break a word longer than a line after these characters first (a path after its "/"), then cut it. */
  breakAfter?: string;
  /** Columns a text takes (default its characters); the terminal leaves out colour codes. */
  measure?: (text: string) => number;
}

const characters = (text: string): number => [...text].length;

/**
 * `parts` joined by `sep`, as lines of at most `width` columns (Infinity: one line), broken only between
 * parts; a part too long for a line of its own is broken at its spaces, and a word too long for a line
 * stands alone unless breakAfter or breakLongWords. Returns the lines, indents and trails included.
 */
export function breakLines(parts: readonly string[], sep: string, width: number, o: WrapOptions = {}): string[] {
  const measure = o.measure ?? characters;
  const indent = o.subsequentIndent ?? '  ';
  const trail = o.trail ?? sep.trimEnd();
  const lines: string[] = [];
  let line = o.initialIndent ?? '';
  parts.forEach((part, k) => {
    // Room for the trail, should the line break after this part: then the next part did not fit.
    const need = k < parts.length - 1 ? trail : '';
    if (k > 0 && measure(line + sep + part + need) <= width) {
      line += sep + part;
      return;
    }
    const breakable = o.breakAfter !== undefined && o.breakAfter !== '' && !part.includes(' ');
    if (k > 0 && breakable && measure(indent + part + need) > width && measure(line + sep) < width) {
      line += sep; // a word too long for any line starts where the line stands
    } else if (k > 0) {
      lines.push(line + trail);
      line = indent;
    }
    if (measure(line + part + need) <= width) {
      line += part;
    } else if (part.includes(' ')) {
      // The part alone is too long: its words, from where the line stands.
      const words = breakLines(part.split(' '), ' ', width, { ...o, initialIndent: line, subsequentIndent: indent, trail: '' });
      line = words.pop()!;
      const cut = line.lastIndexOf(' ');
      if (measure(line + need) > width && line.slice(0, cut).trim() !== '') {
        words.push(line.slice(0, cut));
        line = indent + line.slice(cut + 1);
      }
      lines.push(...words);
    } else if (breakable) {
      // A word too long for any line (a deep path): its pieces ending in breakAfter, cut if need be.
      const after = new RegExp(`(?<=[${o.breakAfter!.replace(/[\\\]^-]/g, '\\$&')}])`);
      const pieces = breakLines(part.split(after), '', width, { ...o, initialIndent: line, subsequentIndent: indent, trail: '', breakAfter: undefined, breakLongWords: true });
      line = pieces.pop()!;
      lines.push(...pieces);
    } else if (o.breakLongWords) {
      // Characters, not columns: for pictures, whose texts carry no colour codes.
      let rest = [...part];
      while (measure(line) + rest.length > width && width - measure(line) >= 1) {
        const room = width - measure(line);
        lines.push(line + rest.slice(0, room).join(''));
        rest = rest.slice(room);
        line = indent;
      }
      line += rest.join('');
    } else {
      line += part;
    }
  });
  lines.push(line);
  return lines;
}
