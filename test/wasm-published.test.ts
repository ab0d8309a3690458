// The course's published figures through train(), which runs on the wasm engine by default.
import { describe, expect, it } from 'vitest';
import { loadSplit } from '../src/data/registry.js';
import { BENCH_EXPERIMENTS, experimentSettings } from '../src/experiments/bench.js';
import { PUBLISHED_RUNS } from '../src/experiments/published.js';
import { train } from '../src/nn/train.js';
import { wasmModule } from '../src/nn/wasmEngine.js';

describe('published figures on the default (wasm) engine', () => {
  it('runs on wasm', () => expect(wasmModule).not.toBeNull());

  for (const name of BENCH_EXPERIMENTS) {
    it(name, () => {
      const { dataset, settings } = experimentSettings(name);
      const published = PUBLISHED_RUNS[name]!;
      const r = train(loadSplit(dataset), settings);
      for (const [it, want] of Object.entries(published.costs)) {
        const got = r.costs.find((c) => c.iteration === Number(it))?.cost;
        if (want === 'inf') expect(got, `cost @ ${it}`).toBe(Infinity);
        else expect(Math.abs(got! - want), `cost @ ${it}: ${got} vs ${want}`).toBeLessThanOrEqual(published.costTolerance * Math.abs(want));
      }
      expect(r.accuracy).toEqual(published.accuracy);
    });
  }
});
