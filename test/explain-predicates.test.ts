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

const X = fromData(2, 2, Float64Array.of(1, -1, 1, -1)); // RMS 1
const Y = fromData(1, 2, Float64Array.of(0, 1));
const PARAMS: Params = { W1: fromRows([[1, 0], [0, 1], [1, 1]]), b1: fromRows([[0], [0], [0]]), W2: fromRows([[1, 2, 3]]), b2: fromRows([[0]]) };

/** A 2,3,1 network record with inputs of RMS 1 and the given weights; snapshots added by the caller. */
function record(over: Partial<TrainRecord> & { config?: Partial<TrainRecord['config']> } = {}): TrainRecord {
  const { config, ...rest } = over;
  return {
    command: 'train', config: { ...DEFAULTS.train, layers: [2, 3, 1], ...config }, initFormula: 'he', initFrom: null, costs: [], curve: [], finalCost: 0.5, finalCostWithDropout: null, finalInfTerms: 0,
    accuracy: { train: 0.9, test: 0.9 }, durationMs: 1, diverged: false, nonFinite: [], divergence: null,
    data: { train: 2, test: 2, features: 2, testOnTrainingData: false },
    initial: PARAMS, params: PARAMS, split: { train: { X, Y }, test: { X, Y } },
    // He on ReLU: suited, so no comparison is measured
    initialSignal: { run: signal('he', [0.5], [null]), suited: null },
    snapshots: null, engineNotice: null, ...rest,
  };
}

/** The start of a 2,…,1 network: inputs of RMS 1, hidden layers of the given std (mean 0) and saturated shares. */
function signal(init: string, std: number[], saturated: (number | null)[]): InitialSignal {
  return { init, inputRms: 1, layers: std.map((v, i) => ({ layer: i + 1, units: 3, mean: 0, std: v, rms: v, saturated: saturated[i]! })) };
}

function layer(l: number, output: boolean, over: Partial<LayerStats> = {}): LayerStats {
  return {
    layer: l, units: output ? 1 : 3, fanIn: 2, output, init: { formula: '1', text: '1', value: 1 },
    weight: { mean: 0, std: 1, norm: 1, rms: 1 }, activation: { mean: 0, std: 1 }, beforeDropout: null, dead: output ? null : 0, distinct: output ? 1 : 3,
    grad: { dW: 1, db: 1, data: 1 }, decay: null, kept: null, maskHash: null,
    saturation: output ? { saturated: 0, saturatedShare: 0, confidentlyWrong: 0, infTerms: 0 } : null, hiddenSaturated: null,
    ...over,
  };
}
const snap = (iteration: number, hidden: Partial<LayerStats>, out: Partial<LayerStats> = {}): Snapshot =>
  ({ iteration, activation: 'relu', cost: 0.5, m: 2, lambd: 0, keepProb: 1, layers: [layer(1, false, hidden), layer(2, true, out)] });
/** Hidden layers 1..n with the given activation RMS each (std, mean 0) and weight RMS ratios to sqrt(2/2) = 1. */
const deep = (acts: number[], weightRms: number[] = acts.map(() => 1)): Snapshot => ({
  iteration: 0, activation: 'relu', cost: 0.5, m: 2, lambd: 0, keepProb: 1,
  layers: [...acts.map((a, i) => layer(i + 1, false, { activation: { mean: 0, std: a }, weight: { mean: 0, std: weightRms[i]!, norm: 1, rms: weightRms[i]! } })), layer(acts.length + 1, true)],
});
const said = (r: TrainRecord, snaps: Snapshot[] = []): string => explain(r, snaps).join(' | ');

describe('signal scale', () => {
  it('"keeps the signal\'s scale" only when every layer and the whole chain stay within a factor 2', () => {
    expect(said(record(), [snap(0, { activation: { mean: 0, std: 1.5 } })])).toMatch(/keeps the signal's scale at iteration 0: RMS 1 → 1\.5 .*each layer and the whole chain within a factor 2/);
    // counter-example: ×2.5 is beyond a factor 2, and the weights' RMS (×3 of sqrt(2/2)) explains it
    const grown = said(record(), [snap(0, { activation: { mean: 0, std: 2.5 }, weight: { mean: 0, std: 3, norm: 1, rms: 3 } })]);
    expect(grown).not.toMatch(/keeps/);
    expect(grown).toMatch(/the signal changes scale at iteration 0: RMS 1 → 2\.5 .*; it grows ×2\.5 in layer 1 \(weights of RMS 3, ×3 of sqrt\(2\/2\), too large for a ReLU layer\)/);
    // counter-example: layers each within ×2 (xavier's ×0.71), fading ×0.09 over seven of them (--init xavier, 7 hidden layers)
    const drift = said(record(), [deep([0.7, 0.49, 0.34, 0.24, 0.17, 0.12, 0.084], Array(7).fill(0.71))]);
    expect(drift).not.toMatch(/keeps the signal's scale/);
    expect(drift).toMatch(/the signal fades at iteration 0: .*×0\.084 over 7 layers \(×0\.702 per layer on average, none beyond ×2\); the weights' RMS averages ×0\.71 of sqrt\(2\/fan_in\)/);
  });

  it('shrinking and growing layers are named apart, each with its own cause (--scale "fan_in*fan_in/50")', () => {
    const s = said(record(), [deep([0.0778, 0.418], [0.0779, 5.01])]);
    expect(s).toMatch(/it shrinks ×0\.0778 in layer 1 \(weights of RMS 0\.0779, ×0\.0779 of sqrt\(2\/2\), too small for a ReLU layer\); it grows ×5\.37 in layer 2 \(weights of RMS 5\.01, ×5\.01 of sqrt\(2\/2\), too large/);
    expect(s).not.toMatch(/grows \(×0\.0778/);
  });

  it('a weight scale that does not explain the change is not named as its cause', () => {
    expect(said(record(), [snap(0, { activation: { mean: 0, std: 0.3 } })])).toMatch(/shrinks ×0\.3 in layer 1 \(not its weights' scale \(weights of RMS 1, ×1 of sqrt\(2\/2\)\)\)/);
  });

  it('dead units, not small weights, when the layer is dead (--layers 2,2,2,1)', () => {
    const s = said(record(), [snap(0, { activation: { mean: 0, std: 0 }, dead: 3, weight: { mean: 0, std: 39.2, norm: 1, rms: 39.2 } })]);
    expect(s).toMatch(/shrinks ×0 in layer 1 \(every unit of layer 1 is dead, its ReLU output 0 on every example\)/);
    expect(s).not.toMatch(/too small|too large/);
  });

  it('dropout, not the weights: its 1/keep-prob scaling, or a mask that kept nothing', () => {
    const drop = record({ config: { keepProb: 0.05 } });
    const scaled = said(drop, [snap(0, { activation: { mean: 0, std: 3.73 }, beforeDropout: { mean: 0, std: 0.8 }, kept: 0.053, maskHash: 1, weight: { mean: 0, std: 3, norm: 1, rms: 3 } })]);
    expect(scaled).toMatch(/grows ×3\.73 in layer 1 \(dropout's 1\/keep-prob scaling: the kept 5\.3% of layer 1's outputs are multiplied by 20, and the RMS before dropout is 0\.8\)/);
    expect(scaled).not.toMatch(/too large/);
    const none = said(drop, [snap(0, { activation: { mean: 0, std: 0 }, beforeDropout: { mean: 0, std: 0.8 }, kept: 0, maskHash: 1 })]);
    expect(none).toMatch(/shrinks ×0 in layer 1 \(dropout kept no unit of layer 1 \(keep-prob 0\.05\)\)/);
  });

  it('weights are measured by their RMS, which a 1×1 matrix has (its std is 0)', () => {
    const one = { units: 1, fanIn: 1, weight: { mean: 0.386, std: 0, norm: 0.386, rms: 0.386 }, activation: { mean: 0, std: 0.25 } };
    expect(said(record(), [snap(0, one)])).toMatch(/weights of RMS 0\.386, ×0\.273 of sqrt\(2\/1\), too small/);
  });

  it('"of order 1" only when the activation std is within a factor 2 of 1', () => {
    expect(said(record(), [snap(0, { activation: { mean: 0, std: 0.8 } })])).toMatch(/of order 1 \(std 0\.8 to 0\.8\)/);
    const small = record({ split: { train: { X: fromData(2, 2, Float64Array.of(0.2, -0.2, 0.2, -0.2)), Y }, test: record().split.test } });
    const s = said(small, [snap(0, { activation: { mean: 0, std: 0.15 } })]);
    expect(s).toMatch(/keeps the signal's scale/);
    expect(s).not.toMatch(/order 1/);
  });
});

describe('saturated outputs at the start, and learning slowly', () => {
  const large: Params = { ...PARAMS, W1: fromRows([[30, 0], [0, 30], [30, 30]]), W2: fromRows([[30, 60, 90]]) };
  const costs = (last: number) => [{ iteration: 0, cost: Infinity }, { iteration: 1000, cost: 0.62 }, { iteration: 2000, cost: last }];
  const moved: Params = { ...large, W2: fromRows([[31, 61, 91]]) };

  it('large weights: named with their ratio to sqrt(2/fan_in); "learn slowly" when the cost falls by less than half', () => {
    const s = said(record({ initial: large, params: moved, costs: costs(0.38), config: { iterations: 2001 } }));
    expect(s).toMatch(/the outputs start saturated \(50% within 1e-6 of 0 or 1\): the weights' RMS is beyond ×2 of sqrt\(2\/fan_in\) \(×24\.5 in layer 1 and ×79\.4 in layer 2\)\. Large weights learn slowly: .*the cost falls only from 0\.62 \(iteration 1000\) to 0\.38 \(iteration 2000\)/);
  });
  it('counter-example: a cost that falls by more than half (--scale pi learns to 97%) is not "slow"', () => {
    const s = said(record({ initial: large, params: moved, costs: costs(0.14), config: { iterations: 2001 } }));
    expect(s).toMatch(/the outputs start saturated/);
    expect(s).not.toMatch(/slowly/);
  });
  it('counter-example: a cost that rises is not said to fall (--lr 0.001)', () => {
    const s = said(record({ initial: large, params: moved, costs: costs(1.43), config: { iterations: 2001 } }));
    expect(s).not.toMatch(/slowly|falls/);
  });
  it('counter-example: few saturated outputs (two outliers, 0.66%) get no such sentence, with or without --inspect', () => {
    const r = record({ costs: costs(0.38) }); // PARAMS: outputs far from 0 and 1
    expect(said(r)).not.toMatch(/saturated|slowly/);
    expect(said(r, [snap(0, {}, { saturation: { saturated: 1, saturatedShare: 1, confidentlyWrong: 1, infTerms: 0 } })])).not.toMatch(/saturated|slowly/);
  });
  it('inputs of a large scale are named instead of weights that are not large (inputs ~1e3, He weights)', () => {
    const he: Params = { ...PARAMS, W2: fromRows([[0.5, 0.5, 0.5]]) };
    const big = record({ initial: he, params: he, split: { train: { X: fromData(2, 2, Float64Array.of(1000, -1000, 1000, -1000)), Y }, test: record().split.test }, costs: costs(0.38) });
    const s = said(big);
    expect(s).toMatch(/the outputs start saturated .*: the inputs' scale saturates them \(input RMS 1000, while every layer's weights are within ×2 of sqrt\(2\/fan_in\)\); rescale the features/);
    expect(s).not.toMatch(/large weights|slowly/i);
  });
});

describe('a cost that does not move', () => {
  const flat = [0, 1000, 2000, 3000, 4000].map((iteration) => ({ iteration, cost: iteration === 0 ? 0.9 : 0.6596576643998071 }));
  it('"stuck, not slow" when the reported cost is the same over the second half of the run', () => {
    expect(said(record({ costs: flat, config: { iterations: 5000 } }))).toMatch(/the cost stays at 0\.66 from iteration 1000 to 4000 \(it changes by less than 1e-9 relative\): training is stuck, not slow/);
  });
  it('names the dead units of the trained network when there are some', () => {
    const dead: Params = { ...PARAMS, b1: fromRows([[-10], [-10], [0]]) };
    expect(said(record({ costs: flat, params: dead, config: { iterations: 5000 } }))).toMatch(/at the end 2 of 3 units of layer 1 are dead \(ReLU output 0 on every example\), so no gradient flows through them/);
  });
  it('counter-example: a cost that still moves', () => {
    const moving = flat.map((c, i) => ({ ...c, cost: c.cost - i * 1e-6 }));
    expect(said(record({ costs: moving, config: { iterations: 5000 } }))).not.toMatch(/stuck/);
  });
});

describe('L2', () => {
  const shrunk: Params = { ...PARAMS, W1: fromRows([[0.5, 0], [0, 0.5], [0.5, 0.5]]) };
  it('"shrinks", "grows" and "stays" as the norms say, with digits enough to tell the two apart', () => {
    expect(said(record({ config: { lambd: 0.7 }, params: shrunk }))).toMatch(/Σ‖W‖ shrinks from/);
    expect(said(record({ config: { lambd: 0.7 }, initial: shrunk }))).toMatch(/Σ‖W‖ grows from/);
    expect(said(record({ config: { lambd: 0.7 } }))).toMatch(/Σ‖W‖ stays at/);
    const tiny: Params = { ...PARAMS, W2: fromRows([[1, 2, 2.9999]]) };
    expect(said(record({ config: { lambd: 0.7 }, params: tiny }))).toMatch(/Σ‖W‖ shrinks from 5\.7417 to 5\.7416/);
  });
  it('counter-example: weights that overflowed get no trend sentence ("grows to nan")', () => {
    const nan: Params = { ...PARAMS, W1: fromRows([[NaN, 0], [0, 1], [1, 1]]) };
    expect(said(record({ config: { lambd: 1e308 }, params: nan }))).not.toMatch(/Σ‖W‖/);
  });
  it('"balance" only when the decay and the data gradient nearly cancel (--lambd 5); else their norms side by side', () => {
    const l2 = record({ config: { lambd: 5 }, params: shrunk });
    const balanced = snap(100, { decay: { norm: 2 }, grad: { dW: 0.01, db: 0, data: 2 } }, { decay: { norm: 1 }, grad: { dW: 0.01, db: 0, data: 1 } });
    expect(said(l2, [balanced])).toMatch(/at iteration 100 the weight decay \(λ\/m\)·W \(norm 2\.24\) and the data's gradient \(norm 2\.24\) nearly cancel, their sum ‖dW‖ being 0\.0141: the weights sit where the two balance/);
    expect(said(l2, [balanced])).not.toMatch(/%/);
    const apart = snap(100, { decay: { norm: 2 }, grad: { dW: 3, db: 0, data: 1 } }, { decay: { norm: 1 }, grad: { dW: 1, db: 0, data: 1 } });
    expect(said(l2, [apart])).toMatch(/the weight decay \(λ\/m\)·W has norm 2\.24 against the data's gradient's 1\.41/);
    expect(said(l2, [apart])).not.toMatch(/balance/);
  });
});

describe('the other sentences', () => {
  it('symmetry only when every hidden layer collapsed to one unit; counts read right', () => {
    const same: Params = { ...PARAMS, W1: fromRows([[0, 0], [0, 0], [0, 0]]) };
    expect(said(record({ initial: same, params: same }))).toMatch(/all 3 units of layer 1 stay identical/);
    expect(said(record())).not.toMatch(/symmetry/);
    const one = snap(0, { distinct: 1 });
    expect(said(record({ initial: same, params: same }), [one])).toMatch(/stay identical at the one reported iteration/);
    const two = { ...one, layers: [layer(1, false, { units: 2, distinct: 1 }), layer(2, true)] };
    expect(said(record({ initial: same, params: same, config: { layers: [2, 2, 1] } }), [two, two])).toMatch(/^both units of layer 1 stay identical at all 2 reported iterations/);
    // one output for every example, though its std is a rounding above 0 (regularize --init zeros)
    const flat = snap(0, { distinct: 1 }, { activation: { mean: 0.4976, std: 5.6e-17 } });
    expect(said(record({ initial: same, params: same }), [flat])).toMatch(/its output is the same for every example, so it predicts one class/);
    const varied = snap(0, { distinct: 1 }, { activation: { mean: 0.4976, std: 0.01 } });
    expect(said(record({ initial: same, params: same }), [varied])).toMatch(/each layer acts as a single unit/);
  });
  it('dead units only when at least half of a layer is 0 on every example, before dropout', () => {
    expect(said(record(), [snap(0, { dead: 2 })])).toMatch(/2 of 3 units of layer 1 are dead/);
    expect(said(record(), [snap(0, { dead: 1 })])).not.toMatch(/dead/);
    // counter-example: units zeroed by dropout (--keep-prob 1e-300) are not dead
    expect(said(record({ config: { keepProb: 1e-300 } }), [snap(0, { dead: 0, kept: 0, maskHash: 1, activation: { mean: 0, std: 0 } })])).not.toMatch(/are dead/);
  });
  it('dropout: "match" or "differ from" keep-prob as a binomial draw of units × examples says', () => {
    // 3 units × 1000 examples: a fair mask's kept share has standard deviation sqrt(0.8·0.2/3000) = 0.0073
    const wide = (kept: number): Snapshot => ({ ...snap(0, { kept, maskHash: 1 }), m: 1000 });
    const drop = record({ config: { keepProb: 0.8 } });
    expect(said(drop, [wide(0.79)])).toMatch(/kept fractions 0\.79 in the hidden layers match keep-prob 0\.8 \(within 4 binomial standard deviations\)/);
    expect(said(drop, [wide(0.6)])).toMatch(/differ from keep-prob 0\.8 \(beyond 4 binomial standard deviations\)/);
    // counter-example: 0.05 is within 0.05 of keep-prob 0.003, yet 17 times it (sd 0.001)
    expect(said(record({ config: { keepProb: 0.003 } }), [wide(0.05)])).toMatch(/kept fractions 0\.05 in the hidden layers differ from keep-prob 0\.003/);
    // with 2 examples the same 0.6 is within what a draw of 6 entries gives (sd 0.163)
    expect(said(drop, [snap(0, { kept: 0.6, maskHash: 1 })])).toMatch(/match keep-prob 0\.8/);
  });
  it('inf cost traced to outputs exactly 0 or 1 on the wrong side; the same numbers as the --inspect table', () => {
    const sat: Params = { ...PARAMS, W2: fromRows([[-1000, -1000, -1000]]), b2: fromRows([[-1000]]) }; // a = 0 for both examples, one with y = 1
    const inf = record({ initial: sat, costs: [{ iteration: 0, cost: Infinity }, { iteration: 1000, cost: 0.6 }] });
    expect(said(inf)).toMatch(/^at iteration 0, 100% of outputs are saturated \(within 1e-6 of 0 or 1\), 1 of them on the wrong side; 1 output is exactly 0 or 1 on the wrong side, which makes the cost inf through −log\(0\); it is finite from iteration 1000 on \(0\.6\)/);
    // counter-example: no output exactly on the wrong side
    expect(said(record({ costs: [{ iteration: 0, cost: Infinity }, { iteration: 1000, cost: 0.6 }] }))).toMatch(/^the cost is inf at iteration 0; it is finite from iteration 1000 on/);
  });
  it('the inf cost is traced on the densest costs recorded: the drawn curve, not only the reported ones', () => {
    const costs = [{ iteration: 0, cost: Infinity }, { iteration: 1000, cost: 0.624 }];
    const curve = [{ iteration: 0, cost: Infinity }, { iteration: 75, cost: Infinity }, { iteration: 150, cost: 8.95 }, { iteration: 225, cost: 5 }];
    expect(said(record({ costs, curve }))).toMatch(/it is finite from iteration 150 on \(8\.95\)/);
    // counter-example: a record without a curve has only its reported costs
    expect(said(record({ costs }))).toMatch(/it is finite from iteration 1000 on \(0\.624\)/);
  });
  it('an inf final cost without dropout is explained (an output exactly 0 or 1 on the wrong side), with the masked cost beside it', () => {
    const inf = { finalCost: Infinity, finalCostWithDropout: 0.0873, finalInfTerms: 1, config: { keepProb: 0.86 } };
    expect(said(record(inf))).toMatch(/^the final cost without dropout is inf: 1 training output of the network without dropout is exactly 0 or 1 on the wrong side, which makes the cost inf through −log\(0\); under the dropout mask it is 0\.0873\./);
    // counter-examples: a finite final cost, and no output on the wrong side (nan) say no such thing
    expect(said(record({ ...inf, finalCost: 0.66 }))).not.toMatch(/final cost without dropout/);
    expect(said(record({ ...inf, finalCost: NaN, finalInfTerms: 0 }))).toMatch(/^the final cost without dropout is nan; under the dropout mask it is 0\.0873\./);
  });
  it('"finite from iteration X on" only when it stays finite (--init random --lr 0.003 --seed 3)', () => {
    const back = [{ iteration: 0, cost: Infinity }, { iteration: 500, cost: 1.69 }, { iteration: 800, cost: Infinity }, { iteration: 900, cost: 1.2 }];
    const s = said(record({ costs: back }));
    expect(s).toMatch(/it is finite at iteration 500 \(1\.69\) but inf again at iteration 800/);
    expect(s).not.toMatch(/from iteration 500 on/);
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
