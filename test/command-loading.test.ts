import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { commandsFor } from '../src/cli/program.js';
import { nnlab, ROOT } from './helpers/cli.js';

const loaded = (...words: string[]): string[] => commandsFor(['node', 'nnlab', ...words]).map((c) => c.names[0]!);
const ALL = ['train', 'predict', 'eval', 'run', 'sweep', 'reproduce', 'report', 'bench', 'datasets', 'gradcheck'];

describe('a run loads only the command it names', () => {
  it('the named command, after any root options', () => {
    expect(loaded('train', '--init', 'he')).toEqual(['train']);
    expect(loaded('regularize')).toEqual(['train']);
    expect(loaded('--wide', '--debug', 'datasets', 'list')).toEqual(['datasets']);
    expect(loaded('sweep', 'train', '--lr', '0.1,0.2')).toEqual(['sweep']);
    expect(loaded('help', 'bench')).toEqual(['bench']);
  });
  it('every command for help, a misspelt command or none', () => {
    expect(loaded()).toEqual(ALL);
    expect(loaded('--help')).toEqual(ALL);
    expect(loaded('trian')).toEqual(ALL);
    expect(loaded('help')).toEqual(ALL);
    expect(loaded('--version', '--help')).toEqual(ALL);
  });
  it('none for --version alone', () => {
    expect(loaded('--version')).toEqual([]);
    expect(loaded('-V')).toEqual([]);
  });
});

// The built CLI is a bundle (tools/bundle-cli.mjs): dist/bundle/modules.json says which modules each of
// its files holds. A run, traced by a module hook, shows which files, hence which modules, it loads.
const BUNDLE = pathToFileURL(join(ROOT, 'dist/bundle/')).href;
const TRACER = pathToFileURL(join(ROOT, 'test/helpers/trace-loads.mjs')).href;
const dir = mkdtempSync(join(tmpdir(), 'nnlab-loads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let runs = 0;

function loads(...args: string[]): { files: string[]; modules: string[]; commands: string[]; urls: string[] } {
  const modulesOf = JSON.parse(readFileSync(join(ROOT, 'dist/bundle/modules.json'), 'utf8')) as Record<string, string[]>;
  const trace = join(dir, `loads-${++runs}.txt`);
  const r = nnlab(args, { cwd: dir, env: { NODE_OPTIONS: `--import=${TRACER}`, NNLAB_TEST_LOADS: trace } });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const urls = [...new Set(readFileSync(trace, 'utf8').split('\n').filter(Boolean))];
  const files = urls.filter((u) => u.startsWith(BUNDLE)).map((u) => u.slice(BUNDLE.length));
  const modules = files.flatMap((f) => modulesOf[f]!);
  const commands = modules.map((m) => /^dist\/cli\/commands\/(\w+)\.js$/.exec(m)?.[1]).filter((c): c is string => c !== undefined).sort();
  return { files, modules, commands, urls };
}

describe('the bundle loads what a run needs', () => {
  it('--version: main.js and one file with what it imports, no command', () => {
    const { files, modules, commands } = loads('--version');
    expect(files).toHaveLength(2);
    expect(files[0]).toBe('main.js');
    expect(modules).toContain('dist/cli/main.js');
    expect(modules).toContain('dist/cli/program.js');
    expect(commands).toEqual([]);
  });
  it('a command: its own module and no other command', () => {
    expect(loads('datasets', 'list').commands).toEqual(['datasets']);
    expect(loads('train', '--iterations', '2', '--json').commands).toEqual(['train']);
    expect(loads('gradcheck', '--json').commands).toEqual(['gradcheck']);
    expect(loads('reproduce', '--help').commands).toEqual(['reproduce']);
    expect(loads('sweep', 'train', '--lr', '0.1,0.2', '--iterations', '2', '--json').commands).toEqual(['sweep']);
  });
  it('run: the commands an experiment file can name, whose code it runs', () => {
    expect(loads('run', '--help').commands).toEqual(['gradcheck', 'run', 'sweep', 'train']);
  });
  it('help: every command', () => {
    expect(loads('--help').commands).toEqual([...ALL].sort());
  });
  it('a worker thread (sweep, reproduce, bench) or bench --sizes\' child process loads one file of the bundle', () => {
    const modulesOf = JSON.parse(readFileSync(join(ROOT, 'dist/bundle/modules.json'), 'utf8')) as Record<string, string[]>;
    for (const [file, module] of [['executor.js', 'dist/cli/executor.js'], ['bench.js', 'dist/experiments/bench.js'], ['benchSizeChild.js', 'dist/experiments/benchSizeChild.js']]) {
      expect(modulesOf[file]).toContain(module);
      // what it imports: Node's modules, and files outside the bundle (the mathjs bundle, wabt from the sources)
      const imported = [...readFileSync(join(ROOT, 'dist/bundle', file), 'utf8').matchAll(/(?:\bfrom |\bimport\()\s*"([^"]+)"/g)].map((m) => m[1]!);
      expect(imported.length).toBeGreaterThan(0);
      expect(imported.filter((p) => !p.startsWith('node:') && p !== 'wabt' && !p.startsWith('../'))).toEqual([]);
    }
  });
  it('vega only for a command that draws, mathjs only for a formula', () => {
    const plain = loads('train', '--iterations', '2', '--json').urls;
    expect(plain.filter((u) => /vegaRuntime|formulaMath/.test(u))).toEqual([]);
    expect(loads('train', '--iterations', '2', '--json', '--init', 'random', '--scale', 'sqrt(2/fan_in)').urls.filter((u) => /vegaRuntime|formulaMath/.test(u)))
      .toEqual([pathToFileURL(join(ROOT, 'dist/experiments/formulaMath.js')).href]);
    expect(loads('train', '--iterations', '2', '--out', 'run').urls.filter((u) => /vegaRuntime|formulaMath/.test(u)))
      .toEqual([pathToFileURL(join(ROOT, 'dist/plots/vegaRuntime.js')).href]);
  });
});
