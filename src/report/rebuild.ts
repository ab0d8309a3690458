// `nnlab report DIR`: report.html of a record, built again from the record's own files. A record is
// sealed (result.json lists the sha256 of every other file and seals itself), so a new report.html means a
// new result.json too: the same text but for report.html's hash and the seal. Only an untouched record is
// rebuilt: re-sealing edited files would vouch for data nnlab did not write. Only report.html and
// result.json are written; every other file is left as it is (its bytes, mode, links and times).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { REPORT_FILE, reportHtml } from '../experiments/record.js';
import { inputSha256, readInputBytes } from '../inputFile.js';
import { MAX_RECORD_RESULT_VALUES } from '../limits.js';
import { fileSha256, maxRecordFileBytes, RESULT_FILE, sealRecord, type RecordKind } from '../output/seal.js';
import { boundedJson, markerOf, RecordDataError } from './recordData.js';
import type { Builder } from './runReport.js';

export interface Rebuilt {
  kind: RecordKind;
  /** What to write, in order: each prefix leaves a sealed record (empty when the folder is up to date). */
  writes: { name: string; text: string }[];
  /** The record's files: result.json, those the marker lists (report.html among them), then appended ones. */
  names: string[];
  /** report.html or result.json differ from what the folder holds. */
  changed: boolean;
  /** result.json differs (report.html's hash is new). */
  resealed: boolean;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The files a page is drawn from (read whole, within their limits); every other file is only hashed. */
const DRAWN_FROM: Readonly<Record<RecordKind, readonly string[]>> = { run: ['boundary.json', 'boundary.svg'], sweep: [] };

/**
 * The record at `dir` with report.html rebuilt. The caller has checked that `dir` is an untouched record
 * (output/seal.ts recordRefusal); what the page is drawn from is checked against the seal once more as it
 * is read, and every other file is hashed 1 MiB at a time, never held. Throws UsageError naming `shown`
 * (the folder as the user gave it).
 */
export async function rebuildRecord(dir: string, shown: string, builder: Builder): Promise<Rebuilt> {
  const fail = (why: string): never => {
    throw new UsageError(`report ${shown}: ${why}; nothing was written`);
  };
  // Every file is untrusted input (anyone can seal a record): read only up to its limit, as a regular file.
  const access = <T>(name: string, how: (path: string, what: string, max: number, shownPath: string) => T): T | undefined => {
    try {
      return how(join(dir, name), `a record's ${name}`, maxRecordFileBytes(name), `${shown.replace(/\/*$/, '')}/${name}`);
    } catch (e) {
      if (e instanceof UsageError && / no such file$/.test(e.message)) return undefined;
      throw e instanceof UsageError ? new UsageError(`report ${e.message}; nothing was written`) : e;
    }
  };
  const io: RecordIo = { read: (name) => access(name, readInputBytes), hash: (name) => access(name, inputSha256) };
  try {
    return await rebuild(io, fail, builder);
  } catch (e) {
    if (e instanceof RecordDataError) fail(`its ${e.message}`);
    throw e;
  }
}

interface RecordIo {
  read(name: string): Buffer | undefined;
  hash(name: string): string | undefined;
}

async function rebuild(io: RecordIo, fail: (why: string) => never, builder: Builder): Promise<Rebuilt> {
  const resultText = io.read(RESULT_FILE)?.toString('utf8') ?? fail(`it has no ${RESULT_FILE}`);
  const parsed = boundedJson(resultText, RESULT_FILE, 'a record', MAX_RECORD_RESULT_VALUES);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RecordDataError(RESULT_FILE, 'a record', 'it is not a JSON object');
  const { record, ...result } = parsed as { record: unknown } & Record<string, unknown>;
  const marker = markerOf(record);
  const drawnFrom: Record<string, string> = {};
  for (const [name, hash] of Object.entries(marker.files)) {
    if (name === REPORT_FILE) continue;
    const missing = (): never => fail(`its ${name} is missing, and a report drawn without it would not be the record's`);
    if (DRAWN_FROM[marker.kind].includes(name)) {
      const bytes = io.read(name) ?? missing();
      if (fileSha256(bytes) !== hash) fail(`its ${name} changed since nnlab wrote it`);
      drawnFrom[name] = bytes.toString('utf8');
    } else if ((io.hash(name) ?? missing()) !== hash) {
      fail(`its ${name} changed since nnlab wrote it`);
    }
  }
  const html = await reportHtml(marker.kind, result, drawnFrom, builder);
  // The marker's files in their order, report.html's hash new: an unchanged report gives an unchanged
  // result.json. A sweep's runs.jsonl grows, so the marker names it by key; it is neither read nor written.
  const appended = Object.fromEntries(Object.entries(marker.appended ?? {}).map(([name, entry]) => [name, typeof entry === 'string' ? { key: entry } : entry]));
  const seal = (pending?: Record<string, string>): string =>
    sealRecord(marker.kind, result, { [REPORT_FILE]: html }, appended, { listed: marker.files, ...(pending ? { pending } : {}) })[RESULT_FILE]!;
  const sealed = seal();
  const oldHash = io.hash(REPORT_FILE);
  const resealed = sealed !== resultText;
  const writes: Rebuilt['writes'] = [];
  // A crash between two renames leaves a sealed record: result.json first accepts the old report.html too.
  if (resealed && oldHash !== undefined) writes.push({ name: RESULT_FILE, text: seal({ [REPORT_FILE]: oldHash }) });
  if (oldHash !== sha256(html)) writes.push({ name: REPORT_FILE, text: html });
  if (resealed) writes.push({ name: RESULT_FILE, text: sealed });
  const names = [RESULT_FILE, ...Object.keys(marker.files), REPORT_FILE, ...Object.keys(appended)].filter((n, i, all) => all.indexOf(n) === i);
  return { kind: marker.kind, writes, names, changed: writes.length > 0, resealed };
}
