#!/usr/bin/env node
// Whole-process wall time, nnlab against the numpy peer, interleaved run by run; prints medians.
//   node tools/compare-numpy.mjs [runs]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const script = resolve(root, '../shared/bench/numpy_course.py');
/** One line on stderr and exit 2, as nnlab itself reports bad input. */
const refuse = (message) => {
  process.stderr.write(`compare-numpy: ${message}\n`);
  process.exit(2);
};
// The arguments first: a typo is told as such wherever the clone is.
const runs = Number(process.argv[2] ?? 7);
if (!Number.isInteger(runs) || runs < 1) refuse(`runs must be an integer ≥ 1 (got ${process.argv[2]})`);
if (!existsSync(script)) refuse(`numpy peer not found: ${script} (it needs python3 with numpy and ../shared/bench/numpy_course.py beside the clone)`);
const pairs = [
  { name: 'init-he', nnlab: ['train', '--init', 'he', '--json'], numpy: ['init-he'] },
  // reproduce also runs three more λ values and the gradient check; numpy runs the six course runs
  { name: 'whole course', nnlab: ['reproduce', '--json'], numpy: ['init-zeros', 'init-random', 'init-he', 'reg-none', 'reg-l2', 'reg-dropout'] },
];
// numpy as a current numpy runs on this processor: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which some
// machines set for old OpenBLAS builds, slow it
const numpyEnv = { ...process.env };
delete numpyEnv.OPENBLAS_CORETYPE;
delete numpyEnv.OPENBLAS_L2_SIZE;

const time = (cmd, args, env = process.env) => {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.error) refuse(`${cmd} could not run: ${r.error.message}`);
  if (r.status !== 0) refuse(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

for (const p of pairs) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    b.push(time('python3', [script, ...p.numpy], numpyEnv));
    a.push(time(process.execPath, ['bin/nnlab.js', ...p.nnlab]));
  }
  const [na, nb] = [median(a), median(b)];
  console.log(`${p.name.padEnd(13)} nnlab ${na.toFixed(0).padStart(6)} ms   numpy ${nb.toFixed(0).padStart(6)} ms   ${(nb / na).toFixed(1)}× faster   (medians of ${runs})`);
}
