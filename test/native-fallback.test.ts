// Without a compiler, install still succeeds and nnlab trains on WebAssembly; asking for native then says why.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNative } from '../src/native/addon.js';
import { nnlab, ROOT } from './helpers/cli.js';

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

  it('the loader reports a missing addon instead of failing', () => {
    const s = loadNative(join(dir, 'missing.node'));
    expect(s.addon).toBeNull();
    expect('why' in s && s.why).toMatch(/^the native engine is not built \(npm ci builds it/);
  });

  it('without the addon, runs train on wasm by default, and --engine native is one line, exit 2', () => {
    const env = { NNLAB_NATIVE_ADDON: join(dir, 'missing.node') };
    const run = nnlab(['train', '--init', 'he', '--iterations', '200', '--json'], { cwd: dir, env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).engine).toEqual({ name: 'wasm', detail: null });
    const asked = nnlab(['train', '--init', 'he', '--engine', 'native'], { cwd: dir, env });
    expect(asked.code).toBe(2);
    expect(asked.stdout).toBe('');
    expect(asked.stderr).toMatch(/^nnlab: --engine native: the native engine is not built \(.*npm run build:native.*\)\n$/);
  });
});
