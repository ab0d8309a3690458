// Models carry their hidden activation: a tanh run's model file names it, and predict, eval, gradcheck
// --model, --init-from and sweeps from it run tanh layers; a differing --activation is refused. Version-1
// files mean ReLU; plain parameters take --activation, e.g. the planar exercise's tanh network, whose
// predictions equal numpy's (tools/gen_model_fixtures.py).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, fixture, nnlab } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-model-activation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (args: string[]) => nnlab(args, { cwd: dir });
function json(args: string[]) {
  const r = run([...args, '--json']);
  expect([r.code, r.stderr]).toEqual([0, '']);
  return JSON.parse(r.stdout);
}
const refused = (args: string[], message: RegExp): void => expectRefused(run(args), message);
const model = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

let tanh: { finalCost: number; accuracy: { train: number; test: number } };
beforeAll(() => {
  tanh = json(['train', '--activation', 'tanh', '--iterations', '2000', '--save', 't.json']);
  json(['train', '--iterations', '2000', '--save', 'r.json']);
});

describe('a tanh model file', () => {
  it('names its activations, hidden then output', () => {
    expect(model('t.json').activations).toEqual(['tanh', 'tanh', 'sigmoid']);
    expect(model('r.json').activations).toEqual(['relu', 'relu', 'sigmoid']);
  });

  it('predict and eval run it with tanh layers: the run\'s accuracies, and its final cost to the bit', () => {
    const train = json(['predict', '--model', 't.json', '--dataset', 'circles']);
    expect(train.model.activation).toBe('tanh');
    expect(train.accuracy).toBe(tanh.accuracy.train);
    expect(json(['predict', '--model', 't.json', '--dataset', 'circles', '--split', 'test']).accuracy).toBe(tanh.accuracy.test);
    expect(json(['eval', '--model', 't.json', '--dataset', 'circles']).cost).toBe(tanh.finalCost);
    expect(run(['predict', '--model', 't.json', '--dataset', 'circles']).stdout).toMatch(/^model t\.json · layers 2,10,5,1 · tanh · train, 2000 iterations on circles$/m);
  });

  it('--init-from continues it as tanh: 2000 then 1000 iterations end as one 3000-iteration run', () => {
    const whole = json(['train', '--activation', 'tanh', '--iterations', '3000']);
    const continued = json(['train', '--init-from', 't.json', '--iterations', '1000']);
    expect(continued.config.activation).toBe('tanh');
    expect(continued.finalCost).toBe(whole.finalCost);
    expect(continued.accuracy).toEqual(whole.accuracy);
  });

  it('a sweep from it runs tanh layers', () => {
    const out = json(['sweep', 'train', '--init-from', 't.json', '--lr', '0.01,0.02', '--iterations', '1000', '--jobs', '1']);
    expect(out.variants[0].finalCost.mean).toBe(json(['train', '--init-from', 't.json', '--iterations', '1000']).finalCost);
    refused(['sweep', 'train', '--init-from', 't.json,r.json', '--iterations', '10'], /^nnlab: --init-from: t\.json has tanh hidden layers, r\.json relu; sweep models of one activation at a time$/);
  });

  it('gradcheck --model checks the tanh backward pass', () => {
    const r = json(['gradcheck', '--model', 't.json', '--dataset', 'circles', '--examples', '20']);
    expect(r.model.activation).toBe('tanh');
    expect(r.checks[0].verdict).toBe('pass');
    // the same parameters read as ReLU layers give another cost surface, so another difference
    writeFileSync(join(dir, 't-plain.json'), JSON.stringify(model('t.json').parameters));
    const relu = json(['gradcheck', '--model', 't-plain.json', '--dataset', 'circles', '--examples', '20']);
    expect(relu.model.activation).toBe('relu');
    expect(relu.checks[0].difference).not.toBe(r.checks[0].difference);
    expect(json(['gradcheck', '--model', 't-plain.json', '--dataset', 'circles', '--examples', '20', '--activation', 'tanh']).checks[0].difference)
      .toBe(r.checks[0].difference);
  });

  it('a differing --activation is refused wherever the model is read', () => {
    const message = /^nnlab: --activation relu does not match t\.json, whose hidden layers are tanh; leave --activation out to use the model's$/;
    refused(['predict', '--model', 't.json', '--dataset', 'circles', '--activation', 'relu'], message);
    refused(['eval', '--model', 't.json', '--dataset', 'circles', '--activation', 'relu'], message);
    refused(['gradcheck', '--model', 't.json', '--dataset', 'circles', '--activation', 'relu'], message);
    refused(['train', '--init-from', 't.json', '--activation', 'relu'], message);
    refused(['sweep', 'train', '--init-from', 't.json', '--activation', 'relu,tanh'], message);
    // the same activation, given, is accepted
    expect(json(['predict', '--model', 't.json', '--dataset', 'circles', '--activation', 'tanh']).accuracy).toBe(tanh.accuracy.train);
  });
});

describe('models that name no activation', () => {
  it('a version-1 file (layers and parameters only) means ReLU', () => {
    const { layers, parameters } = model('r.json');
    writeFileSync(join(dir, 'v1.json'), JSON.stringify({ format: 'nnlab-model', version: 1, layers, parameters }));
    const v1 = json(['predict', '--model', 'v1.json', '--dataset', 'circles']);
    expect(v1.model.activation).toBe('relu');
    expect(v1.probabilities).toEqual(json(['predict', '--model', 'r.json', '--dataset', 'circles']).probabilities);
    refused(['predict', '--model', 'v1.json', '--dataset', 'circles', '--activation', 'tanh'], /^nnlab: --activation tanh does not match v1\.json, whose hidden layers are relu/);
  });

  it("plain parameters take --activation: the planar exercise's tanh network predicts as numpy's does", () => {
    const want = JSON.parse(readFileSync(fixture('models/planar-tanh-predictions.json'), 'utf8')) as { probabilities: number[]; predictions: number[]; accuracy: number };
    const got = json(['predict', '--model', fixture('models/planar-tanh.json'), '--dataset', 'flower', '--activation', 'tanh']);
    expect(got.model).toMatchObject({ kind: 'plain', layers: [2, 4, 1], activation: 'tanh' });
    expect(got.predictions).toEqual(want.predictions);
    expect(got.accuracy).toBe(want.accuracy);
    got.probabilities.forEach((p: number, j: number) => expect(Math.abs(p - want.probabilities[j]!) / want.probabilities[j]!).toBeLessThanOrEqual(1e-12));
    // counter-example: read as ReLU layers (the default for plain parameters), it is another network
    const relu = json(['predict', '--model', fixture('models/planar-tanh.json'), '--dataset', 'flower']);
    expect(relu.model.activation).toBe('relu');
    expect(relu.predictions).not.toEqual(want.predictions);
  });

  it('predict takes a generated dataset\'s options as train does', () => {
    const a = json(['predict', '--model', 'r.json', '--dataset', 'moons', '--samples', '40', '--noise', '0.3', '--data-seed', '5']);
    expect(a.dataset.examples).toBe(40);
    expect(a.dataset.trainedOnThis).toBe(false);
    refused(['predict', '--model', 'r.json', '--dataset', 'football', '--samples', '40'], /^nnlab: --samples applies to the generated datasets .*; football is a fixed dataset$/);
  });
});
