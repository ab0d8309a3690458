// The optional native addon (native/nnlab.c, built by tools/build-native.mjs at install): loaded once,
// or the reason it is not there, to tell a user who asks for it.
import { closeSync, constants, existsSync, fstatSync, openSync, readSync } from 'node:fs';
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
  /** The version of the buffer layout it reads (absent in addons built before it was asked). */
  layout?(): number;
}

/** The buffer layout src/nn/nativeEngine.ts writes: native/nnlab.c's NNLAB_LAYOUT must equal it. */
export const LAYOUT = 2;

export type NativeStatus = { addon: NativeAddon; isa: string } | { addon: null; why: string };

/** Where node-gyp puts the addon, from src/native or dist/native alike. */
export const ADDON_PATH = fileURLToPath(new URL('../../build/Release/nnlab_native.node', import.meta.url));

/** What to do about a missing addon, for messages. */
export const BUILD_HINT = 'npm ci builds it where a C compiler and the Node headers are present; `npm run build:native` builds it again and says what is missing';

/**
 * Why the file at path cannot be a whole ELF shared library, or null: a truncated file would be mapped
 * past its end (SIGBUS when touched) and a device or FIFO would hang or exhaust memory when loaded.
 */
export function notLoadable(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'cannot be opened';
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return 'not a regular file';
    const head = Buffer.alloc(64);
    if (st.size < 64 || readSync(fd, head, 0, 64, 0) < 64) return 'too short for a shared library';
    if (head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2 || head[5] !== 1) return 'not a 64-bit little-endian ELF file';
    const end = (offset: bigint, count: number, size: number): bigint => offset + BigInt(count) * BigInt(size);
    const size = BigInt(st.size);
    const phoff = head.readBigUInt64LE(0x20);
    const phentsize = head.readUInt16LE(0x36);
    const phnum = head.readUInt16LE(0x38);
    if (end(head.readBigUInt64LE(0x28), head.readUInt16LE(0x3c), head.readUInt16LE(0x3a)) > size || end(phoff, phnum, phentsize) > size || phentsize < 56) {
      return 'truncated (its headers point past its end)';
    }
    const ph = Buffer.alloc(phnum * phentsize);
    readSync(fd, ph, 0, ph.length, Number(phoff));
    for (let i = 0; i < phnum; i++) {
      const at = i * phentsize;
      if (ph.readBigUInt64LE(at + 8) + ph.readBigUInt64LE(at + 32) > size) return 'truncated (a segment ends past its end)';
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

export function loadNative(path = ADDON_PATH): NativeStatus {
  if (process.arch !== 'x64') return { addon: null, why: `the native engine is built for x86-64 only (this is ${process.arch})` };
  if (!existsSync(path)) return { addon: null, why: path === ADDON_PATH ? `the native engine is not built (${BUILD_HINT})` : `the native engine file ${path} does not exist` };
  const bad = notLoadable(path);
  if (bad) return { addon: null, why: `the native engine file ${path} is ${bad} (${BUILD_HINT})` };
  try {
    const addon = createRequire(import.meta.url)(path) as NativeAddon;
    const layout = typeof addon.layout === 'function' ? addon.layout() : 1;
    if (layout !== LAYOUT) return { addon: null, why: `the native engine was built from other sources than this nnlab (buffer layout ${layout}, this nnlab's ${LAYOUT}; ${BUILD_HINT})` };
    return { addon, isa: addon.isa() };
  } catch (e) {
    return { addon: null, why: `the native engine did not load (${(e as Error).message.split('\n')[0]}; ${BUILD_HINT})` };
  }
}

// NNLAB_NATIVE_ADDON names another file (tests use a missing one to see nnlab without the native engine).
export const native: NativeStatus = loadNative(process.env.NNLAB_NATIVE_ADDON || ADDON_PATH);
