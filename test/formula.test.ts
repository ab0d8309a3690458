// --scale formulas: plain real arithmetic of fan_in and fan_out in a sandboxed mathjs, or one clear refusal.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { compileScale } from '../src/experiments/formula.js';
import { parse } from '../src/experiments/formulaMath.js';
import { nnlab } from './helpers/cli.js';

const LAYERS = [2, 10, 5, 1];

async function refusal(expr: string): Promise<string> {
  try {
    await compileScale(expr, LAYERS);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`${expr} was accepted`);
}

describe('formulas that are arithmetic evaluate like JavaScript', () => {
  const cases: [string, (i: number, o: number) => number][] = [
    ['sqrt(2/fan_in)', (i) => Math.sqrt(2 / i)],
    ['sqrt(2/(fan_in+fan_out))', (i, o) => Math.sqrt(2 / (i + o))],
    ['max(1/fan_in, 0.1)', (i) => Math.max(1 / i, 0.1)],
    ['min(fan_in, fan_out) / 10', (i, o) => Math.min(i, o) / 10],
    ['2 pi e / fan_out', (_, o) => (2 * Math.PI * Math.E) / o],
    ['abs(-0.1) + exp(-fan_in)', (i) => 0.1 + Math.exp(-i)],
    ['log(fan_in + 1)', (i) => Math.log(i + 1)],
    ['fan_in^-0.5', (i) => i ** -0.5],
    ['+3 - -1', () => 4],
  ];
  for (const [expr, f] of cases) {
    it(expr, async () => {
      const scale = await compileScale(expr, LAYERS);
      for (let l = 1; l < LAYERS.length; l++) expect(scale(LAYERS[l - 1]!, LAYERS[l]!)).toBeCloseTo(f(LAYERS[l - 1]!, LAYERS[l]!), 14);
    });
  }
});

describe('anything else is refused before it runs', () => {
  const refused: [string, RegExp][] = [
    ['f(x)=x^2', /a function definition is not allowed/],
    ['x = 3', /an assignment is not allowed/],
    ['createUnit("cm","1 km",{override:true})', /createUnit\(\) is not one of the functions allowed/],
    ['evaluate("1")', /evaluate\(\) is not one of the functions allowed/],
    ['parse("1")', /parse\(\) is not one of the functions allowed/],
    ['help(sqrt)', /help\(\) is not one of the functions allowed/],
    ['typed("f", {})', /typed\(\) is not one of the functions allowed/],
    ['config({number: "BigNumber"})', /config\(\) is not one of the functions allowed/],
    ['import({x: 1})', /import\(\) is not one of the functions allowed/],
    ['sum(ones(100000,100000))*0+1', /sum\(\) is not one of the functions allowed/],
    ['sum(range(1,1e8))', /sum\(\) is not one of the functions allowed/],
    ['1:1e8', /a range is not allowed/],
    ['[1, 2]', /a matrix is not allowed/],
    ['fan_in ? 1 : 2', /a condition \(a \? b : c\) is not allowed/],
    ['fan_in; 2', /more than one expression is not allowed/],
    ['fan_in > 1', /the operator > is not arithmetic/],
    ['fan_in!', /the operator ! is not arithmetic/],
    ['"text"', /text is not a number/],
    ['true', /true is not a number/],
    ['a.b', /a property or index is not allowed/],
    ['fan_inn', /unknown name fan_inn \(did you mean fan_in\?\)/],
    ['sqrt(', /is not a formula: /],
    ['', /empty/],
    ['max()', /cannot be evaluated: Too few arguments/],
    ['0', /gives 0 for layer 1 \(fan_in=2, fan_out=10\); it must be a finite number > 0/],
    ['-1', /gives -1 for layer 1/],
    ['sqrt(-fan_in)', /gives NaN for layer 1/],
    ['1/(fan_out-5)', /gives Infinity for layer 2 \(fan_in=10, fan_out=5\)/],
    ['1e400', /gives Infinity/],
  ];
  for (const [expr, message] of refused) {
    it(expr || '(empty)', async () => {
      const m = await refusal(expr);
      expect(m).toMatch(message);
      expect(m.startsWith('--scale "')).toBe(true);
    });
  }
  it('a formula longer than 200 characters is refused by its length, quoted clipped', async () => {
    const m = await refusal(`1${'+1'.repeat(600_000)}`);
    expect(m).toMatch(/^--scale "1\+1\+1.*….*\+1": 1200001 characters; a formula may have at most 200$/);
    expect(m.length).toBeLessThan(200);
  });
});

describe('the sandbox itself', () => {
  it('has the functions that parse, evaluate, import or configure disabled inside expressions', () => {
    for (const name of ['config({number: "BigNumber"})', 'import({x: 1})', 'parse("1")', 'compile("1")', 'evaluate("1")', 'createUnit("cm")']) {
      expect(() => parse(name).compile().evaluate({}), name).toThrow(/is disabled/);
    }
    // ...so the shared instance keeps reading numbers as numbers.
    expect(parse('0.1 + 0.2').compile().evaluate({})).toBe(0.1 + 0.2);
  });
});

describe('the CLI', () => {
  it('prints a function definition as one line naming it, not its JavaScript source', () => {
    const r = nnlab(['train', '--init', 'random', '--scale', 'f(x)=x^2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('nnlab: --scale "f(x)=x^2": a function definition is not allowed; a formula may use numbers, fan_in, fan_out, + - * / ^, ( ), sqrt, exp, log, abs, min, max, pi, e\n');
  });
  it('a formula as long as one argument can be (128 KiB) is refused by its length, quoted clipped', () => {
    const r = nnlab(['train', '--init', 'random', '--scale', `1${'+1'.repeat(60_000)}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nnlab: --scale "1\+1.*….*\+1": 120001 characters; a formula may have at most 200\n$/);
  });
});
