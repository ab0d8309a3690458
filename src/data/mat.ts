// MATLAB level-5 MAT-files (MATLAB 5 to 7, `save -v6`/`-v7`, scipy's savemat): the numeric subset.
// Layout from MathWorks' "MAT-File Format" (matfile_format.pdf): a 128-byte header, then data
// elements (type, byte count, data), each variable a miMATRIX element, zlib-compressed in a
// miCOMPRESSED element since v7. Level-4 and v7.3 (HDF5) files are recognised and refused by name.
import { constants, inflateSync } from 'node:zlib';
import { clip, UsageError } from '../errors.js';
import { formatBytes, MAX_MAT_BYTES, MAX_MAT_VALUES, MAX_MAT_VARIABLES } from '../limits.js';

/** One variable: numeric classes carry their real part as doubles in MATLAB's column-major order. */
export interface MatVariable {
  name: string;
  /** MATLAB's class name: double, single, int8 ... uint64, logical, char, cell, struct, sparse, object. */
  className: string;
  /** A numeric class (logical included): its values can be read as doubles. */
  numeric: boolean;
  /** The number of dimensions, and the first MAX_DIMS of them (all of any matrix nnlab reads). */
  rank: number;
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

/** Dimensions kept of a variable (its rank is kept whole). */
const MAX_DIMS = 32;
/** Characters kept of a variable's name (MATLAB's names have at most 63). */
const MAX_NAME = 256;

/**
 * What a file may still decode: decompressed bytes (MAX_MAT_BYTES, the most nnlab reads from disk too)
 * and numbers read as doubles (MAX_MAT_VALUES). Both are checked before the memory is taken.
 */
interface Budget {
  bytes: number;
  values: number;
}

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
  /** `file` is the path as messages show it (clipped). */
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

  /** A name: its first MAX_NAME characters, with … when there are more. */
  text(e: Element): string {
    const cut = e.bytes > MAX_NAME;
    return new TextDecoder('latin1').decode(this.b.subarray(e.start, e.start + Math.min(e.bytes, MAX_NAME))) + (cut ? '…' : '');
  }

  /** The rank and the first MAX_DIMS dimensions (int32), without reading a hostile million of them. */
  dimensions(e: Element, at: number): { rank: number; dims: number[] } {
    if (e.type !== 5 || e.bytes % 4 !== 0) this.fail(`a variable at byte ${at} has no dimensions`);
    const rank = e.bytes / 4;
    const dims = Array.from({ length: Math.min(rank, MAX_DIMS) }, (_, i) => this.view.getInt32(e.start + 4 * i, this.le));
    if (dims.some((d) => d < 0)) this.fail(`a variable at byte ${at} has a negative dimension`);
    return { rank, dims };
  }

  /**
   * A miMATRIX element's contents (from `at` to `end`). `decode` sees the variable's header (name, class,
   * dimensions) and says whether to read its data; it may throw to refuse the variable.
   */
  matrix(at: number, end: number, decode: (v: MatVariable) => boolean): MatVariable {
    const flags = this.element(at, true);
    if (flags.type !== 6 || flags.bytes !== 8) this.fail(`a variable at byte ${at} has no array flags`);
    const word = this.view.getUint32(flags.start, this.le);
    const cls = word & 0xff;
    const logical = (word & 0x200) !== 0;
    // A sparse logical array carries the logical flag too: it is sparse first.
    const className = cls === 5 ? (logical ? 'sparse logical' : 'sparse') : logical ? 'logical' : CLASSES[cls] ?? `class ${cls}`;
    const complex = (word & 0x800) !== 0;
    if (cls === 16 || cls === 17) {
      // Objects and functions have no dimensions here; the name, if any, comes first.
      const e = flags.next < end ? this.element(flags.next, true) : undefined;
      return { name: e?.type === 1 ? this.text(e) : '', className: 'object', numeric: false, rank: 0, dims: [], complex: false, data: null, inexact: false };
    }
    const dimsEl = this.element(flags.next, true);
    const { rank, dims } = this.dimensions(dimsEl, at);
    const nameEl = this.element(dimsEl.next, true);
    if (nameEl.type !== 1) this.fail(`a variable at byte ${at} has no name`);
    const name = this.text(nameEl);
    const numeric = NUMERIC_CLASSES.has(cls);
    const variable: MatVariable = { name, className, numeric, rank, dims, complex, data: null, inexact: false };
    if (!numeric || !decode(variable)) return variable;
    if (nameEl.next >= end) this.fail(`${clip(name)} has no data`);
    const real = this.element(nameEl.next, true);
    const size = SIZES[real.type];
    if (size === undefined) this.fail(`${clip(name)} has data of unknown type ${real.type}`);
    if (real.bytes % size !== 0) this.fail(`${clip(name)} holds ${real.bytes} bytes, not a whole number of values`);
    // The count is checked against the dimensions before anything is allocated for it.
    const count = valuesOf(variable);
    if (real.bytes !== count * size) this.fail(`${clip(name)} holds ${real.bytes / size} values for dimensions ${shapeOf(variable)}`);
    return { ...variable, ...this.numbers(real, clip(name)) };
  }
}

/** Dimensions as MATLAB prints them, 211×2; a long list is cut. */
export const shapeOf = (v: Pick<MatVariable, 'rank' | 'dims'>): string => v.dims.join('×') + (v.rank > v.dims.length ? '×…' : '');

/** Values a variable holds by its dimensions (Infinity for more dimensions than are kept). */
const valuesOf = (v: MatVariable): number => (v.rank > MAX_DIMS ? Infinity : v.dims.reduce((a, d) => a * d, 1));

/**
 * Inflates a miCOMPRESSED element: all of it, or only its first bytes (enough for the name). What comes
 * out is charged to the budget; past it the file is refused, not inflated further.
 */
function inflate(r: Reader, e: Element, whole: boolean, budget: Budget): Uint8Array {
  const data = r.b.subarray(e.start, e.start + e.bytes);
  const maxOutputLength = Math.max(1, budget.bytes);
  let out: Uint8Array;
  try {
    out = whole
      ? inflateSync(data, { maxOutputLength })
      : inflateSync(data.subarray(0, 512), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new UsageError(`${r.file}: decompresses to more than ${formatBytes(MAX_MAT_BYTES)} (at the compressed variable at byte ${e.start - 8}); nnlab reads MAT-files of at most ${formatBytes(MAX_MAT_BYTES)}, also once decompressed`);
    }
    return r.fail(`a compressed variable at byte ${e.start - 8} does not decompress (${(err as Error).message})`);
  }
  budget.bytes -= out.length;
  return out;
}

/**
 * The variables of a level-5 MAT-file, in file order. Only the variables `wanted` names get their data
 * decoded (compressed ones are inflated just far enough to read the name otherwise). Bounded before any
 * large allocation: at most MAX_MAT_VARIABLES variables, MAX_MAT_BYTES decompressed, MAX_MAT_VALUES
 * numbers decoded, and a wanted name only once.
 * Throws UsageError naming the file: another format (v4, v7.3), a damaged file, a limit passed.
 */
export function readMat(bytes: Uint8Array, path: string, wanted: ReadonlySet<string>): MatVariable[] {
  const file = clip(path);
  const le = checkHeader(bytes, file);
  const top = new Reader(bytes, le, file);
  const budget: Budget = { bytes: MAX_MAT_BYTES, values: MAX_MAT_VALUES };
  const seen = new Set<string>();
  /** Whether to decode a variable's data; refuses a wanted name seen before, or too many values. */
  const claim = (v: MatVariable): boolean => {
    if (!wanted.has(v.name)) return false;
    if (seen.has(v.name)) throw new UsageError(`${file}: holds ${clip(v.name)} twice; a MAT-file holds each variable once (which one is meant?)`);
    seen.add(v.name);
    if (!v.numeric || v.rank !== 2) return false; // refused by what reads it, naming the class or the shape
    const count = valuesOf(v);
    if (count > budget.values) {
      const before = MAX_MAT_VALUES - budget.values;
      const others = before > 0 ? `, and the variables read before it ${before}` : '';
      throw new UsageError(`${file}: ${clip(v.name)} is ${shapeOf(v)}, ${count} values${others}; nnlab reads at most ${MAX_MAT_VALUES} numbers from a MAT-file (${[...wanted].join(', ')} together)`);
    }
    budget.values -= count;
    return true;
  };
  const out: MatVariable[] = [];
  for (let at = 128; at < bytes.length;) {
    if (bytes.length - at < 8 && bytes.subarray(at).every((x) => x === 0)) break; // trailing padding
    const e = top.element(at, false);
    if ((e.type === MI_COMPRESSED || e.type === MI_MATRIX) && out.length === MAX_MAT_VARIABLES) {
      throw new UsageError(`${file}: holds more than ${MAX_MAT_VARIABLES} variables, more than nnlab reads from a MAT-file`);
    }
    if (e.type === MI_COMPRESSED) {
      const first = inflate(top, e, false, budget);
      const head = new Reader(first, le, file);
      const inner = head.element(0, false, false); // only its first bytes are here
      if (inner.type !== MI_MATRIX) top.fail(`a compressed element at byte ${at} holds no variable`);
      // The name is read from the first bytes; the whole variable is inflated only if it is wanted.
      const peek = head.matrix(8, head.b.length, () => false);
      if (claim(peek)) {
        budget.bytes += first.length; // the whole replaces the first bytes
        const full = new Reader(inflate(top, e, true, budget), le, file);
        const el = full.element(0, false);
        out.push(full.matrix(8, Math.min(full.b.length, 8 + el.bytes), () => true));
      } else {
        out.push(peek);
      }
    } else if (e.type === MI_MATRIX) {
      out.push(top.matrix(e.start, e.start + e.bytes, claim));
    }
    at = e.next;
  }
  return out;
}
