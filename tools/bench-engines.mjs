// Time per training step of each engine (and numpy, when python3 has it) at the sizes given, the
// measurements interleaved round by round so that each ratio compares runs made side by side; medians.
// Run after `npm run build`:  node tools/bench-engines.mjs 5 2,10,5,1@300 2,100,100,1@300 2,1000,1000,1@300
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DATASETS } from '../dist/data/registry.js';
import { initialize } from '../dist/nn/init.js';
import { createTsEngine } from '../dist/nn/engine.js';
import { createWasmEngine } from '../dist/nn/wasmEngine.js';
import { createNativeEngine } from '../dist/nn/nativeEngine.js';
import { native } from '../dist/native/addon.js';

const [roundsArg, ...sizes] = process.argv.slice(2);
const rounds = Number(roundsArg) || 5;
const numpyScript = fileURLToPath(new URL('./numpy_step.py', import.meta.url));
const env = { ...process.env };
delete env.OPENBLAS_CORETYPE; // this machine's settings slow OpenBLAS down: numpy at its best
delete env.OPENBLAS_L2_SIZE;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };
const s = { lr: 0.01, lambd: 0, keepProb: 1, dropoutMasks: 'course', activation: 'relu' };

console.log(`native kernels: ${native.addon ? native.isa : native.why}`);
for (const size of sizes) {
  const [l, mText] = size.split('@');
  const layers = l.split(',').map(Number);
  const m = Number(mText);
  const data = DATASETS.circles.load('train', { samples: m });
  const init = initialize(layers, 'he', 3);
  const macs = layers.reduce((a, n, i) => (i ? a + 3 * n * layers[i - 1] * m : a), 0);
  const engines = [
    ...(macs < 2e7 ? [['ts', () => createTsEngine(init, layers, data, s)]] : []),
    ['wasm', () => createWasmEngine(init, layers, data, s)],
    ...(native.addon ? [1, 2].map((t) => [`native ${t}t`, () => createNativeEngine(init, layers, data, s, { threads: t })]) : []),
  ].map(([name, make]) => ({ name, engine: make(), us: [] }));
  const steps = Math.min(3000, Math.max(3, Math.round(2e8 / macs)));
  const numpy = [];
  for (let r = 0; r < rounds; r++) {
    for (const e of engines) {
      e.engine.step(false);
      const t0 = performance.now();
      for (let i = 0; i < steps; i++) e.engine.step(false);
      e.us.push(((performance.now() - t0) * 1000) / steps);
    }
    const py = spawnSync('python3', [numpyScript, l, String(m), String(steps)], { encoding: 'utf8', env });
    if (py.status === 0) numpy.push(Number(py.stdout));
  }
  const np = numpy.length ? median(numpy) : NaN;
  const cells = engines.map((e) => `${e.name} ${median(e.us).toFixed(1)}`);
  console.log(`${size} (${(macs / 1e6).toFixed(2)} M mult-adds, ${steps} steps × ${rounds} rounds): ${cells.join(' · ')} · numpy ${np.toFixed(1)} µs/step`);
  console.log(`  numpy ÷ engine: ${engines.map((e) => `${e.name} ${(np / median(e.us)).toFixed(2)}`).join(' · ')}; GMAC/s: ${engines.map((e) => `${e.name} ${(macs / median(e.us) / 1000).toFixed(1)}`).join(' · ')} · numpy ${(macs / np / 1000).toFixed(1)}`);
}
