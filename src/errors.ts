// Typed errors. Core code throws them; only the CLI entry point prints them and sets the exit code.

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

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
