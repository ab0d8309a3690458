// A record edited and sealed again, as anyone can: the seal is an unkeyed sha256, so a forged record
// passes every check of "untouched". `edit` changes result.json (without its marker) and `files` replaces
// or removes (undefined) other files; report.html is dropped, so that `nnlab report` rebuilds it.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sealRecord, type RecordKind } from '../../src/output/seal.js';

export function forge(from: string, to: string, edit: (r: Record<string, any>) => void = () => {}, files: Record<string, string | undefined> = {}): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  const { record, ...result } = JSON.parse(readFileSync(join(to, 'result.json'), 'utf8')) as { record: { kind: RecordKind; files: Record<string, string>; appended?: Record<string, string> } } & Record<string, any>;
  edit(result);
  const texts: Record<string, string> = {};
  for (const name of Object.keys(record.files)) if (name !== 'report.html') texts[name] = readFileSync(join(to, name), 'utf8');
  for (const [name, text] of Object.entries(files)) {
    if (text === undefined) {
      delete texts[name];
      rmSync(join(to, name), { force: true });
    } else texts[name] = text;
  }
  rmSync(join(to, 'report.html'), { force: true });
  const appended = Object.fromEntries(Object.entries(record.appended ?? {}).map(([name, key]) => [name, { key, text: readFileSync(join(to, name), 'utf8') }]));
  for (const [name, text] of Object.entries(sealRecord(record.kind, result, texts, appended))) writeFileSync(join(to, name), text);
}
