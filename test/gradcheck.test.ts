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
import { sig } from '../src/numpyText.js';
import { fixture, nnlab } from './helpers/cli.js';

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

  it('scores the corrected pass as numpy does: a warn, within the finite differences\' own error', () => {
    expect(fixed!.name).toBe('course-fixed');
    expect(Math.abs(fixed!.difference - NUMPY.fixed) / NUMPY.fixed).toBeLessThan(0.01);
    expect(fixed!.verdict).toBe('warn');
    expect(fixed!.suspects).toEqual([]);
    expect(fixed!.norms.difference).toBeLessThanOrEqual(10 * fixed!.norms.error);
    expect(fixed!.auto).toMatchObject({ verdict: 'pass' });
    expect(fixed!.auto!.difference).toBeLessThan(1e-8);
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
      'dW2 is 2× the numeric gradient in every entry: a wrong factor (×2) in dW2',
      'db1 is 4× the numeric gradient in every entry: a wrong factor (×4) in db1',
    ]);
    expect(explainCheck(fixed!).join(' ')).toMatch(/within the finite differences' own error at ε = 1e-7 .*rounding error of J.*use --epsilon auto/);
  });

  it('names sign, zero and element mistakes', () => {
    const [sign] = courseChecks(1e-7, T, 'dW3*=-1,db2*=0,dW1[2,3]+=0.5');
    expect(explainCheck(sign!)).toEqual([
      expect.stringMatching(/^dW3 is -1× .*sign mistake/),
      expect.stringMatching(/^db2 is 0 in every entry where the numeric gradient is not/),
      expect.stringMatching(/^dW1\[2, 3\] alone is off, .*every other entry agrees/),
    ]);
  });

  it('judges coordinates whose step crosses a ReLU kink with the ReLUs held, and says so', () => {
    // Layer 1 is dead on example 0, so layer 2's input there is b2 = 0 exactly: the kink itself.
    const { train } = loadSplit('circles');
    const net: Network = { layers: [2, 1, 1, 1], ...firstExamples(train.X, train.Y, 2), params: initialize([2, 1, 1, 1], 'he', 1), lambd: 0, activation: 'relu' };
    const c = checkNetwork('model', net, [], 1e-7, T);
    expect(c.kinks).toBe(1);
    expect(param(c, 'b2').kinks).toEqual([[0, 0]]);
    expect(c.difference).toBeGreaterThan(0.5); // J itself across the kink: the course's number
    expect(c.judgedDifference).toBe(0);
    expect(c.verdict).toBe('pass');
    expect(explainCheck(c)[0]).toMatch(/1 coordinate \(b2\[0, 0\]\) moved a \(leaky\) ReLU input across 0, a kink of J; it is judged on J with every ReLU held/);
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
    const net: Network = { layers: [2, 3, 1], ...firstExamples(loadSplit('circles').train.X, loadSplit('circles').train.Y, 5), params: initialize([2, 3, 1], 'he', 3), lambd: 0, activation: 'relu' };
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
    return { layers, ...firstExamples(train.X, train.Y, p.examples), params: initialize(layers, 'he', p.seed), lambd: p.lambd, activation: 'relu' };
  };

  /**
   * ‖g‖ per tensor and overall. Below ~1e-6 (e.g. a dead network with λ = 1e-300) the gradient is under
   * what finite differences resolve: any planted mistake there is noise, so such cases are skipped.
   */
  const norms = (net: Network): { total: number; of: (name: string) => number } => {
    const byName = new Map(checkProblem(net).tensors.map((t) => [t.name, Array.from(t.grad.data)]));
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

  it('correct backward pass at ε = 1e-7: never fails', () => {
    // A saturated sigmoid (a ≈ 1 − 1e-6 with y = 0) makes J(θ±ε) lose digits: e.g. 2,4,3,5,1 he seed 1614
    // on the first 7 circles examples differs by 1.2e-5 at 1e-7: within the differences' own error, so no fail.
    fc.assert(fc.property(problem, (p) => {
      const net = network(p);
      fc.pre(norms(net).total > RESOLVED);
      const c = checkNetwork('model', net, [], 1e-7, T);
      expect(c.verdict).not.toBe('fail');
      expect(c.suspects).toEqual([]);
    }), { numRuns: 30 });
  });

  it('one planted mistake dWl*=k / dbl*=k: never a pass; a fail names the tensor', () => {
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
      // Never a pass or warn: a fail naming the tensor, or (a saturated output making J lose its digits)
      // a check that says it cannot judge that tensor.
      expect(['fail', 'unjudged']).toContain(c.verdict);
      expect(['fail', 'unjudged']).toContain(c.parameters.find((q) => q.name === name)!.verdict);
      if (c.parameters.find((q) => q.name === name)!.verdict === 'fail') expect(c.suspects).toContain(name);
      // one rule: the suspects are exactly the failing tensors
      expect(c.suspects.sort()).toEqual(c.parameters.filter((q) => q.verdict === 'fail').map((q) => q.name).sort());
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
    expect(r.stdout).toMatch(/a wrong factor \(×2\) in dW1/);
  });
});

describe('headlines and diagnoses say what the numbers say', () => {
  it('the headline shows the number the verdict was judged on, with the kink count beside it', () => {
    const r = nnlab(['gradcheck', '--case', 'model', '--after', '1000', '--epsilon', 'auto', '--wide']); // each sentence on its line
    const out = JSON.parse(nnlab(['gradcheck', '--case', 'model', '--after', '1000', '--epsilon', 'auto', '--json']).stdout).checks[0];
    expect(out.kinks).toBeGreaterThan(0);
    expect(out.verdict).toBe('pass');
    const [headline, detail] = r.stdout.split('\n').filter((l) => /^model|^ {2}pass/.test(l));
    expect(headline).toBe(`model  difference ${sig(out.judgedDifference, 3)} (${out.kinks} at kinks, ReLUs held)  ε auto  pass`);
    // counter-example: the course's 0.0067 across the kinks is not the verdict's number, and is shown as such
    expect(out.difference).toBeGreaterThan(1e-3);
    expect(headline).not.toContain(sig(out.difference, 3));
    expect(detail).toContain(`the course's difference, across the kinks: ${sig(out.difference, 3)}`);
  });

  it('--epsilon auto is suggested only when it lowers the difference tenfold', () => {
    const [, fixed] = courseChecks(1e-7, T);
    expect(fixed!.auto!.difference * 10).toBeLessThanOrEqual(fixed!.judgedDifference);
    expect(explainCheck(fixed!).join(' ')).toMatch(/use --epsilon auto/);
    // counter-example: an auto difference that is not a tenfold drop
    const same = { ...fixed!, auto: { ...fixed!.auto!, difference: fixed!.judgedDifference / 2 } };
    expect(explainCheck(same).join(' ')).not.toMatch(/use --epsilon auto/);
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

  it('no effect, whatever the sign of zero, and when items cancel out', () => {
    const [negZero] = courseChecks(1e-7, T, 'dW2[0,0]*=-1'); // 0 → -0 is no change
    expect(negZero!.noEffect).toEqual([{ text: 'dW2[0,0]*=-1', reason: 'dW2[0, 0] is 0 here, and -1·0 = 0' }]);
    const [cancel] = courseChecks(1e-7, T, 'dW2*=2,dW2*=0.5');
    expect(cancel!.noEffect).toEqual([{ text: 'dW2*=2,dW2*=0.5', reason: 'together its items leave every entry as it was' }]);
    // counter-example: items that do not cancel
    expect(courseChecks(1e-7, T, 'dW2*=2,dW2*=0.25')[0]!.noEffect).toEqual([]);
  });

  it('an injection too small to move the verdict is named as such; one that is large enough is not', () => {
    const [tiny] = courseChecks(1e-7, T, 'dW2[0,0]+=1e-9');
    expect(tiny!.undetectable).toEqual([expect.objectContaining({ text: 'dW2[0,0]+=1e-9', grad: 'dW2' })]);
    expect(tiny!.undetectable[0]!.change).toBeCloseTo(1e-9, 20);
    expect(tiny!.undetectable[0]!.resolves).toBeGreaterThan(1e-9);
    expect(nnlab(['gradcheck', '--inject', 'dW2[0,0]+=1e-9']).stderr).toMatch(/--inject dW2\[0,0\]\+=1e-9 changes dW2 by 1e-9 .*below the .* this check resolves there/);
    expect(courseChecks(1e-7, T, 'dW2[0,0]+=1e-3')[0]!.undetectable).toEqual([]);
  });
});

describe('diagnoses follow from the numbers, at any scale', () => {
  const said = (spec: string): string => explainCheck(courseChecks(1e-7, T, spec)[0]!).join('\n');
  it.each([
    ['dW2*=0.00001', /^dW2 is 1e-5× the numeric gradient in every entry: a wrong factor \(×1e-5\) in dW2$/m],
    ['db1*=-0.0005', /^db1 is -5e-4× the numeric gradient in every entry: a wrong factor and sign \(×-5e-4\) in db1$/m],
    ['dW1*=1e-320', /^dW1 is 1e-320× the numeric gradient in every entry: a wrong factor \(×1e-320\) in dW1$/m],
    ['dW1*=1e200', /^dW1 is 1e200× the numeric gradient in every entry: a wrong factor \(×1e200\) in dW1$/m],
    ['dW1*=1e308', /^dW1 is 1e308× the numeric gradient in every entry: a wrong factor \(×1e308\) in dW1$/m],
    ['dW2*=1.0005', /^dW2 is 1\.0005× the numeric gradient in every entry: a wrong factor \(×1\.0005\) in dW2$/m],
    ['db3+=2e-5', /^db3 is 0\.21228 where the numeric gradient is 0\.21226: off by \+2e-5, or ×1\.0001; one entry cannot tell/m],
    ['db3+=0.1', /^db3 is 0\.312 where the numeric gradient is 0\.212: off by \+0\.1, or ×1\.47/m],
    ['dW1+=0.01', /^dW1 is the numeric gradient \+0\.01 in every entry: an added term \(\+0\.01\) in dW1$/m],
    ['dW3*=-1', /^dW3 is -1× the numeric gradient in every entry: a sign mistake in dW3$/m],
    ['db2*=0', /^db2 is 0 in every entry where the numeric gradient is not/m],
  ])('%s', (spec, sentence) => {
    const text = said(spec);
    expect(text).toMatch(sentence);
    // never a "factor-1" mistake, never "missing or zeroed" for a factor that is not 0
    expect(text).not.toMatch(/×1\)|factor-1\b/);
    if (!spec.endsWith('*=0')) expect(text).not.toMatch(/zeroed/);
  });

  it('equal numeric entries: a factor and an added term are named together (x2 = x1)', async () => {
    const { check } = await modelCheck({
      config: { ...DEFAULTS.train, dataset: fixture('findings/eqfeat.csv'), layers: [2, 1, 1] }, after: 0, examples: null, inject: 'dW1*=2', epsilon: 1e-7, thresholds: T,
    });
    expect(explainCheck(check).join('\n')).toMatch(/^dW1 is the numeric gradient [+-][\d.e-]+, or ×2, in every entry: its numeric entries are so nearly equal/m);
  });
});

describe('verdicts: every coordinate judged, one rule for verdict and suspects', () => {
  const model = (over: Partial<RunConfig>, after: number, inject: string | null, epsilon: 'auto' | number = 1e-7) =>
    modelCheck({ config: { ...DEFAULTS.train, ...over }, after, examples: null, inject, epsilon, thresholds: T });

  it('a mistake at a kink coordinate fails at any step (dW1[0,1]*=100 after 5000 iterations)', async () => {
    for (const eps of [1e-7, 'auto'] as const) {
      const { check } = await model({}, 5000, 'dW1[0,1]*=100', eps);
      expect(check.verdict).toBe('fail');
      expect(check.suspects).toEqual(['W1']);
      expect(explainCheck(check).join(' ')).toMatch(/dW1\[0, 1\] alone is off.*×100/);
      expect(explainCheck(check).join(' ')).not.toMatch(/noise|use --epsilon auto/);
    }
    // the auto step crosses a kink at W1[0, 1], and the held difference still sees the ×100
    const { check: auto } = await model({}, 5000, 'dW1[0,1]*=100', 'auto');
    expect(param(auto, 'W1').kinks).toContainEqual([0, 1]);
  });

  it('zeros init: every W1 coordinate sits on a kink, and dW1+=0.1 still fails', async () => {
    const { check } = await model({ init: 'zeros' }, 0, 'dW1+=0.1');
    expect(param(check, 'W1').kinks.length).toBeGreaterThan(0);
    expect(check.verdict).toBe('fail');
    expect(check.suspects).toEqual(['W1']);
  });

  it('a cost that is inf at θ: cannot judge, with the reason, exit 3 (not a fail of every tensor)', async () => {
    const { check } = await model({ init: 'random' }, 0, null);
    expect(check.cost).toBe(Infinity);
    expect(check.verdict).toBe('unjudged');
    expect(check.suspects).toEqual([]);
    expect(check.infTerms).toBeGreaterThan(0);
    expect(explainCheck(check)).toEqual([expect.stringMatching(/^cannot judge: the cost is inf at these parameters \(\d+ outputs exactly 0 or 1 on the wrong side, so −log\(0\) = inf\)/)]);
    const r = nnlab(['gradcheck', '--case', 'model', '--init', 'random']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^model {2}difference nan {2}ε 1e-7 {2}cannot judge$/m);
    expect(r.stdout).not.toMatch(/wrong term|NaN/);
  });

  it('saturated random starts never fail a correct backward pass', async () => {
    for (const seed of [0, 1, 2, 5, 7]) {
      const { check } = await model({ init: 'random', seed, scale: '30' }, 0, null);
      expect(check.verdict).not.toBe('fail');
    }
  });

  it('gradients at rounding-noise level on both sides: cannot judge, not fail', async () => {
    // db3 is 0; its numeric gradient is one rounding of J over 2ε (5.55e-10)
    const { check } = await model({ layers: [2, 1, 1, 1], lr: 1, seed: 3 }, 2000, null);
    expect(param(check, 'b3').unjudged).toBe('noise');
    expect(check.verdict).toBe('unjudged');
    expect(check.suspects).toEqual([]);
    expect(explainCheck(check).join(' ')).toMatch(/cannot judge b3: both gradients are within 10× the finite differences' own error/);
  });

  it('gradients exactly 0 on both sides are said to hide a wrong factor; nonzero ones are not', async () => {
    const { check } = await model({ layers: [2, 1, 1, 1], lr: 1, seed: 3 }, 2000, null);
    expect(explainCheck(check)).toContain('the gradients of W1, b1, W2, b2 and W3 are 0 in every entry, analytic and numeric alike: a wrong factor in them would not show (any multiple of 0 is 0)');
    // every tensor 0: a pass, and the sentence says the pass cannot see a factor anywhere
    const { check: dead } = await model({ dataset: fixture('findings/eqfeat.csv'), layers: [2, 1, 1, 1], seed: 19, scale: '100' }, 0, null);
    expect(dead.verdict).toBe('pass');
    expect(explainCheck(dead)).toContain('every gradient is 0 in every entry, analytic and numeric alike: a wrong factor anywhere would not show (any multiple of 0 is 0)');
    // counter-example: the course's corrected pass has no zero tensor
    expect(explainCheck(courseChecks(1e-7, T)[1]!).join(' ')).not.toMatch(/any multiple of 0/);
  });

  it('the verdict fails exactly when some tensor does (db1*=1.5 with a small db1)', async () => {
    const { check } = await model({ dataset: fixture('findings/huge.csv'), layers: [2, 3, 1], lambd: 100, seed: 0, scale: '0.001' }, 0, 'db1*=1.5');
    expect(check.judgedDifference).toBeLessThan(T.threshold); // the course's total would pass
    expect(check.verdict).toBe('fail');
    expect(check.suspects).toEqual(['b1']);
    // the demo with a threshold of 0.05: db2*=2 fails, and the verdict says so
    const [demo] = courseChecks(1e-7, { threshold: 0.05, warnThreshold: 0.05 }, 'db2*=2');
    expect([demo!.verdict, demo!.suspects]).toEqual(['fail', ['b2']]);
  });

  it('a difference within the finite differences\' own error is not a fail, and no real mistake is called noise', () => {
    const [tiny] = courseChecks(1e-10, T, 'dW1*=1.00001');
    expect(tiny!.verdict).toBe('unjudged');
    expect(tiny!.unjudged).toEqual(['step']);
    expect(explainCheck(tiny!).join(' ')).not.toMatch(/not the backward pass|noise, not/);
    // with the auto step the mistake shows: beyond the estimated error
    const [auto] = courseChecks('auto', T, 'dW1*=1.00001');
    expect(auto!.verdict).toBe('warn');
    expect(explainCheck(auto!).join(' ')).toMatch(/beyond the finite differences' estimated error .*look for a small mistake/);
  });

  it('a large step is named for its truncation error, a small one for rounding', () => {
    expect(explainCheck(courseChecks(0.01, T)[1]!).join(' ')).toMatch(/truncation error, which grows with ε²/);
    expect(explainCheck(courseChecks(1e-7, T)[1]!).join(' ')).toMatch(/rounding error of J, which grows as ε shrinks/);
  });
});

