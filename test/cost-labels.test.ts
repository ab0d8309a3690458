// Every cost nnlab shows says which cost it is: with dropout, the costs training computes are under the
// dropout mask, while the boundary, accuracies and final cost describe the network without dropout.
// Each check runs a dropout run (keep-prob 0.86) and its counter-example (keep-prob 1).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { barLine } from '../src/cli/progress.js';
import { nnlab } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-cost-labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (keepProb: string): { stdout: string; file: (name: string) => string } => {
  const out = join(dir, `k${keepProb}`);
  const r = nnlab(['regularize', '--keep-prob', keepProb, '--iterations', '3000', '--print-every', '1000', '--out', out], { env: { COLUMNS: '80' } });
  expect(r.code, r.stderr).toBe(0);
  return { stdout: r.stdout, file: (name) => readFileSync(join(out, name), 'utf8') };
};
const stageInfo = (html: string): string[] => JSON.parse(/<script type="application\/json" id="stage-info">(.*?)<\/script>/s.exec(html)![1]!);

describe('cost labels, with and without dropout', () => {
  const drop = record('0.86');
  const plain = record('1');

  it('the slider shows the cost of the pictured network: without dropout, from the stage parameters', () => {
    const labels = stageInfo(drop.file('report.html'));
    expect(labels.length).toBeGreaterThan(10);
    for (const l of labels) expect(l).toMatch(/ · cost without dropout \d/);
    // the last stage is the trained network: its cost is the final cost without dropout, not the masked one
    const result = JSON.parse(drop.file('result.json'));
    expect(labels.at(-1)).toContain(`cost without dropout ${result.finalCost.toPrecision(6)}`);
    expect(labels.at(-1)).not.toContain(result.finalCostWithDropout.toPrecision(6));
    // counter-example: without dropout there is one cost, the curve's, called plain "cost"
    const plainLabels = stageInfo(plain.file('report.html'));
    expect(plainLabels.at(-1)).toMatch(/ · cost \d/);
    expect(plainLabels.join('\n')).not.toMatch(/dropout/);
    expect(plainLabels.at(-1)).toContain(`cost ${JSON.parse(plain.file('result.json')).finalCost.toPrecision(6)}`);
  });

  it('costs.csv, the page\'s reported-costs table and the cost chart say "with dropout" only with dropout', () => {
    expect(drop.file('costs.csv').split('\n')[0]).toBe('iteration,cost_with_dropout');
    expect(plain.file('costs.csv').split('\n')[0]).toBe('iteration,cost');
    expect(drop.file('report.html')).toContain('<th>cost, with dropout</th>');
    expect(plain.file('report.html')).not.toContain('with dropout</th>');
    expect(drop.file('cost.svg')).toContain('cost, with dropout');
    expect(plain.file('cost.svg')).not.toContain('with dropout');
  });

  it('the terminal table and chart label the cost the same way', () => {
    expect(drop.stdout).toContain('cost, with dropout');
    expect(drop.stdout).toMatch(/iteration, cost with dropout +3000\n/);
    expect(plain.stdout).not.toMatch(/with dropout/);
  });

  it('the progress bar names the cost it shows', () => {
    expect(barLine(5, 10, 1000, 'iteration', 0.5, 'cost with dropout')).toBe('[██████░░░░░░] 50% · iteration 5/10 · cost with dropout 0.5000 · 1.0 s left');
    expect(barLine(5, 10, 1000, 'iteration', 0.5)).toBe('[██████░░░░░░] 50% · iteration 5/10 · cost 0.5000 · 1.0 s left');
  });

  it('the terminal chart is drawn from the dense curve, its axis to the last iteration (printed costs: 0, 1000, 2000)', () => {
    const chart = plain.stdout.split('\n').filter((l) => /[┼┤]/.test(l));
    expect(chart.length).toBe(8);
    expect(plain.stdout).toMatch(/ 0 +iteration +3000\n/);
    const result = JSON.parse(plain.file('result.json'));
    expect(result.curve.length).toBeGreaterThanOrEqual(100);
  });
});
