import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSplit } from '../src/data/registry.js';
import type { Split } from '../src/data/dataset.js';
import { UsageError } from '../src/errors.js';
import { DEFAULTS, type RunConfig } from '../src/experiments/settings.js';
import { courseChecks, firstExamples, oneDimCheck } from '../src/gradcheck/cases.js';
import type { CheckResult } from '../src/gradcheck/compare.js';
import { explainCheck } from '../src/gradcheck/explain.js';
import { parseInjections } from '../src/gradcheck/inject.js';
import { modelCheck } from '../src/gradcheck/model.js';
import { checkNetwork, checkProblem, gradShapes, type Network } from '../src/gradcheck/network.js';
import { initialize } from '../src/nn/init.js';
import { nnlab } from './helpers/cli.js';

const T = { threshold: 1e-7, warnThreshold: 1e-5 };
// python3 ../shared/bench/numpy_course.py gradcheck
const NUMPY = { buggy: 0.2850931567761623, fixed: 1.1890913024643005e-7 };

const param = (c: CheckResult, name: string) => c.parameters.find((p) => p.name === name)!;

describe('course case', () => {
  const [buggy, fixed] = courseChecks(1e-7, T);

  it('finds the planted mistakes, with numpy\'s difference', () => {
    expect(buggy!.name).toBe('course-buggy');
    expect(Math.abs(buggy!.difference - 0.2850931567761624) / NUMPY.buggy).toBeLessThan(1e-6);
    expect(buggy!.verdict).toBe('fail');
    expect(buggy!.suspects).toEqual(['W2', 'b1']);
    expect(Math.abs(param(buggy!, 'W2').ratio! - 2)).toBeLessThan(1e-6);
    expect(Math.abs(param(buggy!, 'b1').ratio! - 4)).toBeLessThan(1e-6);
  });

  it('scores the corrected pass as numpy does: a warn from rounding noise', () => {
    expect(fixed!.name).toBe('course-fixed');
    expect(Math.abs(fixed!.difference - NUMPY.fixed) / NUMPY.fixed).toBeLessThan(0.01);
    expect(fixed!.verdict).toBe('warn');
    expect(fixed!.suspects).toEqual([]);
    expect(fixed!.autoDifference!).toBeLessThan(1e-8);
  });

  it('passes the corrected pass with --epsilon auto', () => {
    const [, auto] = courseChecks('auto', T);
    expect(auto!.difference).toBeLessThan(1e-8);
    expect(auto!.verdict).toBe('pass');
    expect(auto!.epsilon).toBe('auto');
  });

  it('uses the user\'s mistakes instead of the planted ones', () => {
    const [injected] = courseChecks(1e-7, T, 'dW3*=-1');
    expect(injected!.name).toBe('course-injected');
    expect(injected!.suspects).toEqual(['W3']);
    expect(param(injected!, 'W3').ratio!).toBeCloseTo(-1, 6);
  });
});

describe('kinks and explanations', () => {
  it('finds no kinks in the course case, and explains both checks from their numbers', () => {
    const [buggy, fixed] = courseChecks(1e-7, T);
    expect([buggy!.kinks, fixed!.kinks]).toEqual([0, 0]);
    expect(explainCheck(buggy!)).toEqual([
      'dW2 is 2.000× the numeric gradient: a factor-2 mistake in dW2',
      'db1 is 4.000× the numeric gradient: a factor-4 mistake in db1',
    ]);
    expect(explainCheck(fixed!).join(' ')).toMatch(/rounding error of the ε = 1e-7 difference explains it.*--epsilon auto/);
  });

  it('names sign, zero and element mistakes', () => {
    const [sign] = courseChecks(1e-7, T, 'dW3*=-1,db2*=0,dW1[2,3]+=0.5');
    expect(explainCheck(sign!)).toEqual([
      expect.stringMatching(/^dW3 is −1× .*sign mistake/),
      expect.stringMatching(/^db2 is 0 where the numeric gradient is not/),
      expect.stringMatching(/^dW1 is off in some elements .*worst at \[2, 3\]/),
    ]);
  });

  it('leaves out coordinates whose perturbation crosses a ReLU kink, and says so', () => {
    // Layer 1 is dead on example 0, so layer 2's input there is b2 = 0 exactly: the kink itself.
    const { train } = loadSplit('circles');
    const net: Network = { layers: [2, 1, 1, 1], ...firstExamples(train.X, train.Y, 2), params: initialize([2, 1, 1, 1], 'he', 1), lambd: 0 };
    const c = checkNetwork('model', net, [], 1e-7, T);
    expect(c.kinks).toBe(1);
    expect(param(c, 'b2').kinks).toEqual([[0, 0]]);
    expect(c.difference).toBeGreaterThan(0.5);
    expect(c.kinkFreeDifference).toBe(0);
    expect(c.verdict).toBe('pass');
    expect(explainCheck(c)[0]).toMatch(/1 coordinate \(b2\[0, 0\]\) moved a ReLU input across 0/);
  });
});

it('one-dim warm-up: J = θx at x = 2, θ = 4', () => {
  const c = oneDimCheck(1e-7, T);
  expect(c.name).toBe('one-dim');
  expect(c.difference).toBeLessThan(1e-7);
  expect(c.difference).toBeCloseTo(2.919335883291695e-10, 15);
  expect(c.parameters[0]!.worst.analytic).toBe(2);
});

describe('--inject', () => {
  const shapes = gradShapes([4, 5, 3, 1]);

  it('parses factors, constants and single elements', () => {
    const inj = parseInjections('dW2*=2, db1+=-0.5,dW1[0,1]*=3', shapes);
    expect(inj.map((i) => [i.grad, i.op, i.value, i.index])).toEqual([
      ['dW2', '*=', 2, null], ['db1', '+=', -0.5, null], ['dW1', '*=', 3, [0, 1]],
    ]);
  });

  it('plants one element only', () => {
    const net: Network = { layers: [2, 3, 1], ...firstExamples(loadSplit('circles').train.X, loadSplit('circles').train.Y, 5), params: initialize([2, 3, 1], 'he', 3), lambd: 0 };
    const clean = checkProblem(net).tensors[0]!.grad.data;
    const planted = checkProblem(net, parseInjections('dW1[1,0]*=3', gradShapes(net.layers))).tensors[0]!.grad.data;
    expect(Array.from(planted)).toEqual(Array.from(clean).map((v, i) => (i === 2 ? v * 3 : v)));
  });

  it.each([
    ['dW4*=2', /dW4.*did you mean dW3/],
    ['W2*=2', /'W2'.*did you mean dW2/],
    ['dw2*=2', /did you mean dW2/],
    ['dW2*2', /'dW2\*2' is not NAME/],
    ['dW1[5,0]*=2', /outside dW1/],
    ['dW2*=2,', /empty item/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseInjections(spec, shapes)).toThrow(UsageError);
    expect(() => parseInjections(spec, shapes)).toThrow(message);
  });
});

describe('model case', () => {
  const model = (over: Partial<RunConfig>, after = 0) =>
    modelCheck({ config: { ...DEFAULTS.train, ...over }, after, examples: null, inject: null, epsilon: 1e-7, thresholds: T });

  it('passes on circles, 2,10,5,1 he', async () => {
    const { check } = await model({});
    expect(check.verdict).toBe('pass');
    expect(check.suspects).toEqual([]);
  });

  it.each([0, 0.7])('passes on football, 2,20,3,1 xavier, λ = %s', async (lambd) => {
    const { check } = await model({ dataset: 'football', layers: [2, 20, 3, 1], init: 'xavier', lambd });
    expect(check.verdict).toBe('pass');
  });

  it('still passes (or warns) after training', async () => {
    const { check } = await model({ dataset: 'football', layers: [2, 20, 3, 1], init: 'xavier', lr: 0.3, lambd: 0.7 }, 1000);
    expect(check.verdict).not.toBe('fail');
  });

  it('refuses dropout', async () => {
    await expect(model({ keepProb: 0.5 })).rejects.toThrow(/needs dropout off \(--keep-prob 1\)/);
  });
});

describe('property: the check passes correct gradients and catches every planted factor', () => {
  const splits: Record<string, Split> = { circles: loadSplit('circles'), football: loadSplit('football') };
  const problem = fc.record({
    hidden: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
    seed: fc.integer({ min: 0, max: 10_000 }),
    lambd: fc.double({ min: 0, max: 1, noNaN: true }),
    dataset: fc.constantFrom('circles', 'football'),
    examples: fc.integer({ min: 2, max: 8 }),
  });
  const network = (p: { hidden: number[]; seed: number; lambd: number; dataset: string; examples: number }): Network => {
    const layers = [2, ...p.hidden, 1];
    const { train } = splits[p.dataset]!;
    return { layers, ...firstExamples(train.X, train.Y, p.examples), params: initialize(layers, 'he', p.seed), lambd: p.lambd };
  };

  /**
   * ‖g‖ per tensor and overall, leaving out coordinates at ReLU kinks (the verdict leaves them out too).
   * Below ~1e-6 (e.g. a dead network with λ = 1e-300) the gradient is under what finite differences
   * resolve: both the check and any planted mistake there are noise, so such cases are skipped.
   */
  const norms = (net: Network): { total: number; of: (name: string) => number } => {
    const clean = checkNetwork('model', net, [], 1e-7, T);
    const free = (name: string, g: Float64Array, cols: number): number[] => {
      const kinks = new Set(clean.parameters.find((q) => q.name === name)!.kinks.map(([r, c]) => r * cols + c));
      return Array.from(g).filter((_, i) => !kinks.has(i));
    };
    const byName = new Map(checkProblem(net).tensors.map((t) => [t.name, free(t.name, t.grad.data, t.grad.cols)]));
    return { total: Math.hypot(...[...byName.values()].flat()), of: (name) => Math.hypot(...byName.get(name)!) };
  };
  const RESOLVED = 1e-6;

  it('correct backward pass: never fails with --epsilon auto', () => {
    fc.assert(fc.property(problem, (p) => {
      const net = network(p);
      fc.pre(norms(net).total > RESOLVED);
      expect(checkNetwork('model', net, [], 'auto', T).verdict).not.toBe('fail');
    }), { numRuns: 30 });
  });

  it('correct backward pass at ε = 1e-7: never fails, or its own --epsilon auto re-check clears it', () => {
    // A saturated sigmoid (a ≈ 1 − 1e-6 with y = 0) makes J(θ±ε) lose digits: e.g. 2,4,3,5,1 he seed 1614
    // on the first 7 circles examples fails at 1e-7 (difference 1.2e-5) and warns with auto (1.5e-7).
    fc.assert(fc.property(problem, (p) => {
      const net = network(p);
      fc.pre(norms(net).total > RESOLVED);
      const c = checkNetwork('model', net, [], 1e-7, T);
      if (c.verdict === 'fail') expect(c.autoDifference!).toBeLessThanOrEqual(T.warnThreshold);
    }), { numRuns: 30 });
  });

  it('one planted mistake dWl*=k / dbl*=k: fail, with that tensor among the suspects', () => {
    const mistake = fc.record({ layer: fc.nat(), kind: fc.constantFrom('W', 'b'), k: fc.constantFrom(0, 2, 3, -1) });
    fc.assert(fc.property(problem, mistake, (p, m) => {
      const net = network(p);
      const name = `${m.kind}${(m.layer % (net.layers.length - 1)) + 1}`;
      // Undetectable, so skipped: an all-zero gradient (dead ReLUs, λ = 0) is the same times any k; an
      // unresolved one is noise; and a tensor carrying under 1e-3 of ‖g‖ moves the one overall
      // difference by less than the warn threshold.
      const n = norms(net);
      fc.pre(n.of(name) > Math.max(RESOLVED, 1e-3 * n.total));
      const c = checkNetwork('model', net, parseInjections(`d${name}*=${m.k}`, gradShapes(net.layers)), 1e-7, T);
      expect(c.verdict).toBe('fail');
      expect(c.suspects).toContain(name);
    }), { numRuns: 30 });
  });
});

describe('nnlab gradcheck (compiled CLI)', () => {
  it('exits 0 on the course demo, planted failure included', () => {
    const r = nnlab(['gradcheck', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { command: string; checks: { name: string; verdict: string; suspects: string[]; epsilon: unknown }[] };
    expect(out.command).toBe('gradcheck');
    expect(out.checks.map((c) => [c.name, c.verdict])).toEqual([['course-buggy', 'fail'], ['course-fixed', 'warn']]);
    expect(out.checks[0]!.suspects).toEqual(['W2', 'b1']);
    expect(nnlab(['gradcheck', '--json', '--epsilon', 'auto']).stdout).toContain('"epsilon":"auto"');
  });

  it('exits 2 for dropout in the model case, and for bad specs', () => {
    const r = nnlab(['gradcheck', '--case', 'model', '--keep-prob', '0.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--keep-prob 1/);
    expect(nnlab(['gradcheck', '--inject', 'dW9*=2']).code).toBe(2);
    expect(nnlab(['gradcheck', '--epsilon', '0']).code).toBe(2);
  });

  it('exits 1 when a model check fails, and still prints the table', () => {
    const r = nnlab(['gradcheck', '--case', 'model', '--inject', 'dW1*=2']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/suspects: W1/);
    expect(r.stdout).toMatch(/factor-2 mistake in dW1/);
  });
});

describe('headlines and diagnoses say what the numbers say', () => {
  it('the headline shows the number the verdict was judged on, with the kink count beside it', () => {
    const r = nnlab(['gradcheck', '--case', 'model', '--after', '1000', '--epsilon', 'auto', '--wide']); // each sentence on its line
    const out = JSON.parse(nnlab(['gradcheck', '--case', 'model', '--after', '1000', '--epsilon', 'auto', '--json']).stdout).checks[0];
    expect(out.kinks).toBeGreaterThan(0);
    expect(out.verdict).toBe('pass');
    const [headline, detail] = r.stdout.split('\n').filter((l) => /^model|^ {2}pass/.test(l));
    expect(headline).toBe(`model  difference ${out.kinkFreeDifference} (${out.kinks} kinks left out)  ε auto  pass`);
    expect(headline).not.toContain(String(out.difference)); // counter-example: the all-coordinate 0.0067 is not the verdict's number
    expect(detail).toContain(`with the kinks the difference is ${out.difference}`);
  });

  it('--epsilon auto is suggested only when it lowers the difference tenfold on the same coordinates', () => {
    const [, fixed] = courseChecks(1e-7, T);
    expect(fixed!.autoDifference! * 10).toBeLessThanOrEqual(fixed!.autoBaseline!);
    expect(explainCheck(fixed!).join(' ')).toMatch(/Use --epsilon auto/);
    // counter-example: an auto difference that is not a tenfold drop
    const same = { ...fixed!, autoDifference: fixed!.autoBaseline! / 2 };
    expect(explainCheck(same).join(' ')).not.toMatch(/Use --epsilon auto/);
    expect(explainCheck(same).join(' ')).toMatch(/not a tenfold drop/);
    // a pass is never followed by a suggestion
    expect(nnlab(['gradcheck', '--case', 'model', '--after', '1000']).stdout).not.toMatch(/epsilon auto/);
  });

  it('an injection that changes no gradient entry is reported as having no effect, on stderr and in the JSON', () => {
    const r = nnlab(['gradcheck', '--inject', 'dW2[0,1]*=3']);
    expect(r.stderr.trim()).toBe('nnlab: warning: --inject dW2[0,1]*=3 has no effect: dW2[0, 1] is 0 here, and 3·0 = 0');
    const j = JSON.parse(nnlab(['gradcheck', '--inject', 'dW2[0,1]*=3', '--json']).stdout);
    expect(j.checks[0].noEffect).toEqual([{ text: 'dW2[0,1]*=3', reason: 'dW2[0, 1] is 0 here, and 3·0 = 0' }]);
    // counter-example: an entry that is not 0 changes, and nothing is said
    const [changed] = courseChecks(1e-7, T, 'dW2[2,0]*=3');
    expect(changed!.noEffect).toEqual([]);
    expect(nnlab(['gradcheck', '--inject', 'dW2[2,0]*=3']).stderr).toBe('');
  });

  it('additive injections are diagnosed as offsets, multiplicative ones as factors', () => {
    const [add] = courseChecks(1e-7, T, 'db3+=0.1,dW1+=0.01');
    const text = explainCheck(add!).join('\n');
    expect(text).toMatch(/db3 is 0\.312 where the numeric gradient is 0\.212: off by \+0\.100, an added term in db3/);
    expect(text).toMatch(/dW1 is the numeric gradient \+0\.0100 in every entry: an added term \(offset \+0\.0100\) in dW1/);
    expect(text).not.toMatch(/scale factor/);
    const [mul] = courseChecks(1e-7, T, 'dW1*=3');
    expect(explainCheck(mul!).join(' ')).toMatch(/factor-3 mistake in dW1/);
    expect(param(mul!, 'W1').offset).toBeNull();
  });
});
