// `nnlab report DIR`: report.html of a record, built again from the record's own files. A record is
// sealed (result.json lists the sha256 of every other file and seals itself), so a new report.html means a
// new result.json too: the same text but for report.html's hash and the seal. Only an untouched record is
// rebuilt: re-sealing edited files would vouch for data nnlab did not write. Everything else is copied
// byte for byte, and the caller writes the new record through the output transaction (all or nothing).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { REPORT_FILE, reportHtml } from '../experiments/record.js';
import { reasonOf } from '../output/errno.js';
import { RESULT_FILE, sealRecord, type RecordKind } from '../output/seal.js';
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
  const read = (name: string): Buffer | undefined => {
    try {
      return readFileSync(join(dir, name));
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : fail(`cannot read its ${name}: ${reasonOf(e)}`);
    }
  };
  const resultText = read(RESULT_FILE)?.toString('utf8') ?? fail(`it has no ${RESULT_FILE}`);
  const { record: marker, ...result } = JSON.parse(resultText) as { record: { kind: RecordKind; files: Record<string, string>; appended?: Record<string, string> } } & Record<string, unknown>;
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
  const appended = Object.fromEntries(Object.entries(marker.appended ?? {}).map(([name, key]) => [name, { key, text: read(name)?.toString('utf8') ?? '' }]));
  const sealed = sealRecord(marker.kind, result, files, appended);
  const oldHtml = read(REPORT_FILE)?.toString('utf8');
  const resealed = sealed[RESULT_FILE] !== resultText;
  return { kind: marker.kind, files: sealed, changed: resealed || oldHtml !== html, resealed };
}
