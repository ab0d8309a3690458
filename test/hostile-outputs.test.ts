// Inputs and surroundings an attacker picks: names of every object's properties as gradients, a device
// that takes nothing as standard output, a file-size limit in the middle of a write, a CSV of a
// hundred thousand columns. Each ends in one line and exit 2, or in a correct result, never a crash.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nnlab, refused, ROOT } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-hostile-'));
const BIN = join(ROOT, 'bin/nnlab.js');

describe('hostile names and surroundings', () => {
  it.each(['__proto__*=2', 'constructor*=2', 'toString+=1', 'hasOwnProperty*=2', 'valueOf[0,0]*=2'])('--inject %s is no gradient', (spec) => {
    const name = spec.replace(/[[*+].*$/, '');
    refused(nnlab(['gradcheck', '--inject', spec]), new RegExp(`no gradient '${name}' in this network`));
  });

  it('standard output on a full device: one line in words, exit 2, no stack trace', () => {
    for (const args of [['datasets', 'export', 'moons'], ['--help'], ['train', '--iterations', '10']]) {
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" "$@" > /dev/full`, 'sh', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('nnlab: cannot write the standard output: no space left on the device (ENOSPC)\n');
    }
  });

  it('a write cut short by a file-size limit keeps nothing and says so', () => {
    const save = join(dir, 'big.json');
    const r = spawnSync('bash', ['-c', `ulimit -f 16 && exec "${process.execPath}" "${BIN}" train --iterations 10 --layers 2,100,100,1 --save "${save}"`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^nnlab: --save .*big\.json: cannot write .*big\.json: it would pass the file-size limit \(ulimit -f\) \(EFBIG\); nothing was written\n$/);
    expect(existsSync(save)).toBe(false);
  });

  it('a CSV of 100 000 columns is read in linear time: the name given twice is found', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `x${i}`);
    const csv = join(dir, 'wide.csv');
    writeFileSync(csv, `${[...names, 'x5', 'y'].join(',')}\n`);
    refused(nnlab(['train', '--dataset', csv]), /the column name 'x5' appears twice/);
  });
});
