// Typed errors. Core code throws them; only the CLI entry point prints them and sets the exit code.

/** unjudged: a gradient check that could neither pass nor fail (gradcheck --case model). */
export const EXIT = { ok: 0, failed: 1, usage: 2, unjudged: 3, interrupted: 130 } as const;

export class NnlabError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, settings, config files or data: exit 2. */
export class UsageError extends NnlabError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** A check that ran and failed (reproduction missed, model gradient wrong): exit 1. */
export class CheckFailed extends NnlabError {
  constructor(message: string) {
    super(message, EXIT.failed);
  }
}

/** Quoted user text is cut to about this many characters. */
export const QUOTE_MAX = 80;

// C0/C1 controls and DEL, line and paragraph separators, bidi overrides: none may reach the terminal raw.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };

/** Control characters as escapes (\n, \r, \0, \x1b, \u2028), so that text stays on one line and paints nothing. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16)}`));
}

/**
 * User text (a value, a file line, a path, a formula) as an error message quotes it: control characters
 * escaped, and longer than `max` characters cut in the middle with "…", so the message stays one short line.
 */
export function clip(text: string, max = QUOTE_MAX): string {
  if (text.length <= max) return escapeControl(text);
  let head = text.slice(0, Math.ceil(max * 0.7));
  let tail = text.slice(text.length - (max - head.length - 1));
  // Never split a surrogate pair.
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  if (/^[\udc00-\udfff]/.test(tail)) tail = tail.slice(1);
  return `${escapeControl(head)}…${escapeControl(tail)}`;
}

/** Any value as an error quotes it: numbers as numbers, the rest as (clipped) JSON. */
export function shownValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'nothing';
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined; // too deep or cyclic: not something to echo
  }
  return clip(text ?? typeof value);
}

/** Edit distance with adjacent transpositions counted as one edit (optimal string alignment). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Edits a word may be away from a name to be taken for a typo of it. A 1-2 letter name takes one letter
 * added or dropped ("hee" for he) but not one replaced ("xe" is half another word).
 */
const allowedEdits = (name: string, word: string): number =>
  name.length <= 2 ? (word.length === name.length ? 0 : 1) : name.length <= 4 ? 1 : 2;

/** The nearest of the known names, if it is near enough to be what was meant. */
export function nearest(word: string, known: readonly string[]): string | undefined {
  // Far longer than any name: no suggestion, and no quadratic distance over a long text.
  if (word.length > 64) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= allowedEdits(best, word) ? best : undefined;
}

/** ", did you mean X?" or "" */
export function didYouMean(word: string, known: readonly string[]): string {
  const n = nearest(word, known);
  return n ? ` (did you mean ${n}?)` : '';
}
