// What nnlab wrote, recognisably and untouched. A record's result.json carries a record marker with
// the sha256 of every other file of the record; result.json and model files carry a seal: the sha256
// of their own text with the seal zeroed, so that any edit, anywhere in them, breaks it.
// --force replaces only what still passes these checks, so it never removes a user's work.
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { shownValue } from '../errors.js';
import { scanJson } from '../jsonScan.js';
import { formatBytes, MAX_BOUNDARY_BYTES, MAX_BOUNDARY_SVG_BYTES, MAX_JSON_DEPTH, MAX_MODEL_BYTES, MAX_MODEL_JSON_VALUES, MAX_RECORD_FILE_BYTES, MAX_RECORD_RESULT_BYTES as MAX_RESULT_BYTES, MAX_RECORD_RESULT_VALUES as MAX_RESULT_VALUES, MAX_RUNS_FILE_BYTES } from '../limits.js';
import { numpyJson } from '../numpyText.js';
import { count } from '../words.js';
import { reasonOf } from './errno.js';
import { alive, stagedPid } from './names.js';

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

/** An append-only file of a record: lines made by sealLine with this key, which grows after the record is written. */
export interface Appended {
  key: string;
  /** Its lines so far; left out of the files when the file is already in place (a record written in place). */
  text?: string;
  /** Set when the record is complete: its count of lines, which no longer changes. */
  lines?: number;
}

/**
 * Files a record written in place lists by hash without their text: `listed`, files already in the
 * folder (a resumed record's summary files, until they are written anew); `pending`, the files about to
 * replace them, which are accepted too while they are renamed in one by one (a crash between two
 * renames leaves a record nnlab still recognises).
 */
export interface KeptFiles {
  listed?: Record<string, string>;
  pending?: Record<string, string>;
}

/** sha256 (hex) of the file at `path`, read 1 MiB at a time: memory stays the same whatever its size. */
function fileHash(path: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(2 ** 20);
  const fd = openSync(path, 'r');
  try {
    for (let got; (got = readSync(fd, buf, 0, buf.length, null)) > 0;) hash.update(buf.subarray(0, got));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** sha256 (hex) of a file's text, as a record's marker lists it. */
export const fileSha256 = (text: string | Buffer): string => sha256(text);

/**
 * The files of a record: result.json (the marker first, then `result`) and the other files as given.
 * The marker lists each other file's sha256 and seals result.json itself; an appended file is listed
 * by its key instead, since it grows: each of its lines carries its own seal and the key.
 */
export function sealRecord(kind: RecordKind, result: object, files: Record<string, string>, appended: Record<string, Appended> = {}, kept: KeptFiles = {}): Record<string, string> {
  const hashes = { ...kept.listed, ...Object.fromEntries(Object.entries(files).map(([name, text]) => [name, sha256(text)])) };
  const keys = Object.fromEntries(Object.entries(appended).map(([name, a]) => [name, a.lines === undefined ? a.key : { key: a.key, lines: a.lines }]));
  const pending = kept.pending && Object.keys(kept.pending).length > 0 ? { pending: kept.pending } : {};
  const record = { format: RECORD_FORMAT, version: RECORD_VERSION, kind, seal: UNSEALED, files: hashes, ...(Object.keys(keys).length > 0 ? { appended: keys } : {}), ...pending };
  return { [RESULT_FILE]: sealed({ record, ...result }, 2), ...files, ...Object.fromEntries(Object.entries(appended).flatMap(([name, a]) => (a.text === undefined ? [] : [[name, a.text]]))) };
}

/** One line of an appended file: compact JSON, its seal first, then the record's key, then `value`. */
export const sealLine = (key: string, value: object): string => sealed({ seal: UNSEALED, record: key, ...value });

/** A line cut by a crash at the end of an appended file: where it starts and how long it is. */
export interface TornLine {
  /** Its number, counted from 1. */
  line: number;
  /** Where it starts in the file, and its length, in bytes. */
  offset: number;
  bytes: number;
}

/** The lines of an appended file, and the last line if a crash cut it (it has no newline yet). */
export interface AppendedRead {
  lines: string[];
  torn?: TornLine;
}

/**
 * The lines of an appended file, each checked: sealed and of this key. A file ends with a newline; a
 * last line without one was cut by a crash while it was written, and is returned apart (`torn`).
 * Returns the lines (each with its newline) or why the file is not what nnlab appended.
 */
export function appendedLines(path: string, key: string): AppendedRead | { refusal: string } {
  let text: string;
  try {
    const st = lstatSync(path);
    if (!st.isFile()) return { refusal: 'is not a regular file' };
    if (st.size > MAX_RUNS_FILE_BYTES) return { refusal: `is ${formatBytes(st.size)}, larger than any nnlab appends (at most ${formatBytes(MAX_RUNS_FILE_BYTES)})` };
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { refusal: `cannot be read: ${reasonOf(e)}` };
  }
  const lines = text.split(/(?<=\n)/).filter((l) => l !== '');
  let torn: TornLine | undefined;
  let cut: string | undefined;
  if (lines.length > 0 && !lines[lines.length - 1]!.endsWith('\n')) {
    cut = lines.pop()!;
    torn = { line: lines.length + 1, bytes: Buffer.byteLength(cut), offset: Buffer.byteLength(text) - Buffer.byteLength(cut) };
  }
  if (torn && !startsLikeLine(cut!, key)) {
    return { refusal: `ends in text nnlab did not write (line ${torn.line}, ${count(torn.bytes, 'byte')} without a newline, not the start of one of its lines), so nnlab leaves it as it is` };
  }
  for (const [i, line] of lines.entries()) {
    if (!sealHolds(line)) return { refusal: `changed since nnlab wrote it (line ${i + 1})` };
    // A line whose seal holds is nnlab's own text, so parsing it is safe.
    const of = objectOf(line)?.record;
    if (of !== key) return { refusal: `holds a line of another sweep (line ${i + 1}${typeof of === 'string' ? `, of sweep ${of.slice(0, 12)}…` : ''}), which nnlab never appends there` };
  }
  return torn ? { lines, torn } : { lines };
}

/**
 * The text could be the start of a line sealLine wrote with this key, cut by a crash: a prefix of
 * `{"seal":"<64 hex digits>","record":"<key>",`, or that whole opening followed by more.
 */
export function startsLikeLine(text: string, key: string): boolean {
  const opening = `{"seal":"${'#'.repeat(64)}","record":${JSON.stringify(key)},`;
  for (let i = 0; i < Math.min(text.length, opening.length); i++) {
    if (opening[i] === '#' ? !/[0-9a-f]/.test(text[i]!) : text[i] !== opening[i]) return false;
  }
  return true;
}

/** Why an appended file's lines are not as nnlab left them: a line cut by a crash, or another count than the record was completed with. */
export function appendedRefusal(read: AppendedRead, completedWith: number | undefined): string | null {
  if (read.torn) return `ends in an incomplete line (line ${read.torn.line}): a crash cut it while it was written`;
  if (completedWith !== undefined && read.lines.length !== completedWith) {
    return `has ${count(read.lines.length, 'line')}, ${completedWith} when nnlab completed the record: lines were added or removed since`;
  }
  return null;
}

/** The key and, once the record is complete, the count of lines of an appended file, from the record marker's entry. */
export function appendedEntry(entry: unknown): { key: string; lines?: number } | undefined {
  if (typeof entry === 'string') return { key: entry };
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { key, lines } = entry as { key?: unknown; lines?: unknown };
  if (typeof key !== 'string') return undefined;
  return Number.isSafeInteger(lines) && (lines as number) >= 0 ? { key, lines: lines as number } : { key };
}

/** The JSON object in `text`, or undefined. */
function objectOf(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A model file's text: the format marker and seal first, then the model's fields. */
export function sealModel(model: object): string {
  return sealed({ format: MODEL_FORMAT, version: MODEL_VERSION, seal: UNSEALED, ...model });
}


/** The most bytes nnlab writes into a record's file of this name: larger files are not read (or hashed). */
export const maxRecordFileBytes = (name: string): number =>
  name === RESULT_FILE ? MAX_RESULT_BYTES : name === 'boundary.json' ? MAX_BOUNDARY_BYTES : name === 'boundary.svg' ? MAX_BOUNDARY_SVG_BYTES : MAX_RECORD_FILE_BYTES;

/** A JSON file as read for these checks: its text and object, or that it is larger than nnlab writes. */
interface JsonRead {
  text?: string;
  value?: Record<string, unknown>;
  /** Larger, or more deeply nested, than any such file nnlab writes: not parsed. */
  oversize?: boolean;
}

/**
 * A regular file's JSON object; nothing for anything else (a FIFO is never opened: it would block).
 * Its size, nesting and count of values are checked before it is parsed.
 */
function readJson(path: string, maxBytes: number, maxValues: number): JsonRead {
  let text: string;
  try {
    const st = lstatSync(path);
    if (!st.isFile()) return {};
    if (st.size > maxBytes) return { oversize: true };
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  const c = scanJson(text, { depth: MAX_JSON_DEPTH, values: maxValues, lists: maxValues });
  if (c.depth > MAX_JSON_DEPTH || c.values > maxValues || c.lists > maxValues) return { text, oversize: true };
  return { text, value: objectOf(text) };
}

const OVERSIZE = 'it is larger, or more deeply nested, than any nnlab writes';

/**
 * Why the folder at `dir` may not be replaced, or null if it may: it is an untouched nnlab record, or
 * empty (nothing in it to lose). Reads only; `dir` must be an existing folder. With appended: 'lines',
 * an appended file's lines are checked one by one, but a line cut at its end or another count than
 * the record was completed with is left to the caller (who can repair it: --resume).
 */
export function recordRefusal(dir: string, options: { appended?: 'lines' } = {}): string | null {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    return `cannot list it: ${reasonOf(e)}`;
  }
  if (entries.length === 0) return null;
  if (!entries.includes(RESULT_FILE)) return `it is not an nnlab record (it has no ${RESULT_FILE})`;
  const result = readJson(join(dir, RESULT_FILE), MAX_RESULT_BYTES, MAX_RESULT_VALUES);
  if (result.oversize) return `it is not an nnlab record (its ${RESULT_FILE}: ${OVERSIZE})`;
  const text = result.text;
  const marker = result.value?.record as { format?: unknown; version?: unknown; files?: unknown; appended?: unknown; pending?: unknown } | undefined;
  if (!marker || marker.format !== RECORD_FORMAT || typeof marker.files !== 'object' || marker.files === null) {
    return `it is not an nnlab record (its ${RESULT_FILE} has no nnlab record marker)`;
  }
  if (marker.version !== RECORD_VERSION) return `it is an nnlab record of format version ${shownValue(marker.version)}; this nnlab writes version ${RECORD_VERSION}`;
  if (!sealHolds(text!)) return `its ${RESULT_FILE} changed since nnlab wrote it`;
  const files = marker.files as Record<string, unknown>;
  const appended = (typeof marker.appended === 'object' && marker.appended !== null ? marker.appended : {}) as Record<string, unknown>;
  const pending = (typeof marker.pending === 'object' && marker.pending !== null ? marker.pending : {}) as Record<string, unknown>;
  for (const name of entries) {
    if (name === RESULT_FILE) continue;
    if (isLeftover(dir, name)) continue; // a file a killed nnlab run staged here: reported by the run that continues the record
    const entry = appendedEntry(Object.hasOwn(appended, name) ? appended[name] : undefined);
    if (entry) {
      const read = appendedLines(join(dir, name), entry.key);
      const why = 'refusal' in read ? read.refusal : options.appended === 'lines' ? null : appendedRefusal(read, entry.lines);
      if (why !== null) return `its ${name} ${why}`;
      continue;
    }
    const expected = Object.hasOwn(files, name) ? files[name] : undefined;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      // A file about to be listed (pending) is part of the record too: a run stopped between writing it and result.json.
      const isPending = Object.hasOwn(pending, name) && typeof pending[name] === 'string';
      if ((typeof expected !== 'string' && !isPending) || !st.isFile()) return `it holds ${name}, which is not part of the record`;
      const max = maxRecordFileBytes(name);
      if (st.size > max) return `its ${name} is ${formatBytes(st.size)}, more than the ${formatBytes(max)} nnlab writes there`;
      const hash = fileHash(path);
      if (hash !== expected && !(Object.hasOwn(pending, name) && pending[name] === hash)) return `its ${name} changed since nnlab wrote it`;
    } catch (e) {
      return `cannot read its ${name}: ${reasonOf(e)}`;
    }
  }
  return null;
}

/** A regular file nnlab staged inside the record's folder (names.ts hiddenInside), whose run is gone. */
function isLeftover(dir: string, name: string): boolean {
  const pid = stagedPid(name);
  if (pid === undefined || pid === process.pid || alive(pid)) return false;
  try {
    return lstatSync(join(dir, name)).isFile();
  } catch {
    return false;
  }
}

/**
 * The kind of nnlab record the folder `dir` is ('run' or 'sweep'), by its result.json's record marker
 * (sealed or not: an edited record is still one), or null. Reads only.
 */
export function recordKindOf(dir: string): string | null {
  const result = readJson(join(dir, RESULT_FILE), MAX_RESULT_BYTES, MAX_RESULT_VALUES);
  const marker = result.value?.record as { format?: unknown; kind?: unknown } | undefined;
  if (marker?.format !== RECORD_FORMAT) return null;
  return typeof marker.kind === 'string' ? marker.kind : 'run';
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
  const model = readJson(path, MAX_MODEL_BYTES, MAX_MODEL_JSON_VALUES);
  if (model.oversize) return `it is not a model file nnlab wrote (${OVERSIZE})`;
  if (model.value?.format !== MODEL_FORMAT) return 'it is not a model file nnlab wrote (it has no nnlab-model format marker)';
  return sealHolds(model.text!) ? null : 'it changed since nnlab wrote it';
}
