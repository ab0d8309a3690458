// Tables in one style: compact rows, colour only when chalk has colour (NO_COLOR, pipes).
import chalk from 'chalk';
import Table from 'cli-table3';

const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

export function table(head: string[], options: { colWidths?: number[]; wordWrap?: boolean } = {}): Table.Table {
  const colour = chalk.level > 0;
  return new Table({
    head,
    chars: COMPACT,
    style: { head: colour ? ['cyan'] : [], border: colour ? ['grey'] : [] },
    ...options,
  });
}
