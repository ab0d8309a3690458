// Builds the optional native engine (binding.gyp, native/) with node-gyp against the headers of the
// Node that runs this script, never downloading any. Run by `npm ci` (the install script): it always
// exits 0, and where no compiler or headers are present it says so and nnlab uses WebAssembly.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// nnlab's own folder, wherever this is run from: build/ here is nnlab's, and only it is ever removed
const root = fileURLToPath(new URL('..', import.meta.url));
const say = (line) => console.log(`nnlab native engine: ${line}`);
// Not built: an addon built before from other sources (a layout the JS may no longer match) goes too,
// so that what this says is so
const skip = (why) => {
  rmSync(join(root, 'build'), { recursive: true, force: true });
  say(`not built: ${why}; nnlab uses its WebAssembly engine (same results)`);
  process.exit(0);
};

if (process.arch !== 'x64') skip(`its kernels are for x86-64 and this is ${process.arch}`);
if (process.env.NNLAB_SKIP_NATIVE) skip('NNLAB_SKIP_NATIVE is set');

// The headers: npm's nodedir when set, else the ones installed beside this node (include/node).
const candidates = [process.env.npm_config_nodedir, resolve(dirname(process.execPath), '..')].filter(Boolean);
const nodedir = candidates.find((d) => existsSync(join(d, 'include', 'node', 'node_api.h')));
if (!nodedir) skip(`no Node headers (node_api.h) under ${candidates.join(' or ')}`);

const cc = process.env.CC || 'cc';
const probe = spawnSync(cc, ['--version'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) skip(`no C compiler (${cc}${probe.error ? `: ${probe.error.code}` : ' failed'})`);

const gyp = [process.env.npm_config_node_gyp, resolve(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js')]
  .filter(Boolean).find((p) => existsSync(p));
if (!gyp) skip('node-gyp not found (it comes with npm)');

const t0 = Date.now();
const r = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${nodedir}`], {
  cwd: root,
  encoding: 'utf8',
  timeout: 180_000,
  env: { ...process.env, npm_config_nodedir: nodedir },
});
if (r.status !== 0) {
  const lines = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').map((l) => l.trim()).filter((l) => /error/i.test(l) && !/^gyp (info|ERR! (stack|cwd|node|System|command|not ok))/.test(l));
  skip(`node-gyp failed${r.error ? ` (${r.error.message})` : ''}: ${lines[0] ?? `exit ${r.status}`}`);
}
say(`built with ${probe.stdout.split('\n')[0]} against ${nodedir}/include/node in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
