// Property tests over formulas, sizes and file contents: every generated input ends in a result or in
// one UsageError line (exit 2 from the CLI), never another error, an abort or an "internal error".
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCsv } from '../src/data/csv.js';
import { UsageError } from '../src/errors.js';
import { readExperimentFile } from '../src/experiments/configFile.js';
import { compileScale } from '../src/experiments/formula.js';
import { memoryLimit, runBytes } from '../src/experiments/memory.js';
import { checkMemory, checkSettings } from '../src/experiments/preflight.js';
import { DEFAULTS } from '../src/experiments/settings.js';
import { nnlab } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-props-'));
let files = 0;
const write = (ext: string, content: string | Uint8Array): string => {
  const p = join(dir, `f${files++}.${ext}`);
  writeFileSync(p, content);
  return p;
};

/** A message a user may be shown: one line, no control characters, short. */
function expectOneLine(message: string): void {
  expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  expect(message.length).toBeLessThan(600);
}

/** Runs f; a UsageError must be one line; anything else thrown fails the property. */
async function resultOrUsage<T>(f: () => T | Promise<T>): Promise<T | UsageError> {
  try {
    return await f();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    expectOneLine(e.message);
    return e;
  }
}

// Formulas: the allowed pieces, pieces that must be refused, and noise, glued at random.
const piece = fc.oneof(
  fc.constantFrom('fan_in', 'fan_out', 'pi', 'e', '2', '0.5', '1e-3', '1e400', '0', '-', '+', '*', '/', '^', '(', ')', ',', ' ',
    'sqrt(', 'exp(', 'log(', 'abs(', 'min(', 'max(', 'f(x)=', 'x=', '?', ':', ';', '[', ']', '{', '}', '"', '.', '!', '<', '==',
    'evaluate(', 'parse(', 'import(', 'createUnit(', 'config(', 'sum(', 'range(', 'ones(', 'help(', 'typed(', 'fan_inn', '\n', '\u0000'),
  fc.string({ maxLength: 4 }),
  fc.integer({ min: -1000, max: 1000 }).map(String),
);
const formula = fc.oneof(
  fc.array(piece, { maxLength: 30 }).map((ps) => ps.join('')),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: 190, max: 5000 }).map((n) => `1${'+1'.repeat(n)}`),
);
const layerLists = fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 2, maxLength: 6 });

describe('formulas', () => {
  it('give a finite positive multiplier for every layer, or one line saying why not', async () => {
    await fc.assert(
      fc.asyncProperty(formula, layerLists, async (expr, layers) => {
        const r = await resultOrUsage(() => compileScale(expr, layers));
        if (r instanceof UsageError) {
          expect(r.message.startsWith('--scale "')).toBe(true);
          return;
        }
        for (let l = 1; l < layers.length; l++) {
          const v = r(layers[l - 1]!, layers[l]!);
          expect(Number.isFinite(v) && v > 0, `${expr} at layer ${l}: ${v}`).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('sizes', () => {
  const size = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 2 ** 40 }), fc.constant(Number.MAX_SAFE_INTEGER));
  it('a run either fits in memory by its estimate or is refused with the estimate and the limit', async () => {
    const limit = memoryLimit().bytes;
    await fc.assert(
      fc.asyncProperty(fc.array(size, { minLength: 2, maxLength: 8 }), size, size, fc.boolean(), fc.integer({ min: 1, max: 4 }), async (layers, train, test, dropout, jobs) => {
        const shape = { layers, train, test, dropout, activation: 'relu' as const, reports: 1, inspect: false };
        const bytes = runBytes(shape);
        expect(bytes).toBeGreaterThan(0);
        const r = await resultOrUsage(() => checkMemory(Array.from({ length: jobs }, () => shape)));
        if (r instanceof UsageError) expect(r.message).toMatch(/needs? about [\d.]+ [KMGTPE]?i?B of memory; .*[\d.]+ [KMGTPE]?i?B/);
        else expect(bytes * jobs).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 2000 },
    );
  });
  it('iterations, print-every and --inspect give a run or one line naming the cap', async () => {
    const count = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
    await fc.assert(
      fc.asyncProperty(count, count.map((n) => Math.max(1, n)), fc.boolean(), async (iterations, printEvery, inspect) => {
        const r = await resultOrUsage(() => checkSettings({ ...DEFAULTS.train, iterations, printEvery }, inspect));
        if (!(r instanceof UsageError)) expect(Math.ceil(iterations / printEvery)).toBeLessThanOrEqual(1_000_000);
      }),
      { numRuns: 2000 },
    );
  });
});

// File contents: CSV-like text with any line endings, BOMs, NULs and escapes; JSON-like text nested at random.
const cell = fc.oneof(fc.constantFrom('0', '1', '-0.5', '1e3', 'NaN', 'inf', '', ' ', 'x', '\u0000', '\u001b[31m', '\ufeff'), fc.double().map(String), fc.string({ maxLength: 5 }));
const lineEnd = fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\r');
const csv = fc.oneof(
  fc.tuple(fc.constantFrom('', '\ufeff'), fc.constantFrom('x1,x2,y', 'x1,y', 'y', 'a,b', 'x1,x2,x3,y', ''), fc.array(fc.tuple(fc.array(cell, { maxLength: 4 }), lineEnd), { maxLength: 8 }))
    .map(([bom, head, rows]) => bom + head + rows.map(([cs, nl]) => nl + cs.join(',')).join('')),
  fc.uint8Array({ maxLength: 200 }),
  fc.integer({ min: 1, max: 200_000 }).map((n) => `x1,x2,y\n${'7'.repeat(n)}\r1,2,0`),
);
const json = fc.oneof(
  fc.tuple(fc.constantFrom('', '\ufeff'), fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('\n', '\r\n', '\r', ' ')).map(([bom, v, sep]) => bom + JSON.stringify(v, null, 1).replace(/\n/g, sep)),
  fc.record({ command: fc.constantFrom('train', 'regularize', 'sweep', 'gradcheck', 'trian'), lr: fc.jsonValue({ maxDepth: 3 }), of: fc.constantFrom('train', undefined) }).map((o) => JSON.stringify(o)),
  fc.integer({ min: 1, max: 100_000 }).map((d) => `{"command": "train", "lr": ${'['.repeat(d)}${']'.repeat(d)}}`),
  fc.string({ maxLength: 60 }),
);

describe('file contents', () => {
  it('a CSV loads as finite features and 0/1 labels, or is refused in one line', async () => {
    await fc.assert(
      fc.asyncProperty(csv, async (text) => {
        const r = await resultOrUsage(() => loadCsv(write('csv', text)));
        if (r instanceof UsageError) return;
        expect(r.X.data.every(Number.isFinite)).toBe(true);
        expect(r.Y.data.every((v) => v === 0 || v === 1)).toBe(true);
        expect(r.X.cols).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 1500 },
    );
  });
  it('an experiment file reads as a command and settings, or is refused in one line', async () => {
    await fc.assert(
      fc.asyncProperty(json, async (text) => {
        const r = await resultOrUsage(() => readExperimentFile(write('json', text)));
        if (!(r instanceof UsageError)) expect(['train', 'regularize', 'sweep', 'gradcheck']).toContain(r.command);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the CLI on generated input', () => {
  it('exits 0, or 2 with one line: never an abort or an internal error', () => {
    fc.assert(
      fc.property(fc.oneof(
        // An argument cannot hold a NUL byte (the operating system ends it there).
        formula.filter((f) => !f.includes('\0')).map((f) => ['train', '--init', 'random', '--scale', f, '--iterations', '20']),
        csv.map((t) => ['train', '--dataset', write('csv', t), '--iterations', '20']),
        json.map((t) => ['run', write('json', t), '--set', 'iterations=20']),
        fc.tuple(layerLists, fc.integer({ min: 0, max: 30 })).map(([ls, it]) => ['train', '--layers', [2, ...ls.slice(1), 1].join(','), '--iterations', String(it)]),
      ), (args) => {
        const r = nnlab(args);
        expect([0, 2], `${args.join(' ').slice(0, 200)}\n${r.stderr}`).toContain(r.code);
        expect(r.stderr).not.toMatch(/internal error/);
        if (r.code === 2) {
          expect(r.stderr).toMatch(/^nnlab: [^\n]*\n$/);
          expectOneLine(r.stderr.trimEnd());
        }
      }),
      { numRuns: 24 },
    );
  });
});
