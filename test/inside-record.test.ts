// An output inside an nnlab record (or inside the --out folder of the same run) would change the record
// behind its seal: refused in one line naming the record, before any work, leaving the record as it was.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nnlab, refused } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-inside-'));
const run = (args: string[], cwd = dir) => nnlab([...args, '--iterations', '100'], { cwd });
const train = (...args: string[]) => run(['train', ...args]);

beforeAll(() => {
  expect(train('--out', 'rec').code).toBe(0);
  expect(nnlab(['sweep', 'train', '--init', 'he,zeros', '--iterations', '100', '--out', 'sw'], { cwd: dir }).code).toBe(0);
});

describe('an output inside an nnlab record', () => {
  it('--save over the record\'s model.json, even with --force, is refused and the record stays replaceable', () => {
    const before = readFileSync(join(dir, 'rec', 'model.json'), 'utf8');
    refused(train('--init', 'random', '--save', 'rec/model.json', '--force'),
      /^nnlab: --save rec\/model\.json: inside the nnlab run record rec, which nnlab writes and seals as a whole; write it elsewhere \(its own model\.json is the model it trained\)\n$/);
    expect(readFileSync(join(dir, 'rec', 'model.json'), 'utf8')).toBe(before);
    expect(train('--out', 'rec', '--force').code).toBe(0);
  });

  it('a new file in a record, from inside it or into a sweep record, is refused too', () => {
    refused(train('--save', 'rec/other.json'), /--save rec\/other\.json: inside the nnlab run record rec,/);
    refused(run(['train', '--save', 'm.json'], join(dir, 'rec')), /--save m\.json: inside the nnlab run record .*rec, which nnlab writes/);
    refused(nnlab(['predict', '--model', 'rec/model.json', '--dataset', 'circles', '--out', 'sw/p.csv'], { cwd: dir }),
      /--out sw\/p\.csv: inside the nnlab sweep record sw, which nnlab writes and seals as a whole; write it elsewhere\n$/);
    expect(readdirSync(join(dir, 'rec')).sort()).toEqual(['boundary.json', 'boundary.svg', 'cost.svg', 'costs.csv', 'model.json', 'report.html', 'result.json']);
  });

  it('counter-example: a folder with a result.json of its own is no record, and takes a model', () => {
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine', 'result.json'), '{"accuracy": 0.9}\n');
    expect(train('--save', 'mine/model.json').code).toBe(0);
  });
});

describe('--save inside the --out folder of the same run', () => {
  it('is named as such, whether or not that folder exists yet', () => {
    refused(train('--out', 'recX', '--save', 'recX/model.json'),
      /^nnlab: --save recX\/model\.json: inside the --out folder recX, which nnlab writes as a whole, its own model\.json included; write it elsewhere\n$/);
    refused(train('--out', 'rec', '--force', '--save', 'rec/../rec/m.json'), /--save rec\/\.\.\/rec\/m\.json: inside the --out folder rec, which nnlab writes as a whole/);
    expect(readdirSync(dir)).not.toContain('recX');
  });
});
