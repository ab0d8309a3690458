// How wide human output may be. Set once per command, before it renders (like chalk's colour level): the
// terminal's width, else COLUMNS, else 80; with --wide, as wide as the contents.
export const layout = { width: 80 };

/** Narrower than this, tables and prose would be more wrapping than text. */
const MIN_WIDTH = 40;

export function outputWidth(wide: boolean, stdout: { isTTY?: boolean; columns?: number } = process.stdout, env: Record<string, string | undefined> = process.env): number {
  if (wide) return Infinity;
  const fromEnv = Number(env.COLUMNS);
  const columns = stdout.isTTY && stdout.columns ? stdout.columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
  return Math.max(MIN_WIDTH, columns);
}

/** Characters a line takes on a terminal, colour codes left out. */
export const visibleWidth = (s: string): number => [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;
