// Statements found untrue after the first round of "every statement true", each with its counter-example
// run as a user would run it (short runs: the statements hold from the first iterations on).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialize } from '../src/nn/init.js';
import { nnlab } from './helpers/cli.js';

const json = (args: string[]) => JSON.parse(nnlab([...args, '--json']).stdout);

describe('train and regularize say what ran', () => {
  it('--inspect shows at iteration 0 the weights the init drew, even at --lr 1e308', () => {
    const out = json(['train', '--lr', '1e308', '--iterations', '200', '--print-every', '100', '--inspect']);
    const W1 = initialize([2, 10, 5, 1], 'he', 3)['W1']!.data;
    expect(out.inspect.snapshots[0].layers[0].weight.norm).toBeCloseTo(Math.hypot(...W1), 12);
    expect(out.inspect.snapshots[0].layers[0].distinct).toBe(10);
    // the network overflowed: its accuracies are nan, not the 0.5 of outputs that compare false
    expect(out.accuracy).toEqual({ train: 'nan', test: 'nan' });
  });

  it('the saturation sentence uses the numbers of the --inspect table (--init random --scale 6)', () => {
    const r = nnlab(['train', '--init', 'random', '--scale', '6', '--iterations', '1', '--inspect']);
    // the sentences wrap at 80 columns
    for (const line of r.stdout.split('\n').filter((l) => !l.startsWith('│') && !/^[┌└├]/.test(l))) expect(line.length).toBeLessThanOrEqual(80);
    r.stdout = r.stdout.replace(/\n {2}(?=\S)/g, ' ');
    const cell = /│ (99\.7%) \((\d+) wrong, (\d+) → inf\)/.exec(r.stdout)!;
    expect(cell).not.toBeNull();
    expect(r.stdout).toContain(`at iteration 0, ${cell[1]} of outputs are saturated (within 1e-6 of 0 or 1), ${cell[2]} of them on the wrong side; ${cell[3]} outputs are exactly 0 or 1 on the wrong side`);
    expect(r.stdout).not.toMatch(/100% of outputs/);
  });

  it('zeros draws nothing, so no seed is shown; other inits show theirs', () => {
    expect(nnlab(['train', '--init', 'zeros', '--iterations', '1']).stdout).toMatch(/^init zeros: W = 0$/m);
    expect(nnlab(['train', '--iterations', '1']).stdout).toMatch(/^init he: W ~ N\(0,1\)·sqrt\(2\/fan_in\), seed 3$/m);
  });

  it('a scale set in an experiment file is labelled by its key, as the user wrote it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-findings-'));
    const file = join(dir, 'scaled.json');
    writeFileSync(file, JSON.stringify({ command: 'train', scale: '1', iterations: 1 }));
    expect(nnlab(['run', file]).stdout).toMatch(/^init he with scale 1: W ~ N\(0,1\)·\(1\), seed 3$/m);
    expect(nnlab(['train', '--scale', '1', '--iterations', '1']).stdout).toMatch(/^init he with --scale 1: /m);
  });

  it('a large-weights sentence only where the outputs start saturated (two outliers in 302 examples do not)', () => {
    const args = ['train', '--dataset', 'test/fixtures/findings/outliers.csv', '--iterations', '2000'];
    for (const extra of [[], ['--inspect']]) {
      const r = nnlab([...args, ...extra]);
      r.stdout = r.stdout.replace(/\n {2}(?=\S)/g, ' ');
      expect(r.stdout).not.toMatch(/start saturated|slowly/);
      expect(r.stdout).toMatch(/at iteration 0, 0\.662% of outputs are saturated/);
    }
  });
});
