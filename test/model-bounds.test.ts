// Work on a given model is bounded before it starts, as a run is: predict and eval hold their memory
// estimate against what the process may have, and a gradient check its work against a limit, naming
// the --examples that would fit.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWork } from '../src/gradcheck/network.js';
import { passBytes } from '../src/experiments/memory.js';
import { boundaryGrid } from '../src/plots/boundary.js';
import { MAX_GRADCHECK_WORK } from '../src/limits.js';
import { nnlab, nnlabLimited, refused } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-model-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 2,1000000,1 in zeros: 12 MB of JSON, 4 000 001 parameters (under the model limit); its activations
// on circles' 300 examples alone are 2.4 GB.
const wide = join(dir, 'wide.json');
const n = 1_000_000;
writeFileSync(wide, `{"W1":[${Array<string>(n).fill('[0,0]').join(',')}],"b1":[${Array<string>(n).fill('[0]').join(',')}],"W2":[[${Array<number>(n).fill(0).join(',')}]],"b2":[[0]]}`);

// 2 GiB of address space and 60 CPU seconds: allocating the buffers, or running the check, would fail.
const bounded = { kib: 2_000_000, cpuSeconds: 60 };
const LIMIT = /; (the address-space limit \(ulimit -v\) leaves|[\d.]+ \w+ is available on this machine)/;

describe('predict and eval: the memory estimate, before the pass', () => {
  it('predict', () => {
    const r = nnlabLimited(bounded, ['predict', '--model', wide, '--dataset', 'circles']);
    refused(r, /^nnlab: predict with layers 2,1000000,1 on 300 examples needs about 2\.3 GiB of memory; /);
    expect(r.stderr).toMatch(LIMIT);
  });
  it('eval --grads: the backward pass too', () => {
    const r = nnlabLimited(bounded, ['eval', '--grads', '--model', wide, '--dataset', 'circles']);
    refused(r, /^nnlab: eval --grads with layers 2,1000000,1 on 300 examples needs about 6\.86 GiB of memory; /);
  });
  it('the estimate grows with the examples and the units, and the backward pass needs more than the forward', () => {
    expect(passBytes([2, 1000, 1], 600, 'forward')).toBeCloseTo(2 * passBytes([2, 1000, 1], 300, 'forward'), -3);
    expect(passBytes([2, 1000, 1], 300, 'backward')).toBeGreaterThan(3 * passBytes([2, 1000, 1], 300, 'forward'));
    expect(passBytes([2, 1000, 1], 300, 'forward')).toBe(8 * 1001 * 300 + 9 * 300);
  });
});

describe('decision regions of a wide model: the grid goes through the network in blocks', () => {
  it('predict --boundary with 100 000 hidden units (the 3600 grid points at once would be 2.9 GB)', () => {
    const k = 100_000;
    const p = join(dir, 'wide100k.json');
    writeFileSync(p, `{"W1":[${Array<string>(k).fill('[0.5,-0.5]').join(',')}],"b1":[${Array<string>(k).fill('[0]').join(',')}],"W2":[[${Array<number>(k).fill(0.001).join(',')}]],"b2":[[0]]}`);
    const r = nnlabLimited(bounded, ['predict', '--model', p, '--dataset', 'circles', '--boundary']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/predicted 1 for \d+ of 300 examples/);
  });
  it('in blocks or at once, the same grid', () => {
    const predict = (X: { cols: number; data: Float64Array }) => Float64Array.from({ length: X.cols }, (_, j) => (X.data[j]! * X.data[X.cols + j]! > 0 ? 0.9 : 0.1));
    const bounds = { x1: [-1, 2] as [number, number], x2: [-3, 1] as [number, number] };
    const whole = boundaryGrid(predict, bounds, 37);
    for (const block of [1, 5, 36, 37, 100, 1368, 1369]) expect(boundaryGrid(predict, bounds, 37, block)).toEqual(whole);
  });
});

describe('gradient checks of a network: the work, before training or checking', () => {
  it('--case model with 2,100,100,1 on 300 examples: refused at once, with the --examples that fit', () => {
    const r = nnlabLimited(bounded, ['gradcheck', '--case', 'model', '--layers', '2,100,100,1', '--after', '100000']);
    refused(r, /^nnlab: gradcheck of layers 2,100,100,1 \(10501 parameters\) on 300 examples is about 2\.6e11 multiply-adds, 4 to 8 forward passes per parameter; nnlab checks at most 2e10 \(about a minute\); --examples 22 would fit\n$/);
    expect(checkWork([2, 100, 100, 1], 22)).toBeLessThanOrEqual(MAX_GRADCHECK_WORK);
    expect(checkWork([2, 100, 100, 1], 23)).toBeGreaterThan(MAX_GRADCHECK_WORK);
  });
  it('--model with 4 million parameters: not even one example', () => {
    const r = nnlabLimited(bounded, ['gradcheck', '--model', wide, '--dataset', 'circles', '--examples', '1']);
    refused(r, /^nnlab: gradcheck of layers 2,1000000,1 \(4000001 parameters\) on 1 example is about 1\.3e14 multiply-adds, .*; even one example is more: check a smaller network of the same kind\n$/);
  });
  it('the default 2,10,5,1 model check is far inside the limit', () => {
    expect(checkWork([2, 10, 5, 1], 300)).toBeLessThan(MAX_GRADCHECK_WORK / 1000);
    const r = nnlab(['gradcheck', '--case', 'model', '--json']);
    expect(r.code, r.stderr).toBe(0);
  });
});
