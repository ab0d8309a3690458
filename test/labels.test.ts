// Labels and wording: a scale override is labelled as one; counts agree in number; one number style.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accuracyPercent, fixedNotOnEnds } from '../src/numpyText.js';
import { nnlab, unwrapped } from './helpers/cli.js';

describe('labels', () => {
  it('--init he --scale 1 is labelled as a scale override, not as plain he', () => {
    const r = nnlab(['train', '--init', 'he', '--scale', '1', '--iterations', '1']);
    expect(r.stdout).toMatch(/^init he with --scale 1: W ~ N\(0,1\)·\(1\), seed 3$/m);
    // counter-example: without --scale the init's own formula
    expect(nnlab(['train', '--iterations', '1']).stdout).toMatch(/^init he: W ~ N\(0,1\)·sqrt\(2\/fan_in\), seed 3$/m);
  });

  it('counts are singular when they are one', () => {
    expect(unwrapped(nnlab(['train', '--iterations', '1']).stdout)).toMatch(/· 1 iteration$/m);
    expect(nnlab(['train', '--iterations', '1']).stdout).not.toMatch(/1 iterations/);
    expect(nnlab(['train', '--iterations', '1', '--wide']).stdout).toMatch(/· 1 iteration$/m);
    expect(nnlab(['sweep', 'train', '--iterations', '1']).stdout).toMatch(/· 1 variant × 1 seed · 1 run in /);
    expect(nnlab(['sweep', 'train', '--lr', '0.01,0.02', '--repeat', '2', '--iterations', '1']).stdout).toMatch(/· 2 variants × 2 seeds · 4 runs in /);
  });

  it('settings and thresholds in one style: 1e308 and 1e-5, as they are typed', () => {
    expect(nnlab(['train', '--lr', '1e308', '--iterations', '1']).stdout).toMatch(/· lr 1e308 ·/);
    const g = nnlab(['gradcheck']).stdout;
    expect(g).toContain('pass ≤ 1e-7, warn ≤ 1e-5');
    expect(g).not.toMatch(/0\.00001|1e-0/);
  });

  it('an accuracy that is not all or none never reads 100.00% or 0.00% (99999 of 100000 right)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-labels-'));
    // x1 > 0 predicts 1; one of 100000 examples is labelled 0
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ W1: [[1, 0]], b1: [[0]] }));
    writeFileSync(join(dir, 'd.csv'), `x1,x2,y\n${'1,0,1\n'.repeat(99999)}1,0,0\n`);
    const args = ['--model', 'm.json', '--dataset', 'd.csv'];
    expect(nnlab(['eval', ...args], { cwd: dir }).stdout).toMatch(/^accuracy {2}0\.99999 \(99\.999%\)$/m);
    expect(nnlab(['predict', ...args], { cwd: dir }).stdout).toMatch(/· accuracy 0\.99999 \(99\.999%\) against y$/m);
    expect([accuracyPercent(0.99999), accuracyPercent(0.00001), accuracyPercent(0.9933333333333333)]).toEqual(['99.999%', '0.001%', '99.33%']);
    // counter-examples: all or none are exactly 100% and 0%
    expect([accuracyPercent(1), accuracyPercent(0)]).toEqual(['100.00%', '0.00%']);
    // the sweep's four decimals likewise: 1.0000 only for 1
    expect([fixedNotOnEnds(0.99999, 4, [0, 1]), fixedNotOnEnds(1, 4, [0, 1]), fixedNotOnEnds(0.5133, 4, [0, 1])]).toEqual(['0.99999', '1.0000', '0.5133']);
  });
});
