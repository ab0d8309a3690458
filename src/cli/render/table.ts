// Tables in one style: compact rows, colour only when chalk has colour (NO_COLOR, pipes), and as wide as
// the output allows (layout.ts): a table wider than that wraps its cells at spaces (textwrap.ts, as all
// text is wrapped; a sweep's label "init=he, lr=0.01" so goes one setting a line), and one that still
// does not fit is split into tables of fewer columns, each repeating the first (key) column.
import chalk from 'chalk';
import Table from 'cli-table3';
import { breakLines } from '../../textwrap.js';
import { layout, visibleWidth } from './layout.js';

const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** Rows a table shows at most: cli-table3 lays out rows in time growing faster than their count (50 000 take ~40 s). */
export const MAX_TABLE_ROWS = 1000;

/** All the items when there are at most `max`, else the first and last max/2 with null where the rest were left out. */
export function elide<T>(items: readonly T[], max = MAX_TABLE_ROWS): { items: (T | null)[]; omitted: number } {
  if (items.length <= max) return { items: [...items], omitted: 0 };
  const half = Math.floor(max / 2);
  return { items: [...items.slice(0, half), null, ...items.slice(items.length - half)], omitted: items.length - 2 * half };
}

type Cell = Table.Cell;
type Row = Table.HorizontalTableRow;

export interface TableOptions {
  /** Columns repeated in every part when the table is split (default 1). */
  key?: number;
  /** Widest output line (default layout.width: the terminal, 80 columns, or Infinity with --wide). */
  width?: number;
}

/** A table that lays itself out for the width when printed. */
export interface FittedTable {
  push(...rows: Row[]): number;
  toString(): string;
}

const isOptions = (c: Cell): c is Table.CellOptions => typeof c === 'object' && c !== null;
const content = (c: Cell): string => (isOptions(c) ? String(c.content ?? '') : c === null || c === undefined ? '' : String(c));
const spans = (c: Cell): number => (isOptions(c) ? c.colSpan ?? 1 : 1);
/** Padding of one space on each side, as cli-table3 draws cells. */
const PAD = 2;
/** A table's width: its columns and a border before, between and after them. */
const tableWidth = (widths: readonly number[]): number => widths.reduce((a, w) => a + w, 0) + widths.length + 1;
/** The longest word of a cell: what a column can shrink to when its cells wrap at spaces. */
const longestWord = (text: string): number => Math.max(0, ...text.split(/[\s\n]+/).map(visibleWidth));

function render(head: string[], rows: Row[], options: { colWidths?: number[]; wordWrap?: boolean }): string {
  const colour = chalk.level > 0;
  const t = new Table({ head, chars: COMPACT, style: { head: colour ? ['cyan'] : [], border: colour ? ['grey'] : [] }, ...options });
  t.push(...rows);
  // Without row separators cli-table3 still draws the junctions above a row spanning columns, as a line
  // of bare '┴'; it separates nothing.
  return t.toString().split('\n').filter((line) => !/^[┴┬┼]+$/.test(line)).join('\n');
}

/** Column widths within `width`: the natural ones, the widest column given up first, none below its longest word. */
function shrink(natural: number[], least: number[], width: number): number[] | null {
  const w = [...natural];
  if (tableWidth(least) > width) return null;
  while (tableWidth(w) > width) {
    let k = -1;
    for (let c = 0; c < w.length; c++) if (w[c]! > least[c]! && (k < 0 || w[c]! > w[k]!)) k = c;
    w[k]!--;
  }
  return w;
}

/** A cell's text wrapped at spaces to `width` columns, its lines not indented. */
const wrapCell = (text: string, width: number): string =>
  text.split('\n').flatMap((line) => breakLines(line.split(' '), ' ', width, { subsequentIndent: '', measure: visibleWidth })).join('\n');

/**
 * The table with its plain cells wrapped to the column widths (less padding), each column then as narrow
 * as its widest line, unless a row spans columns: cli-table3 wraps such a cell to the columns it spans,
 * which keep their widths.
 */
function wrapped(head: string[], rows: Row[], widths: readonly number[]): string {
  const cell = (c: Cell, k: number): Cell => (spans(c) > 1 ? c : isOptions(c) ? { ...c, content: wrapCell(content(c), widths[k]! - PAD) } : wrapCell(content(c), widths[k]! - PAD));
  const h = head.map((x, k) => wrapCell(x, widths[k]! - PAD));
  const r = rows.map((row) => row.map(cell));
  const lines = (c: Cell): number => Math.max(...content(c).split('\n').map(visibleWidth));
  const tight = r.every((x) => x.every((c) => spans(c) === 1)) ? widths.map((_, k) => Math.max(lines(h[k]!), ...r.map((x) => lines(x[k] ?? ''))) + PAD) : widths;
  return render(h, r, { colWidths: [...tight], wordWrap: true });
}

/**
 * The columns after the first `key` in as few contiguous parts as fit `width` beside the key columns
 * (by their least widths), split where the widest part is narrowest, so that the parts come out even.
 */
function balancedParts(least: readonly number[], key: number, width: number): number[][] {
  const keyWidth = least.slice(0, key).reduce((a, w) => a + w + 1, 0);
  const rest = least.slice(key).map((w) => w + 1);
  const span = (from: number, to: number): number => keyWidth + 1 + rest.slice(from, to).reduce((a, w) => a + w, 0);
  // best[i][p]: the narrowest widest part when the first i columns make p parts; cut[i][p] where the last begins
  const n = rest.length;
  for (let p = 1; p <= n; p++) {
    const best: number[][] = Array.from({ length: n + 1 }, () => Array<number>(p + 1).fill(Infinity));
    const cut: number[][] = Array.from({ length: n + 1 }, () => Array<number>(p + 1).fill(0));
    best[0]![0] = 0;
    for (let i = 1; i <= n; i++) {
      for (let q = 1; q <= p; q++) {
        for (let j = q - 1; j < i; j++) {
          const w = Math.max(best[j]![q - 1]!, span(j, i));
          if (w < best[i]![q]!) [best[i]![q], cut[i]![q]] = [w, j];
        }
      }
    }
    if (best[n]![p]! <= width || p === n) {
      const parts: number[][] = [];
      for (let i = n, q = p; q > 0; q--) {
        const j = cut[i]![q]!;
        parts.unshift(Array.from({ length: i - j }, (_, k) => key + j + k));
        i = j;
      }
      return parts;
    }
  }
  return [rest.map((_, k) => key + k)];
}

/** The head and rows laid out to fit `width`, as one table or several. */
export function fitTable(head: string[], rows: Row[], width: number, key = 1): string {
  const whole = render(head, rows, {});
  if (!Number.isFinite(width) || Math.max(...whole.split('\n').map(visibleWidth)) <= width) return whole;
  const n = head.length;
  const plain = (r: Row): boolean => r.every((c) => spans(c) === 1);
  const natural = head.map((h, c) => Math.max(visibleWidth(h), ...rows.filter(plain).map((r) => visibleWidth(content(r[c] ?? '')))) + PAD);
  const least = head.map((h, c) => Math.max(longestWord(h), ...rows.filter(plain).map((r) => longestWord(content(r[c] ?? '')))) + PAD);
  const fitted = shrink(natural, least, width);
  if (fitted) return wrapped(head, rows, fitted);
  // Still too wide: parts of as many columns as fit beside the key columns. A row spanning columns
  // cannot be split, so such a table wraps as far as it can and stays whole.
  if (!rows.every(plain) || n <= key + 1) return render(head, rows, { colWidths: shrink(natural, least, Infinity)!, wordWrap: true });
  const parts = balancedParts(least, key, width);
  return parts.map((p) => {
    const cols = [...Array.from({ length: key }, (_, k) => k), ...p];
    const sub = rows.map((r) => cols.map((k) => r[k] ?? ''));
    const w = shrink(cols.map((k) => natural[k]!), cols.map((k) => least[k]!), width) ?? cols.map((k) => least[k]!);
    return wrapped(cols.map((k) => head[k]!), sub, w);
  }).join('\n');
}

export function table(head: string[], options: TableOptions = {}): FittedTable {
  const rows: Row[] = [];
  return {
    push: (...more: Row[]) => rows.push(...more),
    toString: () => fitTable(head, rows, options.width ?? layout.width, options.key ?? 1),
  };
}
