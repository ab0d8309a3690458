// Inputs at and past nnlab's limits, and the ones that used to crash: each ends in a result, or exit 2 with one line.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nnlab, nnlabLimited, refused } from './helpers/cli.js';

/** Whether this Node, under an address-space limit of `kib` KiB, is refused a WebAssembly memory. */
function wasmMemoryRefused(kib: number): boolean {
  const r = spawnSync('bash', ['-c', `ulimit -v ${kib} && exec "$0" -e "new WebAssembly.Memory({ initial: 1 })"`, process.execPath], { encoding: 'utf8' });
  return r.status !== 0;
}

const dir = mkdtempSync(join(tmpdir(), 'nnlab-limits-'));
const file = (name: string, text: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('input files: regular files only, size-capped, BOM and CR/CRLF line endings accepted', () => {
  it('a device is refused before reading', () => {
    refused(nnlab(['train', '--dataset', '/dev/zero']), /^nnlab: \/dev\/zero: not a regular file \(a device, pipe or socket\); a CSV file must be a regular file/);
    refused(nnlab(['run', '/dev/zero']), /not a regular file .* an experiment file must be a regular file/);
  });
  it('a named pipe is refused without waiting for a writer', () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    refused(nnlab(['train', '--dataset', fifo]), /pipe\.csv: not a regular file/);
  });
  it('a folder is refused', () => {
    const folder = join(dir, 'folder.csv');
    mkdirSync(folder);
    refused(nnlab(['train', '--dataset', folder]), /folder\.csv: is a folder, not a CSV file/);
    refused(nnlab(['run', dir]), /: is a folder, not an experiment file/);
  });
  it('files above the size caps are refused with both sizes', () => {
    const big = file('big.csv', '');
    truncateSync(big, 300 * 2 ** 20);
    refused(nnlab(['train', '--dataset', big]), /big\.csv: 300 MiB is more than the 256 MiB nnlab reads as a CSV file/);
    const bigJson = file('big.json', '');
    truncateSync(bigJson, 2 * 2 ** 20);
    refused(nnlab(['run', bigJson]), /big\.json: 2 MiB is more than the 1 MiB nnlab reads as an experiment file/);
  });
  it('JSON nested 100000 deep is refused with the depth limit', () => {
    const deep = file('deep.json', `{"command": "train", "lr": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    refused(nnlab(['run', deep]), /deep\.json: nested more than 16 levels deep/);
  });
  it('a BOM and CR-only or CRLF line endings read as plain text, in CSV and JSON alike', () => {
    const rows = ['x1,x2,y', '1,2,0', '3,4,1', '0.5,0.5,1', '-1,0,0'];
    const want = nnlab(['train', '--dataset', file('lf.csv', rows.join('\n')), '--layers', '2,3,1', '--iterations', '20', '--print-every', '5', '--json']);
    expect(want.code).toBe(0);
    for (const [name, text] of [['cr.csv', rows.join('\r')], ['crlf.csv', `${rows.join('\r\n')}\r\n`], ['bom.csv', `\ufeff${rows.join('\n')}`]] as const) {
      const r = nnlab(['train', '--dataset', file(name, text), '--layers', '2,3,1', '--iterations', '20', '--print-every', '5', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).costs).toEqual(JSON.parse(want.stdout).costs);
    }
    const json = '{\r\n  "command": "regularize",\r  "lambd": 0.7,\r\n  "iterations": 10\r\n}';
    for (const [name, text] of [['crlf.json', json], ['bom.json', `\ufeff${json}`]] as const) {
      const r = nnlab(['run', file(name, text), '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).config.lambd).toBe(0.7);
    }
  });
  it('a 10 MB line is quoted clipped, its raw CR and NUL bytes escaped', () => {
    const csv = file('crs.csv', `a\0b,${'x'.repeat(10_000_000)}\r1,2\r`);
    const r = nnlab(['train', '--dataset', csv]);
    refused(r, /crs\.csv:1: the header has no 'y' column \(got "a\\0b,x+…x+"\)/);
    expect(r.stderr.length).toBeLessThan(300);
  });
});

describe('comma lists and setting names', () => {
  it('a sweep splits --scale at commas outside parentheses', () => {
    const r = nnlab(['sweep', 'train', '--init', 'random', '--scale', 'max(1/fan_in, 0.1),sqrt(2/(fan_in+fan_out))', '--iterations', '10', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).variants.map((v: { config: { scale: string } }) => v.config.scale)).toEqual(['max(1/fan_in, 0.1)', 'sqrt(2/(fan_in+fan_out))']);
    const one = nnlab(['sweep', 'train', '--init', 'random', '--scale', 'max(1/fan_in, 0.1)', '--lr', '0.01,0.02', '--iterations', '10', '--json']);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).variants[0].config.scale).toBe('max(1/fan_in, 0.1)');
  });
  it('--set takes the flag spelling too: keep-prob and --keep-prob are keepProb', () => {
    for (const set of ['keep-prob=0.5', '--keep-prob=0.5', 'keepProb=0.5']) {
      const r = nnlab(['run', 'configs/reg-l2.json', '--set', set, '--set', 'iterations=10', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).config.keepProb).toBe(0.5);
    }
    refused(nnlab(['run', 'configs/reg-l2.json', '--set', 'keep-porb=0.5']), /--set keep-porb=0.5: unknown setting 'keep-porb' \(did you mean keepProb\?\)/);
  });
});

describe('datasets export writes only what nnlab reads back', () => {
  it('--noise 1e308 would overflow to ±inf: refused', () => {
    refused(nnlab(['datasets', 'export', 'circles', '--noise', '1e308']), /--noise 1e308 puts points beyond the largest double \(±inf\)/);
  });
  it('--factor 0 is scikit-learn\'s lower end (0 ≤ f < 1): the inner circle shrinks to a point, and the CSV reads back', () => {
    const r = nnlab(['datasets', 'export', 'circles', '--samples', '9', '--noise', '0.05', '--factor', '0', '--seed', '6']);
    expect(r.code, r.stderr).toBe(0);
    const back = nnlab(['train', '--dataset', file('factor0.csv', r.stdout), '--iterations', '5', '--json']);
    expect(back.code, back.stderr).toBe(0);
    expect(nnlab(['datasets', 'export', '--help']).stdout).toMatch(/0 ≤ f < 1/);
  });
});

describe('sizes and memory, checked before anything large is allocated', () => {
  it('a layer too wide for memory is refused with the estimate and what is available', () => {
    refused(nnlab(['train', '--layers', '2,100000000,1']), /^nnlab: --layers 2,100000000,1 on 300 examples needs about \d+ GiB of memory; [\d.]+ GiB is available on this machine\n$/);
    refused(nnlab(['train', '--layers', '2,9007199254740991,1']), /needs about [\d.]+ EiB of memory/);
  });
  it('more layers than the limit', () => {
    refused(nnlab(['train', '--layers', ['2', ...Array(1000).fill('1')].join(',')]), /--layers must be a comma list of 2 to 1000 positive integers, e\.g\. 2,10,5,1 \(got \[2,1,1,.*….*1,1\]\)/);
  });
  it('more reported costs than are kept, with and without --inspect', () => {
    refused(nnlab(['train', '--iterations', '2000000', '--print-every', '1']), /--iterations 2000000 with --print-every 1 reports 2000000 costs; at most 1000000 are kept \(--print-every 2 or more\)/);
    refused(nnlab(['train', '--iterations', '100000', '--print-every', '1', '--inspect']), /--inspect measures 3 layers at each of 100000 reports \(300000 snapshots\); at most 100000/);
  });
  it('under an address-space limit the estimate is held against what the limit leaves', () => {
    refused(nnlabLimited({ kib: 9_000_000 }, ['train', '--layers', '2,1500000,1', '--iterations', '1']), /--layers 2,1500000,1 on 300 examples needs about [\d.]+ GiB of memory; the address-space limit \(ulimit -v\) leaves [\d.]+ GiB/);
  });
  it('where WebAssembly cannot reserve its memory, the run trains on the TS engine, says so once, and gets the same numbers', () => {
    // --engine wasm: the native engine (the default where built) reserves no address space beyond its buffers
    const args = ['train', '--iterations', '300', '--print-every', '100', '--json', '--engine', 'wasm'];
    const want = JSON.parse(nnlab(args).stdout);
    const r = nnlabLimited({ kib: 9_000_000 }, args);
    expect(r.code, r.stderr).toBe(0);
    // Node 20 and 22 reserve 8 GiB or more for a WebAssembly memory, which this limit refuses; Node 24
    // reserves less, so there the run stays on WebAssembly and says nothing.
    if (wasmMemoryRefused(9_000_000)) expect(r.stderr).toMatch(/^nnlab: warning: WebAssembly could not get memory \(.*ulimit -v can refuse\); training on the TypeScript engine instead \(same results, several times slower\)\n$/);
    else expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout);
    expect([got.costs, got.accuracy]).toEqual([want.costs, want.accuracy]);
  });
});

describe('sweeps: every variant checked before the first run, sizes capped', () => {
  it('--jobs is 1 to 32', () => {
    refused(nnlab(['sweep', 'train', '--lr', '0.01,0.02', '--jobs', '256']), /^nnlab: --jobs must be an integer from 1 to 32 \(got "256"\)/);
    refused(nnlab(['sweep', 'train', '--lr', '0.01,0.02', '--jobs', '0']), /--jobs must be an integer from 1 to 32/);
    refused(nnlab(['reproduce', '--jobs', '256']), /--jobs must be an integer from 1 to 32/);
  });
  it('a sweep of more than 10000 runs is refused by its size, flags or file alike', () => {
    const values = (n: number, f: (i: number) => number): string => Array.from({ length: n }, (_, i) => f(i)).join(',');
    refused(nnlab(['sweep', 'train', '--lr', values(1000, (i) => (i + 1) / 1e4), '--lambd', values(100, (i) => i)]), /^nnlab: 1000 --lr × 100 --lambd make 100000 runs; a sweep may have at most 10000\n$/);
    const axis = (f: (i: number) => number): number[] => Array.from({ length: 1000 }, (_, i) => f(i));
    const huge = file('huge-sweep.json', JSON.stringify({ command: 'sweep', of: 'train', lr: axis((i) => (i + 1) / 1e4), lambd: axis((i) => i), seed: axis((i) => i) }));
    refused(nnlab(['run', huge]), /1000 --seed × 1000 --lr × 1000 --lambd make 1000000000 runs; a sweep may have at most 10000/);
  });
  it('a bad variant is named before any run starts', () => {
    refused(nnlab(['sweep', 'train', '--init', 'he,zeros', '--scale', 'sqrt(2/fan_in)']), /^nnlab: sweep variant init=zeros: --scale does not apply to init zeros, which draws nothing; leave zeros out of --init or sweep it in a run of its own without --scale\n$/);
    refused(nnlab(['sweep', 'train', '--layers', '2,10,1/2,5,2']), /^nnlab: sweep variant layers=2,5,2: --layers 2,5,2: the output size must be 1/);
    refused(nnlab(['sweep', 'train', '--init', 'random', '--layers', '2,5,1/2,10,5,1', '--scale', '1/(fan_out-5),1']), /^nnlab: sweep variant layers=2,5,1, scale=1\/\(fan_out-5\): --scale "1\/\(fan_out-5\)" gives Infinity for layer 1/);
    refused(nnlab(['sweep', 'train', '--lr', '0.1,0.2', '--seed', '4294967295', '--repeat', '2']), /--repeat 2 from --seed 4294967295 passes the largest seed, 4294967295/);
    refused(nnlab(['sweep', 'train', '--lr', '0.1,0.2', '--iterations', '600000', '--print-every', '1']), /the 2 runs of this sweep report 1200000 costs together; at most 1000000 are kept/);
  });
  it('worker threads that the address-space limit cannot hold are refused, not left to abort Node', () => {
    // Node's own start takes ~1 GiB of address space; a worker thread reserves ~0.7 GiB more.
    refused(nnlabLimited({ kib: 2_000_000 }, ['sweep', 'train', '--lr', '0.01,0.02', '--iterations', '10']), /^nnlab: a worker thread needs about 1 GiB of address space; the address-space limit \(ulimit -v\) leaves \d+ MiB\n$/);
    refused(nnlabLimited({ kib: 2_000_000 }, ['reproduce']), /a worker thread needs about 1 GiB of address space/);
  });
  it('runs that do not fit in memory together are refused, with the --jobs that would fit', () => {
    // ~4.5 GiB each: one fits in what ulimit -v 9000000 leaves, two do not.
    const r = nnlabLimited({ kib: 9_000_000 }, ['sweep', 'train', '--layers', '2,670000,1/2,660000,1', '--jobs', '2', '--iterations', '1']);
    refused(r, /^nnlab: 2 runs at once \(up to 4\.\d+ GiB each, for --layers 2,670000,1 on 300 examples\) need about [\d.]+ GiB of memory; the address-space limit \(ulimit -v\) leaves [\d.]+ GiB; --jobs 1 would fit\n$/);
  });
});

describe('gradcheck --inject', () => {
  it('a spec longer than 1000 characters is refused by its length before it is split', () => {
    refused(nnlab(['gradcheck', '--inject', ','.repeat(60_000)]), /^nnlab: --inject ",+…,+": 60000 characters; a spec may have at most 1000\n$/);
  });
});
