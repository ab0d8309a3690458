// The training engines, one registry: each name maps to its implementation and to why it cannot run here.
// The engine a run uses is the one named by NNLAB_ENGINE (set by --engine, and inherited by worker
// threads), else the default: native where it is built and the CPU has AVX2 or AVX-512, else wasm.
import type { Dataset } from '../data/dataset.js';
import { native } from '../native/addon.js';
import { createTsEngine, type Engine, type EngineName, type StepSettings } from './engine.js';
import { createNativeEngine } from './nativeEngine.js';
import type { Params } from './params.js';
import { createWasmEngine, wasmModule } from './wasmEngine.js';

export type { EngineName } from './engine.js';
export type EngineFactory = (initial: Params, layers: readonly number[], data: Dataset, s: StepSettings) => Engine;

export interface EngineEntry {
  /** One line for --help and the README. */
  readonly description: string;
  readonly create: EngineFactory;
  /** Why this engine cannot run in this process, or null. */
  unavailable(): string | null;
}

/** The native engine, or the wasm engine saying why not (e.g. no memory for the buffers). */
export function createNativeOrWasm(initial: Params, layers: readonly number[], data: Dataset, s: StepSettings, threads?: number): Engine {
  const e = createNativeEngine(initial, layers, data, s, { threads });
  if (!('unavailable' in e)) return e;
  const wasm = createWasmEngine(initial, layers, data, s);
  return { ...wasm, notice: `${e.unavailable}; training on the ${wasm.name === 'wasm' ? 'WebAssembly' : 'TypeScript'} engine instead (same results)` };
}

export const ENGINES: Record<EngineName, EngineEntry> = {
  native: {
    description: 'C kernels (AVX-512, AVX2 or baseline x86-64, chosen at run time), built at install',
    create: (initial, layers, data, s) => createNativeOrWasm(initial, layers, data, s),
    unavailable: () => (native.addon ? null : native.why),
  },
  wasm: {
    description: 'WebAssembly SIMD kernels, shipped compiled',
    create: createWasmEngine,
    unavailable: () => (wasmModule ? null : 'this runtime has no WebAssembly SIMD'),
  },
  ts: {
    description: 'plain TypeScript: the reference the others are tested against',
    create: createTsEngine,
    unavailable: () => null,
  },
};

export const ENGINE_NAMES = Object.keys(ENGINES) as EngineName[];
export const isEngineName = (s: string): s is EngineName => Object.hasOwn(ENGINES, s);

/** Native where it is built and the CPU has wide vectors (its baseline kernels are no faster than wasm's). */
export function defaultEngineName(): EngineName {
  return native.addon && native.isa !== 'baseline' ? 'native' : 'wasm';
}

/** The engine runs of this process use: NNLAB_ENGINE when it names one, else the default. */
export function chosenEngineName(): EngineName {
  const named = process.env.NNLAB_ENGINE ?? '';
  return isEngineName(named) ? named : defaultEngineName();
}

/** The engine train() uses unless told otherwise. */
export const createEngine: EngineFactory = (initial, layers, data, s) => ENGINES[chosenEngineName()].create(initial, layers, data, s);
