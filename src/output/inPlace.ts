// A record rewritten inside its own folder, which never moves: the folder keeps its mode, group and
// set-group-ID bit, and a crash never leaves the record only under a hidden name. Each file is
// replaced atomically: written and flushed under a hidden name inside the folder (names.ts hiddenInside;
// one a crash leaves is reported, never taken for the user's), then renamed over the old one: the
// rename never crosses file systems, even when the folder is a mount point (docker -v, a bind mount).
import { accessSync, chmodSync, constants, lstatSync, readdirSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { alive, hiddenInside, stagedPid } from './names.js';
import { syncDir, writeFlushed } from './transaction.js';

/** A folder's or file's identity: its device and inode. */
export interface Identity {
  dev: number;
  ino: number;
}

/** The identity of what is at `path` now (links not followed), or undefined when nothing is. */
export function identityOf(path: string): Identity | undefined {
  try {
    const st = lstatSync(path);
    return { dev: st.dev, ino: st.ino };
  } catch {
    return undefined;
  }
}

export const sameIdentity = (a: Identity | undefined, b: Identity | undefined): boolean => a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;

/**
 * Replaces (or creates) the file `name` inside the folder `dir` with `text`, atomically: a reader sees
 * the old file or the new one, never part of one. Returns the new file's identity. Throws the
 * file-system error; the staged file is removed then.
 */
export function replaceInside(dir: string, name: string, text: string | Iterable<string>): Identity {
  const staged = hiddenInside(dir, name);
  try {
    writeFlushed(staged, text, name);
    const id = identityOf(staged)!;
    renameSync(staged, join(dir, name));
    return id;
  } catch (e) {
    try {
      rmSync(staged, { force: true });
    } catch { /* nothing was staged */ }
    throw e;
  }
}

/** Removes the named files from `dir` where they are regular files; returns the names removed. */
export function removeInside(dir: string, names: readonly string[]): string[] {
  const removed: string[] = [];
  for (const name of names) {
    try {
      if (!lstatSync(join(dir, name)).isFile()) continue;
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch { /* not there */ }
  }
  return removed;
}

/**
 * The entries of `dir` other than `ours` and nnlab's own staged files (this run's, or a killed run's:
 * hiddenInside names whose process is gone).
 */
export const othersInside = (dir: string, ours: readonly string[]): string[] => readdirSync(dir).filter((n) => {
  if (ours.includes(n)) return false;
  const pid = stagedPid(n);
  return pid === undefined || (pid !== process.pid && alive(pid)) || !isFileAt(join(dir, n));
}).sort();

const isFileAt = (path: string): boolean => {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
};

/** Why the folder `dir` (or a file in it) may not be changed in place: it is read-only. Null when it may. */
export function readOnlyRefusal(dir: string, files: readonly string[]): string | null {
  const mode = (path: string): number | undefined => {
    try {
      return statSync(path).mode & 0o7777;
    } catch {
      return undefined;
    }
  };
  const writable = (m: number | undefined): boolean => m === undefined || (m & 0o222) !== 0;
  const denied = (path: string): boolean => {
    try {
      accessSync(path, constants.W_OK);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code !== 'ENOENT';
    }
  };
  const own = mode(dir);
  if (!writable(own)) return `it is read-only (mode ${own!.toString(8)})`;
  if (denied(dir)) return 'you may not write in it (permission denied)';
  for (const f of files) {
    const m = mode(join(dir, f));
    if (!writable(m)) return `its ${f} is read-only (mode ${m!.toString(8)})`;
    if (denied(join(dir, f))) return `you may not write its ${f} (permission denied)`;
  }
  return null;
}

export { syncDir };

/** A file to put in a folder: its name, text, and the mode to give it (a file it replaces keeps its mode). */
export interface PlacedFile {
  name: string;
  text: string;
  mode?: number;
}

/**
 * Puts `files` into `dir` in the order given, each renamed over the old one. Every file is staged and
 * flushed first, so a failed write (a full disk) changes nothing: the staged files are removed and the
 * error thrown, naming the file in `failedName`. The renames then run one after another in one
 * synchronous block, so a signal is handled only after the last; a list whose every prefix leaves a
 * consistent folder is safe against a crash too. Files of `dir` not named are never opened.
 */
export function placeInside(dir: string, files: readonly PlacedFile[]): void {
  const staged: string[] = [];
  try {
    for (const f of files) {
      const path = hiddenInside(dir, f.name);
      staged.push(path);
      writeFlushed(path, f.text, f.name);
      if (f.mode !== undefined) chmodSync(path, f.mode);
    }
  } catch (e) {
    for (const path of staged) rmSync(path, { force: true });
    throw Object.assign(e as object, { failedName: files[staged.length - 1]?.name });
  }
  files.forEach((f, i) => renameSync(staged[i]!, join(dir, f.name)));
  syncDir(dir);
}

/** The permission bits of the regular file at `path`, or undefined when there is none. */
export function modeOf(path: string): number | undefined {
  try {
    const st = lstatSync(path);
    return st.isFile() ? st.mode & 0o7777 : undefined;
  } catch {
    return undefined;
  }
}
