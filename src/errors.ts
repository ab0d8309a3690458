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

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

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
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** ", did you mean X?" or "" */
export function didYouMean(word: string, known: readonly string[]): string {
  const n = nearest(word, known);
  return n ? ` (did you mean ${n}?)` : '';
}
