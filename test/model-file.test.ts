// Model files: the documented format, a round trip that keeps every parameter bit for bit, plain
// {"W1": [[...]], ...} JSON, and shape errors that name the tensor and the shape it needs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetSha256 } from '../src/data/hash.js';
import { loadSplit } from '../src/data/registry.js';
import { UsageError } from '../src/errors.js';
import { modelFileText } from '../src/experiments/modelFile.js';
import { readModel } from '../src/experiments/readModel.js';
import { DEFAULTS } from '../src/experiments/settings.js';
import { runTraining } from '../src/experiments/train.js';
import { toRows } from '../src/linalg/matrix.js';
import type { Params } from '../src/nn/params.js';
import { modelRefusal } from '../src/output/seal.js';
import { fixture, nnlab } from './helpers/cli.js';
import { usageMessage } from './helpers/usage.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, value: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
};
const rowsOf = (p: Params): Record<string, number[][]> => Object.fromEntries(Object.entries(p).map(([k, m]) => [k, toRows(m)]));

const refusal = (path: string): string => usageMessage(() => readModel(path));

describe('the model file nnlab writes', () => {
  it('holds the documented fields, and reads back to the same parameters bit for bit', async () => {
    const record = await runTraining('regularize', { ...DEFAULTS.regularize, iterations: 300, printEvery: 100, lambd: 0.7 });
    const text = modelFileText(record, '9.9.9');
    const file = JSON.parse(text);
    expect(Object.keys(file)).toEqual(['format', 'version', 'seal', 'nnlab', 'layers', 'activations', 'parameters', 'training', 'dataset']);
    expect(file).toMatchObject({ format: 'nnlab-model', version: 2, nnlab: '9.9.9', layers: [2, 20, 3, 1], activations: ['relu', 'relu', 'sigmoid'] });
    expect(file.training.command).toBe('regularize');
    expect(file.training.settings).toEqual(record.config);
    expect(file.training.finalCost).toBe(record.finalCost);
    expect(file.training.accuracy).toEqual(record.accuracy);
    expect(file.training.initFrom).toBeNull();
    expect(file.dataset).toEqual({ name: 'football', features: 2, examples: 211, sha256: datasetSha256(loadSplit('football').train) });
    expect(Object.keys(file.parameters)).toEqual(['W1', 'b1', 'W2', 'b2', 'W3', 'b3']);
    expect(file.parameters.W2).toHaveLength(3);
    expect(file.parameters.W2[0]).toHaveLength(20);
    const back = readModel(write('m.json', text));
    expect(back.kind).toBe('nnlab-model');
    expect(back.layers).toEqual([2, 20, 3, 1]);
    for (const [k, m] of Object.entries(record.params)) expect(Array.from(back.params[k]!.data)).toEqual(Array.from(m.data));
    expect(modelRefusal(join(dir, 'm.json'))).toBeNull();
  });

  it('the dataset hash is of the content: the course data.mat and football share it, circles differs', () => {
    const football = datasetSha256(loadSplit('football').train);
    expect(datasetSha256(loadSplit(fixture('mat/course-data.mat')).train)).toBe(football);
    expect(datasetSha256(loadSplit('football').test)).not.toBe(football);
    expect(datasetSha256(loadSplit('circles').train)).not.toBe(football);
  });

  it('a diverged model round-trips its inf and nan as numpy spells them', () => {
    const p = write('nan.json', { W1: [[1, 'nan'], ['inf', '-inf']], b1: [[0], [0]], W2: [[1, 2]], b2: [[0]] });
    const m = readModel(p);
    expect(Array.from(m.params.W1!.data)).toEqual([1, NaN, Infinity, -Infinity]);
  });

  it('train --save writes it, and a record holds it as model.json, identical', () => {
    const r = nnlab(['train', '--iterations', '100', '--print-every', '50', '--save', 'saved.json', '--out', 'rec'], { cwd: dir });
    expect(r.code).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'saved.json'), 'utf8'));
    const inRecord = JSON.parse(readFileSync(join(dir, 'rec', 'model.json'), 'utf8'));
    expect(inRecord.parameters).toEqual(saved.parameters);
    expect(saved.nnlab).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
    expect(saved.training.settings.iterations).toBe(100);
    expect(JSON.parse(readFileSync(join(dir, 'rec', 'result.json'), 'utf8')).record.files['model.json']).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('models nnlab reads', () => {
  it('plain {"W1": [[...]], "b1": [[...]], ...}: the layers are read off the shapes', () => {
    const m = readModel(fixture('models/gradcheck-case.json'));
    expect(m.kind).toBe('plain');
    expect(m.layers).toEqual([4, 5, 3, 1]);
    expect(m.training).toBeNull();
    expect(m.params.W2!.rows).toBe(3);
  });

  it('a version-1 file (layers and parameters only), as nnlab wrote before', () => {
    const v1 = write('v1.json', { format: 'nnlab-model', version: 1, seal: '0'.repeat(64), layers: [2, 1], parameters: { W1: [[0.5, -0.5]], b1: [[0.1]] } });
    expect(readModel(v1)).toMatchObject({ kind: 'nnlab-model', version: 1, layers: [2, 1], dataset: null });
  });

  const plain = { W1: [[1, 2], [3, 4], [5, 6]], b1: [[0], [0], [0]], W2: [[1, 1, 1]], b2: [[0]] };
  const cases: [string, unknown, RegExp][] = [
    ['b as a flat list', { ...plain, b1: [0, 0, 0] }, /b1 must be 3×1 \(one row per unit of layer 1, as W1 is 3×2\), nested as \[\[\.\.\.\], \[\.\.\.\]\] \(numpy's tolist\(\) of a \(3, 1\) array\); got a flat list of 3 numbers$/],
    ['b as a row', { ...plain, b1: [[0, 0, 0]] }, /b1 must be 3×1 .*; got 1×3$/],
    ['W2 with the wrong columns', { ...plain, W2: [[1, 1]] }, /W2 must be 1×3 \(columns one per unit of layer 1, as W1 is 3×2; nnlab's output layer is one sigmoid unit\); got 1×2$/],
    ['an output of two units', { ...plain, W2: [[1, 1, 1], [1, 1, 1]], b2: [[0], [0]] }, /W2 must be 1×3 .*; got 2×3$/],
    ['a missing tensor', { W1: plain.W1, b1: plain.b1, W2: plain.W2 }, /no b2; a 2-layer model has W1, b1, W2, b2 \(got W1, b1, W2\)$/],
    ['a gradient instead of a parameter', { ...plain, dW1: plain.W1 }, /unknown key 'dW1' among the parameters; they are W1, b1, W2, b2, \.\.\./],
    ['ragged rows', { ...plain, W1: [[1, 2], [3]] }, /W1 row 1 has 1 values, row 0 has 2/],
    ['text in a tensor', { ...plain, W1: [[1, 2], [3, 'x'], [5, 6]] }, /W1\[1\]\[1\] is "x", not a number$/],
    ['no parameters', {}, /no parameters; expected \{"W1": \[\[\.\.\.\]\], "b1": \[\[\.\.\.\]\], \.\.\.\} or an nnlab model file$/],
    ['a list', [1, 2], /a model is a JSON object/],
    ['nnlab file whose tensor contradicts its layers', { format: 'nnlab-model', version: 2, layers: [2, 4, 1], activations: ['relu', 'sigmoid'], parameters: plain }, /W1 must be 4×2 \(layers 2,4,1\); got 3×2$/],
    ['another format', { format: 'keras', parameters: plain }, /format is "keras"; nnlab reads "nnlab-model" files/],
    ['a future version', { format: 'nnlab-model', version: 3, layers: [2, 3, 1], parameters: plain }, /format version 3; this nnlab reads versions 1 and 2$/],
    ['an activation nnlab does not run', { format: 'nnlab-model', version: 2, layers: [2, 3, 1], activations: ['elu', 'sigmoid'], parameters: plain }, /activations must be one hidden activation \(relu, tanh, sigmoid, leaky_relu\) for each of the 1 hidden layers, then "sigmoid" for the output, e\.g\. \["tanh","sigmoid"\] \(got \["elu","sigmoid"\]\)$/],
    ['hidden layers of different activations', { format: 'nnlab-model', version: 2, layers: [2, 3, 3, 1], activations: ['tanh', 'relu', 'sigmoid'], parameters: plain }, /activations must be one hidden activation .* for each of the 2 hidden layers/],
    ['an output other than the sigmoid', { format: 'nnlab-model', version: 2, layers: [2, 3, 1], activations: ['tanh', 'tanh'], parameters: plain }, /then "sigmoid" for the output/],
    ['version 2 without activations', { format: 'nnlab-model', version: 2, layers: [2, 3, 1], parameters: plain }, /\(it is missing\)$/],
    ['no hidden layers and a hidden activation', { format: 'nnlab-model', version: 2, layers: [2, 1], activations: ['tanh'], parameters: { W1: [[1, 2]], b1: [[0]] } }, /activations must be \["sigmoid"\] for a network without hidden layers \(got \["tanh"\]\)$/],
  ];
  for (const [name, value, message] of cases) {
    it(`refused: ${name}`, () => expect(refusal(write(`${name.replace(/\W+/g, '-')}.json`, value))).toMatch(message));
  }

  it('the hidden activation: the one a version-2 file names, ReLU for version 1, none for plain parameters', () => {
    const v2 = (layers: number[], activations: string[], parameters: unknown) => readModel(write('act.json', { format: 'nnlab-model', version: 2, layers, activations, parameters }));
    expect(v2([2, 3, 1], ['tanh', 'sigmoid'], plain).activation).toBe('tanh');
    expect(v2([2, 3, 1], ['leaky_relu', 'sigmoid'], plain).activation).toBe('leaky_relu');
    expect(v2([2, 1], ['sigmoid'], { W1: [[1, 2]], b1: [[0]] }).activation).toBeNull();
    expect(readModel(write('v1.json', { format: 'nnlab-model', version: 1, layers: [2, 3, 1], parameters: plain })).activation).toBe('relu');
    expect(readModel(write('plain.json', plain)).activation).toBeNull();
  });

  it('no JSON crashes it: any value reads as a model or is refused with a UsageError', () => {
    const tensor = fc.array(fc.array(fc.oneof(fc.double(), fc.constantFrom('inf', 'nan', 'x', null)), { maxLength: 4 }), { maxLength: 4 });
    const model = fc.dictionary(fc.constantFrom('W1', 'b1', 'W2', 'b2', 'W3', 'dW1', 'format', 'version', 'layers'), fc.oneof(tensor, fc.jsonValue()));
    fc.assert(fc.property(fc.oneof(model, fc.jsonValue()), (value) => {
      const p = write('any.json', JSON.stringify(value) ?? 'null');
      try {
        const m = readModel(p);
        expect(m.layers.length).toBe(Object.keys(m.params).length / 2 + 1);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
      }
    }), { numRuns: 500 });
  });

  it("refused: Python's NaN, which is not JSON, with a hint", () => {
    expect(refusal(write('py.json', '{"W1": [[NaN, 1]], "b1": [[0]]}'))).toMatch(/not valid JSON .*; JSON has no NaN or Infinity \(Python's json writes them\)$/);
  });

  it('the CLI: exit 2, one line naming the file and the tensor, nothing on stdout', () => {
    const bad = write('bad.json', { ...plain, b1: [[0, 0, 0]] });
    for (const args of [['predict', '--model', bad, '--dataset', 'circles'], ['train', '--init-from', bad]]) {
      const r = nnlab(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^nnlab: .*bad\.json: b1 must be 3×1 .*; got 1×3\n$/);
    }
    expect(rowsOf(readModel(write('ok.json', plain)).params).W1).toEqual(plain.W1);
  });
});
