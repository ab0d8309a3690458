// `nnlab report DIR`: report.html of a record, built again from the record's own files. A record is
// sealed (result.json lists the sha256 of every other file and seals itself), so a new report.html means a
// new result.json too: the same text but for report.html's hash and the seal. Only an untouched record is
// rebuilt: re-sealing edited files would vouch for data nnlab did not write. Everything else is copied
// byte for byte, and the caller writes the new record through the output transaction (all or nothing).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { REPORT_FILE, reportHtml } from '../experiments/record.js';
import { readInputBytes } from '../inputFile.js';
import { MAX_RECORD_RESULT_VALUES } from '../limits.js';
import { maxRecordFileBytes, RESULT_FILE, sealRecord, type RecordKind } from '../output/seal.js';
import { boundedJson, markerOf, RecordDataError } from './recordData.js';
import type { Builder } from './runReport.js';

export interface Rebuilt {
  kind: RecordKind;
  /** Every file of the record, report.html new and result.json re-sealed. */
  files: Record<string, string>;
  /** report.html or result.json differ from what the folder holds. */
  changed: boolean;
  /** result.json differs (report.html's hash is new). */
  resealed: boolean;
}

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The record at `dir` with report.html rebuilt. The caller has checked that `dir` is an untouched record
 * (output/seal.ts recordRefusal); the bytes read here are checked against the seal once more, so that
 * what is copied is what was sealed. Throws UsageError naming `shown` (the folder as the user gave it).
 */
export async function rebuildRecord(dir: string, shown: string, builder: Builder): Promise<Rebuilt> {
  const fail = (why: string): never => {
    throw new UsageError(`report ${shown}: ${why}; nothing was written`);
  };
  // Every file is untrusted input (anyone can seal a record): read only up to its limit, as a regular file.
  const read = (name: string): Buffer | undefined => {
    try {
      return readInputBytes(join(dir, name), `a record's ${name}`, maxRecordFileBytes(name), `${shown.replace(/\/*$/, '')}/${name}`);
    } catch (e) {
      if (e instanceof UsageError && / no such file$/.test(e.message)) return undefined;
      throw e instanceof UsageError ? new UsageError(`report ${e.message}; nothing was written`) : e;
    }
  };
  try {
    return await rebuild(read, fail, builder);
  } catch (e) {
    if (e instanceof RecordDataError) fail(`its ${e.message}`);
    throw e;
  }
}

async function rebuild(read: (name: string) => Buffer | undefined, fail: (why: string) => never, builder: Builder): Promise<Rebuilt> {
  const resultText = read(RESULT_FILE)?.toString('utf8') ?? fail(`it has no ${RESULT_FILE}`);
  const parsed = boundedJson(resultText, RESULT_FILE, 'a record', MAX_RECORD_RESULT_VALUES);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RecordDataError(RESULT_FILE, 'a record', 'it is not a JSON object');
  const { record, ...result } = parsed as { record: unknown } & Record<string, unknown>;
  const marker = markerOf(record);
  const others: Record<string, string> = {};
  for (const [name, hash] of Object.entries(marker.files)) {
    if (name === REPORT_FILE) continue;
    const bytes = read(name) ?? fail(`its ${name} is missing, and a report drawn without it would not be the record's`);
    if (sha256(bytes) !== hash) fail(`its ${name} changed since nnlab wrote it`);
    others[name] = bytes.toString('utf8');
  }
  const html = await reportHtml(marker.kind, result, others, builder);
  // The files in the order the marker lists them, so that an unchanged report gives an unchanged result.json.
  const files = Object.fromEntries([...Object.keys(marker.files), REPORT_FILE].filter((n, i, all) => all.indexOf(n) === i)
    .map((n) => [n, n === REPORT_FILE ? html : others[n]!]));
  // A sweep's runs.jsonl grows, so the marker names it by key, and each of its lines carries its own seal.
  const appended = Object.fromEntries(Object.entries(marker.appended ?? {}).map(([name, entry]) => [name, { ...(typeof entry === 'string' ? { key: entry } : entry), text: read(name)?.toString('utf8') ?? '' }]));
  const sealed = sealRecord(marker.kind, result, files, appended);
  const oldHtml = read(REPORT_FILE)?.toString('utf8');
  const resealed = sealed[RESULT_FILE] !== resultText;
  return { kind: marker.kind, files: sealed, changed: resealed || oldHtml !== html, resealed };
}
