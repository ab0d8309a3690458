// Models and data as learners bring them: numpy's layout mistakes named for what they are, data
// without labels for predict, and continued or evaluated models that say when settings differ.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nnlab } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-model-usability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (args: string[]) => nnlab(args, { cwd: dir });
let params: Record<string, number[][]>;

const oneLine = (r: { code: number; stderr: string }, line: RegExp): void => {
  expect(r.code).toBe(2);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(line);
};
const transpose = (m: number[][]): number[][] => m[0]!.map((_, j) => m.map((row) => row[j]!));
const write = (name: string, value: unknown): string => (writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value)), name);

beforeAll(() => {
  expect(run(['train', '--iterations', '50', '--save', 'he.json']).code).toBe(0);
  params = JSON.parse(readFileSync(join(dir, 'he.json'), 'utf8')).parameters;
});

describe('a model in a layout numpy users write by mistake is named for what it is', () => {
  it('W stored inputs × units: "looks transposed", not a complaint about b', () => {
    const allT = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, k.startsWith('W') ? transpose(v) : v]));
    oneLine(run(['predict', '--model', write('t.json', allT), '--dataset', 'circles']), /t\.json: W1 is 2×10 but b1 has 10 rows: W1 looks transposed \(nnlab's W1 is units × inputs, 10×2: W1\.T\)/);
    oneLine(run(['predict', '--model', write('t2.json', { ...params, W2: transpose(params.W2!) }), '--dataset', 'circles']), /W2 must have 10 columns .*got 10×5, which looks transposed .*W2\.T/);
  });
  it('lowercase names, parameters nested without a format, a Python str() dump', () => {
    oneLine(run(['predict', '--model', write('w.json', { w1: params.W1, b1: params.b1 }), '--dataset', 'circles']), /unknown key 'w1' among the parameters \(did you mean W1\?\)/);
    oneLine(run(['predict', '--model', write('n.json', { parameters: params }), '--dataset', 'circles']), /nested under "parameters" make an nnlab model file, which also needs "format": "nnlab-model"/);
    oneLine(run(['predict', '--model', write('r.json', "{'W1': [[1.0]]}"), '--dataset', 'circles']), /looks like a Python dict printed with str\(\); write it with json\.dump/);
    oneLine(run(['predict', '--model', write('v.json', { format: 'nnlab-model', version: 2, layers: [2, 10, 5, 1], parameters: params }), '--dataset', 'circles']), /activations must be .* \(it is missing\)/);
    oneLine(run(['predict', '--model', write('b.json', { ...params, b3: 0.5 }), '--dataset', 'circles']), /b3 must be 1×1 .*got a single number, not nested rows \[\[0\.5\]\]/);
  });
});

describe('predict takes points without labels; eval needs them', () => {
  it('a CSV without y, even a single row: probabilities and classes, no accuracy, no y column written', () => {
    write('new.csv', 'x1,x2\n0.5,0.2\n');
    const r = run(['predict', '--model', 'he.json', '--dataset', 'new.csv', '--json', '--out', 'p.csv']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ accuracy: null, labelled: false, out: 'p.csv', dataset: { examples: 1 } });
    const csv = readFileSync(join(dir, 'p.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('x1,x2,p,prediction');
    expect(csv[1]).toBe(`0.5,0.2,${out.probabilities[0]},${out.predictions[0]}`);
    expect(run(['predict', '--model', 'he.json', '--dataset', 'new.csv']).stdout).toMatch(/predicted [01] for 1 of 1 example \(the data has no labels: no accuracy\)/);
    oneLine(run(['eval', '--model', 'he.json', '--dataset', 'new.csv']), /--dataset new\.csv: eval needs labels \(a y column\); predict takes data without them/);
  });
  it('training still needs labels and two rows; a pandas index column is named as such', () => {
    oneLine(run(['train', '--dataset', 'new.csv']), /new\.csv:1: the header has no 'y' column/);
    oneLine(run(['train', '--dataset', write('one.csv', 'x1,x2,y\n1,2,0\n')]), /one\.csv: needs at least 2 data rows, found 1/);
    oneLine(run(['predict', '--model', 'he.json', '--dataset', write('pd.csv', ',x1,x2,y\n0,1,2,0\n1,2,1,1\n')]), /pd\.csv:1: column 1 has no name \(a pandas index\? write the file with to_csv\(\.\.\., index=False\)\)/);
  });
});

describe('settings that differ from the model\'s training are said, not silently used', () => {
  it('continuing with another λ, and evaluating without the λ the model was trained with', () => {
    expect(run(['regularize', '--iterations', '20', '--lambd', '0.7', '--save', 'l2.json']).code).toBe(0);
    const cont = run(['regularize', '--init-from', 'l2.json', '--iterations', '5', '--json']);
    expect(cont.code).toBe(0);
    expect(cont.stderr).toMatch(/warning: continuing from l2\.json with lambd 0; it was trained with lambd 0\.7 \(give those to continue the same training\)/);
    expect(JSON.parse(cont.stdout).initFrom.differs).toEqual([{ key: 'lambd', model: 0.7, run: 0 }]);
    const same = run(['regularize', '--init-from', 'l2.json', '--iterations', '5', '--lambd', '0.7']);
    expect(same.stderr).not.toMatch(/continuing from/);
    expect(run(['eval', '--model', 'l2.json', '--dataset', 'football']).stdout).toMatch(/the model was trained with lambd 0\.7; this eval uses lambd 0/);
    expect(run(['eval', '--model', 'l2.json', '--dataset', 'football', '--lambd', '0.7']).stdout).not.toMatch(/was trained with/);
  });
  it('gradcheck --model with dropout gives the course\'s reason', () => {
    oneLine(run(['gradcheck', '--model', 'he.json', '--dataset', 'circles', '--keep-prob', '0.5']), /gradient checking needs dropout off, as the course advises/);
  });
});
