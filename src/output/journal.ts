// A record that grows while the work runs: its first state is written like any output (all or nothing,
// replacing only what nnlab wrote), then each finished piece of work is appended to one of its files as
// a sealed line and flushed to the disk before the next, so that an interrupt or a crash keeps every
// piece that finished. The record stays one nnlab recognises as its own (seal.ts: appended files).
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { reasonOf } from './errno.js';
import { appendedLines, sealLine } from './seal.js';
import { testHooks, type Outputs } from './transaction.js';

export interface Journal {
  /** Appends one line and flushes it to the disk. Throws UsageError, leaving the lines before it as they were. */
  append(value: object): void;
  /** Closes the file; appends after it are refused. */
  close(): void;
}

/**
 * Commits `files` (a record sealed with `name` as an appended file of `key`) to the outputs' record
 * target, then opens that file for appending. Throws UsageError when the record cannot be written.
 */
export async function openJournal(outputs: Outputs, files: Record<string, string>, name: string, key: string): Promise<Journal> {
  const target = outputs.targets.find((t) => t.kind === 'record')!;
  await outputs.commit({ record: files });
  const path = join(target.full, name);
  let fd: number | undefined = openSync(path, 'a');
  const where = `${target.flag} ${target.shown}`;
  return {
    append(value) {
      if (fd === undefined) throw new Error('append after close');
      const bytes = Buffer.from(sealLine(key, value));
      const before = fstatSync(fd).size;
      try {
        testHooks(`append:${name}`, path);
        for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off);
        fsyncSync(fd);
      } catch (e) {
        try {
          ftruncateSync(fd, before); // a line half written (no space left, say) is taken back: only ours is there
        } catch { /* the lines before it are complete either way; a torn last line is reported when read */ }
        throw new UsageError(`${where}: cannot add a line to ${join(target.shown, name)}: ${reasonOf(e)}; the lines before it are kept`);
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/** The appended file's lines (each checked: sealed, of `key`, complete), or UsageError naming `shown` and why. */
export function readJournal(dir: string, shown: string, name: string, key: string): string[] {
  const read = appendedLines(join(dir, name), key);
  if ('refusal' in read) throw new UsageError(`${shown}: its ${name} ${read.refusal}`);
  return read.lines;
}
