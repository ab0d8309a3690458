// --init-from: a run that starts from a model's parameters. Continuing is exact: 2000 + 1000 iterations
// give the parameters of one 3000-iteration run, bit for bit, and 0 iterations give the model back.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nnlab } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-init-from-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (args: string[], cwd = dir) => nnlab(args, { cwd });
const model = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

function ok(args: string[], cwd = dir): string {
  const r = run(args, cwd);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

function refused(args: string[], message: RegExp, cwd = dir): void {
  const r = run(args, cwd);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
}

describe('train --init-from', () => {
  it('--iterations 0 gives back the parameters exactly', () => {
    ok(['train', '--iterations', '500', '--save', 'a500.json']);
    const out = ok(['train', '--init-from', 'a500.json', '--iterations', '0', '--save', 'same.json']);
    expect(model('same.json').parameters).toEqual(model('a500.json').parameters);
    expect(out).toContain('init from a500.json (nnlab model: train, 500 iterations on circles)\n');
    expect(out).toContain('(no update ran: the initial parameters)');
    expect(model('same.json').training.finalCost).toBe(model('a500.json').training.finalCost);
  });

  it('2000 iterations, then 1000 more from the saved model, equal one run of 3000 exactly', () => {
    ok(['train', '--iterations', '2000', '--save', 'first.json']);
    const json = JSON.parse(ok(['train', '--init-from', 'first.json', '--iterations', '1000', '--save', 'continued.json', '--json']));
    ok(['train', '--iterations', '3000', '--save', 'whole.json']);
    expect(model('continued.json').parameters).toEqual(model('whole.json').parameters);
    expect(json.finalCost).toBe(model('whole.json').training.finalCost);
    // The record says where the parameters came from, and shows no init or seed that did not apply.
    expect(json.initFrom).toEqual({ path: 'first.json', kind: 'nnlab-model', trained: { command: 'train', iterations: 2000, dataset: 'circles' }, differs: [] });
    expect(json.config.initFrom).toBe('first.json');
    expect(Object.keys(json.config)).not.toContain('init');
    expect(Object.keys(json.config)).not.toContain('seed');
    expect(model('continued.json').training.initFrom.path).toBe('first.json');
  });

  it('regularize continues too, and the layers come from the model', () => {
    ok(['regularize', '--lambd', '0.7', '--iterations', '400', '--save', 'reg.json']);
    ok(['regularize', '--lambd', '0.7', '--init-from', 'reg.json', '--iterations', '600', '--save', 'reg-more.json']);
    ok(['regularize', '--lambd', '0.7', '--iterations', '1000', '--save', 'reg-whole.json']);
    expect(model('reg-more.json').parameters).toEqual(model('reg-whole.json').parameters);
    // train's default layers are 2,10,5,1; the model's 2,20,3,1 are used
    const out = JSON.parse(ok(['train', '--dataset', 'football', '--init-from', 'reg.json', '--lr', '0.3', '--lambd', '0.7', '--iterations', '0', '--json']));
    expect(out.config.layers).toEqual([2, 20, 3, 1]);
  });

  it('a plain {"W1": ..., "b1": ...} model, and a record\'s model.json', () => {
    const p = model('a500.json').parameters;
    writeFileSync(join(dir, 'plain.json'), JSON.stringify(p));
    ok(['train', '--init-from', 'plain.json', '--iterations', '0', '--save', 'from-plain.json']);
    expect(model('from-plain.json').parameters).toEqual(p);
    expect(model('from-plain.json').training.initFrom).toEqual({ path: 'plain.json', kind: 'plain', trained: null, differs: [] });
    ok(['train', '--iterations', '100', '--out', 'rec']);
    ok(['train', '--init-from', 'rec/model.json', '--iterations', '0', '--save', 'from-rec.json']);
    expect(model('from-rec.json').parameters).toEqual(model('rec/model.json').parameters);
  });

  it('refuses settings that would draw the parameters, other layers, and data of another width', () => {
    refused(['train', '--init-from', 'a500.json', '--init', 'xavier'], /^nnlab: --init does not apply with --init-from: the parameters come from the model, nothing is drawn$/);
    refused(['train', '--init-from', 'a500.json', '--seed', '4'], /^nnlab: --seed does not apply with --init-from/);
    refused(['train', '--init-from', 'a500.json', '--layers', '2,20,3,1'], /^nnlab: --layers 2,20,3,1 does not match a500\.json, whose layers are 2,10,5,1; leave --layers out to use them$/);
    writeFileSync(join(dir, 'three.csv'), 'x1,x2,x3,y\n1,2,3,0\n3,1,0,1\n0,1,1,1\n');
    refused(['train', '--init-from', 'a500.json', '--dataset', 'three.csv'], /^nnlab: --init-from a500\.json: the model takes 2 inputs; --dataset three\.csv has 3 features$/);
    refused(['train', '--init-from', 'missing.json'], /^nnlab: missing\.json: no such file$/);
  });
});

describe('experiment files and sweeps', () => {
  it('initFrom in an experiment file is relative to the file, and its errors name the file and key', () => {
    mkdirSync(join(dir, 'exp', 'models'), { recursive: true });
    writeFileSync(join(dir, 'exp', 'models', 'start.json'), readFileSync(join(dir, 'a500.json')));
    writeFileSync(join(dir, 'exp', 'go.json'), JSON.stringify({ command: 'train', initFrom: 'models/start.json', iterations: 0 }));
    const out = JSON.parse(ok(['run', join(dir, 'exp', 'go.json'), '--json'], tmpdir()));
    expect(out.initFrom.path).toBe(join(dir, 'exp', 'models', 'start.json'));
    writeFileSync(join(dir, 'exp', 'bad.json'), JSON.stringify({ command: 'train', initFrom: 'models/start.json', init: 'he' }));
    refused(['run', join(dir, 'exp', 'bad.json')], /^nnlab: .*exp\/bad\.json: init does not apply with initFrom: the parameters come from the model/);
    writeFileSync(join(dir, 'exp', 'gone.json'), JSON.stringify({ command: 'train', initFrom: 'models/gone.json' }));
    refused(['run', join(dir, 'exp', 'gone.json')], /^nnlab: .*exp\/gone\.json: initFrom: .*exp\/models\/gone\.json: no such file$/);
  });

  it('a sweep from a model over learning rates; the model sets the layers', () => {
    const out = JSON.parse(ok(['sweep', 'train', '--init-from', 'first.json', '--lr', '0.01,0.02', '--iterations', '1000', '--json', '--jobs', '1']));
    expect(out.variants.map((v: { label: string }) => v.label)).toEqual(['lr=0.01', 'lr=0.02']);
    expect(out.variants[0].finalCost.mean).toBe(model('whole.json').training.finalCost);
  });

  it('a sweep refuses --repeat (no seed is used) and models of different layers', () => {
    refused(['sweep', 'train', '--init-from', 'first.json', '--repeat', '3'], /^nnlab: repeat 3 reruns each variant with other seeds, which a run from --init-from does not use: every repeat would be the same run$/);
    refused(['sweep', 'train', '--init-from', 'first.json,reg.json', '--iterations', '10'], /^nnlab: --init-from: first\.json has layers 2,10,5,1, reg\.json 2,20,3,1; sweep models of one shape at a time$/);
  });
});
