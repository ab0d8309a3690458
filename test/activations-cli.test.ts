// --activation and the generated datasets as a user meets them: flags, files, --set, sweeps, records,
// gradcheck, and the errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSplit } from '../src/data/registry.js';
import { firstExamples } from '../src/gradcheck/cases.js';
import { checkNetwork, type Network } from '../src/gradcheck/network.js';
import { ACTIVATION_NAMES } from '../src/nn/activations.js';
import { initialize } from '../src/nn/init.js';
import { nnlab } from './helpers/cli.js';

const T = { threshold: 1e-7, warnThreshold: 1e-5 };
const json = (args: string[]) => {
  const r = nnlab([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe('gradcheck --case model with every activation', () => {
  for (const activation of ACTIVATION_NAMES) {
    it(`${activation}: passes as initialized, never fails after 500 iterations, and catches a planted mistake`, () => {
      const r = nnlab(['gradcheck', '--case', 'model', '--activation', activation]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/model {2}difference \S+ {2}ε 1e-7 {2}pass/);
      // the header wraps at 80 columns: read it as one line
      const header = r.stdout.split('\n\n')[0]!.replace(/\n\s*/g, ' ');
      if (activation !== 'relu') expect(header).toContain(` · ${activation} · he seed 3`);
      // sigmoid's gradients are small there (cost ≈ ln 2): its 1.35e-7 is finite-difference noise, a warn
      expect(json(['gradcheck', '--case', 'model', '--activation', activation, '--after', '500']).checks[0].verdict).not.toBe('fail');
      const bad = nnlab(['gradcheck', '--case', 'model', '--activation', activation, '--inject', 'dW1*=2']);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/a wrong factor \(×2\) in dW1/);
    });
  }
  it('tanh and sigmoid are smooth: no coordinate is left out as a kink where (leaky) ReLU has them', () => {
    // Unit 0 of layer 1 has weights and bias 0, so its input is 0 on every example: the kink itself.
    const { train } = loadSplit('circles');
    const net = (activation: Network['activation']): Network => {
      const params = initialize([2, 3, 1], 'he', 1);
      params.W1!.data.fill(0, 0, 2);
      return { layers: [2, 3, 1], ...firstExamples(train.X, train.Y, 4), params, lambd: 0, activation };
    };
    expect(checkNetwork('model', net('relu'), [], 1e-7, T).kinks).toBeGreaterThan(0);
    expect(checkNetwork('model', net('leaky_relu'), [], 1e-7, T).kinks).toBeGreaterThan(0);
    for (const smooth of ['tanh', 'sigmoid'] as const) {
      const c = checkNetwork('model', net(smooth), [], 1e-7, T);
      expect([c.kinks, c.verdict]).toEqual([0, 'pass']);
    }
  });
});

describe('--activation as a setting', () => {
  it('a sweep over --activation relu,tanh --init he,xavier runs: four variants, each on its activation', () => {
    const r = json(['sweep', 'train', '--activation', 'relu,tanh', '--init', 'he,xavier', '--iterations', '300', '--print-every', '100']);
    expect(r.variants.map((v: { label: string }) => v.label)).toEqual([
      'activation=relu, init=he', 'activation=relu, init=xavier', 'activation=tanh, init=he', 'activation=tanh, init=xavier']);
    expect(r.runs.map((x: { config: { activation: string } }) => x.config.activation)).toEqual(['relu', 'relu', 'tanh', 'tanh']);
    // the saturation evidence is measured for tanh only
    expect(r.variants.map((v: { startSaturated: number | null }) => v.startSaturated === null)).toEqual([true, true, false, false]);
    // each variant equals the same run trained alone
    const alone = json(['train', '--activation', 'tanh', '--init', 'xavier', '--iterations', '300', '--print-every', '100']);
    expect(r.runs[3].costs).toEqual(alone.costs);
    // its table fits 80 columns: two-axis labels go one setting a line
    const text = nnlab(['sweep', 'train', '--activation', 'relu,tanh', '--init', 'he,xavier', '--iterations', '300', '--print-every', '100']).stdout;
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(text).toMatch(/│ activation=tanh, │ .*\n│ +│ init=xavier +│/);
    // counter-example: one axis keeps its labels on one line
    expect(nnlab(['sweep', 'train', '--init', 'he,xavier', '--iterations', '300', '--print-every', '100']).stdout).toMatch(/│ init=xavier │ 0\.\d{4}/);
  });
  it('the advice under a run is wrapped to 80 columns, its words unchanged', () => {
    const args = ['train', '--activation', 'tanh', '--init', 'random', '--iterations', '1000'];
    const lines = nnlab(args).stdout.split('\n');
    const from = lines.findIndex((l) => l.startsWith('→ with tanh hidden layers'));
    const wrapped = lines.slice(from, lines.findIndex((l, i) => i > from && !l.startsWith('  ')));
    expect(wrapped.length).toBeGreaterThan(1);
    expect(Math.max(...wrapped.map((l) => l.length))).toBeLessThanOrEqual(80);
    // the tanh comparison measures the saturation, so He's ReLU scale is not the yardstick of another sentence
    expect(lines.join(' ')).not.toMatch(/sqrt\(2\/fan_in\) \(×/);
    expect(wrapped.map((l) => l.trim()).join(' ')).toMatch(/^→ with tanh hidden layers, random \(W ~ N\(0,1\)·10\) starts with 84% of layer 1's and 96\.9% of layer 2's activations saturated .* from the same seed\.$/);
  });
  it('experiment files and --set take it, and run records keep it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-act-'));
    writeFileSync(join(dir, 'exp.json'), JSON.stringify({ command: 'train', activation: 'sigmoid', init: 'xavier', iterations: 200, printEvery: 100 }));
    const viaFile = json(['run', join(dir, 'exp.json')]);
    const viaFlags = json(['train', '--activation', 'sigmoid', '--init', 'xavier', '--iterations', '200', '--print-every', '100']);
    expect(viaFile.costs).toEqual(viaFlags.costs);
    expect(json(['run', join(dir, 'exp.json'), '--set', 'activation=tanh']).config.activation).toBe('tanh');
    const out = nnlab(['train', '--activation', 'tanh', '--iterations', '200', '--print-every', '100', '--out', join(dir, 'rec')]);
    expect(out.code).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'rec', 'result.json'), 'utf8'));
    expect(result.config.activation).toBe('tanh');
    expect(readFileSync(join(dir, 'rec', 'cost.svg'), 'utf8')).toContain('tanh');
    expect(nnlab(['train', '--activation', 'tanh', '--iterations', '10', '--print-every', '10', '--save', join(dir, 'm.json')]).code).toBe(0);
    const model = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
    expect([model.layers, model.activations]).toEqual([[2, 10, 5, 1], ['tanh', 'tanh', 'sigmoid']]);
  });
  it('a wrong name is refused in one line naming the flag, the file key, and what is allowed', () => {
    const r = nnlab(['train', '--activation', 'tahn']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("nnlab: --activation must be one of relu, tanh, sigmoid, leaky_relu (got \"tahn\") (did you mean tanh?)\n");
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-act-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ command: 'train', activation: 'softmax' }));
    const f = nnlab(['run', join(dir, 'bad.json')]);
    expect([f.code, f.stderr]).toEqual([2, `nnlab: ${join(dir, 'bad.json')}: activation must be one of relu, tanh, sigmoid, leaky_relu (got "softmax")\n`]);
  });
});

describe('generated datasets in training', () => {
  it('--dataset moons with --samples, --noise and --data-seed trains on what datasets export prints', () => {
    const r = json(['train', '--dataset', 'moons', '--samples', '200', '--noise', '0.1', '--data-seed', '7', '--iterations', '200', '--print-every', '100']);
    expect(r.config).toMatchObject({ dataset: 'moons', samples: 200, noise: 0.1, dataSeed: 7 });
    expect(r.data).toMatchObject({ train: 200, test: 200, testOnTrainingData: false });
    const csv = (split: string, seed: string) => nnlab(['datasets', 'export', 'moons', '--samples', '200', '--noise', '0.1', '--seed', seed, '--split', split]).stdout;
    expect(csv('test', '7')).toBe(csv('train', '8'));
  });
  it('every generated dataset trains with the defaults of train', () => {
    for (const dataset of ['moons', 'flower', 'xor', 'gaussian']) {
      const r = json(['train', '--dataset', dataset, '--iterations', '100', '--print-every', '100']);
      expect(r.data.features).toBe(2);
    }
    // spiral without noise draws the same points for both splits, and is told so
    const spiral = nnlab(['train', '--dataset', 'spiral', '--iterations', '100', '--print-every', '100', '--json']);
    expect(spiral.code).toBe(0);
    expect(JSON.parse(spiral.stdout).data).toMatchObject({ features: 2, testOnTrainingData: true });
    expect(spiral.stderr).toMatch(/^nnlab: warning: spiral has no test set of other points/);
  });
  it('a sweep takes --noise as an axis', () => {
    const r = json(['sweep', 'train', '--dataset', 'moons', '--noise', '0.1,0.3', '--iterations', '100', '--print-every', '100']);
    expect(r.variants.map((v: { label: string }) => v.label)).toEqual(['noise=0.1', 'noise=0.3']);
  });
  it('options a dataset does not take are refused before training, named as the user gave them', () => {
    const cases: [string[], string][] = [
      [['train', '--dataset', 'football', '--samples', '100'], 'nnlab: --samples applies to the generated datasets (circles, moons, flower, xor, spiral, gaussian); football is a fixed dataset\n'],
      [['train', '--dataset', 'flower', '--samples', '401'], 'nnlab: --samples for flower must be an even number (the two classes have samples/2 points each) (got 401)\n'],
      [['train', '--dataset', 'moons', '--noise', '-1'], 'nnlab: --noise must be a finite number ≥ 0 (got -1)\n'],
      [['train', '--dataset', 'moons', '--data-seed', '4294967296'], 'nnlab: --data-seed must be an integer from 0 to 4294967295 (got 4294967296)\n'],
      [['run', 'configs/reg-l2.json', '--set', 'noise=0.1'], 'nnlab: --set noise applies to the generated datasets (circles, moons, flower, xor, spiral, gaussian); football is a fixed dataset\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = nnlab(args);
      expect([r.code, r.stderr, r.stdout]).toEqual([2, stderr, '']);
    }
  });
  it('datasets list names every dataset and its source', () => {
    const r = json(['datasets', 'list']);
    expect(r.datasets.map((d: { name: string }) => d.name)).toEqual(['circles', 'football', 'moons', 'flower', 'xor', 'spiral', 'gaussian']);
    for (const d of r.datasets) expect(d.source).toMatch(/^(generated|shipped with nnlab): /);
    const text = nnlab(['datasets', 'list']).stdout;
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});
