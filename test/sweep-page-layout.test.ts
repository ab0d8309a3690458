// The sweep page: lines drawn on top of one another are named, the run count sits in the provenance table
// (so its value lines up with the rows above), and long words in titles may break.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { coinciding } from '../src/report/sweepReport.js';
import { nnlab } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-sweep-page-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const page = (args: string[]): string => {
  const out = join(dir, String(Math.random()).slice(2));
  const r = nnlab(['sweep', 'train', ...args, '--iterations', '200', '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(join(out, 'report.html'), 'utf8');
};

describe('sweep page layout', () => {
  it('names lines that coincide (zeros learns nothing at any lr); none when every curve differs', () => {
    expect(page(['--init', 'zeros', '--lr', '0.01,5'])).toContain('Lines that coincide, drawn one on top of the other (the same cost at every iteration): lr=0.01 and lr=5.');
    const distinct = page(['--init', 'he', '--lr', '0.01,0.5']);
    expect(distinct).not.toContain('Lines that coincide');
    // the run count is a row of the provenance table, not a table of its own
    expect(distinct).toMatch(/<table class="kv">(?:(?!<\/table>).)*<tr><th>page built by<\/th>(?:(?!<\/table>).)*<tr><th>runs<\/th><td>2<\/td><\/tr><\/table>/s);
    expect(distinct).toContain('h1, h2, .sub, .kv td { overflow-wrap: anywhere; }');
  });

  it('coinciding groups series by every cost, not by their ends', () => {
    const flat = [{ iteration: 0, cost: 0.69 }, { iteration: 10, cost: 0.69 }];
    const ends = [{ iteration: 0, cost: 0.7 }, { iteration: 10, cost: 0.69 }];
    expect(coinciding([{ name: 'a', points: flat }, { name: 'b', points: [...flat] }, { name: 'c', points: ends }])).toEqual([['a', 'b']]);
  });
});
