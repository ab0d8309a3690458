// The WebAssembly SIMD engine: the whole step runs in wasm (src/linalg/wasm/nn.wat) on buffers laid out
// once per run, bit-identical to the plain TS engine, which stays the fallback and the oracle.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../data/dataset.js';
import { crossEntropy, l2Penalty } from './cost.js';
import { ACTIVATIONS, type ActivationName } from './activations.js';
import { maskSource } from './dropout.js';
import { createTsEngine, type Engine, type StepSettings } from './engine.js';
import { cloneParams, type Params } from './params.js';
import { viewsOver } from './bufferViews.js';
import { formatBytes } from '../limits.js';

// Typed here because the project's lib (ES2022, node types) does not declare WebAssembly.
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (d: { initial: number }) => WasmMemory;
  Instance: new (m: WasmModule, imports: object) => { readonly exports: unknown };
}
export type WasmModule = object & { readonly __brand?: 'wasm module' };
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface Kernels {
  step(): number;
  forward(): number;
  backward(): void;
}

/** The compiled kernels, or null where this runtime lacks wasm SIMD or the module is missing. */
export const wasmModule: WasmModule | null = await loadModule();

async function loadModule(): Promise<WasmModule | null> {
  if (!wasm) return null;
  try {
    const bin = fileURLToPath(new URL('../linalg/wasm/nn.wasm', import.meta.url));
    const wat = fileURLToPath(new URL('../linalg/wasm/nn.wat', import.meta.url));
    let bytes: Uint8Array;
    if (existsSync(bin)) bytes = readFileSync(bin);
    else if (existsSync(wat)) bytes = await assemble(readFileSync(wat, 'utf8'));
    else return null;
    return wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  } catch {
    return null;
  }
}

/** Running from sources (tests): assemble the text with the dev dependency. */
async function assemble(text: string): Promise<Uint8Array> {
  const wabt = await (await import('wabt')).default();
  const mod = wabt.parseWat('nn.wat', text, { simd: true });
  try {
    mod.validate();
    return mod.toBinary({}).buffer;
  } finally {
    mod.destroy();
  }
}

// Plain arithmetic, not bit operations: offsets pass 2^31 (bit operations wrap there) on the way to 4 GiB.
const pad2 = (n: number): number => n + (n % 2);
const pad4 = (n: number): number => Math.ceil(n / 4) * 4;
const align16 = (n: number): number => Math.ceil(n / 16) * 16;
const PAGE = 65536;
/** wasm32 addresses 2^16 pages of 64 KiB: every buffer of a run must fit in 4 GiB. */
export const WASM_MAX_BYTES = 65536 * PAGE;
const HEADER = 64;
const RECORD = 64;
/** Layers wider than this get W packed in column pairs for dA = Wᵀ·dZ (128 cache lines: 8 KiB of L1). */
const PACK_UNITS = 128;
/** The wasm tiles span up to 16 samples; smaller batches run on the TS engine. */
const MIN_M = 16;

interface Layout {
  /** Bytes used. */
  top: number;
  X: number;
  Y: number;
  ZL: number;
  /** Per layer, in the field order of the wasm layer records. */
  rec: { n: number; np: number; A: number; D: number; AT: number; atw: number; W: number; b: number; dZ: number; G: number; dW: number; db: number; P: number; WP: number }[];
}

/**
 * Byte offsets of every buffer, 16-byte aligned; one memory that never grows, so views stay valid.
 * keepBeforeDropout: the activation's backward reads A's value (Activation.signOnly false), so hidden
 * layers with dropout also keep A before dropout (P).
 */
function layOut(layers: readonly number[], m: number, dropout: boolean, keepBeforeDropout: boolean): Layout {
  const L = layers.length - 1;
  const np = layers.map((n, l) => (l === 0 ? n : pad2(n)));
  const atw = np.map((n) => pad4(1 + n));
  let top = HEADER + RECORD * (L + 1);
  const alloc = (bytes: number): number => {
    const at = align16(top);
    top = at + bytes;
    return at;
  };
  const f64 = (count: number): number => alloc(8 * count);
  const X = f64(layers[0]! * m);
  const Y = f64(layers[L]! * m);
  const ZL = f64(np[L]! * m);
  const rec = layers.map((n, l) => {
    const k = l === 0 ? 0 : layers[l - 1]!;
    return {
      n,
      np: np[l]!,
      A: l === 0 ? X : f64(np[l]! * m),
      D: dropout && l > 0 && l < L ? alloc(np[l]! * m) : 0,
      AT: l < L ? f64(m * atw[l]!) : 0,
      atw: l < L ? atw[l]! : 0,
      W: l === 0 ? 0 : f64(np[l]! * k),
      b: l === 0 ? 0 : f64(np[l]!),
      dZ: l === 0 ? 0 : f64(np[l]! * m),
      G: l === 0 ? 0 : f64(np[l]! * atw[l - 1]!),
      dW: l === 0 ? 0 : f64(n * k),
      db: l === 0 ? 0 : f64(n),
      P: dropout && keepBeforeDropout && l > 0 && l < L ? f64(np[l]! * m) : 0,
      // W in column pairs for dA = Wᵀ·dZ (not computed for layer 1), where a pair's n cache lines outgrow L1
      WP: l >= 2 && n > PACK_UNITS ? f64(np[l - 1]! * n) : 0,
    };
  });
  return { top, X, Y, ZL, rec };
}

/** Bytes of WebAssembly memory a run needs: its buffers laid out (layers, m examples, dropout masks or not, the activation). */
export const wasmBytes = (layers: readonly number[], m: number, dropout: boolean, activation: ActivationName = 'relu'): number =>
  layOut(layers, m, dropout, !ACTIVATIONS[activation].signOnly).top;

/**
 * One memory per thread, reused run after run: a WebAssembly.Memory reserves address space (8 GiB or more
 * on 64-bit) that is only given back when it is garbage-collected, so a new one per run in a sweep soon
 * exhausts a limited address space (ulimit -v). An engine leases it and train() releases it.
 */
interface SharedMemory {
  memory: WasmMemory;
  leased: boolean;
  /** Bytes some run has written to, which the next one must find zero again. */
  used: number;
}
let shared: SharedMemory | null = null;
/** A memory larger than this is not kept after its run: the pages it touched would stay resident. */
const KEEP_BYTES = 256 * 2 ** 20;

function giveBack(lease: SharedMemory): void {
  lease.leased = false;
  if (lease.memory.buffer.byteLength > KEEP_BYTES && shared === lease) shared = null;
}

/** Memory of at least `bytes`, all zero, and how to give it back; or why there is none. */
function leaseMemory(bytes: number): { memory: WasmMemory; release(): void } | { error: string } {
  const pages = Math.ceil(bytes / PAGE);
  try {
    if (shared && !shared.leased) {
      const lease = shared;
      const have = lease.memory.buffer.byteLength / PAGE;
      if (have < pages) lease.memory.grow(pages - have);
      new Uint8Array(lease.memory.buffer, 0, Math.min(lease.used, bytes)).fill(0);
      lease.leased = true;
      lease.used = Math.max(lease.used, bytes);
      return { memory: lease.memory, release: () => giveBack(lease) };
    }
    const memory = new wasm!.Memory({ initial: pages });
    if (shared) return { memory, release: () => {} };
    const lease: SharedMemory = { memory, leased: true, used: bytes };
    shared = lease;
    return { memory, release: () => giveBack(lease) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The TS engine, with the reason this run could not use wasm. */
function fallback(why: string, initial: Params, layers: readonly number[], data: Dataset, s: StepSettings): Engine {
  return { ...createTsEngine(initial, layers, data, s), notice: `${why}; training on the TypeScript engine instead (same results, several times slower)` };
}

export function createWasmEngine(initial: Params, layers: readonly number[], data: Dataset, s: StepSettings): Engine {
  const L = layers.length - 1;
  const m = data.X.cols;
  const dropout = s.keepProb < 1;
  const act = ACTIVATIONS[s.activation];
  const lay = L >= 1 ? layOut(layers, m, dropout, !act.signOnly) : null;
  if (!wasm || !wasmModule) return fallback('this runtime has no WebAssembly SIMD', initial, layers, data, s);
  if (m < MIN_M) return fallback(`the WebAssembly engine takes ${MIN_M} examples or more (its tiles), and this run has ${m}`, initial, layers, data, s);
  if (!lay || data.Y.rows !== layers[L] || data.X.rows !== layers[0]) return createTsEngine(initial, layers, data, s);
  if (lay.top > WASM_MAX_BYTES) {
    return fallback(`the network's buffers take ${formatBytes(lay.top)}, more than the ${formatBytes(WASM_MAX_BYTES)} WebAssembly can address`, initial, layers, data, s);
  }
  const lease = leaseMemory(lay.top);
  if ('error' in lease) {
    const why = `WebAssembly could not get memory (${lease.error}; a WebAssembly memory reserves address space, 8 GiB or more on Node 20 and 22, which a limit such as ulimit -v can refuse)`;
    return fallback(why, initial, layers, data, s);
  }
  const { memory } = lease;
  const { Y, ZL, rec } = lay;
  const buf = memory.buffer;
  const i32 = new Int32Array(buf);
  const hf = new Float64Array(buf);
  i32[0] = L;
  i32[1] = m;
  i32[2] = act.kernel;
  i32[3] = Y;
  hf[2] = s.keepProb;
  hf[3] = s.lr;
  hf[4] = 1 / m;
  hf[5] = s.lambd / m;
  i32[12] = ZL;
  rec.forEach((r, l) => {
    const fields = [r.n, r.np, r.A, r.D, r.AT, r.atw, r.W, r.b, r.dZ, r.G, r.dW, r.db, r.P, r.WP];
    i32.set(fields, (HEADER + RECORD * l) / 4);
  });

  new Float64Array(buf, Y, layers[L]! * m).set(data.Y.data);
  const { params, ws } = viewsOver(buf, rec, data.X, act, initial);
  const AL = ws.A[L]!;
  const Z = new Float64Array(buf, ZL, layers[L]! * m);
  const masks = dropout ? maskSource(s.dropoutMasks) : null;
  // tanh and sigmoid hidden layers: the registry's own forward, on the layer's values in wasm memory.
  const activate = (l: number): void => act.forward(ws.A[l]!.data, layers[l]! * m);
  const k = new wasm.Instance(wasmModule, { env: { memory, activate } }).exports as unknown as Kernels;

  // Lanes the wasm exp leaves out (|z| >= 708, z = -1, NaN) get Math.exp, which the wasm exp equals elsewhere.
  const fixSigmoid = (): void => {
    for (let j = 0; j < Z.length; j++) {
      const x = -Z[j]!;
      if (!(Math.abs(x) < 708) || x === 1) AL.data[j] = 1 / (1 + Math.exp(x));
    }
  };

  const forwardCost = (): number => {
    masks?.fill(ws.D, s.keepProb);
    if (k.forward() !== 0) fixSigmoid();
    return crossEntropy(AL, data.Y) + l2Penalty(params, layers, s.lambd, m);
  };

  return {
    name: 'wasm',
    step(wantCost) {
      if (!wantCost) {
        masks?.fill(ws.D, s.keepProb);
        if (k.step() !== 0) {
          fixSigmoid();
          k.backward();
        }
        return NaN;
      }
      const cost = forwardCost();
      k.backward();
      return cost;
    },
    cost: forwardCost,
    params: () => cloneParams(params),
    workspace: () => ws,
    release: lease.release,
  };
}
