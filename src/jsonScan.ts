// What a JSON text holds, counted on the text before it is parsed: how deeply lists and objects nest,
// and how many values and lists there are. A file nested a million deep, or a small file of millions
// of values, is refused from these counts before JSON.parse builds anything (and before any recursive
// code, JSON.stringify included, meets it).

export interface JsonCounts {
  /** Deepest nesting of lists and objects: 0 for a number, 1 for [1, 2]. */
  depth: number;
  /** Numbers and strings (object keys included). */
  values: number;
  /** Lists, [...]. */
  lists: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isNumberChar = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
const startsNumber = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === 0x2d;

/**
 * Counts over the text outside strings, in one pass without recursion. Stops as soon as a count passes
 * its limit in `stop` (the counts returned are then at least that far). Valid or not, any text is counted.
 */
export function scanJson(text: string, stop: Partial<JsonCounts> = {}): JsonCounts {
  const maxDepth = stop.depth ?? Infinity;
  const maxValues = stop.values ?? Infinity;
  const maxLists = stop.lists ?? Infinity;
  let depth = 0;
  let deepest = 0;
  let values = 0;
  let lists = 0;
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      values++;
      // To the closing quote, past escapes.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
      previous = QUOTE;
    } else {
      if (c === 0x5b || c === 0x7b) {
        if (++depth > deepest) deepest = depth;
        if (c === 0x5b) lists++;
      } else if (c === 0x5d || c === 0x7d) {
        depth--;
      } else if (startsNumber(c) && !isNumberChar(previous)) {
        values++;
      }
      previous = c;
    }
    if (deepest > maxDepth || values > maxValues || lists > maxLists) break;
  }
  return { depth: deepest, values, lists };
}
