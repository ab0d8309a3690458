// "Dead" is said only of units that can die: ReLU units 0 on every example (slope 0 there too).
// A unit with Z ≤ 0 on every example is dead under ReLU, but alive under leaky ReLU, tanh and sigmoid.
import { beforeAll, describe, expect, it } from 'vitest';
import { renderInspect } from '../src/cli/render/inspect.js';
import { loadSplit } from '../src/data/registry.js';
import type { Split } from '../src/data/dataset.js';
import { explain } from '../src/experiments/explain.js';
import { DEFAULTS, type RunConfig } from '../src/experiments/settings.js';
import { runTraining, type TrainRecord } from '../src/experiments/train.js';
import { fromRows } from '../src/linalg/matrix.js';
import { ACTIVATION_NAMES, ACTIVATIONS } from '../src/nn/activations.js';
import { forwardStats, moments } from '../src/nn/inspect.js';

let circles: Split;
const course = DEFAULTS.train;
const train = (config: Partial<RunConfig>): Promise<TrainRecord> => runTraining('train', { ...course, ...config }, { split: circles, inspect: true });

beforeAll(() => {
  circles = loadSplit('circles');
});

describe('dead units', () => {
  // Unit 1 has Z = −5 on both examples, unit 2 has Z = +1: ReLU kills unit 1, no other activation does.
  const params = {
    W1: fromRows([[0, 0], [0, 0]]), b1: fromRows([[-5], [1]]),
    W2: fromRows([[1, 1]]), b2: fromRows([[0]]),
  };
  const X = fromRows([[1, 2], [3, 4]]);
  const Y = fromRows([[0, 1]]);

  it('are counted for ReLU only; other activations report none (null), even with Z ≤ 0 everywhere', () => {
    expect(forwardStats(params, [2, 2, 1], X, Y, 'relu').dead).toEqual([1]);
    for (const a of ACTIVATION_NAMES.filter((n) => n !== 'relu')) {
      expect(ACTIVATIONS[a].canDie).toBe(false);
      expect(forwardStats(params, [2, 2, 1], X, Y, a).dead).toBeNull();
    }
  });

  it('a sigmoid run shows no dead count, its footnote and sentences never say dead', async () => {
    const r = await train({ activation: 'sigmoid', iterations: 3000 });
    const snaps = r.snapshots!;
    expect(snaps.flatMap((s) => s.layers.map((l) => l.dead))).toEqual(snaps.flatMap((s) => s.layers.map(() => null)));
    const text = renderInspect(snaps);
    expect(text).toMatch(/dead is blank: a sigmoid unit's output and slope a\(1 − a\) are never\s+0/);
    expect(text).not.toMatch(/dead =/);
    expect(explain(r, snaps).join(' ')).not.toMatch(/dead/);
  });

  it('a ReLU run keeps its dead count and says what it is', async () => {
    const r = await train({ init: 'zeros', iterations: 3000 });
    const last = r.snapshots![r.snapshots!.length - 1]!;
    expect(last.layers.map((l) => l.dead)).toEqual([10, 5, null]);
    expect(renderInspect(r.snapshots!)).toMatch(/dead = ReLU units whose output is 0 on every example/);
    expect(explain(r, r.snapshots!).join(' ')).toMatch(/are dead \(ReLU output 0 on every example\)/);
  });

  it('a stuck tanh run from zeros names its measured cause (all weights 0, symmetry), not dead units', async () => {
    const r = await train({ activation: 'tanh', init: 'zeros', iterations: 3000 });
    const said = explain(r, r.snapshots!).join(' ');
    expect(said).toMatch(/training is stuck, not slow; every weight is still exactly 0 at the end, so the units of each layer stay identical \(symmetry\); W3 = 0 passes no gradient back to the hidden layers, and layer 2's output is 0 on every example \(tanh\(0\) = 0\), so dW3 is 0 too/);
    expect(said).not.toMatch(/dead/);
    expect(renderInspect(r.snapshots!)).toMatch(/dead is blank: a tanh unit is steepest where its output is 0/);
  });

  it('before dropout, a tanh layer reports tanh(Z), not relu(Z)', async () => {
    const r = await train({ activation: 'tanh', init: 'xavier', keepProb: 0.5, iterations: 1 });
    const W1 = r.initial['W1']!;
    const b1 = r.initial['b1']!;
    const Xd = circles.train.X;
    const m = Xd.cols;
    const g = new Float64Array(W1.rows * m);
    for (let i = 0; i < W1.rows; i++) {
      for (let j = 0; j < m; j++) g[i * m + j] = Math.tanh(W1.data[i * 2]! * Xd.data[j]! + W1.data[i * 2 + 1]! * Xd.data[m + j]! + b1.data[i]!);
    }
    const got = r.snapshots![0]!.layers[0]!.beforeDropout!;
    const want = moments(g);
    const relu = moments(g.map((v) => Math.max(v, 0)));
    expect(Math.abs(relu.mean - want.mean)).toBeGreaterThan(0.1);
    expect(got.mean).toBeCloseTo(want.mean, 12);
    expect(got.std).toBeCloseTo(want.std, 12);
  });
});
