// What nnlab wrote, recognisably: a run or sweep record's result.json carries a record marker with the
// sha256 of every other file of the record, and a model file (--save) carries a format marker.
// --force replaces only what still passes these checks, so it never removes a user's file.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { numpyJson } from '../numpyText.js';

export const RECORD_FORMAT = 'nnlab-record';
export const RECORD_VERSION = 1;
export const MODEL_FORMAT = 'nnlab-model';
export const RESULT_FILE = 'result.json';

export type RecordKind = 'run' | 'sweep';

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/**
 * The files of a record: result.json (the marker first, then `result`) and the other files as given.
 * The marker lists each other file's sha256, so a later --force can tell the record is untouched.
 */
export function sealRecord(kind: RecordKind, result: object, files: Record<string, string>): Record<string, string> {
  const hashes = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, sha256(text)]));
  const record = { format: RECORD_FORMAT, version: RECORD_VERSION, kind, files: hashes };
  return { [RESULT_FILE]: numpyJson({ record, ...result }, 2), ...files };
}

/** Larger files are not nnlab's JSON (a 1000-wide model is ~40 MB); they are not read at all. */
const MAX_JSON_BYTES = 512 * 2 ** 20;

/** A regular file's JSON, or undefined for anything else (a FIFO is never opened: it would block). */
const readJson = (path: string): unknown => {
  try {
    const st = lstatSync(path);
    if (!st.isFile() || st.size > MAX_JSON_BYTES) return undefined;
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
};

/**
 * Why the folder at `dir` may not be replaced, or null if it may: it is an untouched nnlab record, or
 * empty (nothing in it to lose). Reads only; `dir` must be an existing folder.
 */
export function recordRefusal(dir: string): string | null {
  const entries = readdirSync(dir);
  if (entries.length === 0) return null;
  if (!entries.includes(RESULT_FILE)) return `it is not an nnlab record (it has no ${RESULT_FILE})`;
  const marker = (readJson(join(dir, RESULT_FILE)) as { record?: { format?: unknown; version?: unknown; files?: unknown } } | undefined)?.record;
  if (!marker || marker.format !== RECORD_FORMAT || typeof marker.files !== 'object' || marker.files === null) {
    return `its ${RESULT_FILE} has no nnlab record marker, so nnlab did not write it`;
  }
  if (marker.version !== RECORD_VERSION) return `it is an nnlab record of format version ${String(marker.version)}; this nnlab writes version ${RECORD_VERSION}`;
  const files = marker.files as Record<string, unknown>;
  for (const name of entries) {
    if (name === RESULT_FILE) continue;
    const expected = files[name];
    if (typeof expected !== 'string' || !lstatSync(join(dir, name)).isFile()) return `it holds ${name}, which nnlab did not write`;
    if (sha256(readFileSync(join(dir, name))) !== expected) return `its ${name} changed since nnlab wrote it`;
  }
  return null;
}

/** A model file's format marker. */
export const modelMarker = (): { format: string; version: number } => ({ format: MODEL_FORMAT, version: 1 });

/** Why the regular file at `path` may not be replaced (it is not an nnlab model file), or null. */
export function modelRefusal(path: string): string | null {
  const data = readJson(path) as { format?: unknown } | undefined;
  return data?.format === MODEL_FORMAT ? null : 'it is not a model file nnlab wrote (no nnlab-model format marker)';
}
