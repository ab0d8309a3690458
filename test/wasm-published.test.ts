// The course's published figures through train(), on the default engine (native where built, else wasm).
import { describe, expect, it } from 'vitest';
import { loadSplit } from '../src/data/registry.js';
import { BENCH_EXPERIMENTS, experimentSettings } from '../src/experiments/bench.js';
import { PUBLISHED_RANDOM_PREDICTIONS } from '../src/experiments/published.js';
import { isChaotic, publishedRunFigures } from '../src/experiments/reproduce.js';
import { predictLabels } from '../src/nn/predict.js';
import { train } from '../src/nn/train.js';
import { defaultEngineName } from '../src/nn/engines.js';
import { native } from '../src/native/addon.js';
import { wasmModule } from '../src/nn/wasmEngine.js';

describe(`published figures on the default engine (${defaultEngineName()})`, () => {
  it('has its kernels', () => expect(defaultEngineName() === 'native' ? native.addon : wasmModule).not.toBeNull());

  for (const name of BENCH_EXPERIMENTS) {
    it(name, () => {
      const { dataset, settings } = experimentSettings(name);
      const split = loadSplit(dataset);
      const r = train(split, settings);
      expect(r.engine.name).toBe(defaultEngineName());
      const figures = publishedRunFigures(name, r.costs, r.accuracy)!;
      // Chaotic runs' costs are judged against the measured spread in reproduce's tests; everything else matches here.
      for (const f of figures.filter((x) => !(isChaotic(name) && x.label.startsWith('cost')))) expect([f.source, f.label, f.match]).toEqual([f.source, f.label, true]);
      if (name === 'init-random') {
        expect(predictLabels(r.params, settings.layers, split.train.X, 'relu').join('')).toBe(PUBLISHED_RANDOM_PREDICTIONS.train);
        expect(predictLabels(r.params, settings.layers, split.test.X, 'relu').join('')).toBe(PUBLISHED_RANDOM_PREDICTIONS.test);
      }
    });
  }
});
