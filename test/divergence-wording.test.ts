// A diverged run speaks of two iterations: the first recorded cost that is not finite (the summary, from the
// reported costs and the drawn curve together, the densest costs the run keeps) and
// the first step that produced inf or nan (the warning). Each says which it is, so they never read as
// contradicting; weights that are inf or nan are not counted as distinct (or dead) units.
import { describe, expect, it } from 'vitest';
import { nnlab } from './helpers/cli.js';

const flat = (s: string): string => s.replace(/\s+/g, ' ');

describe('divergence wording', () => {
  it('--lr 1e6: the summary names the first recorded cost (the curve has every iteration of 100, not only every 10th), the warning the first step', () => {
    const r = nnlab(['train', '--lr', '1e6', '--iterations', '100', '--print-every', '10']);
    expect(flat(r.stdout)).toMatch(/→ the first recorded cost that is not finite is inf, at iteration 1\./);
    expect(r.stderr).toMatch(/warning: training diverged at iteration 1 \(the first step to produce inf or nan\): the cost became inf/);
  });

  it('leaky ReLU at --lr 5: nan reported at 8000, but the curve (every 45 iterations) is inf at 7965; inf first produced at 7960; nan weights are not counted', () => {
    const r = nnlab(['train', '--activation', 'leaky_relu', '--lr', '5', '--iterations', '9000', '--inspect', 'all', '--wide']);
    expect(flat(r.stdout)).toMatch(/→ the first recorded cost that is not finite is inf, at iteration 7965 \(costs are recorded every 45 iterations, and at each reported one\)\./);
    expect(r.stderr).toMatch(/training diverged at iteration 7960 \(the first step to produce inf or nan\)/);
    const table = r.stdout.slice(r.stdout.indexOf('iteration 8000 · cost nan'));
    const rows = table.split('\n').filter((l) => /^│ [123]/.test(l));
    expect(rows.slice(0, 3).map((l) => l.split('│')[9]!.trim())).toEqual(['', '', '']); // distinct
    expect(flat(r.stdout)).toMatch(/distinct is blank where W holds inf or nan/);
    const json = JSON.parse(nnlab(['train', '--activation', 'leaky_relu', '--lr', '5', '--iterations', '9000', '--inspect', '--json']).stdout);
    const last = json.inspect.snapshots.at(-1);
    expect(last.iteration).toBe(8000);
    expect(last.layers.map((l: { distinct: number | null }) => l.distinct)).toEqual([null, null, null]);
  });

  it('counter-example: a cost inf only at iteration 0 keeps the plain wording (it is the first report and the first step)', () => {
    const r = nnlab(['train', '--init', 'random']);
    expect(flat(r.stdout)).toMatch(/→ at iteration 0, 100% of outputs are saturated/);
    expect(r.stdout).not.toMatch(/first report/);
  });
});
