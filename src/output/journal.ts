// A record that grows while the work runs, inside a folder that never moves: each finished piece of
// work is appended to one of its files as a sealed line and flushed to the disk before the next, so
// that an interrupt or a crash keeps every piece that finished; the record's other files are replaced
// in place (inPlace.ts). The record stays one nnlab recognises as its own (seal.ts: appended files).
//
// The lock (lock.ts) covers one machine or container. A writer elsewhere that shares the folder is
// noticed by identity: before each line, and before and after each of the record's last files, the
// folder, result.json and the appended file must still be the ones this run wrote; if not, this run
// stops and writes nothing more. result.json is written last, so it never lists a file not yet there.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, lstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { clip, UsageError } from '../errors.js';
import { reasonOf } from './errno.js';
import { identityOf, othersInside, removeInside, replaceInside, sameIdentity, syncDir, type Identity } from './inPlace.js';
import { appendedLines, fileSha256, RESULT_FILE, sealLine, type AppendedRead } from './seal.js';
import { testHooks } from './transaction.js';

export interface Journal {
  /** The record's folder, absolute. */
  readonly dir: string;
  /** Appends one line and flushes it to the disk. Throws UsageError, leaving the lines before it as they were. */
  append(value: object): void;
  /** Throws UsageError when the record is no longer this run's: its folder, result.json or appended file replaced or gone. */
  check(): void;
  /** The appended file's lines as they are now; UsageError when they are not nnlab's. */
  read(): AppendedRead;
  /** Replaces the appended file's lines (atomically), e.g. without repeated lines. */
  rewrite(lines: readonly string[]): void;
  /**
   * Writes the record's other files in place and result.json last, whose marker lists them: first a
   * result.json naming their new hashes as pending, then each file, then the final result.json.
   * Each file replaced must be absent or the one result.json lists now (`listed`, by hash): anything
   * else (a user's file of that name) is refused, as is any other entry. The record is checked to be
   * this run's before and after each file. Throws UsageError when a file cannot be written or another
   * run changed the record meanwhile; the runs' lines are kept either way.
   */
  finish(files: Record<string, string>, listed: Readonly<Record<string, string>>, staging: (pending: Record<string, string>) => string): void;
  /** Closes the file; appends after it are refused. */
  close(): void;
}

/** The regular file at `path` has the sha256 `hash`. */
function holds(path: string, hash: string | undefined): boolean {
  try {
    return hash !== undefined && lstatSync(path).isFile() && fileSha256(readFileSync(path)) === hash;
  } catch {
    return false;
  }
}

/**
 * Opens the appended file `name` of the record folder `dir`, whose result.json this run has just
 * written (`resultId`). `where` names the record in messages ("--resume s"), `shown` as the user wrote it.
 */
export function openJournal(dir: string, where: string, shown: string, name: string, key: string, resultId: Identity): Journal {
  const folder = identityOf(dir);
  const path = join(dir, name);
  let fd: number | undefined = openSync(path, 'a');
  let own: Identity = (() => {
    const st = fstatSync(fd);
    return { dev: st.dev, ino: st.ino };
  })();
  let result = resultId;
  const check = (): void => {
    const [nowResult, nowOwn] = [identityOf(join(dir, RESULT_FILE)), identityOf(path)];
    // rm -r takes the files first: a file gone is the record being removed, not another run's.
    if (!sameIdentity(identityOf(dir), folder) || nowResult === undefined || nowOwn === undefined) {
      throw new UsageError(`${where}: the record (its folder, result.json or runs.jsonl) was removed or replaced while this sweep ran (by another nnlab run on another machine or in another container, which the lock does not reach, or by hand); this run stops and writes nothing more`);
    }
    if (!sameIdentity(nowResult, result) || !sameIdentity(nowOwn, own)) {
      throw new UsageError(`${where}: another nnlab run (on another machine or in another container, which the lock does not reach) changed the record while this sweep ran; this run stops and leaves it to that one: --resume ${shown} once it has ended`);
    }
  };
  const changedMeanwhile = (): UsageError => new UsageError(`${where}: another nnlab run (on another machine or in another container, which the lock does not reach) changed the record while this one wrote its summary files; this run stops and leaves it to that one: --resume ${shown} once it has ended`);
  const failed = (what: string, e: unknown): UsageError => new UsageError(`${where}: cannot ${what}: ${reasonOf(e)}; the runs' lines written before are kept`);
  return {
    dir,
    check,
    append(value) {
      if (fd === undefined) throw new Error('append after close');
      check();
      const bytes = Buffer.from(sealLine(key, value));
      const before = fstatSync(fd).size;
      try {
        testHooks(`append:${name}`, path);
        for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off);
        fsyncSync(fd);
      } catch (e) {
        try {
          ftruncateSync(fd, before); // a line half written (no space left, say) is taken back: only ours is there
        } catch { /* the lines before it are complete either way; a torn last line is set aside by --resume */ }
        throw new UsageError(`${where}: cannot add a line to ${join(shown, name)}: ${reasonOf(e)}; the lines before it are kept`);
      }
    },
    read() {
      const read = appendedLines(path, key);
      if ('refusal' in read) throw new UsageError(`${where}: its ${name} ${read.refusal}`);
      return read;
    },
    rewrite(lines) {
      check();
      try {
        own = replaceInside(dir, name, lines);
      } catch (e) {
        throw failed(`rewrite ${join(shown, name)}`, e);
      }
      if (fd !== undefined) closeSync(fd);
      fd = openSync(path, 'a');
    },
    finish(files, listed, staging) {
      check();
      const { [RESULT_FILE]: resultText, ...rest } = files;
      const names = Object.keys(rest).filter((f) => f !== name);
      const replaced = [...new Set([...names, ...Object.keys(listed)])];
      const others = othersInside(dir, [RESULT_FILE, name, ...replaced]);
      if (others.length > 0) {
        throw new UsageError(`${where}: ${others.slice(0, 3).map((o) => clip(o)).join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''} appeared in the record while nnlab was running, so its summary files were not written; the finished runs are kept in its ${name}: move ${others.length === 1 ? 'it' : 'them'} out of ${shown}, then --resume ${shown}`);
      }
      // What is there now under the names nnlab writes must be what the record lists (or nothing).
      const before = new Map<string, Identity | undefined>();
      for (const f of replaced) {
        const id = identityOf(join(dir, f));
        if (id !== undefined && !holds(join(dir, f), listed[f])) {
          throw new UsageError(`${where}: its ${f} is not the one nnlab wrote (it was put there while nnlab was running), so nnlab did not replace it and wrote no summary files; the finished runs are kept in its ${name}: move ${f} out of ${shown}, then --resume ${shown}`);
        }
        before.set(f, id);
      }
      const stillThere = (f: string): void => {
        const now = identityOf(join(dir, f));
        const was = before.get(f);
        if (now === undefined ? was !== undefined : !sameIdentity(now, was)) throw changedMeanwhile();
      };
      try {
        if (resultText === undefined) throw new Error('finish without result.json');
        result = replaceInside(dir, RESULT_FILE, staging(Object.fromEntries(names.map((f) => [f, fileSha256(rest[f]!)]))));
        check();
        const written = new Map<string, Identity>();
        for (const f of names) {
          stillThere(f);
          written.set(f, replaceInside(dir, f, rest[f]!));
          check();
        }
        for (const f of replaced.filter((r) => !names.includes(r))) {
          stillThere(f);
          removeInside(dir, [f]);
        }
        result = replaceInside(dir, RESULT_FILE, resultText);
        syncDir(dir);
        // After the last: a writer elsewhere may have replaced a file between a check and its rename.
        check();
        for (const [f, id] of written) if (!sameIdentity(identityOf(join(dir, f)), id)) throw changedMeanwhile();
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw failed(`write the record's files in ${shown}`, e);
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
