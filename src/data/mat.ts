// MATLAB level-5 MAT-files (MATLAB 5 to 7, `save -v6`/`-v7`, scipy's savemat): the numeric subset.
// Layout from MathWorks' "MAT-File Format" (matfile_format.pdf): a 128-byte header, then data
// elements (type, byte count, data), each variable a miMATRIX element, zlib-compressed in a
// miCOMPRESSED element since v7. Level-4 and v7.3 (HDF5) files are recognised and refused by name.
import { constants, inflateSync } from 'node:zlib';
import { UsageError } from '../errors.js';

/** One variable: numeric classes carry their real part as doubles in MATLAB's column-major order. */
export interface MatVariable {
  name: string;
  /** MATLAB's class name: double, single, int8 ... uint64, logical, char, cell, struct, sparse, object. */
  className: string;
  /** A numeric class (logical included): its values can be read as doubles. */
  numeric: boolean;
  dims: number[];
  complex: boolean;
  /** Real part, column-major; null for non-numeric classes and for variables not asked for. */
  data: Float64Array | null;
  /** Some 64-bit integer is beyond 2^53, so its double is not exact. */
  inexact: boolean;
}

const CLASSES: Record<number, string> = {
  1: 'cell', 2: 'struct', 3: 'object', 4: 'char', 5: 'sparse', 6: 'double', 7: 'single', 8: 'int8', 9: 'uint8',
  10: 'int16', 11: 'uint16', 12: 'int32', 13: 'uint32', 14: 'int64', 15: 'uint64', 16: 'function', 17: 'object',
};
const NUMERIC_CLASSES = new Set([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);

// Data types: miINT8 1 … miUINT64 13 (8, 10, 11 reserved), miMATRIX 14, miCOMPRESSED 15.
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;
const SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8 };

/** The most a compressed variable may expand to (32 million doubles): past that it is refused, not inflated. */
export const MAX_VARIABLE_BYTES = 256 * 2 ** 20;

const HDF5_SIGNATURE = '\x89HDF\r\n\x1a\n';

/** A level-4 file starts with MOPT (M 0-4, O 0, P 0-5, T 0-2), rows, cols, imagf 0/1, name length. */
function looksLevel4(b: Uint8Array): boolean {
  if (b.length < 20) return false;
  const v = new DataView(b.buffer, b.byteOffset, 20);
  return [true, false].some((le) => {
    const [mopt, rows, cols, imagf, namlen] = [0, 4, 8, 12, 16].map((o) => v.getInt32(o, le)) as [number, number, number, number, number];
    const [m, o, p, t] = [Math.floor(mopt / 1000), Math.floor(mopt / 100) % 10, Math.floor(mopt / 10) % 10, mopt % 10];
    return mopt >= 0 && m <= 4 && o === 0 && p <= 5 && t <= 2 && rows >= 0 && cols >= 0 && (imagf === 0 || imagf === 1) && namlen > 0 && namlen < 4096;
  });
}

/** Little-endian or not, after checking the header: level 5 only. Throws UsageError naming the format. */
function checkHeader(b: Uint8Array, file: string): boolean {
  const text = new TextDecoder('latin1').decode(b.subarray(0, Math.min(b.length, 128)));
  const marker = text.slice(126, 128);
  const le = marker === 'IM';
  const version = b.length >= 128 ? (le ? b[125]! : b[124]!) : 0;
  if ((version === 2 && (marker === 'IM' || marker === 'MI')) || new TextDecoder('latin1').decode(b.subarray(512, 520)) === HDF5_SIGNATURE) {
    throw new UsageError(`${file}: a MATLAB v7.3 MAT-file (HDF5), which nnlab does not read; save it as a level-5 file (MATLAB/Octave: save -v7, scipy: savemat)`);
  }
  if (!text.startsWith('MATLAB') && looksLevel4(b)) {
    throw new UsageError(`${file}: a MATLAB level-4 MAT-file (v4), which nnlab does not read; save it as a level-5 file (MATLAB/Octave: save -v7, scipy: savemat)`);
  }
  if (b.length < 128 || (marker !== 'IM' && marker !== 'MI') || version !== 1) {
    throw new UsageError(`${file}: not a MATLAB MAT-file (no level-5 header); nnlab reads level-5 .mat files (MATLAB 5 to 7, scipy's savemat)`);
  }
  return le;
}

interface Element {
  type: number;
  /** Where its data starts and how many bytes it holds. */
  start: number;
  bytes: number;
  /** Where the next element starts. */
  next: number;
}

/** Reads elements of one buffer, in the file's byte order; `what` names the variable in messages. */
class Reader {
  readonly view: DataView;
  constructor(readonly b: Uint8Array, readonly le: boolean, readonly file: string) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  fail(why: string): never {
    throw new UsageError(`${this.file}: ${why}; the file is damaged or not a MAT-file`);
  }

  /** The tag at `at`: the small form packs up to 4 bytes of data into the tag itself. */
  element(at: number, padded: boolean, whole = true): Element {
    if (at + 8 > this.b.length) this.fail(`a data element at byte ${at} is cut off`);
    const first = this.view.getUint32(at, this.le);
    if (first >>> 16 !== 0) {
      if (first >>> 16 > 4) this.fail(`a small data element at byte ${at} claims ${first >>> 16} bytes; it holds at most 4`);
      return { type: first & 0xffff, start: at + 4, bytes: first >>> 16, next: at + 8 };
    }
    const bytes = this.view.getUint32(at + 4, this.le);
    const end = at + 8 + bytes;
    if (whole && end > this.b.length) this.fail(`a data element at byte ${at} claims ${bytes} bytes, past the end of the file`);
    return { type: first, start: at + 8, bytes, next: padded ? at + 8 + Math.ceil(bytes / 8) * 8 : end };
  }

  /** An element's values as doubles, with whether some 64-bit integer lost precision. */
  numbers(e: Element, what: string): { data: Float64Array; inexact: boolean } {
    const size = SIZES[e.type];
    if (size === undefined) this.fail(`${what} has data of unknown type ${e.type}`);
    if (e.bytes % size !== 0) this.fail(`${what} holds ${e.bytes} bytes, not a whole number of values`);
    const n = e.bytes / size;
    const out = new Float64Array(n);
    const v = this.view;
    const le = this.le;
    let inexact = false;
    for (let i = 0, o = e.start; i < n; i++, o += size) {
      switch (e.type) {
        case 1: out[i] = v.getInt8(o); break;
        case 2: out[i] = v.getUint8(o); break;
        case 3: out[i] = v.getInt16(o, le); break;
        case 4: out[i] = v.getUint16(o, le); break;
        case 5: out[i] = v.getInt32(o, le); break;
        case 6: out[i] = v.getUint32(o, le); break;
        case 7: out[i] = v.getFloat32(o, le); break;
        case 9: out[i] = v.getFloat64(o, le); break;
        default: {
          const big = e.type === 12 ? v.getBigInt64(o, le) : v.getBigUint64(o, le);
          out[i] = Number(big);
          if (BigInt(out[i]!) !== big) inexact = true;
        }
      }
    }
    return { data: out, inexact };
  }

  text(e: Element): string {
    return new TextDecoder('latin1').decode(this.b.subarray(e.start, e.start + e.bytes));
  }

  /** A miMATRIX element's contents (from `at` to `end`); data is decoded only when `decode` says so. */
  matrix(at: number, end: number, decode: (name: string) => boolean): MatVariable {
    const flags = this.element(at, true);
    if (flags.type !== 6 || flags.bytes !== 8) this.fail(`a variable at byte ${at} has no array flags`);
    const word = this.view.getUint32(flags.start, this.le);
    const cls = word & 0xff;
    const className = (word & 0x200) !== 0 ? 'logical' : CLASSES[cls] ?? `class ${cls}`;
    const complex = (word & 0x800) !== 0;
    if (cls === 16 || cls === 17) {
      // Objects and functions have no dimensions here; the name, if any, comes first.
      const e = flags.next < end ? this.element(flags.next, true) : undefined;
      return { name: e?.type === 1 ? this.text(e) : '', className: 'object', numeric: false, dims: [], complex: false, data: null, inexact: false };
    }
    const dimsEl = this.element(flags.next, true);
    if (dimsEl.type !== 5) this.fail(`a variable at byte ${at} has no dimensions`);
    const dims = Array.from(this.numbers(dimsEl, 'the dimensions').data);
    const nameEl = this.element(dimsEl.next, true);
    if (nameEl.type !== 1) this.fail(`a variable at byte ${at} has no name`);
    const name = this.text(nameEl);
    const numeric = NUMERIC_CLASSES.has(cls);
    const variable: MatVariable = { name, className, numeric, dims, complex, data: null, inexact: false };
    if (!numeric || !decode(name)) return variable;
    if (nameEl.next >= end) this.fail(`${name} has no data`);
    const real = this.numbers(this.element(nameEl.next, true), name);
    const count = dims.reduce((a, d) => a * d, 1);
    if (real.data.length !== count) this.fail(`${name} holds ${real.data.length} values for dimensions ${dims.join('×')}`);
    return { ...variable, data: real.data, inexact: real.inexact };
  }
}

/** Inflates a miCOMPRESSED element: all of it, or only its first bytes (enough for the name). */
function inflate(r: Reader, e: Element, whole: boolean): Uint8Array {
  const data = r.b.subarray(e.start, e.start + e.bytes);
  try {
    return whole
      ? inflateSync(data, { maxOutputLength: MAX_VARIABLE_BYTES + 8 })
      : inflateSync(data.subarray(0, 512), { finishFlush: constants.Z_SYNC_FLUSH });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new UsageError(`${r.file}: a compressed variable at byte ${e.start - 8} expands beyond ${MAX_VARIABLE_BYTES / 2 ** 20} MiB, more than nnlab reads`);
    }
    return r.fail(`a compressed variable at byte ${e.start - 8} does not decompress (${(err as Error).message})`);
  }
}

/**
 * The variables of a level-5 MAT-file, in file order. Only the variables `wanted` names get their data
 * decoded (compressed ones are inflated just far enough to read the name otherwise).
 * Throws UsageError naming the file: another format (v4, v7.3), or a damaged file.
 */
export function readMat(bytes: Uint8Array, file: string, wanted: ReadonlySet<string>): MatVariable[] {
  const le = checkHeader(bytes, file);
  const top = new Reader(bytes, le, file);
  const out: MatVariable[] = [];
  for (let at = 128; at < bytes.length;) {
    if (bytes.length - at < 8 && bytes.subarray(at).every((x) => x === 0)) break; // trailing padding
    const e = top.element(at, false);
    if (e.type === MI_COMPRESSED) {
      const head = new Reader(inflate(top, e, false), le, file);
      const inner = head.element(0, false, false); // only its first bytes are here
      if (inner.type !== MI_MATRIX) top.fail(`a compressed element at byte ${at} holds no variable`);
      // The name is read from the first bytes; the whole variable is inflated only if it is wanted.
      const peek = head.matrix(8, head.b.length, () => false);
      if (wanted.has(peek.name) && peek.numeric) {
        const full = new Reader(inflate(top, e, true), le, file);
        const el = full.element(0, false);
        out.push(full.matrix(8, Math.min(full.b.length, 8 + el.bytes), () => true));
      } else {
        out.push(peek);
      }
    } else if (e.type === MI_MATRIX) {
      out.push(top.matrix(e.start, e.start + e.bytes, (name) => wanted.has(name)));
    }
    at = e.next;
  }
  return out;
}
