// What the help and README say a command does is what it does: exit codes, the all-zero gradient
// check, and the gradcheck table's ratio column.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/errors.js';
import { nnlab } from './helpers/cli.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

describe('exit codes', () => {
  const help = nnlab(['--help']).stdout.replace(/\s+/g, ' ');
  const readmeCodes = readme.slice(readme.indexOf('Exit codes:'), readme.indexOf('`--debug`', readme.indexOf('Exit codes:')));

  it.each(Object.entries(EXIT))('%s (%d) is listed by nnlab --help and the README', (_name, code) => {
    expect(help).toMatch(new RegExp(`[:;,] ${code} `));
    expect(readmeCodes).toMatch(new RegExp(`[:;,] ${code} `));
  });

  it('the signal codes are named as 128+N, SIGTERM included', () => {
    expect(help).toMatch(/128\+N stopped by signal N: 130 interrupted \(SIGINT\), 143 terminated \(SIGTERM\)/);
    expect(readmeCodes).toMatch(/128\+N stopped by signal N: 130 interrupted \(SIGINT\), 143 terminated \(SIGTERM\)/);
  });

  it('3 is what gradcheck --case model exits when it cannot judge', () => {
    const r = nnlab(['gradcheck', '--case', 'model', '--init', 'random']);
    expect(r.stdout).toMatch(/cannot judge/);
    expect(r.code).toBe(EXIT.unjudged);
  });
});

describe('a gradient check where every gradient is exactly 0', () => {
  it('passes with exit 0 and a note, as the README says', () => {
    const r = nnlab(['gradcheck', '--case', 'model', '--init', 'zeros']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^model {2}difference 0 .* pass$/m);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/every gradient is 0 in every entry, analytic and numeric alike: a wrong factor anywhere would not show/);
    expect(readme).toMatch(/Gradients that are exactly 0 in every entry, analytic and numeric alike \(e\.g\. `--init zeros`\), agree exactly: the check passes \(exit 0\) and adds a note that a wrong factor there would not show/);
  });

  it('an injected factor there is named as having no effect, and the README says so', () => {
    const r = nnlab(['gradcheck', '--case', 'model', '--init', 'zeros', '--inject', 'dW1*=2']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stderr).toMatch(/--inject dW1\*=2 has no effect: every entry of dW1 is 0 here/);
    expect(readme).toMatch(/an `--inject` into such a gradient is named as having no effect/);
  });
});

describe('the gradcheck ratio column', () => {
  it('is explained under every table, and its numbers are that least-squares factor', () => {
    const r = nnlab(['gradcheck']);
    const tables = r.stdout.split('└').length - 1;
    const legend = /┘\n {2}ratio = Σ analytic·numeric \/ Σ numeric², the factor c that best fits analytic\n {4}≈ c·numeric/g;
    expect(tables).toBe(2);
    expect(r.stdout.match(legend)).toHaveLength(tables);
    // dW2*=2 and db1*=4 planted: the factor is 2 and 4 there, 1 elsewhere.
    const json = JSON.parse(nnlab(['gradcheck', '--json']).stdout);
    const ratios = Object.fromEntries(json.checks[0].parameters.map((p: { name: string; ratio: number }) => [p.name, p.ratio]));
    expect(ratios['W2']).toBeCloseTo(2, 6);
    expect(ratios['b1']).toBeCloseTo(4, 6);
    expect(ratios['W1']).toBeCloseTo(1, 6);
  });

  it('and a ratio near 1 is not a claim that every entry agrees (an added term)', () => {
    const json = JSON.parse(nnlab(['gradcheck', '--case', 'model', '--activation', 'tanh', '--inject', 'db2+=0.001', '--json']).stdout);
    const b2 = json.checks[0].parameters.find((p: { name: string }) => p.name === 'b2');
    expect(b2.verdict).toBe('fail');
    expect(Math.abs(b2.ratio - 1)).toBeLessThan(0.05);
    expect(b2.worst.analytic / b2.worst.numeric).toBeGreaterThan(1.5);
  });
});
