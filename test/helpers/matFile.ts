// MATLAB level-5 files built byte by byte (MathWorks' "MAT-File Format"), for the reader's hostile
// cases: what no MATLAB or scipy writes, but a file on disk can hold.
import { deflateSync } from 'node:zlib';

const le32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const padded = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((8 - (b.length % 8)) % 8)]);

/** A data element: type, byte count, data padded to 8 bytes. */
export const element = (type: number, data: Buffer): Buffer => Buffer.concat([le32(type), le32(data.length), padded(data)]);

/** Array classes and data types used here. */
export const MX = { sparse: 5, double: 6, uint8: 9 } as const;
export const MI = { uint8: 2, double: 9 } as const;
const LOGICAL = 0x200;

export interface MatrixSpec {
  name: string;
  dims: number[];
  cls?: number;
  logical?: boolean;
  /** Data type of the real part, and its bytes. */
  type?: number;
  data: Buffer;
}

/** A miMATRIX element. */
export function matrix(s: MatrixSpec): Buffer {
  const flags = Buffer.concat([le32((s.cls ?? MX.double) | (s.logical ? LOGICAL : 0)), le32(0)]);
  return element(14, Buffer.concat([
    element(6, flags), element(5, Buffer.concat(s.dims.map(le32))), element(1, Buffer.from(s.name, 'latin1')), element(s.type ?? MI.double, s.data),
  ]));
}

/** A miCOMPRESSED element holding `inner` (an element) deflated; unpadded, as MATLAB writes it. */
export function compressed(inner: Buffer, level = 1): Buffer {
  const z = deflateSync(inner, { level });
  return Buffer.concat([le32(15), le32(z.length), z]);
}

export const doubles = (values: number[]): Buffer => Buffer.from(new Float64Array(values).buffer);

/** A file: the 128-byte header (little-endian, version 0x0100), then the elements. */
export function matFile(elements: readonly Buffer[]): Buffer {
  const header = Buffer.alloc(128, 0x20);
  header.write('MATLAB 5.0 MAT-file, written by a test', 0, 'latin1');
  header.writeUInt16LE(0x0100, 124);
  header.write('IM', 126, 'latin1');
  return Buffer.concat([header, ...elements]);
}

/** A small valid X (2×2) and y (2×1). */
export const small = (): Buffer[] => [matrix({ name: 'X', dims: [2, 2], data: doubles([0, 1, 2, 3]) }), matrix({ name: 'y', dims: [2, 1], data: doubles([0, 1]) })];
