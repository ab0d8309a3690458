// Output paths, checked before any work: what is there now, and whether nnlab may write or replace it.
// A record folder (--out) replaces only an untouched nnlab record; a file (--save) only an nnlab model
// file; neither ever replaces the working folder, a folder holding it, the home folder or the root.
import { accessSync, constants, lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { reasonOf } from './errno.js';
import { modelRefusal, recordRefusal } from './seal.js';

/** record: a folder of files (--out); model: one model file (--save). */
export type OutputKind = 'record' | 'model';

export interface OutputSpec {
  /** How the user named it, for messages: "--out" or "configs/x.json: out". */
  flag: string;
  /** As given. */
  path: string;
  kind: OutputKind;
}

export interface Target extends OutputSpec {
  /** Absolute, with symbolic links resolved: where the output goes. */
  full: string;
  /** Something (replaceable) was there when the run started. */
  existed: boolean;
}

const what = (st: Stats): string =>
  st.isDirectory() ? 'a folder' : st.isFile() ? 'a file' : st.isFIFO() ? 'a named pipe (FIFO)' : st.isSocket() ? 'a socket'
    : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : 'not a regular file';

/** Follows symbolic links; undefined when nothing is there. */
function statOf(full: string, fail: (why: string) => never): Stats | undefined {
  try {
    lstatSync(full);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return fail(reasonOf(e));
  }
  try {
    return statSync(full);
  } catch {
    return fail('it is a symbolic link to nothing');
  }
}

const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

/** Why `full` (canonical) must never be replaced, or null. */
function protectedFolder(full: string): string | null {
  const cwd = real(process.cwd());
  if (full === real('/') || full === sep) return 'it is the root folder';
  if (full === real(homedir())) return 'it is the home folder';
  if (full === cwd) return 'it is the working folder';
  if (cwd.startsWith(full.endsWith(sep) ? full : full + sep)) return 'it holds the working folder';
  return null;
}

/**
 * Checks one output before the run: the folder it goes in exists and is writable, and whatever is at
 * the path may be replaced (only with force, only if nnlab wrote it). Throws UsageError naming the path.
 */
export function checkTarget(spec: OutputSpec, force: boolean): Target {
  const fail = (why: string): never => {
    throw new UsageError(`${spec.flag} ${spec.path}: ${why}`);
  };
  if (spec.path.trim() === '') throw new UsageError(`${spec.flag} '': an empty path; give a ${spec.kind === 'record' ? 'folder' : 'file'} name`);
  if (spec.kind === 'model' && /[\\/]$/.test(spec.path)) fail('ends in /, so it names a folder; give a file name');
  const given = resolve(spec.path);
  const parentGiven = dirname(given);
  let parent: string;
  try {
    parent = realpathSync(parentGiven);
  } catch (e) {
    return fail((e as NodeJS.ErrnoException).code === 'ENOENT' ? `the folder ${parentGiven} does not exist` : `cannot use the folder ${parentGiven}: ${reasonOf(e)}`);
  }
  if (!statSync(parent).isDirectory()) fail(`${parentGiven} is not a folder`);
  let full = given === parentGiven ? parent : join(parent, basename(given));
  const st = statOf(full, fail);
  if (st) full = realpathSync(full);
  if (spec.kind === 'record') {
    const why = protectedFolder(full);
    if (why) fail(`${why}; nnlab writes a record into a folder of its own and replaces only an nnlab record`);
  }
  try {
    accessSync(dirname(full), constants.W_OK | constants.X_OK);
  } catch (e) {
    fail(`cannot write in ${dirname(full)}: ${reasonOf(e)}`);
  }
  if (!st) return { ...spec, full, existed: false };
  checkReplaceable({ ...spec, full }, st, force, 'already exists', fail);
  return { ...spec, full, existed: true };
}

/**
 * What is at a target may be replaced: the right kind, written by nnlab and untouched, and --force
 * given. --force is suggested only where it would help.
 */
function checkReplaceable(t: OutputSpec & { full: string }, st: Stats, force: boolean, there: string, fail: (why: string) => never): void {
  const wanted = t.kind === 'record' ? st.isDirectory() : st.isFile();
  if (!wanted) fail(`it is ${what(st)}; ${t.kind === 'record' ? 'a record is a folder' : 'a model is written to a regular file'}`);
  const why = t.kind === 'record' ? recordRefusal(t.full) : modelRefusal(t.full);
  if (why) fail(`${there} and is kept: ${why}; nnlab replaces only what it wrote, so choose another path`);
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
  const fail = (why: string): never => {
    throw new UsageError(`${t.flag} ${t.path}: ${why}; nothing was written`);
  };
  const st = statOf(t.full, fail);
  if (!st) return false;
  checkReplaceable(t, st, force, t.existed ? 'it changed while nnlab was running' : 'it appeared while nnlab was running', fail);
  return true;
}

/** Two outputs of one run must not overlap: the same path, or a file inside the record folder. */
export function checkDistinct(targets: readonly Target[]): void {
  for (const a of targets) {
    for (const b of targets) {
      if (a === b) continue;
      if (a.full === b.full) throw new UsageError(`${a.flag} and ${b.flag} name the same path (${a.path}); give each its own`);
      if (b.kind === 'record' && a.full.startsWith(b.full + sep)) {
        throw new UsageError(`${a.flag} ${a.path}: inside the ${b.flag} folder, which nnlab replaces as a whole; write it elsewhere`);
      }
    }
  }
}
