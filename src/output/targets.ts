// Output paths, checked before any work: what is there now, and whether nnlab may write or replace it.
// A record folder (--out) replaces only an untouched nnlab record; a model file (--save) only an nnlab
// model file; a predictions CSV (predict --out) nothing at all; none ever replaces the working folder, a folder holding it, the home folder or the root,
// however they are spelt (links, bind mounts: folders are compared by device and inode).
import { closeSync, lstatSync, openSync, readdirSync, realpathSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { clip, UsageError } from '../errors.js';
import { reasonOf } from './errno.js';
import { readOnlyRefusal } from './inPlace.js';
import { hiddenBeside, hiddenInside, leftoversBeside } from './names.js';
import { RESULT_FILE } from './seal.js';
import { modelRefusal, predictionsRefusal, recordKindOf, recordRefusal } from './seal.js';

/** record: a folder of files (--out); model: one model file (--save); predictions: one CSV file (predict --out). */
export type OutputKind = 'record' | 'model' | 'predictions';

/** What each kind is written as, for messages about a target of the wrong kind. */
const WRITTEN_AS: Record<OutputKind, string> = {
  record: 'a record is a folder',
  model: 'a model is written to a regular file',
  predictions: 'predictions are written to a regular file',
};

const REFUSAL: Record<OutputKind, (full: string) => string | null> = { record: recordRefusal, model: modelRefusal, predictions: predictionsRefusal };

export interface OutputSpec {
  /** How the user named it, for messages: "--out" or "--save". */
  flag: string;
  /** As given. */
  path: string;
  kind: OutputKind;
}

export interface Target extends OutputSpec {
  /** As given, for messages. */
  shown: string;
  /** Absolute, with symbolic links resolved: where the output goes. */
  full: string;
  /** The folder's device and inode and the name: one key for every spelling of the path. */
  lockKey: string;
  /** Something (replaceable) was there when the run started. */
  existed: boolean;
  /** Hidden entries beside the target left by nnlab runs that were killed. */
  leftovers: string[];
}

const what = (st: Stats): string =>
  st.isDirectory() ? 'a folder' : st.isFile() ? 'a file' : st.isFIFO() ? 'a named pipe (FIFO)' : st.isSocket() ? 'a socket'
    : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : 'not a regular file';

type Fail = (why: string) => never;

/** The model file a run record holds (experiments/record.ts). */
const MODEL_IN_RECORD = 'model.json';

/** Follows symbolic links; undefined when nothing is there. */
function statOf(full: string, fail: Fail): Stats | undefined {
  try {
    lstatSync(full);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return fail(reasonOf(e));
  }
  try {
    return statSync(full);
  } catch (e) {
    return fail((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is a symbolic link to nothing' : reasonOf(e));
  }
}

/**
 * The canonical parent folder and the name, resolving the path as the kernel does: "link/.." is the
 * link target's parent, not the working folder (path.resolve would drop "link/.." as text).
 */
function locate(spec: OutputSpec, fail: Fail): string {
  let path = spec.path;
  if (spec.kind === 'record') path = path.replace(/(?<=.)[\\/]+$/, '');
  let abs = path;
  if (!isAbsolute(path)) {
    try {
      abs = `${process.cwd()}${sep}${path}`;
    } catch {
      fail('the working folder no longer exists; give an absolute path');
    }
  }
  const cut = abs.lastIndexOf(sep);
  const folder = abs.slice(0, cut) || sep;
  const name = abs.slice(cut + 1);
  const real = (p: string, missing: string): string => {
    try {
      return realpathSync.native(p); // realpath(3): "link/.." as the kernel resolves it
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return fail(code === 'ENOENT' ? missing : code === 'ENOTDIR' ? `${clip(p)} is not a folder` : `cannot use ${clip(p)}: ${reasonOf(e)}`);
    }
  };
  if (name === '' || name === '.' || name === '..') return real(abs, `${clip(abs)} does not exist`);
  const parent = real(folder, `the folder ${clip(folder)} does not exist`);
  if (!statSync(parent).isDirectory()) fail(`${clip(folder)} is not a folder`);
  return join(parent, name);
}

const sameFolder = (st: Stats, path: string): boolean => {
  try {
    const other = statSync(path);
    return other.dev === st.dev && other.ino === st.ino;
  } catch {
    return false;
  }
};

/** Why a folder must never be a target, or null. */
function protectedFolder(st: Stats): string | null {
  if (sameFolder(st, sep)) return 'it is the root folder';
  if (sameFolder(st, homedir())) return 'it is the home folder';
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch {
    return null; // the working folder was removed: there is nothing to protect
  }
  if (sameFolder(st, cwd)) return 'it is the working folder';
  for (let d = dirname(cwd); ; d = dirname(d)) {
    if (sameFolder(st, d)) return 'it holds the working folder';
    if (d === dirname(d)) return null;
  }
}

/**
 * An output inside an nnlab record folder would change the record behind its seal (a replaced model.json
 * no longer matches result.json; a new file makes it a folder nnlab will not replace): refused.
 */
function insideRecord(spec: OutputSpec, folder: string, fail: Fail): void {
  // Any folder above it counts: a record holding a folder of yours is still a record.
  let at = folder;
  let up = 0;
  for (; recordKindOf(at) === null; up++) {
    if (at === dirname(at)) return;
    at = dirname(at);
  }
  const kind = recordKindOf(at)!;
  const given = dirname(spec.path);
  const shown = up === 0 && given !== '.' ? given : at;
  const own = spec.kind === 'model' && kind === 'run' ? ` (its own ${MODEL_IN_RECORD} is the model it trained)` : '';
  fail(`inside the nnlab ${kind} record ${clip(shown)}, which nnlab writes and seals as a whole; write it elsewhere${own}`);
}

/** The lock's key for a canonical path: its folder's device and inode, and the name. */
export function lockKeyOf(full: string): string {
  const parent = statSync(dirname(full));
  return `${parent.dev}:${parent.ino}:${basename(full)}`;
}

/**
 * Creates and removes a file beside the target, or inside it (a record continued in place, whose files
 * are staged there): the folder really takes new files (not only by its mode bits).
 */
function probe(full: string, fail: Fail, inside = false): void {
  const name = inside ? hiddenInside(full, 'probe') : hiddenBeside(full, 'probe');
  try {
    closeSync(openSync(name, 'wx'));
    unlinkSync(name);
  } catch (e) {
    fail(`cannot write in ${clip(inside ? full : dirname(full))}: ${reasonOf(e)}`);
  }
}

/**
 * Checks one output before the run: the folder it goes in exists and takes new files, and whatever is
 * at the path may be replaced (only with force, only if nnlab wrote it). Throws UsageError naming the path.
 */
export function checkTarget(spec: OutputSpec, force: boolean): Target {
  const fail: Fail = (why) => {
    throw new UsageError(`${spec.flag} ${clip(spec.path)}: ${why}`);
  };
  if (spec.path === '') throw new UsageError(`${spec.flag} '': an empty path; give a ${spec.kind === 'record' ? 'folder' : 'file'} name`);
  if (spec.kind !== 'record' && /[\\/]$/.test(spec.path)) fail('ends in /, so it names a folder; give a file name');
  let full = locate(spec, fail);
  insideRecord(spec, dirname(full), fail);
  const st = statOf(full, fail);
  if (st) full = realpathSync.native(full);
  const parent = statSync(dirname(full));
  if (st?.isDirectory() && spec.kind === 'record') {
    const why = protectedFolder(st);
    if (why) fail(`${why}; nnlab writes a record into a folder of its own and replaces only an nnlab record`);
    if (st.dev !== parent.dev) fail('it is a mount point; nnlab replaces only a record folder it wrote');
  }
  probe(full, fail);
  const target = { ...spec, shown: spec.path, full, lockKey: lockKeyOf(full), existed: st !== undefined, leftovers: leftoversBeside(full) };
  if (st) checkReplaceable(target, st, force, 'already exists', fail, parent);
  return target;
}

/**
 * What is at a target may be replaced: the right kind, written by nnlab and untouched, and --force
 * given. --force is suggested only where it would help.
 */
function checkReplaceable(t: Target, st: Stats, force: boolean, there: string, fail: Fail, parent = statSync(dirname(t.full))): void {
  const wanted = t.kind === 'record' ? st.isDirectory() : st.isFile();
  if (!wanted) fail(`it is ${what(st)}; ${WRITTEN_AS[t.kind]}`);
  const euid = process.geteuid?.() ?? 0;
  if ((parent.mode & 0o1000) !== 0 && euid !== 0 && st.uid !== euid && parent.uid !== euid) {
    fail(`${there} and is kept: it belongs to another user in a folder where only its owner may replace it`);
  }
  const why = REFUSAL[t.kind](t.full);
  if (why) fail(`${there} and is kept: ${why}; nnlab replaces only what it wrote, so choose another path`);
  const readOnly = t.kind === 'record' ? readOnlyRefusal(t.full, []) : null;
  if (readOnly) fail(`${there} and is kept: ${readOnly}, and nnlab does not replace a record made read-only; choose another path, or make it writable (chmod u+w) first`);
  if (!force) {
    const which = t.kind === 'model' ? 'an nnlab model file' : readdirSync(t.full).length === 0 ? 'an empty folder' : 'an nnlab record';
    fail(`${there} (${which}); pass --force to replace it`);
  }
}

/**
 * Checks again, right before moving the output into place, what is at the target now: something that
 * appeared during the run is replaced only with force and only if nnlab wrote it.
 */
export function recheckTarget(t: Target, force: boolean): boolean {
  const fail: Fail = (why) => {
    throw new UsageError(`${t.flag} ${t.shown}: ${why}; nothing was written`);
  };
  const st = statOf(t.full, fail);
  if (!st) return false;
  checkReplaceable(t, st, force, t.existed ? 'it changed while nnlab was running' : 'it appeared while nnlab was running', fail);
  return true;
}

/**
 * Two outputs of one run must not overlap: the same path, or a file inside the record folder. Checked
 * on the paths as written before any is located (a record folder that does not exist yet is no error
 * of its own), and on the canonical paths after (links).
 */
export function checkDistinct(outputs: readonly (OutputSpec & { full?: string })[]): void {
  const at = (o: OutputSpec & { full?: string }): string | null => {
    try {
      return o.full ?? resolve(o.path);
    } catch {
      return null; // no working folder: checkTarget names that
    }
  };
  for (const a of outputs) {
    for (const b of outputs) {
      if (a === b) continue;
      const [pa, pb] = [at(a), at(b)];
      if (pa === null || pb === null) continue;
      if (pa === pb) throw new UsageError(`${a.flag} and ${b.flag} name the same path (${a.path}); give each its own`);
      if (b.kind === 'record' && pa.startsWith(pb + sep)) {
        const own = a.kind === 'model' ? `, its own ${MODEL_IN_RECORD} included` : '';
        throw new UsageError(`${a.flag} ${a.path}: inside the ${b.flag} folder ${b.path}, which nnlab writes as a whole${own}; write it elsewhere`);
      }
    }
  }
}

/** A record to continue in place (--resume): where it is, its lock's key, and what killed runs left beside it. */
export interface InPlaceTarget {
  shown: string;
  full: string;
  lockKey: string;
  leftovers: string[];
}

/**
 * Checks a record folder to be continued in place, before any work: it exists (else names a hidden
 * copy a killed run left beside it), is a folder of its own on the file system of the folder holding
 * it, and it and the files named may be written. `appended` is the file the run appends to. Throws
 * UsageError naming the path; reads only.
 */
export function inPlaceTarget(flag: string, path: string, appended: string): InPlaceTarget {
  if (path === '') throw new UsageError(`${flag}: the path is empty; give the folder of the record to continue`);
  const fail: Fail = (why) => {
    throw new UsageError(`${flag} ${clip(path)}: ${why}`);
  };
  let full = locate({ flag, path, kind: 'record' }, fail);
  const st = statOf(full, fail);
  if (!st) {
    const copies = leftoversBeside(full).filter((p) => recordKindOf(p) !== null);
    if (copies.length > 0) {
      fail(`no such record, but ${copies.map((c) => clip(c)).join(', ')} beside it, left by an nnlab run that was killed while writing it, ${copies.length === 1 ? 'holds a record' : 'hold records'}: rename the one to keep to ${clip(path)}, then ${flag} ${clip(path)}`);
    }
    fail(`no such record; start the sweep with --out ${clip(path)}`);
  }
  if (!st.isDirectory()) fail(`it is ${what(st)}; a record is a folder`);
  full = realpathSync.native(full);
  const guarded = protectedFolder(st);
  if (guarded) fail(`${guarded}, not a record`);
  const readOnly = readOnlyRefusal(full, [RESULT_FILE, appended]);
  if (readOnly) fail(`${readOnly}, and nnlab does not change a record made read-only; make it writable (chmod -R u+w ${clip(path)}) to continue it`);
  probe(full, fail, true);
  return { shown: path, full, lockKey: lockKeyOf(full), leftovers: leftoversBeside(full) };
}
