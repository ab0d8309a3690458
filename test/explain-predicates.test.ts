// Each explanation sentence is said only when its premise holds in the numbers it cites:
// every rule is fed a record where the premise holds and a counter-example where it does not.
import { describe, expect, it } from 'vitest';
import { explain } from '../src/experiments/explain.js';
import { DEFAULTS } from '../src/experiments/settings.js';
import type { TrainRecord } from '../src/experiments/train.js';
import { fromData, fromRows } from '../src/linalg/matrix.js';
import type { LayerStats, Snapshot } from '../src/nn/inspect.js';
import type { InitialSignal } from '../src/nn/initialSignal.js';
import type { Params } from '../src/nn/params.js';

/** A 2,3,1 network record with inputs of RMS 1 and the given weights; snapshots added by the caller. */
function record(over: Partial<TrainRecord> & { config?: Partial<TrainRecord['config']> } = {}): TrainRecord {
  const X = fromData(2, 2, Float64Array.of(1, -1, 1, -1)); // RMS 1
  const params: Params = { W1: fromRows([[1, 0], [0, 1], [1, 1]]), b1: fromRows([[0], [0], [0]]), W2: fromRows([[1, 2, 3]]), b2: fromRows([[0]]) };
  const { config, ...rest } = over;
  return {
    command: 'train', config: { ...DEFAULTS.train, layers: [2, 3, 1], ...config }, initFormula: 'he', initFrom: null, costs: [], finalCost: 0.5,
    accuracy: { train: 0.9, test: 0.9 }, durationMs: 1, diverged: false, divergence: null,
    data: { train: 2, test: 2, features: 2, testOnTrainingData: false },
    initial: params, params, split: { train: { X, Y: fromData(1, 2, Float64Array.of(0, 1)) }, test: { X, Y: fromData(1, 2, Float64Array.of(0, 1)) } },
    // He on ReLU: suited, so no comparison is measured
    initialSignal: { run: signal('he', [0.5], [null]), suited: null },
    snapshots: null, ...rest,
  };
}

/** The start of a 2,…,1 network: inputs of RMS 1, hidden layers of the given std (mean 0) and saturated shares. */
function signal(init: string, std: number[], saturated: (number | null)[]): InitialSignal {
  return { init, inputRms: 1, layers: std.map((v, i) => ({ layer: i + 1, units: 3, mean: 0, std: v, rms: v, saturated: saturated[i]! })) };
}

function layer(l: number, output: boolean, over: Partial<LayerStats> = {}): LayerStats {
  return {
    layer: l, units: output ? 1 : 3, fanIn: 2, output, init: { formula: '1', text: '1', value: 1 },
    weight: { mean: 0, std: 1, norm: 1 }, activation: { mean: 0, std: 1 }, dead: output ? null : 0, distinct: output ? 1 : 3,
    grad: { dW: 1, db: 1 }, decay: null, kept: null, maskHash: null, saturation: output ? { saturated: 0, saturatedShare: 0, confidentlyWrong: 0, infTerms: 0 } : null, hiddenSaturated: null,
    ...over,
  };
}
const snap = (iteration: number, hidden: Partial<LayerStats>, out: Partial<LayerStats> = {}): Snapshot =>
  ({ iteration, cost: 0.5, m: 2, lambd: 0, keepProb: 1, layers: [layer(1, false, hidden), layer(2, true, out)] });
const said = (r: TrainRecord, snaps: Snapshot[] = []): string => explain(r, snaps).join(' | ');

describe('signal scale', () => {
  it('"keeps the signal\'s scale" only when every layer is within a factor 2 of its input', () => {
    expect(said(record(), [snap(0, { activation: { mean: 0, std: 1.5 } })])).toMatch(/keeps the signal's scale at iteration 0: RMS 1 → 1\.5/);
    // counter-example: ×2.5 is beyond a factor 2
    expect(said(record(), [snap(0, { activation: { mean: 0, std: 2.5 } })])).not.toMatch(/keeps/);
    expect(said(record(), [snap(0, { activation: { mean: 0, std: 2.5 } })])).toMatch(/the signal grows at iteration 0: RMS 1 → 2\.5 .*\(×2\.5 in layer 1\)/);
    expect(said(record(), [snap(0, { activation: { mean: 0, std: 0.3 } })])).toMatch(/the signal fades .*×0\.3 in layer 1/);
  });

  it('"of order 1" only when the activation std is within a factor 2 of 1', () => {
    expect(said(record(), [snap(0, { activation: { mean: 0, std: 0.8 } })])).toMatch(/of order 1 \(std 0\.8 to 0\.8\)/);
    // counter-example: the regularization run's 0.15: kept from its small inputs, but not of order 1
    const small = record({ split: { train: { X: fromData(2, 2, Float64Array.of(0.2, -0.2, 0.2, -0.2)), Y: fromData(1, 2, Float64Array.of(0, 1)) }, test: record().split.test } });
    const s = said(small, [snap(0, { activation: { mean: 0, std: 0.15 } })]);
    expect(s).toMatch(/keeps the signal's scale/);
    expect(s).not.toMatch(/order 1/);
  });
});

describe('large weights learn slowly', () => {
  const saturated = { saturation: { saturated: 2, saturatedShare: 1, confidentlyWrong: 1, infTerms: 0 } };
  const costs = (last: number) => [{ iteration: 0, cost: Infinity }, { iteration: 1000, cost: 0.62 }, { iteration: 2000, cost: last }];
  it('said when the outputs start saturated, the weights barely move and the cost falls by less than half', () => {
    expect(said(record({ costs: costs(0.38) }), [snap(0, {}, saturated)])).toMatch(/large weights learn slowly: .*the cost falls only from 0\.62 \(iteration 1000\) to 0\.38 \(iteration 2000\)/);
  });
  it('counter-example: a cost that falls by more than half (the --scale pi run learns to 97%) gets no such sentence', () => {
    expect(said(record({ costs: costs(0.14) }), [snap(0, {}, saturated)])).not.toMatch(/slowly/);
  });
  it('counter-example: outputs not saturated at the start', () => {
    expect(said(record({ costs: [{ iteration: 0, cost: 0.7 }, { iteration: 1000, cost: 0.69 }] }), [snap(0, {})])).not.toMatch(/slowly/);
  });
});

describe('L2', () => {
  const shrunk: Params = { ...record().params, W1: fromRows([[0.5, 0], [0, 0.5], [0.5, 0.5]]) };
  it('"shrinks", "grows" and "stays" as the norms say', () => {
    expect(said(record({ config: { lambd: 0.7 }, params: shrunk }))).toMatch(/Σ‖W‖ shrinks from/);
    expect(said(record({ config: { lambd: 0.7 }, initial: shrunk }))).toMatch(/Σ‖W‖ grows from/);
    expect(said(record({ config: { lambd: 0.7 } }))).toMatch(/Σ‖W‖ stays at/);
  });
  it('counter-example: weights that overflowed get no trend sentence ("grows to nan")', () => {
    const nan: Params = { ...record().params, W1: fromRows([[NaN, 0], [0, 1], [1, 1]]) };
    expect(said(record({ config: { lambd: 1e308 }, params: nan }))).not.toMatch(/Σ‖W‖/);
  });
});

describe('the other sentences', () => {
  it('symmetry only when every hidden layer collapsed to one unit', () => {
    const same: Params = { ...record().params, W1: fromRows([[0, 0], [0, 0], [0, 0]]) };
    expect(said(record({ initial: same, params: same }))).toMatch(/all 3 units of layer 1 stay identical/);
    expect(said(record())).not.toMatch(/symmetry/);
  });
  it('dead units only when at least half of a layer is 0 on every example', () => {
    expect(said(record(), [snap(0, { dead: 2 })])).toMatch(/2 of 3 units of layer 1 are dead/);
    expect(said(record(), [snap(0, { dead: 1 })])).not.toMatch(/dead/);
  });
  it('dropout: "match" or "differ from" keep-prob as the kept fractions say', () => {
    const drop = record({ config: { keepProb: 0.8 } });
    expect(said(drop, [snap(0, { kept: 0.79, maskHash: 1 })])).toMatch(/match keep-prob 0\.8/);
    expect(said(drop, [snap(0, { kept: 0.6, maskHash: 1 })])).toMatch(/differ from keep-prob 0\.8/);
  });
  it('inf cost traced to confidently wrong outputs only when some output is exactly on the wrong side', () => {
    const inf = record({ costs: [{ iteration: 0, cost: Infinity }, { iteration: 1000, cost: 0.6 }] });
    expect(said(inf, [snap(0, {}, { saturation: { saturated: 2, saturatedShare: 1, confidentlyWrong: 1, infTerms: 1 } })])).toMatch(/1 example is confidently wrong/);
    expect(said(inf, [snap(0, {}, { saturation: { saturated: 0, saturatedShare: 0, confidentlyWrong: 0, infTerms: 0 } })])).toMatch(/^the cost is inf at iteration 0; it is finite from iteration 1000 on/);
  });
});

describe('initialization advice that knows the activation', () => {
  const tanh = (init: 'he' | 'xavier' | 'random', over: Partial<TrainRecord> = {}) => record({ config: { activation: 'tanh', init }, ...over });
  it('tanh with an init meant for ReLU: said when its activations start more saturated than under xavier', () => {
    const r = tanh('he', { initialSignal: { run: signal('he', [0.6, 0.55], [0.0217, 0.0427]), suited: signal('xavier', [0.49, 0.41], [0, 0]) } });
    expect(said(r)).toMatch(/^with tanh hidden layers, he \(W ~ N\(0,1\)·sqrt\(2\/fan_in\)\) starts with 2\.17% of layer 1's and 4\.27% of layer 2's activations saturated .*xavier \(W ~ N\(0,1\)\/sqrt\(fan_in\)\), suited to tanh, with 0% and 0% \(std 0\.49 and 0\.41\) from the same seed\.$/);
  });
  it('counter-example: xavier would saturate as many, so nothing is advised', () => {
    const r = tanh('he', { initialSignal: { run: signal('he', [0.6], [0.02]), suited: signal('xavier', [0.5], [0.02]) } });
    expect(said(r)).not.toMatch(/suited to tanh|suits/);
  });
  it('a suited init "suits" tanh only when no hidden layer has more than 1% saturated', () => {
    expect(said(tanh('xavier', { initialSignal: { run: signal('xavier', [0.49, 0.41], [0, 0]), suited: null } })))
      .toMatch(/^xavier \(W ~ N\(0,1\)\/sqrt\(fan_in\)\) suits tanh: at the start no hidden activation is saturated .*std 0\.49 and 0\.41 in layers 1 and 2\.$/);
    // counter-example: xavier on inputs large enough to saturate it
    expect(said(tanh('xavier', { initialSignal: { run: signal('xavier', [0.9], [0.3]), suited: null } }))).not.toMatch(/suits/);
  });
  it('ReLU with another init than He: said when its signal drifts further from layer to layer than under He', () => {
    const r = record({ config: { init: 'xavier' }, initialSignal: { run: signal('xavier', [0.44, 0.38], [null, null]), suited: signal('he', [0.97, 1.2], [null, null]) } });
    expect(said(r)).toMatch(/^with ReLU hidden layers, xavier .* scales the signal by ×0\.44 and ×0\.864 at the start \(RMS 1 → 0\.44 → 0\.38\); he .*, suited to ReLU, by ×0\.97 and ×1\.24/);
    // counter-example: He drifts more here
    const worse = record({ config: { init: 'xavier' }, initialSignal: { run: signal('xavier', [0.9, 0.8], [null, null]), suited: signal('he', [2.5, 6], [null, null]) } });
    expect(said(worse)).not.toMatch(/suited to ReLU/);
  });
  it('counter-example: parameters loaded from a model (--init-from) were drawn by no init', () => {
    const from = { path: 'm.json', kind: 'nnlab-model' as const, trained: null, differs: [] };
    const r = tanh('he', { initFrom: from, initialSignal: { run: signal('from m.json', [0.49, 0.41], [0, 0]), suited: null } });
    expect(said(r)).not.toMatch(/suited|suits/);
  });
  it('counter-example: zeros draws nothing; symmetry is what it shows', () => {
    const zeros: Params = { ...record().params, W1: fromRows([[0, 0], [0, 0], [0, 0]]), W2: fromRows([[0, 0, 0]]) };
    const r = record({ config: { init: 'zeros', activation: 'tanh' }, initial: zeros, params: zeros,
      initialSignal: { run: signal('zeros', [0], [0]), suited: signal('xavier', [0.5], [0]) } });
    expect(said(r)).not.toMatch(/suited|suits/);
  });
});
