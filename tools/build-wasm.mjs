// Assembles src/linalg/wasm/*.wat into dist/linalg/wasm/*.wasm (run by `npm run build`, after tsc).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const src = fileURLToPath(new URL('../src/linalg/wasm/', import.meta.url));
const out = fileURLToPath(new URL('../dist/linalg/wasm/', import.meta.url));
const wabt = await wabtInit();
mkdirSync(out, { recursive: true });
for (const file of readdirSync(src).filter((f) => f.endsWith('.wat'))) {
  const mod = wabt.parseWat(file, readFileSync(src + file, 'utf8'), { simd: true });
  try {
    mod.validate();
    const { buffer } = mod.toBinary({});
    writeFileSync(out + file.replace(/\.wat$/, '.wasm'), buffer);
    console.log(`wasm: ${file} -> dist/linalg/wasm/${file.replace(/\.wat$/, '.wasm')} (${buffer.length} bytes)`);
  } finally {
    mod.destroy();
  }
}
