// What nnlab wrote, recognisably and untouched. A record's result.json carries a record marker with
// the sha256 of every other file of the record; result.json and model files carry a seal: the sha256
// of their own text with the seal zeroed, so that any edit, anywhere in them, breaks it.
// --force replaces only what still passes these checks, so it never removes a user's work.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { numpyJson } from '../numpyText.js';
import { reasonOf } from './errno.js';

export const RECORD_FORMAT = 'nnlab-record';
export const RECORD_VERSION = 1;
export const MODEL_FORMAT = 'nnlab-model';
export const MODEL_VERSION = 2;
export const RESULT_FILE = 'result.json';

export type RecordKind = 'run' | 'sweep';

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

const UNSEALED = '0'.repeat(64);
const SEAL = /"seal":\s*"([0-9a-f]{64})"/;

/** The JSON text of `value`, whose `seal: UNSEALED` field (the first seal in the text) is set to the text's sha256. */
function sealed(value: object, indent?: number): string {
  const text = numpyJson(value, indent);
  const m = SEAL.exec(text)!;
  return text.slice(0, m.index) + m[0].replace(UNSEALED, sha256(text)) + text.slice(m.index + m[0].length);
}

/** The text's first seal equals the sha256 of the text with that seal zeroed. */
function sealHolds(text: string): boolean {
  const m = SEAL.exec(text);
  if (!m) return false;
  const zeroed = text.slice(0, m.index) + m[0].replace(m[1]!, UNSEALED) + text.slice(m.index + m[0].length);
  return sha256(zeroed) === m[1];
}

/**
 * The files of a record: result.json (the marker first, then `result`) and the other files as given.
 * The marker lists each other file's sha256 and seals result.json itself.
 */
export function sealRecord(kind: RecordKind, result: object, files: Record<string, string>): Record<string, string> {
  const hashes = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, sha256(text)]));
  const record = { format: RECORD_FORMAT, version: RECORD_VERSION, kind, seal: UNSEALED, files: hashes };
  return { [RESULT_FILE]: sealed({ record, ...result }, 2), ...files };
}

/** A model file's text: the format marker and seal first, then the model's fields. */
export function sealModel(model: object): string {
  return sealed({ format: MODEL_FORMAT, version: MODEL_VERSION, seal: UNSEALED, ...model });
}

/** No file nnlab writes into a record is larger (a million costs are ~30 MB of CSV). */
const MAX_RECORD_FILE_BYTES = 1024 * 2 ** 20;

/** Larger files are not nnlab's JSON (a 1000-wide model is ~40 MB); they are not read at all. */
const MAX_JSON_BYTES = 512 * 2 ** 20;

/** A regular file's text, or undefined for anything else (a FIFO is never opened: it would block). */
function readText(path: string): string | undefined {
  try {
    const st = lstatSync(path);
    if (!st.isFile() || st.size > MAX_JSON_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parse(text: string | undefined): Record<string, unknown> | undefined {
  try {
    const v: unknown = text === undefined ? undefined : JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why the folder at `dir` may not be replaced, or null if it may: it is an untouched nnlab record, or
 * empty (nothing in it to lose). Reads only; `dir` must be an existing folder.
 */
export function recordRefusal(dir: string): string | null {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    return `cannot list it: ${reasonOf(e)}`;
  }
  if (entries.length === 0) return null;
  if (!entries.includes(RESULT_FILE)) return `it is not an nnlab record (it has no ${RESULT_FILE})`;
  const text = readText(join(dir, RESULT_FILE));
  const marker = parse(text)?.record as { format?: unknown; version?: unknown; files?: unknown } | undefined;
  if (!marker || marker.format !== RECORD_FORMAT || typeof marker.files !== 'object' || marker.files === null) {
    return `it is not an nnlab record (its ${RESULT_FILE} has no nnlab record marker)`;
  }
  if (marker.version !== RECORD_VERSION) return `it is an nnlab record of format version ${String(marker.version)}; this nnlab writes version ${RECORD_VERSION}`;
  if (!sealHolds(text!)) return `its ${RESULT_FILE} changed since nnlab wrote it`;
  const files = marker.files as Record<string, unknown>;
  for (const name of entries) {
    if (name === RESULT_FILE) continue;
    const expected = Object.hasOwn(files, name) ? files[name] : undefined;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (typeof expected !== 'string' || !st.isFile()) return `it holds ${name}, which is not part of the record`;
      if (st.size > MAX_RECORD_FILE_BYTES || sha256(readFileSync(path)) !== expected) return `its ${name} changed since nnlab wrote it`;
    } catch (e) {
      return `cannot read its ${name}: ${reasonOf(e)}`;
    }
  }
  return null;
}

/**
 * Why a predictions CSV may not be replaced: always. A CSV has no room for a mark that tools reading it
 * would skip, so nnlab cannot tell one it wrote from a user's, and replaces none.
 */
export function predictionsRefusal(): string {
  return 'nnlab cannot tell a CSV file it wrote from one of yours, so it replaces none, even with --force';
}

/** Why the regular file at `path` may not be replaced, or null: it is an untouched nnlab model file. */
export function modelRefusal(path: string): string | null {
  const text = readText(path);
  if (parse(text)?.format !== MODEL_FORMAT) return 'it is not a model file nnlab wrote (it has no nnlab-model format marker)';
  return sealHolds(text!) ? null : 'it changed since nnlab wrote it';
}
