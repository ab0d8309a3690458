// A sweep record stopped while its summary files are renamed in one by one: result.json lists them as
// pending, and the record stays one nnlab recognises (resumable), whether or not it listed them before.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSha256, recordRefusal, sealRecord } from '../src/output/seal.js';

const base = mkdtempSync(join(tmpdir(), 'nnlab-pending-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function record(name: string, files: Record<string, string>, pending: Record<string, string>, present: Record<string, string>): string {
  const dir = join(base, name);
  mkdirSync(dir);
  const sealed = sealRecord('sweep', { sweep: { state: 'running' } }, files, { 'runs.jsonl': { key: 'k'.repeat(64), text: '' } }, { pending });
  for (const [f, text] of Object.entries({ ...sealed, ...present })) writeFileSync(join(dir, f), text);
  return dir;
}

describe('pending summary files', () => {
  const summary = 'variant,seeds\nlr=0.01,3\n';
  it('a file only pending (a first completion stopped after its rename) is part of the record', () => {
    expect(recordRefusal(record('first', {}, { 'summary.csv': fileSha256(summary) }, { 'summary.csv': summary }))).toBeNull();
  });
  it('a file listed before and pending anew is accepted in either version', () => {
    const old = 'variant,seeds\nlr=0.01,4\n';
    expect(recordRefusal(record('old', { 'summary.csv': old }, { 'summary.csv': fileSha256(summary) }, { 'summary.csv': old }))).toBeNull();
    expect(recordRefusal(record('new', { 'summary.csv': old }, { 'summary.csv': fileSha256(summary) }, { 'summary.csv': summary }))).toBeNull();
  });
  it('counter-examples: a file neither listed nor pending, or another text, is refused', () => {
    expect(recordRefusal(record('stranger', {}, { 'summary.csv': fileSha256(summary) }, { 'summary.csv': summary, 'costs.csv': 'x\n' }))).toBe('it holds costs.csv, which is not part of the record');
    expect(recordRefusal(record('edited', {}, { 'summary.csv': fileSha256(summary) }, { 'summary.csv': 'edited\n' }))).toBe('its summary.csv changed since nnlab wrote it');
  });
});
