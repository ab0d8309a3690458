// Property tests: whatever the input, the result is a value or a UsageError, never a crash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/data/csv.js';
import { UsageError } from '../src/errors.js';
import { resolveRunSettings, type ExperimentFile } from '../src/experiments/configFile.js';
import { DEFAULTS, SETTING_KEYS } from '../src/experiments/settings.js';
import { runTraining } from '../src/experiments/train.js';

function outcome(f: () => unknown): 'ok' | 'usage' {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof UsageError) return 'usage';
    throw e;
  }
}

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.double(),
  fc.integer({ min: -5, max: 40 }),
  fc.constantFrom('he', 'zeros', 'xavier', 'random', 'glorot', 'hee', 'circles', 'football', 'course', 'fresh', '2*fan_in', 'sqrt(', ''),
  fc.array(fc.integer({ min: -1, max: 8 }), { maxLength: 5 }),
);
const anyKey = fc.oneof(fc.constantFrom(...SETTING_KEYS), fc.constantFrom('lamdb', 'keep_prob', 'layer', 'Seed'), fc.string({ maxLength: 6 }));

describe('random experiment settings give a result or a validation error', () => {
  it('holds for 150 random files', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('train', 'regularize') as fc.Arbitrary<'train' | 'regularize'>, fc.dictionary(anyKey, anyValue, { maxKeys: 5 }), async (command, settings) => {
        const file: ExperimentFile = { path: 'random.json', command, settings, sets: {} };
        let config;
        try {
          config = resolveRunSettings(file, DEFAULTS[command]);
        } catch (e) {
          expect(e).toBeInstanceOf(UsageError);
          return;
        }
        // Keep the run tiny: the property is about inputs, not training time.
        const small = { ...config, iterations: Math.min(config.iterations, 3), layers: config.layers.map((n) => Math.min(n, 8)) };
        try {
          const r = await runTraining(command, small);
          expect(r.costs.length).toBeGreaterThanOrEqual(small.iterations > 0 ? 1 : 0);
          expect(r.accuracy.train).toBeGreaterThanOrEqual(0);
        } catch (e) {
          expect(e).toBeInstanceOf(UsageError);
        }
      }),
      { numRuns: 150 },
    );
  });
});

const cell = fc.oneof(fc.constantFrom('0', '1', '2', '-0.5', '1e3', 'NaN', 'inf', '', ' ', 'x', '1,2', '"1"', '0x10'), fc.double().map(String), fc.string({ maxLength: 4 }));
const line = fc.array(cell, { minLength: 0, maxLength: 4 }).map((cs) => cs.join(','));
const csvText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.tuple(fc.constantFrom('x1,x2,y', 'x1,y', 'y', 'x1,x2', 'a,b,y', ''), fc.array(line, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'))
    .map(([h, rows, nl]) => [h, ...rows].join(nl)),
);

describe('CSV garbage never crashes the loader', () => {
  it('holds for 2000 random texts', () => {
    fc.assert(
      fc.property(csvText, (text) => {
        const o = outcome(() => {
          const d = parseCsv(text, 'garbage.csv');
          // What loads is well-formed: finite features, labels 0/1, at least 2 rows.
          expect(d.X.data.every(Number.isFinite)).toBe(true);
          expect(d.Y.data.every((v) => v === 0 || v === 1)).toBe(true);
          expect(d.X.cols).toBeGreaterThanOrEqual(2);
        });
        expect(['ok', 'usage']).toContain(o);
      }),
      { numRuns: 2000 },
    );
  });
});
