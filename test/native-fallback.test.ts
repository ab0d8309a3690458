// Without a compiler, install still succeeds and nnlab trains on WebAssembly; asking for native then says why.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADDON_PATH, loadNative, notLoadable } from '../src/native/addon.js';
import { expectRefused, nnlab, ROOT } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'nnlab-native-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('native engine fallback', () => {
  it('the install script exits 0 and says so when no C compiler is on the PATH', () => {
    for (const f of ['binding.gyp', 'native', 'tools/build-native.mjs']) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
    const empty = join(dir, 'empty-bin');
    mkdirSync(empty);
    const r = spawnSync(process.execPath, ['tools/build-native.mjs'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: empty, CC: '', CXX: '' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^nnlab native engine: not built: no C compiler \(cc: ENOENT\); nnlab uses its WebAssembly engine \(same results\)\n$/);
    expect(existsSync(join(dir, 'build'))).toBe(false);
    // CC naming a compiler that fails, as CC=/bin/false does
    const f = spawnSync(process.execPath, ['tools/build-native.mjs'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CC: '/bin/false' } });
    expect([f.status, f.stdout]).toEqual([0, 'nnlab native engine: not built: no C compiler (/bin/false failed); nnlab uses its WebAssembly engine (same results)\n']);
  });

  it("run from another folder, a failed build touches only nnlab's own build/, not that folder's", () => {
    for (const f of ['binding.gyp', 'native', 'tools/build-native.mjs']) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
    const other = join(dir, 'elsewhere');
    mkdirSync(join(other, 'build'), { recursive: true });
    writeFileSync(join(other, 'build', 'mine.txt'), 'a user file');
    // a compiler that answers --version and fails to compile: node-gyp fails after it started
    const cc = join(dir, 'failing-cc');
    writeFileSync(cc, '#!/bin/sh\n[ "$1" = --version ] && { echo failing-cc 1.0; exit 0; }\nexit 1\n', { mode: 0o755 });
    const r = spawnSync(process.execPath, [join(dir, 'tools/build-native.mjs')], { cwd: other, encoding: 'utf8', env: { ...process.env, CC: cc } });
    expect(r.status).toBe(0);
    // (where node-gyp is not beside this node, as in the registry's Node 24, the build stops before it: still not built)
    expect(r.stdout).toMatch(/^nnlab native engine: not built: node-gyp (failed|not found)/);
    expect(readFileSync(join(other, 'build', 'mine.txt'), 'utf8')).toBe('a user file');
    expect(existsSync(join(dir, 'build'))).toBe(false);
  });

  it('NNLAB_ENGINE set in the environment is checked as --engine is, by commands that train', () => {
    expectRefused(nnlab(['train', '--iterations', '3'], { env: { NNLAB_ENGINE: 'bogus' } }), /^nnlab: NNLAB_ENGINE: unknown engine 'bogus'; choose from native, wasm, ts$/);
    expect(JSON.parse(nnlab(['train', '--iterations', '3', '--json'], { env: { NNLAB_ENGINE: 'ts' } }).stdout).engine).toEqual({ name: 'ts', detail: null });
    expect(nnlab(['datasets', 'list'], { env: { NNLAB_ENGINE: 'bogus' } }).code).toBe(0);
  });

  it('the loader reports a missing addon instead of failing', () => {
    const s = loadNative(join(dir, 'missing.node'));
    expect(s.addon).toBeNull();
    expect('why' in s && s.why).toBe(`the native engine file ${join(dir, 'missing.node')} does not exist`);
  });

  it('the loader refuses, without loading it, a file that is not a whole shared library (no bus error, abort or hang)', () => {
    const built = ADDON_PATH;
    const cases: [string, () => string, RegExp][] = [
      ['truncated', () => { const f = join(dir, 'cut.node'); writeFileSync(f, readFileSync(built).subarray(0, 20_000)); return f; }, /is truncated/],
      ['empty', () => { const f = join(dir, 'empty.node'); writeFileSync(f, ''); return f; }, /is too short for a shared library/],
      ['not ELF', () => { const f = join(dir, 'text.node'); writeFileSync(f, 'x'.repeat(100)); return f; }, /is not a 64-bit little-endian ELF file/],
      ['a device', () => '/dev/zero', /is not a regular file/],
      ['a FIFO', () => { const f = join(dir, 'fifo.node'); spawnSync('mkfifo', [f]); return f; }, /is not a regular file/],
    ];
    for (const [what, make, why] of cases) {
      if (what === 'truncated' && !existsSync(built)) continue;
      const s = loadNative(make());
      expect(s.addon, what).toBeNull();
      expect('why' in s && s.why, what).toMatch(why);
    }
    if (existsSync(built)) expect(notLoadable(built)).toBeNull();
  });

  it('without the addon, runs train on wasm by default, and --engine native is one line, exit 2', () => {
    const env = { NNLAB_NATIVE_ADDON: join(dir, 'missing.node') };
    const run = nnlab(['train', '--init', 'he', '--iterations', '200', '--json'], { cwd: dir, env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).engine).toEqual({ name: 'wasm', detail: null });
    const asked = nnlab(['train', '--init', 'he', '--engine', 'native'], { cwd: dir, env });
    expect(asked.code).toBe(2);
    expect(asked.stdout).toBe('');
    expect(asked.stderr).toMatch(/^nnlab: --engine native: the native engine file \S+ does not exist\n$/);
  });
});
