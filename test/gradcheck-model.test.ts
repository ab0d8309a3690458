// gradcheck --model: the real backward pass at a given model's parameters, with the verdicts and the
// per-tensor diagnosis of --case model. The course's gradient-check case, handed over as a plain model
// file and a CSV, scores what the course's corrected check prints: 1.1890913e-7 at ε = 1e-7.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PUBLISHED_GRADCHECK } from '../src/experiments/published.js';
import { fixture, nnlab, unwrapped } from './helpers/cli.js';

const model = fixture('models/gradcheck-case.json');
const data = fixture('models/gradcheck-case.csv');
const dir = mkdtempSync(join(tmpdir(), 'nnlab-gradcheck-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(args: string[], code = 0) {
  const r = nnlab(['gradcheck', ...args, '--json'], { cwd: dir });
  expect(r.code).toBe(code);
  return JSON.parse(r.stdout);
}
function refused(args: string[], message: RegExp): void {
  const r = nnlab(['gradcheck', ...args], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
}

describe("the course's gradient-check case as a model file and a CSV", () => {
  it('scores what the corrected check prints, at ε = 1e-7, every tensor with ratio ≈ 1', () => {
    const r = check(['--model', model, '--dataset', data]);
    expect(r.case).toBe('model');
    const [c] = r.checks;
    expect(c.epsilon).toBe(1e-7);
    expect(c.difference).toBeCloseTo(1.19e-7, 9);
    expect(Number(c.difference.toPrecision(8))).toBe(Number(PUBLISHED_GRADCHECK.fixed.toPrecision(8)));
    // the same number as the course demo's corrected check, which builds this network itself
    expect(c.difference).toBe(check([]).checks[1].difference);
    expect(c.verdict).toBe('warn');
    expect(c.parameters.map((p: { name: string }) => p.name)).toEqual(['W1', 'b1', 'W2', 'b2', 'W3', 'b3']);
    for (const p of c.parameters) expect(Math.abs(p.ratio - 1)).toBeLessThan(1e-4);
    expect(c.suspects).toEqual([]);
    expect(r.model).toMatchObject({ modelFile: model, layers: [4, 5, 3, 1], examples: 3, available: 3, lambd: 0, init: null, seed: null });
  });

  it('a planted mistake is caught and diagnosed, exit 1, as with --case model', () => {
    const r = check(['--model', model, '--dataset', data, '--inject', 'dW2*=2'], 1);
    expect(r.checks[0].verdict).toBe('fail');
    expect(r.checks[0].suspects).toEqual(['W2']);
    expect(r.checks[0].explanation).toContain('dW2 is 2× the numeric gradient in every entry: a wrong factor (×2) in dW2');
  });

  it('--lambd adds the L2 term to both the backward pass and the cost it is checked against', () => {
    const r = check(['--model', model, '--dataset', data, '--lambd', '0.7']);
    expect(r.model.lambd).toBe(0.7);
    expect(['pass', 'warn']).toContain(r.checks[0].verdict);
    expect(r.checks[0].difference).not.toBe(check(['--model', model, '--dataset', data]).checks[0].difference);
  });

  it('the header names the model file instead of an init', () => {
    // in a folder deep enough that each path alone is longer than a line, wherever the clone lives
    const deep = join(dir, 'a-folder-with-a-long-name-for-the-course-gradient-check', 'and-another-one-below-it');
    mkdirSync(deep, { recursive: true });
    const [m, d] = ['gradcheck-case.json', 'gradcheck-case.csv'].map((f) => join(deep, f));
    writeFileSync(m!, readFileSync(model));
    writeFileSync(d!, readFileSync(data));
    expect(m!.length).toBeGreaterThan(80);
    const r = nnlab(['gradcheck', '--model', m!, '--dataset', d!]);
    expect(r.code).toBe(0);
    // the title wraps at its separators, and a path too long for a line alone after its "/"
    expect(Math.max(...r.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
    const title = unwrapped(r.stdout.split('\n\n')[0]!);
    expect(title).toBe(`nnlab gradcheck · ${d} (first 3 of 3 training examples) · layers 4,5,3,1 · parameters from ${m}`);
    const wide = nnlab(['gradcheck', '--model', m!, '--dataset', d!, '--wide']); // one line, however long the paths
    expect(wide.stdout.split('\n')[0]).toBe(title);
  });
});

describe('a model trained by nnlab, and a gradcheck file naming one', () => {
  it('checks a saved circles model on its first 20 examples', () => {
    expect(nnlab(['train', '--iterations', '200', '--save', 'm.json'], { cwd: dir }).code).toBe(0);
    const r = check(['--model', 'm.json', '--dataset', 'circles', '--examples', '20']);
    expect(r.model).toMatchObject({ layers: [2, 10, 5, 1], examples: 20, available: 300 });
    expect(['pass', 'warn']).toContain(r.checks[0].verdict);
  });

  it('model in a gradcheck file is relative to the file', () => {
    mkdirSync(join(dir, 'exp'));
    writeFileSync(join(dir, 'exp', 'case.json'), readFileSync(model));
    writeFileSync(join(dir, 'exp', 'case.csv'), readFileSync(data));
    writeFileSync(join(dir, 'exp', 'check.json'), JSON.stringify({ command: 'gradcheck', model: 'case.json', dataset: 'case.csv' }));
    const r = nnlab(['run', join(dir, 'exp', 'check.json'), '--json'], { cwd: tmpdir() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).checks[0].difference).toBe(check(['--model', model, '--dataset', data]).checks[0].difference);
  });

  it('refuses what does not apply to given parameters, and a missing dataset', () => {
    refused(['--model', model, '--dataset', data, '--after', '10'], /^nnlab: --after does not apply with --model: the parameters are the model's, nothing is drawn or trained$/);
    refused(['--model', model, '--dataset', data, '--init', 'he'], /^nnlab: --init does not apply with --model/);
    refused(['--model', model, '--case', 'course'], /^nnlab: --model checks a given model; it does not combine with --case course$/);
    refused(['--model', model], /^nnlab: --model needs --dataset: the data to check the model on/);
    refused(['--model', model, '--dataset', 'circles'], /gradcheck-case\.json: the model takes 4 inputs \(W1 is 5×4\); --dataset circles has 2 features$/);
    refused(['--model', model, '--dataset', data, '--examples', '4'], /^nnlab: --examples 4: the training set has only 3 examples$/);
  });
});
