// Bad input never crashes: exit 2 (or 1 where stated), one short line naming the culprit, no stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nnlab, ROOT } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-errors-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const csv = {
  empty: file('empty.csv', ''),
  noY: file('noy.csv', 'x1,x2\n1,2\n3,4\n'),
  ragged: file('ragged.csv', 'x1,x2,y\n1,2,0\n3,1\n'),
  text: file('text.csv', 'x1,x2,y\n1,2,0\n3,abc,1\n'),
  nan: file('nan.csv', 'x1,x2,y\n1,NaN,0\n3,1,1\n'),
  inf: file('inf.csv', 'x1,x2,y\n1,2,0\nInfinity,1,1\n'),
  label: file('label.csv', 'x1,x2,y\n1,2,0\n3,1,2\n'),
  short: file('short.csv', 'x1,x2,y\n1,2,0\n'),
  three: file('three.csv', 'x1,x2,x3,y\n1,2,3,0\n3,1,0,1\n0,1,1,1\n'),
};
const cfg = {
  notJson: file('notjson.json', '{"command": "train",'),
  typo: file('typo.json', '{"command": "regularize", "lamdb": 0.3}'),
  type: file('type.json', '{"command": "regularize", "lambd": "big"}'),
  range: file('range.json', '{"command": "regularize", "keepProb": 1.5}'),
  noCommand: file('nocommand.json', '{"lambd": 0.3}'),
  badCommand: file('badcommand.json', '{"command": "trian"}'),
  layers: file('layers.json', '{"command": "train", "layers": [2, 0, 1]}'),
  array: file('array.json', '[1, 2]'),
};
const existing = file('exists.json', '{}');

// [args, expected exit code, pattern the one line must match]
const cases: [string[], number, RegExp][] = [
  [['train', '--lr', '0'], 2, /--lr must be a finite number > 0 \(got 0\)/],
  [['train', '--lr', 'abc'], 2, /--lr must be .* \(got "abc"\)/],
  [['train', '--lr', 'inf'], 2, /--lr must be a finite number/],
  [['train', '--iterations', '-1'], 2, /--iterations must be an integer ≥ 0/],
  [['train', '--iterations', '1.5'], 2, /--iterations must be an integer/],
  [['train', '--print-every', '0'], 2, /--print-every must be an integer ≥ 1/],
  [['regularize', '--lambd', '-1'], 2, /--lambd must be a finite number ≥ 0/],
  [['regularize', '--keep-prob', '0'], 2, /--keep-prob must be a number with 0 < p ≤ 1/],
  [['regularize', '--keep-prob', '1.5'], 2, /--keep-prob must be/],
  [['train', '--seed', '-1'], 2, /--seed must be an integer from 0 to 4294967295/],
  [['train', '--seed', '4294967296'], 2, /--seed must be an integer from 0 to 4294967295/],
  [['train', '--seed', '1.5'], 2, /--seed must be an integer/],
  [['train', '--layers', '2'], 2, /--layers must be a comma list of 2 to 1000 positive integers/],
  [['train', '--layers', '2,0,1'], 2, /--layers must be a comma list of 2 to 1000 positive integers/],
  [['train', '--layers', '2,a,1'], 2, /--layers must be/],
  [['train', '--layers', '3,5,1'], 2, /--layers 3,5,1: the input size must equal the dataset's 2 features/],
  [['train', '--layers', '2,5,2'], 2, /--layers 2,5,2: the output size must be 1/],
  [['train', '--init', 'hee'], 2, /--init must be one of zeros, random, he, xavier, glorot .*did you mean he\?/],
  [['train', '--dataset', 'circels'], 2, /unknown dataset 'circels' \(did you mean circles\?\)/],
  [['train', '--dropout-masks', 'new'], 2, /--dropout-masks must be one of course, fresh/],
  [['train', '--init', 'random', '--scale', 'sqrt('], 2, /--scale "sqrt\(" is not a formula/],
  [['train', '--init', 'random', '--scale', '-1'], 2, /--scale "-1" gives -1 for layer 1 .*finite number > 0/],
  [['train', '--init', 'random', '--scale', '1/(fan_in-2)'], 2, /gives Infinity for layer 1/],
  [['train', '--init', 'random', '--scale', 'fan_inn'], 2, /--scale "fan_inn": unknown name fan_inn \(did you mean fan_in\?\); a formula may use numbers, fan_in, fan_out/],
  [['train', '--init', 'zeros', '--scale', '2'], 2, /--scale does not apply to --init zeros/],
  [['train', '--lamdb', '3'], 2, /unknown option '--lamdb' \(did you mean --lambd\?\)/],
  [['trian'], 2, /unknown command 'trian' \(did you mean train\?\)/],
  [['run'], 2, /missing required argument 'file'/],
  [['datasets', 'export'], 2, /missing required argument 'dataset'/],
  [['datasets', 'export', 'circles', '--samples', '0'], 2, /--samples must be an integer from 1/],
  [['datasets', 'export', 'football', '--noise', '0.1'], 2, /--noise applies to the generated datasets \(circles, moons, flower, xor, spiral, gaussian\); football is a fixed dataset/],
  [['sweep', 'trian', '--lambd', '1,2'], 2, /sweep takes train or regularize/],
  [['sweep', 'regularize', '--lambd', '0.1,-1'], 2, /--lambd must be a finite number ≥ 0 \(got -1\)/],
  [['sweep', 'regularize', '--repeat', '0'], 2, /--repeat must be an integer ≥ 1/],
  [['train', '--dataset', join(dir, 'missing.csv')], 2, /missing\.csv: no such file/],
  [['train', '--dataset', csv.empty], 2, /empty\.csv: the file is empty/],
  [['train', '--dataset', csv.noY], 2, /noy\.csv:1: the header has no 'y' column/],
  [['train', '--dataset', csv.ragged], 2, /ragged\.csv:3: 2 values, but the header has 3 columns/],
  [['train', '--dataset', csv.text], 2, /text\.csv:3: column 'x2' is "abc", not a finite number/],
  [['train', '--dataset', csv.nan], 2, /nan\.csv:2: column 'x2' is "NaN"/],
  [['train', '--dataset', csv.inf], 2, /inf\.csv:3: column 'x1' is "Infinity"/],
  [['train', '--dataset', csv.label], 2, /label\.csv:3: label y is 2; labels must be 0 or 1/],
  [['train', '--dataset', csv.short], 2, /short\.csv: needs at least 2 data rows/],
  [['train', '--dataset', csv.three, '--layers', '3,4,1', '--boundary'], 2, /--boundary draws the plane of 2 features; --layers 3,4,1 has 3 inputs/],
  [['run', join(dir, 'missing.json')], 2, /missing\.json: no such file/],
  [['run', cfg.notJson], 2, /notjson\.json: not valid JSON/],
  [['run', cfg.typo], 2, /typo\.json: unknown setting 'lamdb' \(did you mean lambd\?\)/],
  [['run', cfg.type], 2, /type\.json: lambd must be a finite number ≥ 0 \(got "big"\)/],
  [['run', cfg.range], 2, /range\.json: keepProb must be a number with 0 < p ≤ 1 \(got 1\.5\)/],
  [['run', cfg.noCommand], 2, /nocommand\.json: command must be one of train, regularize, gradcheck, sweep \(got nothing\)/],
  [['run', cfg.badCommand], 2, /badcommand\.json: command must be .*did you mean train\?/],
  [['run', cfg.layers], 2, /layers\.json: layers must be a comma list/],
  [['run', cfg.array], 2, /array\.json: must hold a JSON object/],
  [['run', 'configs/reg-l2.json', '--set', 'lamdb=1'], 2, /--set lamdb=1: unknown setting 'lamdb' \(did you mean lambd\?\)/],
  [['run', 'configs/reg-l2.json', '--set', 'lambd=-1'], 2, /--set lambd must be a finite number ≥ 0 \(got -1\)/],
  [['run', 'configs/reg-l2.json', '--set', 'lambd'], 2, /--set lambd: expected key=value/],
  [['gradcheck', '--epsilon', '0'], 2, /--epsilon must be a finite number > 0 or auto \(got "0"\)/],
  [['gradcheck', '--epsilon', 'big'], 2, /--epsilon must be a finite number > 0 or auto/],
  [['gradcheck', '--threshold', '-1'], 2, /--threshold must be a finite number > 0/],
  [['gradcheck', '--case', 'modle'], 2, /argument 'modle' is invalid.*course, model/],
  [['gradcheck', '--case', 'model', '--keep-prob', '0.5'], 2, /gradient checking needs dropout off/],
  [['gradcheck', '--inject', 'dW9*=2'], 2, /dW9/],
  [['gradcheck', '--lambd', '0.5'], 2, /--lambd applies to --case model only/],
  [['train', '--save', join(dir, 'nofolder', 'p.json')], 2, /--save .*p\.json: the folder .*nofolder does not exist/],
  [['train', '--save', existing], 2, /--save .*exists\.json: already exists and is kept: it is not a model file nnlab wrote/],
  [['train', '--out', dir], 2, /--out .*: already exists and is kept: it is not an nnlab record/],
  [['train', '--out', join(dir, 'a', 'b')], 2, /--out .*: the folder .* does not exist/],
];

describe('every bad input: one line, the right exit code, no stack trace', () => {
  for (const [args, code, message] of cases) {
    it(args.map((a) => a.replace(dir, '<tmp>')).join(' '), () => {
      const r = nnlab(args);
      expect(r.code).toBe(code);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines.length).toBe(1);
      expect(lines[0]).toMatch(/^nnlab: /);
      expect(lines[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    });
  }
});

describe('pipes', () => {
  it('a reader that stops early gets no EPIPE crash', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" bin/nnlab.js datasets export circles --samples 200000 | head -1; echo "status \${PIPESTATUS[0]}"`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout).toBe('x1,x2,y\nstatus 0\n');
    expect(r.stderr).toBe('');
  });
});

describe('help', () => {
  it('--help exits 0 and lists only working commands', () => {
    const r = nnlab(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['train', 'regularize', 'gradcheck', 'run', 'sweep', 'reproduce', 'bench', 'datasets']) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });
  it('a command group without its subcommand shows its help and exits 2', () => {
    for (const args of [[], ['datasets']]) {
      const r = nnlab(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^Usage: nnlab/m);
      expect(r.stderr).not.toMatch(/outputHelp/);
    }
  });
});

describe('debugging and divergence', () => {
  it('--debug adds the stack trace', () => {
    const r = nnlab(['train', '--lr', '0', '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^\s+at /m);
  });
  it('a diverging run keeps going, reports inf/nan costs like numpy and warns once', () => {
    const r = nnlab(['train', '--lr', '1e6', '--iterations', '200', '--print-every', '50', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.costs.some((c: { cost: unknown }) => c.cost === 'inf' || c.cost === 'nan')).toBe(true);
    expect(typeof out.accuracy.train).toBe('number');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/warning: training diverged/)]);
  });
});

describe('nothing half-written', () => {
  it('a failed --save leaves no file behind', () => {
    const target = join(dir, 'failed-save.json');
    const r = nnlab(['train', '--save', target, '--layers', '3,1']);
    expect(r.code).toBe(2);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
  it('Ctrl-C during an --out run leaves no file and no folder', async () => {
    const target = join(dir, 'interrupted');
    // Long enough that the signal always lands mid-run.
    const child = spawn(process.execPath, ['bin/nnlab.js', 'regularize', '--iterations', '100000000', '--out', target], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', (_code, sig) => r(sig)));
    await new Promise((r) => setTimeout(r, 700));
    child.kill('SIGINT');
    const signal = await exited;
    expect(signal).toBe('SIGINT');
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('interrupted'))).toEqual([]);
  });
  it('--iterations 0 --save holds the published He weights exactly', () => {
    const target = join(dir, 'he-2-4-1.json');
    expect(nnlab(['train', '--init', 'he', '--layers', '2,4,1', '--iterations', '0', '--save', target]).code).toBe(0);
    const saved = JSON.parse(readFileSync(target, 'utf8'));
    expect(saved.layers).toEqual([2, 4, 1]);
    expect(saved.parameters.W1).toEqual([[1.7886284734303186, 0.43650985051198943], [0.09649746807200862, -1.8634927033644908],
      [-0.27738820251439905, -0.35475897926898675], [-0.08274148148245977, -0.6270006768238473]]);
    expect(saved.parameters.W2).toEqual([[-0.030984124422056857, -0.33744410537169206, -0.9290426766647434, 0.6255224840406426]]);
    expect(saved.parameters.b1).toEqual([[0], [0], [0], [0]]);
    expect(saved.parameters.b2).toEqual([[0]]);
  });
  it('a gradient check of the model that finds a wrong gradient exits 1 and still prints', () => {
    const r = nnlab(['gradcheck', '--case', 'model', '--inject', 'dW1*=2', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).checks[0].suspects).toContain('W1');
  });
  it('--out writes whole run records for train and sweep', () => {
    const run = join(dir, 'record-train');
    const sweep = join(dir, 'record-sweep');
    expect(nnlab(['train', '--iterations', '200', '--print-every', '100', '--out', run]).code).toBe(0);
    expect(readdirSync(run).sort()).toEqual(['boundary.json', 'boundary.svg', 'cost.svg', 'costs.csv', 'model.json', 'report.html', 'result.json']);
    const result = JSON.parse(readFileSync(join(run, 'result.json'), 'utf8'));
    expect(result.config.iterations).toBe(200);
    expect(result.provenance.node).toBe(process.version);
    expect(readFileSync(join(run, 'costs.csv'), 'utf8').split('\n')[0]).toBe('iteration,cost');
    const three = join(dir, 'record-three');
    expect(nnlab(['train', '--dataset', csv.three, '--layers', '3,4,1', '--iterations', '10', '--out', three]).code).toBe(0);
    expect(readdirSync(three).sort()).toEqual(['cost.svg', 'costs.csv', 'model.json', 'report.html', 'result.json']);
    expect(nnlab(['sweep', 'train', '--init', 'zeros,he', '--iterations', '100', '--out', sweep]).code).toBe(0);
    expect(readdirSync(sweep).sort()).toEqual(['costs.csv', 'report.html', 'result.json', 'runs.jsonl', 'summary.csv']);
    expect(readFileSync(join(sweep, 'summary.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
  });
  it('--save writes the parameters, --force replaces them', () => {
    const target = join(dir, 'params.json');
    expect(nnlab(['train', '--layers', '2,4,1', '--iterations', '0', '--save', target]).code).toBe(0);
    expect(nnlab(['train', '--layers', '2,4,1', '--iterations', '0', '--save', target]).code).toBe(2);
    expect(nnlab(['train', '--layers', '2,4,1', '--iterations', '0', '--save', target, '--force']).code).toBe(0);
  });
});
