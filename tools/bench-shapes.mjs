// Per-step time of a few network shapes on each engine, and numpy's (tools/numpy_step.py) interleaved run
// by run; prints medians and ratios. Uses dist/ (run `npm run build` first).
//   node tools/bench-shapes.mjs [runs] [shape ...]     shape: layers@m, e.g. 2,100,100,1@3000
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchStep } from '../dist/experiments/bench.js';

const SHAPES = ['2,10,5,1@300', '2,20,20,1@300', '2,100,100,1@300', '2,100,100,1@3000', '2,1000,1000,1@300', '2,10,5,1@300000'];
const runs = Number(process.argv[2] ?? 5);
const shapes = process.argv.length > 3 ? process.argv.slice(3) : SHAPES;
const engines = (process.env.ENGINES ?? 'ts,wasm').split(',');
const numpy = process.env.NUMPY !== '0';
const script = fileURLToPath(new URL('numpy_step.py', import.meta.url));
const env = { ...process.env };
delete env.OPENBLAS_CORETYPE;
delete env.OPENBLAS_L2_SIZE;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);

for (const shape of shapes) {
  const [spec, mText] = shape.split('@');
  const layers = spec.split(',').map(Number);
  const m = Number(mText);
  const macs = layers.slice(1).reduce((a, n, l) => a + n * layers[l], 0) * m;
  // about 0.2 s of steps per timed run, at ~0.4 GMAC/s (TS) or ~3 GMAC/s (wasm, numpy)
  const its = (gmacs) => Math.max(3, Math.min(5000, Math.round((0.2 * gmacs * 1e9) / (3 * macs))));
  const times = Object.fromEntries([...engines, ...(numpy ? ['numpy'] : [])].map((e) => [e, []]));
  for (let r = 0; r < runs; r++) {
    for (const engine of engines) times[engine].push(benchStep({ engine, layers, m, iterations: its(engine === 'ts' ? 0.4 : 3), runs: 1 }).usPerIteration);
    if (numpy) {
      const out = spawnSync('python3', [script, spec, String(m), String(its(3))], { env, encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      times.numpy.push(JSON.parse(out.stdout).usPerIteration);
    }
  }
  const med = Object.fromEntries(Object.entries(times).map(([e, t]) => [e, median(t)]));
  const cols = Object.entries(med).map(([e, us]) => `${e} ${fmt(us)}`).join('  ');
  const ratios = numpy ? engines.map((e) => `numpy÷${e} ${(med.numpy / med[e]).toFixed(2)}`).join('  ') : '';
  console.log(`${spec} m=${m} (${runs} runs): ${cols}  ${ratios}`);
  if (process.env.RAW) console.log(JSON.stringify(times));
}
