// Work on a given model is bounded before it starts, as a run is: predict and eval hold their memory
// estimate against what the process may have.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { passBytes } from '../src/experiments/memory.js';
import { nnlab, nnlabLimited, refused } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-model-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 2,1000000,1 in zeros: 12 MB of JSON, 4 000 001 parameters (under the model limit); its activations
// on circles' 300 examples alone are 2.4 GB.
const wide = join(dir, 'wide.json');
const n = 1_000_000;
writeFileSync(wide, `{"W1":[${Array<string>(n).fill('[0,0]').join(',')}],"b1":[${Array<string>(n).fill('[0]').join(',')}],"W2":[[${Array<number>(n).fill(0).join(',')}]],"b2":[[0]]}`);

// 2 GiB of address space and 60 CPU seconds: allocating the buffers would fail.
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
