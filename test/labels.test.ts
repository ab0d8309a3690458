// Labels and wording: a scale override is labelled as one; counts agree in number; one number style.
import { describe, expect, it } from 'vitest';
import { nnlab } from './helpers/cli.js';

describe('labels', () => {
  it('--init he --scale 1 is labelled as a scale override, not as plain he', () => {
    const r = nnlab(['train', '--init', 'he', '--scale', '1', '--iterations', '1']);
    expect(r.stdout).toMatch(/^init he with --scale 1: W ~ N\(0,1\)·\(1\), seed 3$/m);
    // counter-example: without --scale the init's own formula
    expect(nnlab(['train', '--iterations', '1']).stdout).toMatch(/^init he: W ~ N\(0,1\)·sqrt\(2\/fan_in\), seed 3$/m);
  });

  it('counts are singular when they are one', () => {
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
});
