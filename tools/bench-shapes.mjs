// Per-step time of a few network shapes on each engine, and numpy's (tools/numpy_sizes.py, bench --sizes' peer) interleaved run
// by run; prints medians of wall time, of this process's CPU time (less disturbed than wall time when
// others share the cores) and numpy's ratios. Uses dist/ (run `npm run build` first).
//   node tools/bench-shapes.mjs [runs] [shape ...]     shape: layers@m, e.g. 2,100,100,1@3000
//   ENGINES=ts,wasm,native (default: those available) · NUMPY=0 to leave numpy out · DIST=/other/checkout/dist to time another build
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = process.env.DIST ? pathToFileURL(`${process.env.DIST}/`).href : new URL('../dist/', import.meta.url).href;
const { ENGINES, ENGINE_NAMES } = await import(`${dist}nn/engines.js`);
const { initialize } = await import(`${dist}nn/init.js`);
const { loadNamed } = await import(`${dist}data/registry.js`);

const SHAPES = ['2,10,5,1@300', '2,20,20,1@300', '2,100,100,1@300', '2,100,100,1@3000', '2,1000,1000,1@300', '2,10,5,1@300000'];
const runs = Number(process.argv[2] ?? 5);
const shapes = process.argv.length > 3 ? process.argv.slice(3) : SHAPES;
const engines = process.env.ENGINES ? process.env.ENGINES.split(',') : ENGINE_NAMES.filter((e) => ENGINES[e].unavailable() === null);
const numpy = process.env.NUMPY !== '0';
const script = fileURLToPath(new URL('numpy_sizes.py', import.meta.url));
const env = { ...process.env };
delete env.OPENBLAS_CORETYPE;
delete env.OPENBLAS_L2_SIZE;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);
const cpuUs = () => { const u = process.cpuUsage(); return u.user + u.system; };
const settings = { lr: 0.01, lambd: 0, keepProb: 1, dropoutMasks: 'course', activation: 'relu' };

for (const shape of shapes) {
  const [spec, mText] = shape.split('@');
  const layers = spec.split(',').map(Number);
  const m = Number(mText);
  const macs = layers.slice(1).reduce((a, n, l) => a + n * layers[l], 0) * m;
  // about 0.15 s of steps per timed run, at ~0.6 GMAC/s (TS) or ~3 GMAC/s (wasm, numpy)
  const its = (gmacs) => Math.max(3, Math.min(5000, Math.round((0.15 * gmacs * 1e9) / (3 * macs))));
  const data = loadNamed('circles', 'train', { samples: m });
  const live = Object.fromEntries(engines.map((e) => [e, ENGINES[e].create(initialize(layers, 'he', 3), layers, data, settings)]));
  const steps = Object.fromEntries(engines.map((e) => [e, its(e === 'ts' ? 0.6 : 3)]));
  for (const e of engines) for (let i = 0; i < steps[e]; i++) live[e].step(false);
  const wall = Object.fromEntries([...engines, ...(numpy ? ['numpy'] : [])].map((e) => [e, []]));
  const cpu = Object.fromEntries(Object.keys(wall).map((e) => [e, []]));
  for (let r = 0; r < runs; r++) {
    for (const e of engines) {
      const t0 = performance.now();
      const c0 = cpuUs();
      for (let i = 0; i < steps[e]; i++) live[e].step(false);
      cpu[e].push((cpuUs() - c0) / steps[e]);
      wall[e].push(((performance.now() - t0) * 1000) / steps[e]);
    }
    if (numpy) {
      const out = spawnSync('python3', [script, spec, String(m), String(its(3)), String(Math.max(1, Math.floor(its(3) / 5)))], { env, encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      const t = JSON.parse(out.stdout);
      wall.numpy.push(t.usPerIteration);
      cpu.numpy.push(t.cpuUsPerIteration);
    }
  }
  for (const e of engines) live[e].release?.();
  const row = (t) => {
    const med = Object.fromEntries(Object.entries(t).map(([e, xs]) => [e, median(xs)]));
    const cols = Object.entries(med).map(([e, us]) => `${e} ${fmt(us)}`).join('  ');
    return numpy ? `${cols}  ${engines.map((e) => `numpy÷${e} ${(med.numpy / med[e]).toFixed(2)}`).join('  ')}` : cols;
  };
  console.log(`${spec} m=${m}, medians of ${runs}\n  wall: ${row(wall)}\n  cpu:  ${row(cpu)}`);
  if (process.env.RAW) console.log(JSON.stringify({ wall, cpu }));
}
