// Tables in one style: compact rows, colour only when chalk has colour (NO_COLOR, pipes).
import chalk from 'chalk';
import Table from 'cli-table3';

const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** Rows a table shows at most: cli-table3 lays out rows in time growing faster than their count (50 000 take ~40 s). */
export const MAX_TABLE_ROWS = 1000;

/** All the items when there are at most `max`, else the first and last max/2 with null where the rest were left out. */
export function elide<T>(items: readonly T[], max = MAX_TABLE_ROWS): { items: (T | null)[]; omitted: number } {
  if (items.length <= max) return { items: [...items], omitted: 0 };
  const half = Math.floor(max / 2);
  return { items: [...items.slice(0, half), null, ...items.slice(items.length - half)], omitted: items.length - 2 * half };
}

export function table(head: string[], options: { colWidths?: number[]; wordWrap?: boolean } = {}): Table.Table {
  const colour = chalk.level > 0;
  return new Table({
    head,
    chars: COMPACT,
    style: { head: colour ? ['cyan'] : [], border: colour ? ['grey'] : [] },
    ...options,
  });
}
