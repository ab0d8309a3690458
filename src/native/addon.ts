// The optional native addon (native/nnlab.c, built by tools/build-native.mjs at install): loaded once,
// or the reason it is not there, to tell a user who asks for it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface NativeAddon {
  /** Forward, backward and update over the layout whose header is h; activate(l) applies a hidden tanh or sigmoid in JS. */
  step(h: Float64Array, activate: (l: number) => void): void;
  forward(h: Float64Array, activate: (l: number) => void): void;
  backward(h: Float64Array): void;
  /** The kernels in use ('avx512', 'avx2' or 'baseline'); with a name, switches to them if the CPU has them. */
  isa(name?: string): string;
  /** The kernels this CPU can run, widest first. */
  supported(): string[];
  /** The buffer's address modulo 64. */
  misalign(buffer: ArrayBuffer): number;
  /** out = 1/(1 + exp(-z)) with the kernels in use. */
  sigmoid(out: Float64Array, z: Float64Array): void;
}

export type NativeStatus = { addon: NativeAddon; isa: string } | { addon: null; why: string };

/** Where node-gyp puts the addon, from src/native or dist/native alike. */
export const ADDON_PATH = fileURLToPath(new URL('../../build/Release/nnlab_native.node', import.meta.url));

/** What to do about a missing addon, for messages. */
export const BUILD_HINT = 'npm ci builds it where a C compiler and the Node headers are present; `npm run build:native` builds it again and says what is missing';

export function loadNative(path = ADDON_PATH): NativeStatus {
  if (process.arch !== 'x64') return { addon: null, why: `the native engine is built for x86-64 only (this is ${process.arch})` };
  if (!existsSync(path)) return { addon: null, why: `the native engine is not built (${BUILD_HINT})` };
  try {
    const addon = createRequire(import.meta.url)(path) as NativeAddon;
    return { addon, isa: addon.isa() };
  } catch (e) {
    return { addon: null, why: `the native engine did not load (${(e as Error).message.split('\n')[0]}; ${BUILD_HINT})` };
  }
}

// NNLAB_NATIVE_ADDON names another file (tests use a missing one to see nnlab without the native engine).
export const native: NativeStatus = loadNative(process.env.NNLAB_NATIVE_ADDON || ADDON_PATH);
