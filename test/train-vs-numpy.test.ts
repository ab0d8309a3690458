// Settings beyond the course's, against numpy doing the same computation (tools/gen_train_fixtures.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSplit } from '../src/data/registry.js';
import { createTsEngine } from '../src/nn/engine.js';
import type { InitName } from '../src/nn/init.js';
import { train } from '../src/nn/train.js';
import { fixture } from './helpers/cli.js';

interface Run {
  dataset: string; layers: number[]; init: InitName; seed: number; lr: number; iterations: number; printEvery: number;
  lambd: number; keepProb: number; costs: { iteration: number; cost: number }[]; accuracy: { train: number; test: number };
}
const { runs } = JSON.parse(readFileSync(fixture('train.json'), 'utf8')) as { runs: Run[] };

describe('training agrees with numpy beyond the course settings', () => {
  for (const r of runs) {
    const name = `${r.dataset} ${r.layers.join(',')} ${r.init} seed ${r.seed} lr ${r.lr} λ ${r.lambd} keep ${r.keepProb}`;
    for (const [engine, makeEngine] of [['default', undefined], ['ts', createTsEngine]] as const) {
      it(`${name} (${engine} engine)`, () => {
        const got = train(loadSplit(r.dataset), { ...r, dropoutMasks: 'course', activation: 'relu' }, {}, makeEngine);
        expect(got.costs.map((c) => c.iteration)).toEqual(r.costs.map((c) => c.iteration));
        got.costs.forEach((c, i) => expect(Math.abs(c.cost - r.costs[i]!.cost)).toBeLessThanOrEqual(1e-9 * Math.abs(r.costs[i]!.cost)));
        expect(got.accuracy).toEqual(r.accuracy);
      });
    }
  }
});
