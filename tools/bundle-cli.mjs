// Bundles the built CLI into dist/bundle/ (run by `npm run build`, after tsc and tools/bundle.mjs): a run
// loads fewer, larger files (`nnlab train --init he --json` 38 instead of 88 ES modules, `nnlab --version`
// 2 instead of 20), each resolved, read and linked once.
// - main.js, the CLI (bin/nnlab.js imports it), with code splitting: every module imported on use (each
//   command, a renderer, ...) stays out of the files a run loads until it is imported;
// - executor.js, bench.js and benchSizeChild.js, one file each: the modules that worker threads (sweep,
//   reproduce, bench) and `bench --sizes`' child processes load by name. A thread or process of its own
//   shares no module with the CLI, so these repeat the code they need.
// The bundle sits one folder below dist/, as every module did, so paths that modules find from their own
// file (../../datasets/, ../linalg/wasm/nn.wasm, ./executor.js) resolve as they did; checked below.
import { build } from 'esbuild-wasm';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');
const OUT = join(DIST, 'bundle');
const MAIN = join(DIST, 'cli', 'main.js');
const WORKERS = { executor: 'cli/executor.js', bench: 'experiments/bench.js', benchSizeChild: 'experiments/benchSizeChild.js' };

// Bundled in place already (tools/bundle.mjs, vega minified), so imported from there when needed.
const inPlace = {
  name: 'in-place bundles',
  setup(b) {
    b.onResolve({ filter: /^\.\/(vegaRuntime|formulaMath)\.js$/ }, (args) => ({ path: relative(OUT, join(args.resolveDir, args.path)), external: true }));
  },
};

const common = {
  absWorkingDir: ROOT,
  outdir: OUT,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Assembles nn.wat only when dist/linalg/wasm/nn.wasm is missing, i.e. from the sources (tests).
  external: ['wabt'],
  // Packages written as CommonJS (commander, cli-table3) call require(), which an ES module lacks.
  banner: { js: "import { createRequire as __nnlabCreateRequire } from 'node:module';\nconst require = __nnlabCreateRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
};

/**
 * esbuild splits what main.js imports into a file for each set of entry points (main and every module
 * imported on use) that reach it: `nnlab --version` loaded 15 files. main.js's own graph is one file when
 * - each module outside it imports main.js: such a module is loaded only after that graph has run
 *   (bin/nnlab.js imports main.js, then calls main()), so the import changes nothing at run time;
 * - a module's import() of a module already loaded when it runs (in main's graph, or one it imports
 *   itself) is a static import.
 */
async function mainFirst() {
  const { metafile } = await build({ ...common, entryPoints: [MAIN], splitting: true, write: false, plugins: [inPlace], logLevel: 'error' });
  const graph = new Map(Object.entries(metafile.inputs).map(([path, input]) => [join(ROOT, path), input.imports.filter((i) => !i.external && i.kind === 'import-statement').map((i) => join(ROOT, i.path))]));
  const reach = (path, seen = new Set()) => {
    if (seen.has(path)) return seen;
    seen.add(path);
    for (const next of graph.get(path) ?? []) reach(next, seen);
    return seen;
  };
  const ofMain = reach(MAIN);
  // ...as long as it awaits nothing at its top level (which could wait on a module that imports main.js)
  const waits = [...ofMain].filter((p) => !p.includes('/node_modules/') && /^\S.*\bawait\b/m.test(readFileSync(p, 'utf8')));
  if (waits.length > 0) throw new Error(`bundle: main.js's graph awaits at the top level of ${waits.map((p) => relative(ROOT, p)).join(', ')}`);
  return {
    name: 'main first',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, (args) => {
        if (args.path.includes('/node_modules/') || !graph.has(args.path)) return undefined;
        const dir = dirname(args.path);
        const own = reach(args.path);
        const loaded = [];
        let code = readFileSync(args.path, 'utf8').replace(/\bimport\((['"])(\.[^'"]+)\1\)/g, (call, _, path) => {
          if (!ofMain.has(join(dir, path)) && !own.has(join(dir, path))) return call;
          loaded.push(path);
          return `Promise.resolve(__nnlabLoaded${loaded.length - 1})`;
        });
        // after the module's own imports, so that nothing is evaluated in another order
        code += loaded.map((path, i) => `\nimport * as __nnlabLoaded${i} from ${JSON.stringify(path)};`).join('');
        if (!ofMain.has(args.path)) code += `\nimport ${JSON.stringify(`./${relative(dir, MAIN)}`)};\n`;
        else if (loaded.length === 0) return undefined;
        return { contents: code, loader: 'js', resolveDir: dir };
      });
    },
  };
}

rmSync(OUT, { recursive: true, force: true });
const results = await Promise.all([
  build({ ...common, entryPoints: [{ in: MAIN, out: 'main' }], splitting: true, chunkNames: '[name]-[hash]', plugins: [inPlace, await mainFirst()] }),
  ...Object.entries(WORKERS).map(([out, path]) => build({ ...common, entryPoints: [{ in: join(DIST, path), out }], plugins: [inPlace] })),
]);
const outputs = Object.assign({}, ...results.map((r) => r.metafile.outputs));
// Which modules each file holds: test/command-loading.test.ts checks what a run loads with it.
writeFileSync(join(OUT, 'modules.json'), `${JSON.stringify(Object.fromEntries(Object.entries(outputs).map(([file, o]) => [relative('dist/bundle', file), Object.keys(o.inputs)])), null, 1)}\n`);

const missing = [];
for (const file of readdirSync(OUT).filter((f) => f.endsWith('.js'))) {
  const code = readFileSync(join(OUT, file), 'utf8');
  for (const [, path] of code.matchAll(/new URL\(\s*["'`]([^"'`$]+)["'`]\s*,\s*import\.meta\.url\s*\)/g)) {
    // nn.wat is read only where nn.wasm is missing (from the sources); the native addon is optional
    // (not built without a C compiler, Node's headers or x86-64), and src/native/addon.ts says so
    if (!path.endsWith('.wat') && !path.endsWith('/build/Release/nnlab_native.node') && !existsSync(join(OUT, path))) missing.push(`${file}: ${path}`);
  }
  for (const [, path] of code.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) {
    if (path.startsWith('.') && !existsSync(join(OUT, path))) missing.push(`${file}: import(${path})`);
  }
}
if (missing.length > 0) throw new Error(`bundle: paths that do not resolve from dist/bundle/: ${missing.join(', ')}`);
const bytes = Object.values(outputs).reduce((a, o) => a + o.bytes, 0);
console.log(`bundle: dist/bundle/ with the CLI and its workers (${Object.keys(outputs).length} files, ${bytes} bytes)`);
