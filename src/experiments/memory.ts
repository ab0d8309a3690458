// How much memory a run needs, and how much this process can have: checked before anything large is
// allocated, so that a run too big for the machine ends in one line instead of an abort halfway.
import { freemem } from 'node:os';
import { formatBytes } from '../limits.js';
import { ACTIVATIONS, type ActivationName } from '../nn/activations.js';
import { parameterCount } from '../nn/params.js';
import { addressSpaceLeft } from './addressSpace.js';
import { wasmBytes, WASM_MAX_BYTES, wasmModule } from '../nn/wasmEngine.js';

/** What sizes a run's memory. */
export interface RunShape {
  layers: readonly number[];
  /** Training and test examples, and features per example. */
  train: number;
  test: number;
  dropout: boolean;
  /** The hidden activation: tanh and sigmoid with dropout keep a copy of each hidden layer before dropout. */
  activation: ActivationName;
  /** Reported costs, and whether each takes an inspection snapshot. */
  reports: number;
  inspect: boolean;
}

/** Node and nnlab themselves, before any run: ~55 MiB resident, rounded up. */
export const PROCESS_BYTES = 64 * 2 ** 20;

/** The wasm engine takes runs of at least this many examples (below, its tiles do not fit). */
const WASM_MIN_M = 16;
/** A reported cost in the JS heap ({iteration, cost} and its slot); an inspection snapshot, per layer. */
const REPORT_BYTES = 64;
const SNAPSHOT_LAYER_BYTES = 1024;

/**
 * Peak bytes of one run, from the sizes alone (nothing is allocated): the data, the parameters (initial,
 * final, the engine's own and its gradients), the engine's buffers (wasm's layout, or the TS engine's
 * activations, dZ and dropout masks) and a forward pass over the training set after the run (the
 * predictions, and the initial signal's measurement, one after the other).
 */
export function runBytes(s: RunShape): number {
  const { layers, train: m } = s;
  let params = 0;
  let units = 0;
  let hidden = 0;
  for (let l = 1; l < layers.length; l++) {
    params += layers[l]! * (layers[l - 1]! + 1);
    units += layers[l]!;
    if (l < layers.length - 1) hidden += layers[l]!;
  }
  const features = layers[0]!;
  const data = 8 * (features + 1) * (m + s.test);
  const beforeDropout = s.dropout && !ACTIVATIONS[s.activation].signOnly ? 8 * hidden * m : 0;
  const ts = 8 * (2 * units * m + 2 * params) + (s.dropout ? hidden * m : 0) + beforeDropout;
  const wasm = wasmModule && m >= WASM_MIN_M ? wasmBytes(layers, m, s.dropout, s.activation) : Infinity;
  const engine = wasm <= WASM_MAX_BYTES ? Math.max(wasm, ts) : ts;
  // one forward pass after the run: the predictions, then (the same size, one after the other) the pass
  // that measures the initial signal (nn/initialSignal.ts)
  const predict = 8 * units * m;
  const reports = s.reports * (REPORT_BYTES + (s.inspect ? SNAPSHOT_LAYER_BYTES * (layers.length - 1) : 0));
  return data + 8 * 2 * params + engine + predict + reports;
}

/** A pass of a model over data: forward only (predict, eval), the course's backward pass after it (eval --grads), or a gradient check. */
export type PassKind = 'forward' | 'backward' | 'check';

/**
 * Peak bytes of one pass of a model over m examples, beyond the data and the model already read (nothing
 * is allocated): forward, the activations A (units × m) and the outputs p and labels (9 bytes an
 * example); backward, after a forward, the engine's copy of the parameters, A and dZ, dropout masks,
 * the gradients and their copy; check, the backward buffers with the finite differences' own: the
 * parameters cloned, ĝ for the fixed and the auto step, kink flags, and the active-unit patterns.
 */
export function passBytes(layers: readonly number[], m: number, kind: PassKind, dropout = false): number {
  let units = 0;
  let hidden = 0;
  for (let l = 1; l < layers.length; l++) {
    units += layers[l]!;
    if (l < layers.length - 1) hidden += layers[l]!;
  }
  const P = parameterCount(layers);
  const forward = 8 * units * m + 9 * m;
  if (kind === 'forward') return forward;
  if (kind === 'backward') return forward + 16 * units * m + (dropout ? hidden * m : 0) + 24 * P;
  return 16 * units * m + 2 * hidden * m + 42 * P;
}

/** The most this process may use, and what sets it, e.g. "22.8 GiB is available on this machine". */
export interface MemoryLimit {
  bytes: number;
  text: string;
}

/**
 * The memory available now (physical memory not in use, as the kernel counts it: MemAvailable), a cgroup's
 * limit if lower, and what an address-space limit (ulimit -v) leaves if lower still. Available rather than
 * total memory: on a shared machine a run that needs more than is free is killed by the kernel midway.
 */
export function memoryLimit(): MemoryLimit {
  const free = freemem();
  let limit: MemoryLimit = { bytes: free, text: `${formatBytes(free)} is available on this machine` };
  const cgroup = process.constrainedMemory?.() ?? 0;
  if (cgroup > 0 && cgroup < limit.bytes) limit = { bytes: cgroup, text: `the memory limit of this control group is ${formatBytes(cgroup)}` };
  const left = addressSpaceLeft();
  if (left !== null && left < limit.bytes) limit = { bytes: left, text: `the address-space limit (ulimit -v) leaves ${formatBytes(left)}` };
  return limit;
}
