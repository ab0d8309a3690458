// Human output at 80 columns: tables wrap their cells or split into parts that repeat the key column,
// prose wraps at spaces, --wide keeps everything on its line, and --json is never touched.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { fitTable } from '../src/cli/render/table.js';
import { fitText } from '../src/cli/render/fit.js';
import { outputWidth } from '../src/cli/render/layout.js';
import { boundaryGrid } from '../src/plots/boundary.js';
import { boundaryLegend } from '../src/plots/terminal.js';
import { nnlab, unwrapped } from './helpers/cli.js';

const width = (line: string): number => [...line.replace(/\x1b\[[0-9;]*m/g, '')].length;
const widest = (text: string): number => Math.max(...text.split('\n').map(width));
// The same command at the same width runs once: a later test checks that output again.
const ran = new Map<string, ReturnType<typeof nnlab>>();
const at = (columns: number, args: string[]) => {
  const key = JSON.stringify([columns, args]);
  if (!ran.has(key)) ran.set(key, nnlab(args, { env: { COLUMNS: String(columns) } }));
  return ran.get(key)!;
};

describe('every command at 80 columns', () => {
  // reproduce at 80 columns: test/reproduce.test.ts ('prints every cost row, in 80 columns'), on the run it already makes.
  const commands = [
    ['train', '--init', 'zeros', '--inspect', '--iterations', '2000'],
    ['train', '--init', 'random', '--inspect', 'all', '--iterations', '300', '--print-every', '100'],
    ['regularize', '--lambd', '0.7', '--keep-prob', '0.86', '--inspect', '--iterations', '2000'],
    ['train', '--boundary', '--iterations', '2000', '--scale', 'sqrt(2/(fan_in+fan_out))'],
    ['gradcheck'],
    ['gradcheck', '--case', 'model'],
    ['sweep', 'regularize', '--lambd', '0.01,0.7', '--keep-prob', '0.86,1', '--repeat', '2', '--iterations', '300', '--print-every', '100'],
    ['datasets', 'list'],
    ['bench', '--runs', '1', '--experiments', 'init-he'],
  ];
  for (const args of commands) {
    it(`${args.join(' ')}: fits 80 columns, and 60`, () => {
      for (const columns of [80, 60]) {
        const r = at(columns, args);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout.split('\n').filter((l) => width(l) > columns)).toEqual([]);
      }
    });
  }

  it('predict, eval (--boundary, --grads, a long model path) and report fit 80 columns, and 60', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-width-'));
    try {
      const model = join(dir, 'a model saved in a folder with a rather long name', 'he.json');
      mkdirSync(dirname(model));
      const record = join(dirname(model), 'record');
      expect(nnlab(['train', '--iterations', '500', '--save', model, '--out', record]).code).toBe(0);
      for (const args of [
        ['report', record],
        ['predict', '--model', model, '--dataset', 'circles', '--split', 'test', '--boundary'],
        ['eval', '--model', model, '--dataset', 'circles', '--lambd', '0.7'],
        ['eval', '--model', model, '--dataset', 'football', '--grads', '--keep-prob', '0.86'],
      ]) {
        for (const columns of [80, 60]) {
          const r = at(columns, args);
          expect(r.code, r.stderr).toBe(0);
          expect(r.stdout.split('\n').filter((l) => width(l) > columns), args.join(' ')).toEqual([]);
        }
      }
      const predicted = at(80, ['predict', '--model', model, '--dataset', 'circles', '--split', 'test', '--boundary']).stdout;
      expect(predicted).toContain("' ' predicts 0   '.' predicts 1   test points: o y = 0, x y = 1, * both");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--wide keeps each table whole and each sentence on its line; --json is one line whatever the width', () => {
    const args = ['train', '--init', 'zeros', '--inspect', '--iterations', '2000'];
    const narrow = at(80, args).stdout;
    const wide = at(80, [...args, '--wide']).stdout;
    const heads = (s: string): number => s.split('\n').filter((l) => /^│ layer /.test(l)).length;
    expect(heads(narrow)).toBe(2 * heads(wide)); // each report's table in two parts
    expect(widest(wide)).toBeGreaterThan(100);
    expect(wide).toMatch(/^→ all 10 units of layer 1 and all 5 units of layer 2 stay identical .*\(train accuracy 0\.5\)\.$/m);
    // a table whose cells wrap at 80 columns has a line a row with --wide
    const datasets = at(80, ['datasets', 'list', '--wide']).stdout;
    const rows = (s: string): string[] => s.split('\n').filter((l) => l.startsWith('│'));
    expect(rows(datasets)[0]).toMatch(/^│ name +│ train +│ test +│ source +│$/);
    expect(rows(datasets).filter((l) => /^│ \S/.test(l))).toEqual(rows(datasets));
    expect(rows(datasets).length).toBeLessThan(rows(at(80, ['datasets', 'list']).stdout).length);
    const json = at(40, [...args, '--json']).stdout;
    expect(json.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(json).command).toBe('train');
  });

  it('--boundary draws a legend under the map', () => {
    const r = at(80, ['train', '--boundary', '--iterations', '100']);
    expect(r.stdout).toContain("' ' predicts 0   '.' predicts 1   training points: o y = 0, x y = 1, * both");
    expect(r.stdout).toContain('x1 -1.5 to 1.5 left to right, x2 -1.5 to 1.5 bottom to top');
  });
});

describe('fitTable', () => {
  const head = ['layer', 'init', 'W mean', 'W std', '‖W‖', 'act mean', 'act std', 'dead', 'distinct', '‖dW‖', 'saturated'];
  const rows = [1, 2, 3].map((l) => [`${l}${l === 3 ? ' (out)' : ''}`, 'he = 1.414', `0.0${l}234567`, '0.4472135955', '2.236068', '0.56789', '0.6123456', `${l}/10`, '10/10', '0.0123456', l === 3 ? '12.5% (3 wrong)' : '']);

  it('leaves a table that fits as it is', () => {
    const t = fitTable(['a', 'b'], [['1', '2']], 80);
    expect(t).toBe('┌───┬───┐\n│ a │ b │\n│ 1 │ 2 │\n└───┴───┘');
  });

  it('splits a table too wide into even parts that repeat the key column, losing no cell', () => {
    const t = fitTable(head, rows, 80);
    expect(widest(t)).toBeLessThanOrEqual(80);
    expect(t.split('\n').filter((l) => l.startsWith('│ layer')).length).toBe(2);
    for (const cell of [...head, ...rows.flat()]) for (const word of cell.split(' ')) expect(t).toContain(word);
    const parts = t.split('┘\n┌').map(widest);
    expect(Math.abs(parts[0]! - parts[1]!)).toBeLessThan(25);
  });

  it('wraps cells at spaces before it splits, and never cuts a word', () => {
    const t = fitTable(['variant', 'train accuracy', 'test accuracy', 'final cost'], [['lambd=0.01, keepProb=0.86, layers=2,20,3,1', '0.9384 ± 0.0082', '0.9417 ± 0.0104', '0.176601 ± 0.00787759']], 60);
    expect(widest(t)).toBeLessThanOrEqual(60);
    expect(t.split('\n').filter((l) => l.startsWith('│ variant')).length).toBe(1);
    for (const word of ['lambd=0.01,', 'keepProb=0.86,', 'layers=2,20,3,1', '0.176601', '0.00787759']) expect(t).toContain(word);
  });

  it('draws a row spanning columns without a stray junction line, whole or wrapped', () => {
    const rows = [['lr=0.01', '0.5000 ± 0.0000', '0.5100 ± 0.0000'], ['lr=0.03', { colSpan: 2, content: 'failed: worker stopped (exit code 134)' }]];
    for (const w of [Infinity, 40]) {
      const t = fitTable(['variant', 'train accuracy', 'test accuracy'], rows, w);
      expect(t.split('\n').filter((l) => !l.startsWith('│'))).toHaveLength(2); // the top and bottom borders
      expect(t).toMatch(/│ lr=0\.03 +│ failed: worker stopped/);
    }
  });

  it('is as wide as its contents with an infinite width (--wide)', () => {
    const t = fitTable(head, rows, Infinity);
    expect(t.split('\n').filter((l) => l.startsWith('│ layer')).length).toBe(1);
    expect(widest(t)).toBeGreaterThan(80);
  });
});

describe('fitText', () => {
  it('wraps prose at spaces, after " · " where it can, indenting what follows', () => {
    const header = 'nnlab train · circles (300 train / 100 test) · layers 2,10,5,1 · lr 0.01 · 15000 iterations';
    expect(fitText(header, 80)).toBe('nnlab train · circles (300 train / 100 test) · layers 2,10,5,1 · lr 0.01 ·\n  15000 iterations');
    const sentence = `→ ${'word '.repeat(30).trim()}`;
    const lines = fitText(sentence, 40).split('\n');
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(40);
    expect(lines.slice(1).every((l) => l.startsWith('    word'))).toBe(true);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toBe(sentence);
  });

  it('breaks a path too long for any line after its "/", and cuts a name longer than a line', () => {
    const path = `/home/learner/${'deep-folder-name/'.repeat(6)}model.json`;
    const lines = fitText(`nnlab predict · model ${path} · 3 examples`, 40).split('\n');
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(40);
    expect(lines.slice(1, -1).every((l) => l.endsWith('/') || l.endsWith('·'))).toBe(true);
    expect(unwrapped(lines.join('\n'))).toBe(`nnlab predict · model ${path} · 3 examples`);
    const name = 'n'.repeat(100);
    const cut = fitText(`model ${name}`, 40).split('\n');
    for (const l of cut) expect(width(l)).toBeLessThanOrEqual(40);
    expect(cut.map((l) => l.trimEnd().replace(/^ +/, '')).join('').replace(/^model ?/, '')).toBe(name);
  });

  it('leaves tables, charts and maps alone, and everything with an infinite width', () => {
    const table = `┌${'─'.repeat(100)}┐`;
    expect(fitText(table, 80)).toBe(table);
    const long = 'x '.repeat(100);
    expect(fitText(long, Infinity)).toBe(long);
  });
});

describe('the width', () => {
  it('is the terminal\'s, else COLUMNS, else 80; at least 40; infinite with --wide', () => {
    expect(outputWidth(false, { isTTY: true, columns: 120 }, {})).toBe(120);
    expect(outputWidth(false, { isTTY: false, columns: 120 }, { COLUMNS: '100' })).toBe(100);
    expect(outputWidth(false, { isTTY: false }, {})).toBe(80);
    expect(outputWidth(false, { isTTY: false }, { COLUMNS: 'wide' })).toBe(80);
    expect(outputWidth(false, { isTTY: true, columns: 20 }, {})).toBe(40);
    expect(outputWidth(true, { isTTY: true, columns: 80 }, {})).toBe(Infinity);
  });
});

describe('boundaryLegend', () => {
  const grid = boundaryGrid((X) => Float64Array.from({ length: X.cols }, (_, k) => X.data[k]!), { x1: [-0.75, 0.4], x2: [-0.75, 0.65] }, 10);
  it('says what the regions and marks are, and the plane\'s extent', () => {
    expect(boundaryLegend(grid, { color: false })).toBe("' ' predicts 0   '.' predicts 1   training points: o y = 0, x y = 1, * both\nx1 -0.75 to 0.4 left to right, x2 -0.75 to 0.65 bottom to top");
    const coloured = boundaryLegend(grid, { color: true, chalk: new Chalk({ level: 3 }) });
    expect(coloured).toContain('\x1b[48;2;243;167;165m'); // the class-0 swatch in the map's colour
    expect(coloured).toContain('\x1b[48;2;169;205;230m');
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/^▀▀ predicts 0   ▀▀ predicts 1   training points/);
  });
});
