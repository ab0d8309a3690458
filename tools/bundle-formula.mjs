// Bundles dist/experiments/formulaMath.js with the mathjs factories it names, in place (run by `npm run build`,
// after tsc). mathjs marks its modules side-effect free, so the bundle keeps only what create() is given:
// --scale then loads one ~0.4 MB file instead of mathjs's ~500 modules.
import { build } from 'esbuild-wasm';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('../dist/experiments/formulaMath.js', import.meta.url));
const result = await build({
  entryPoints: [file],
  outfile: file,
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((a, o) => a + o.bytes, 0);
console.log(`bundle: dist/experiments/formulaMath.js with its mathjs factories (${bytes} bytes)`);
