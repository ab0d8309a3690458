// Counted nouns and lists, for sentences anywhere (core explanations and renderers alike).

/** "1 example", "3 examples"; irregular plurals given ("entry", "entries"). */
export const count = (n: number, noun: string, plural = `${noun}s`): string => `${n} ${n === 1 ? noun : plural}`;

/** "a", "a and b", "a, b and c". */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "the one unit", "both units", "all 5 units". */
export function allOf(n: number, noun: string, plural = `${noun}s`): string {
  return n === 1 ? `the one ${noun}` : n === 2 ? `both ${plural}` : `all ${n} ${plural}`;
}
