// The native engine: the whole step runs in C (native/kernel.h) on buffers JavaScript allocates and lays
// out here, bit-identical to the TS engine. Costs and dropout masks stay in JS, as in the wasm engine.
import { availableParallelism } from 'node:os';
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
import { fixedThreads, timedThreads } from './threadChoice.js';

const HEADER = 16;
const RECORD = 16;
const align64 = (n: number): number => Math.ceil(n / 64) * 64;
const pad4 = (n: number): number => Math.ceil(n / 4) * 4;
const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

/**
 * Multiply-adds per step from which a run on the main thread times steps on one and on two threads and
 * runs the faster (threadChoice.ts): about 60 µs of one thread's work (~16 G multiply-adds/s), against a
 * few µs of hand-over per product. A product below PAR_MIN_MACS (native/nnlab.c) stays on one thread.
 */
export const TWO_THREAD_MACS = 1e6;

export interface NativeOptions {
  /**
   * 1 or 2; default: chosen by timing for a step of at least TWO_THREAD_MACS on the main thread of a
   * machine with 2 or more cores, else 1 (sweep and reproduce run one worker per core already).
   */
  threads?: number;
}

/**
 * Samples per block of the dW product's transposed input: all of them while the block stays within
 * L2 (256 KiB), else 256 (native/kernel.h's KC, the summed index's block).
 */
const blockRows = (m: number, width: number): number => (8 * m * width <= 256 * 1024 ? m : Math.min(m, 256));

interface Layout {
  bytes: number;
  Y: number;
  ZL: number;
  /** rows of each layer's T (its output transposed, with a ones column), refilled block by block */
  tb: number;
  /** G (n × gw) is the dW product before scaling: its rows padded to 8 columns, which narrow products fill whole. */
  rec: { n: number; A: number; D: number; AT: number; atw: number; W: number; b: number; dZ: number; G: number; gw: number; dW: number; db: number; P: number }[];
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
  const tb = blockRows(m, Math.max(...atw.slice(0, L)));
  const rec = layers.map((n, l) => {
    const k = l === 0 ? 0 : layers[l - 1]!;
    const hidden = l > 0 && l < L;
    return {
      n,
      A: l === 0 ? X : f64(n * m),
      D: dropout && hidden ? alloc(n * m) : 0,
      // 64 bytes of slack: a narrow product reads up to 4 columns past T's last row
      AT: l < L ? alloc(8 * tb * atw[l]! + 64) : 0,
      atRows: tb,
      atw: atw[l]!,
      W: l === 0 ? 0 : f64(n * k),
      b: l === 0 ? 0 : f64(n),
      dZ: l === 0 ? 0 : f64(n * m),
      G: l === 0 ? 0 : f64(n * pad8(atw[l - 1]!)),
      gw: l === 0 ? 0 : pad8(atw[l - 1]!),
      dW: l === 0 ? 0 : f64(n * k),
      db: l === 0 ? 0 : f64(n),
      P: dropout && keepBeforeDropout && hidden ? f64(n * m) : 0,
    };
  });
  return { bytes: top, Y, ZL, tb, rec };
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
  const { Y, ZL, tb, rec } = layOut(layers, m, dropout, !act.signOnly, start);
  const choice =
    opts.threads === undefined && isMainThread && availableParallelism() >= 2 && stepMacs(layers, m) >= TWO_THREAD_MACS ? timedThreads() : fixedThreads(opts.threads ?? 1);

  const h = new Float64Array(buf, start, HEADER + RECORD * (L + 1));
  h.set([L, m, act.kernel, 1, s.keepProb, s.lr, 1 / m, s.lambd / m, Y, ZL, tb]);
  rec.forEach((r, l) => h.set([r.n, r.A, r.D, r.AT, r.atw, r.W, r.b, r.dZ, r.G, r.dW, r.db, r.P, r.gw], HEADER + RECORD * l));

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

  const isa = addon.isa();
  return {
    name: 'native',
    get detail() {
      return `${isa}, ${choice.summary()}`;
    },
    step(wantCost) {
      const threads = choice.next();
      h[3] = threads;
      const t0 = performance.now();
      let cost = NaN;
      if (wantCost) {
        cost = forwardCost();
        addon.backward(h);
      } else {
        masks?.fill(ws.D, s.keepProb);
        addon.step(h, activate);
      }
      choice.took(threads, performance.now() - t0);
      return cost;
    },
    cost: forwardCost,
    params: () => cloneParams(params),
    workspace: () => ws,
  };
}
