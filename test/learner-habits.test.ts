// Data, formulas and files as learners write them: each habit from a spreadsheet, pandas or Python gets
// one line saying what nnlab reads instead, and what is merely decorated (quotes, spaces) is read.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nnlab } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-habits-'));
const file = (name: string, text: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const refused = (args: string[], message: RegExp): void => {
  const r = nnlab(args);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^nnlab: [^\n]*\n$/);
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(2);
};

const rows = Array.from({ length: 20 }, (_, i) => [Math.cos(i), Math.sin(i), i % 2] as const);
const train = (csv: string): string[] => ['train', '--dataset', csv, '--test-dataset', csv, '--iterations', '50', '--json'];

describe('CSV files as spreadsheets and pandas write them', () => {
  it('quoted names and cells are read as the same numbers as plain ones', () => {
    const plain = file('plain.csv', `x1,x2,y\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const quoted = file('quoted.csv', `"x1","x2","y"\n${rows.map((r) => r.map((v) => `"${v}"`).join(', ')).join('\n')}\n`);
    const a = nnlab(train(plain));
    const b = nnlab(train(quoted));
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout).finalCost).toBe(JSON.parse(a.stdout).finalCost);
  });

  it.each([
    ['semicolons', 'x1;x2;y\n1;2;0\n', /columns are separated by ';'; nnlab reads comma-separated values/],
    ['tabs', 'x1\tx2\ty\n1\t2\t0\n', /columns are separated by tabs/],
    ['no header', '0.5,1.5,0\n1,2,1\n', /:1: the first line is numbers; the file needs a header line first/],
    ['a trailing comma', 'x1,x2,y,\n1,2,0,\n', /:1: the header ends with a comma/],
    ['a name twice', 'x,x,y\n1,2,0\n2,1,1\n', /:1: the column name 'x' appears twice/],
    ['a capital Y', 'x1,x2,Y\n1,2,0\n2,1,1\n', /no 'y' column .*\(the label column must be called 'y', lower case\)/],
    ['a blank line among rows', 'x1,x2,y\n1,2,0\n\n2,1,1\n', /:3: a blank line among the data rows/],
  ])('%s: one line naming the line and the fix', (_name, text, message) => {
    refused(['train', '--dataset', file(`habit-${_name.replace(/ /g, '-')}.csv`, text)], message);
  });

  it('UTF-16 text is named as such; one stray NUL is quoted escaped instead', () => {
    const utf16 = Buffer.from('x1,x2,y\n1,2,0\n2,1,1\n', 'utf16le');
    refused(['train', '--dataset', file('utf16.csv', utf16)], /holds NUL bytes \(UTF-16\?\); save it as UTF-8 text/);
    refused(['train', '--dataset', file('nul.csv', 'a\0b,x2\n1,2\n')], /no 'y' column \(got "a\\0b,x2"\)/);
  });
});

describe('a pandas index column with a header name', () => {
  const body = (first: (i: number) => number): string => rows.map((r, i) => [first(i), ...r].join(',')).join('\n');
  it.each([
    ['Unnamed: 0 (read_csv then to_csv)', `Unnamed: 0,x1,x2,y\n${body((i) => i)}\n`, /:1: the first column is 'Unnamed: 0', pandas' name for an index column; drop it, or write the file with to_csv\(\.\.\., index=False\)/],
    ['index from reset_index', `index,x1,x2,y\n${body((i) => i)}\n`, /:1: the first column 'index' holds 0\.\.19, the row numbers: it looks like a pandas index; drop it, or write the file with to_csv\(\.\.\., index=False\)/],
    ['id counted from 1', `id,x1,x2,y\n${body((i) => i + 1)}\n`, /:1: the first column 'id' holds 1\.\.20, the row numbers: it looks like a pandas index/],
  ])('%s: refused before training, naming the fix', (name, text, message) => {
    refused(['train', '--dataset', file(`index-${name.replace(/\W+/g, '-')}.csv`, text), '--layers', '3,4,1'], message);
  });

  it('counter-examples: an id column that is not the row numbers, or row numbers under another name, are features', () => {
    for (const [name, text] of [
      ['shuffled', `id,x1,x2,y\n${body((i) => (i * 7) % 20)}\n`],
      ['named', `x0,x1,x2,y\n${body((i) => i)}\n`],
    ] as const) {
      const r = nnlab(['train', '--dataset', file(`feature-${name}.csv`, text), '--layers', '3,4,1', '--iterations', '10', '--json']);
      expect(r.stderr).not.toMatch(/pandas/);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).config.layers).toEqual([3, 4, 1]);
    }
  });
});

describe('formulas as Python and numpy write them', () => {
  it.each([
    ['(2/fan_in)**0.5', /powers are written with \^ here/],
    ['np.sqrt(2/fan_in)', /sqrt\(\.\.\.\), not np\.sqrt/],
    ['math.sqrt(2/fan_in)', /without its module/],
    ['pow(fan_in, -0.5)', /a\^b here, not pow\(a, b\)/],
    ['ln(fan_in)', /natural logarithm is log\(\.\.\.\)/],
  ])('--scale %s', (expr, message) => refused(['train', '--scale', expr], message));

  it('the same formulas in mathjs spelling run', () => {
    const r = nnlab(['train', '--scale', 'sqrt(2/fan_in)', '--iterations', '10', '--json']);
    const s = nnlab(['train', '--scale', '(2/fan_in)^0.5', '--iterations', '10', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(s.stdout).finalCost).toBe(JSON.parse(r.stdout).finalCost);
  });
});

describe('experiment files and --set as people type them', () => {
  it('a quoted number, a layers string and a list outside a sweep get the fix in the message', () => {
    refused(['run', file('q.json', '{"command": "regularize", "lambd": "0.7"}')], /lambd must be .*; in a JSON file write the number without quotes \(0\.7\)/);
    refused(['run', file('l.json', '{"command": "train", "layers": "2,10,1"}')], /in a JSON file write a list, \[2, 10, 1\]/);
    refused(['run', file('s.json', '{"command": "regularize", "lambd": [0.1, 0.7]}')], /a list of values is a sweep/);
  });

  it('--set layers=[2,5,1] is read as a file writes it', () => {
    const a = nnlab(['run', 'configs/init-he.json', '--set', 'layers=[2,5,1]', '--set', 'iterations=10', '--json']);
    const b = nnlab(['run', 'configs/init-he.json', '--set', 'layers=2,5,1', '--set', 'iterations=10', '--json']);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout).finalCost).toBe(JSON.parse(b.stdout).finalCost);
  });

  it('typos: one letter added or dropped from a short name is suggested, a replaced letter is not', () => {
    refused(['train', '--init', 'hee'], /did you mean he\?/);
    refused(['train', '--init', 'zeors'], /did you mean zeros\?/);
    const r = nnlab(['train', '--init', 'xe']);
    expect(r.stderr).not.toMatch(/did you mean/);
  });
});

describe('what the data says before the run', () => {
  it('one class of labels, and test columns named otherwise, are warned about; matching files are not', () => {
    const one = file('oneclass.csv', 'x1,x2,y\n1,2,1\n2,1,1\n3,3,1\n');
    const other = file('othernames.csv', 'a,b,y\n1,2,0\n2,1,1\n');
    const same = file('samenames.csv', 'x1,x2,y\n1,2,0\n2,1,1\n');
    const r = nnlab(['train', '--dataset', one, '--test-dataset', other, '--layers', '2,3,1', '--iterations', '10', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: every training label in .*oneclass\.csv is 1: the network can only learn to predict that one class/);
    expect(r.stderr).toMatch(/warning: the test set's columns \(a,b\) are named otherwise than the training set's \(x1,x2\); they are matched by position/);
    const ok = nnlab(['train', '--dataset', same, '--test-dataset', same, '--layers', '2,3,1', '--iterations', '10', '--json']);
    expect(ok.stderr).not.toMatch(/one class|named otherwise/);
  });
});
