// The native engine: the whole step runs in C (native/kernel.h) on buffers JavaScript allocates and lays
// out here, bit-identical to the TS engine. Costs and dropout masks stay in JS, as in the wasm engine.
import { isMainThread } from 'node:worker_threads';
import type { Dataset } from '../data/dataset.js';
import { formatBytes } from '../limits.js';
import { native } from '../native/addon.js';
import { ACTIVATIONS } from './activations.js';
import { crossEntropy, l2Penalty } from './cost.js';
import { maskSource } from './dropout.js';
import type { Engine, StepSettings } from './engine.js';
import { cloneParams, type Params } from './params.js';
import { viewsOver } from './bufferViews.js';

const HEADER = 16;
const RECORD = 16;
const align64 = (n: number): number => Math.ceil(n / 64) * 64;
const pad4 = (n: number): number => Math.ceil(n / 4) * 4;

/**
 * Multiply-adds per step from which two threads pay (measured with `nnlab bench --engine native` on
 * 2-H-H-1 networks, m = 300: below it the threads' hand-overs cost more than the halved products save).
 */
export const TWO_THREAD_MACS = 2e6;

export interface NativeOptions {
  /** 1 or 2; default: 2 for a step of at least TWO_THREAD_MACS on the main thread, else 1 (a pool worker
   * already has a core of its own). */
  threads?: number;
}

interface Layout {
  bytes: number;
  Y: number;
  ZL: number;
  rec: { n: number; A: number; D: number; AT: number; atw: number; W: number; b: number; dZ: number; G: number; dW: number; db: number; P: number }[];
}

/** Byte offsets, 64-byte aligned from `start` (where the header goes). */
function layOut(layers: readonly number[], m: number, dropout: boolean, keepBeforeDropout: boolean, start: number): Layout {
  const L = layers.length - 1;
  let top = start + 8 * (HEADER + RECORD * (L + 1));
  const alloc = (bytes: number): number => {
    const at = start + align64(top - start);
    top = at + bytes;
    return at;
  };
  const f64 = (count: number): number => alloc(8 * count);
  const atw = layers.map((n) => pad4(1 + n));
  const X = f64(layers[0]! * m);
  const Y = f64(layers[L]! * m);
  const ZL = f64(layers[L]! * m);
  const rec = layers.map((n, l) => {
    const k = l === 0 ? 0 : layers[l - 1]!;
    const hidden = l > 0 && l < L;
    return {
      n,
      A: l === 0 ? X : f64(n * m),
      D: dropout && hidden ? alloc(n * m) : 0,
      AT: l < L ? f64(m * atw[l]!) : 0,
      atw: atw[l]!,
      W: l === 0 ? 0 : f64(n * k),
      b: l === 0 ? 0 : f64(n),
      dZ: l === 0 ? 0 : f64(n * m),
      G: l === 0 ? 0 : f64(n * atw[l - 1]!),
      dW: l === 0 ? 0 : f64(n * k),
      db: l === 0 ? 0 : f64(n),
      P: dropout && keepBeforeDropout && hidden ? f64(n * m) : 0,
    };
  });
  return { bytes: top, Y, ZL, rec };
}

/** Multiply-adds of one step's three products. */
const stepMacs = (layers: readonly number[], m: number): number => layers.reduce((a, n, l) => (l === 0 ? a : a + 3 * n * layers[l - 1]! * m), 0);

/** The engine, or why this run cannot have it (not built, or no memory for its buffers). */
export function createNativeEngine(initial: Params, layers: readonly number[], data: Dataset, s: StepSettings, opts: NativeOptions = {}): Engine | { unavailable: string } {
  if (!native.addon) return { unavailable: native.why };
  const addon = native.addon;
  const L = layers.length - 1;
  const m = data.X.cols;
  const act = ACTIVATIONS[s.activation];
  const dropout = s.keepProb < 1;
  const probe = layOut(layers, m, dropout, !act.signOnly, 0);
  let buf: ArrayBuffer;
  try {
    buf = new ArrayBuffer(probe.bytes + 64);
  } catch (e) {
    return { unavailable: `the native engine could not get ${formatBytes(probe.bytes)} for the network's buffers (${(e as Error).message})` };
  }
  const start = (64 - addon.misalign(buf)) % 64;
  const { Y, ZL, rec } = layOut(layers, m, dropout, !act.signOnly, start);
  const threads = opts.threads ?? (isMainThread && stepMacs(layers, m) >= TWO_THREAD_MACS ? 2 : 1);

  const h = new Float64Array(buf, start, HEADER + RECORD * (L + 1));
  h.set([L, m, act.kernel, threads, s.keepProb, s.lr, 1 / m, s.lambd / m, Y, ZL]);
  rec.forEach((r, l) => h.set([r.n, r.A, r.D, r.AT, r.atw, r.W, r.b, r.dZ, r.G, r.dW, r.db, r.P], HEADER + RECORD * l));

  new Float64Array(buf, Y, layers[L]! * m).set(data.Y.data);
  const { params, ws } = viewsOver(buf, rec, data.X, act, initial);
  const AL = ws.A[L]!;
  const masks = dropout ? maskSource(s.dropoutMasks) : null;
  // tanh and sigmoid hidden layers: the registry's own forward, on the layer's values in the shared buffer.
  const activate = (l: number): void => act.forward(ws.A[l]!.data, layers[l]! * m);

  const forwardCost = (): number => {
    masks?.fill(ws.D, s.keepProb);
    addon.forward(h, activate);
    return crossEntropy(AL, data.Y) + l2Penalty(params, layers, s.lambd, m);
  };

  return {
    name: 'native',
    detail: `${addon.isa()}, ${threads === 1 ? '1 thread' : `${threads} threads`}`,
    step(wantCost) {
      if (!wantCost) {
        masks?.fill(ws.D, s.keepProb);
        addon.step(h, activate);
        return NaN;
      }
      const cost = forwardCost();
      addon.backward(h);
      return cost;
    },
    cost: forwardCost,
    params: () => cloneParams(params),
    workspace: () => ws,
  };
}
