// "final cost" is the cost of the trained parameters: what the run would report one iteration later.
import { describe, expect, it } from 'vitest';
import { loadSplit } from '../src/data/registry.js';
import { crossEntropy, l2Penalty } from '../src/nn/cost.js';
import { createTsEngine } from '../src/nn/engine.js';
import { predictProba } from '../src/nn/predict.js';
import { train, type TrainSettings } from '../src/nn/train.js';
import { createWasmEngine } from '../src/nn/wasmEngine.js';
import { nnlab } from './helpers/cli.js';

const circles = loadSplit('circles');
const football = loadSplit('football');
const he: TrainSettings = { layers: [2, 10, 5, 1], init: 'he', seed: 3, lr: 0.01, iterations: 300, printEvery: 100, lambd: 0, keepProb: 1, dropoutMasks: 'course', activation: 'relu' };
const reg: TrainSettings = { ...he, layers: [2, 20, 3, 1], init: 'xavier', lr: 0.3 };

const cases: [string, typeof circles, TrainSettings][] = [
  ['he on circles', circles, he],
  ['L2', football, { ...reg, lambd: 0.7 }],
  ['dropout, course masks', football, { ...reg, keepProb: 0.86 }],
  ['dropout, fresh masks', football, { ...reg, keepProb: 0.86, dropoutMasks: 'fresh' }],
  ['no iterations: the initial parameters', circles, { ...he, iterations: 0 }],
];

describe('final cost', () => {
  for (const [engineName, engine] of [['ts', createTsEngine], ['wasm', createWasmEngine]] as const) {
    for (const [name, split, s] of cases) {
      it(`${engineName}, ${name}: equals the cost a run one iteration longer reports at its end`, () => {
        const run = train(split, s, {}, engine);
        const longer = train(split, { ...s, iterations: s.iterations + 1, printEvery: Math.max(1, s.iterations) }, {}, engine);
        const reported = longer.costs[longer.costs.length - 1]!;
        expect(reported.iteration).toBe(s.iterations);
        // with dropout, the reported costs are under the mask: finalCostWithDropout is the one to compare
        const underMask = s.keepProb < 1 ? run.finalCostWithDropout : run.finalCost;
        expect(underMask).toBe(reported.cost);
        // ...and is not the last reported cost of the run itself (a counter-example to that reading)
        if (s.iterations > 0) expect(underMask).not.toBe(run.costs[run.costs.length - 1]!.cost);
        // finalCost is the trained network's cost without dropout, as it predicts
        const m = split.train.X.cols;
        expect(run.finalCost).toBe(crossEntropy(predictProba(run.params, s.layers, split.train.X, 'relu'), split.train.Y) + l2Penalty(run.params, s.layers, s.lambd, m));
        if (s.keepProb === 1) expect(run.finalCostWithDropout).toBeNull();
      });
    }
  }

  it('sweep regularize --lambd 0.7: finalCost is the iteration-30000 cost of the same run', () => {
    const sweep = JSON.parse(nnlab(['sweep', 'regularize', '--lambd', '0.7', '--json']).stdout);
    const run = JSON.parse(nnlab(['regularize', '--lambd', '0.7', '--iterations', '30001', '--print-every', '30000', '--json']).stdout);
    expect(run.costs[1].iteration).toBe(30000);
    expect(sweep.variants[0].finalCost.mean).toBe(run.costs[1].cost);
    expect(sweep.runs[0].finalCost).toBe(run.costs[1].cost);
    // the last reported cost (iteration 20000) stays in the costs table, and differs
    const last = sweep.runs[0].costs.at(-1);
    expect(last.iteration).toBe(20000);
    expect(sweep.runs[0].finalCost).not.toBe(last.cost);
  });

  it('train and regularize print it, and their JSON holds it', () => {
    const human = nnlab(['train', '--iterations', '1000']);
    const json = JSON.parse(nnlab(['train', '--iterations', '1000', '--json']).stdout);
    expect(human.stdout).toContain(`final cost     ${json.finalCost} (after the last update, iteration 1000)`);
    expect(json.finalCost).not.toBe(json.costs.at(-1).cost);
  });
});

describe('final cost with dropout: both costs, each labelled', () => {
  it('regularize --keep-prob 0.86: the cost without dropout, and the one under the mask the costs use', () => {
    const j = JSON.parse(nnlab(['regularize', '--keep-prob', '0.86', '--iterations', '3000', '--json']).stdout);
    expect(j.finalCostWithDropout).toBeLessThan(j.finalCost); // the course's fixed mask fits the data it trained on
    const human = nnlab(['regularize', '--keep-prob', '0.86', '--iterations', '3000']).stdout;
    expect(human).toContain(`final cost     ${j.finalCost} without dropout, as the network predicts`);
    expect(human).toContain(`  with dropout ${j.finalCostWithDropout} under the mask the costs above use`);
    expect(human).toMatch(/│ iteration │ cost, with dropout/);
    // counter-example: without dropout, one final cost and no mask
    const plain = nnlab(['regularize', '--iterations', '3000']).stdout;
    expect(plain).not.toMatch(/with dropout/);
  });

  it('--iterations 0: no update ran, and the line says so', () => {
    expect(nnlab(['train', '--iterations', '0']).stdout).toMatch(/^final cost {5}0\.8830537463419761 \(no update ran: the initial parameters\)$/m);
  });
});
