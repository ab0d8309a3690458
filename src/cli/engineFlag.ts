// --engine: which training engine runs the steps (the registry is src/nn/engines.ts). The choice goes
// into NNLAB_ENGINE, where the runs of this process and of its worker threads read it.
import { Option } from 'commander';
import { clip, UsageError } from '../errors.js';
import type { EngineName } from '../nn/engine.js';

const NAMES = Object.keys({ native: 1, wasm: 1, ts: 1 } satisfies Record<EngineName, 1>);

export const engineOption = (): Option =>
  new Option('--engine <name>', 'training engine: native (C kernels built at install), wasm or ts (default: native where built and the CPU has AVX2 or AVX-512, else wasm; same results on each)').choices(NAMES);

/**
 * Makes `name` the engine of this process's runs; a UsageError (before any work) if it cannot run here.
 * `from` names where it came from: --engine, or NNLAB_ENGINE set in the environment.
 */
export async function chooseEngine(name: string, from: '--engine' | 'NNLAB_ENGINE' = '--engine'): Promise<void> {
  const { ENGINES, isEngineName } = await import('../nn/engines.js');
  if (!isEngineName(name)) throw new UsageError(`${from}: unknown engine '${clip(name)}'; choose from ${NAMES.join(', ')}`);
  const why = ENGINES[name].unavailable();
  if (why) throw new UsageError(`${from === '--engine' ? `--engine ${name}` : `NNLAB_ENGINE=${name}`}: ${why}`);
  process.env.NNLAB_ENGINE = name;
}
