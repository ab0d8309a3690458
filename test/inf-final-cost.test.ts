// A final cost of inf in a run that did not diverge is said and explained, never shown as "± nan":
// regularize --lambd 0.01 --keep-prob 0.86 --seed 4 ends with one training output of the network without
// dropout exactly 1 on the wrong side (z = 44.6; checked with numpy), while every masked cost is finite.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finalCostText } from '../src/experiments/explainSweep.js';
import { nnlab } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-inf-cost-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const flat = (s: string): string => s.replace(/\s+/g, ' ');

describe('an inf final cost', () => {
  it('a single run explains it; a run whose final cost is finite (seed 3) does not', () => {
    const r = nnlab(['regularize', '--lambd', '0.01', '--keep-prob', '0.86', '--seed', '4']);
    expect(r.code, r.stderr).toBe(0);
    expect(flat(r.stdout)).toMatch(/final cost inf without dropout/);
    expect(flat(r.stdout)).toMatch(/→ the final cost without dropout is inf: 1 training output of the network without dropout is exactly 0 or 1 on the wrong side, which makes the cost inf through −log\(0\); under the dropout mask it is 0\.0873\./);
    const finite = nnlab(['regularize', '--lambd', '0.01', '--keep-prob', '0.86', '--seed', '3']);
    expect(flat(finite.stdout)).not.toMatch(/final cost without dropout is/);
  });

  it('a sweep shows "inf (1 of 3 seeds)", never "± nan", and says why in the terminal and on the page', () => {
    const out = join(dir, 's');
    const r = nnlab(['sweep', 'regularize', '--lambd', '0.01,0.7', '--keep-prob', '0.86', '--repeat', '3', '--out', out], { env: { COLUMNS: '200' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/± nan/);
    expect(r.stdout).toMatch(/│ lambd=0\.01 .*│ inf \(1 of 3 seeds\) +│/);
    // counter-example: the variant whose seeds all end finite keeps mean ± std
    expect(r.stdout).toMatch(/│ lambd=0\.7 .*│ \d\.\d+ ± \d\.\d+ +│/);
    const why = /final cost inf, though training did not diverge \(no ✗\): lambd=0\.01 in 1 of 3 seeds: the trained network without dropout has an output exactly 0 or 1 on the wrong side, and −log\(0\) = inf/;
    expect(flat(r.stdout)).toMatch(why);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<td class="num">inf (1 of 3 seeds)</td>');
    expect(html).not.toContain('± nan');
    expect(flat(html)).toMatch(new RegExp(why.source.replace('^', '').replace('final cost', 'Final cost')));
  });

  it('the cell: mean ± std when finite, else how many seeds', () => {
    const stat = (s: { mean: number; std: number }): string => `${s.mean} ± ${s.std}`;
    expect(finalCostText({ mean: 0.2, std: 0.01, n: 3 }, 0, stat)).toBe('0.2 ± 0.01');
    expect(finalCostText({ mean: Infinity, std: NaN, n: 3 }, 1, stat)).toBe('inf (1 of 3 seeds)');
    expect(finalCostText({ mean: NaN, std: NaN, n: 3 }, 2, stat)).toBe('inf or nan (2 of 3 seeds)');
  });
});
