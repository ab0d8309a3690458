// All of a run's outputs or none. Each output is staged beside its target under a fresh hidden name
// (written and flushed), then moved into place with rename; an output that fails takes back the ones
// already moved. Replaced outputs are kept aside until every move has succeeded. Undoing removes only
// what this run put in place, checked by inode, never a folder someone filled meanwhile.
//
// Interrupts (see signals.ts): a signal during staging removes the staged files (nothing written);
// one during the moves, which are synchronous, is handled after them (the output is complete).
import { chmodSync, chownSync, closeSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { clip, UsageError } from '../errors.js';
import { isFsError, reasonOf } from './errno.js';
import { tryLock, type Lock } from './lock.js';
import { hiddenBeside } from './names.js';
import { recordRefusal } from './seal.js';
import { deliverPendingSignals, withSignalsHandled } from './signals.js';
import { checkDistinct, checkTarget, recheckTarget, type OutputKind, type OutputSpec, type Target } from './targets.js';

/** A file's text (whole, or in pieces for outputs too large for one string), or a record folder's files by name. */
export type Content = string | Iterable<string> | Record<string, string>;

const isText = (c: Content): c is string | Iterable<string> => typeof c === 'string' || Symbol.iterator in c;

export interface Outputs {
  readonly targets: readonly Target[];
  /** Writes every output or none, each target's content by its kind. Throws UsageError on failure. */
  commit(contents: Partial<Record<OutputKind, Content>>): Promise<void>;
  /** Lets another run use these paths. */
  release(): void;
  /** Replaced outputs that stayed beside their targets after a commit: they could not be removed. */
  readonly unremoved: readonly string[];
}

/**
 * Checks every output and locks its path, before any work; undefined specs are skipped.
 * Throws UsageError when a path may not be written or another nnlab run is writing it.
 */
export async function openOutputs(specs: readonly (OutputSpec | undefined)[], force: boolean): Promise<Outputs> {
  const given = specs.filter((s): s is OutputSpec => s !== undefined);
  if (new Set(given.map((s) => s.kind)).size !== given.length) throw new Error('openOutputs takes one output of each kind');
  checkDistinct(given);
  const targets = given.map((s) => checkTarget(s, force));
  checkDistinct(targets);
  const locks: Lock[] = [];
  const release = (): void => locks.splice(0).forEach((l) => l.release());
  for (const t of targets) {
    const lock = await tryLock(t.lockKey);
    if (!lock) {
      release();
      throw new UsageError(`${t.flag} ${clip(t.shown)}: in use by another nnlab run; wait for it to finish or choose another path`);
    }
    locks.push(lock);
  }
  // Once written, the outputs are this run's own: a later commit (a sweep's final record over the record
  // it grew) replaces them as --force would, still only while they are untouched.
  let written = false;
  const unremoved: string[] = [];
  const commit = async (contents: Partial<Record<OutputKind, Content>>): Promise<void> => {
    await commitAll(targets, contents, force || written, unremoved);
    written = true;
  };
  return { targets, release, commit, unremoved };
}

// Test-only: NNLAB_TEST_WRITE_DELAY_MS slows staging down so tests can interrupt it;
// NNLAB_TEST_WRITE_FAULT=CODE@name fails the write of the file called name, CODE@move:name the move of
// the output called name into place.
const delayMs = Number(process.env.NNLAB_TEST_WRITE_DELAY_MS ?? 0);
const fault = /^(E[A-Z]+)@(.+)$/.exec(process.env.NNLAB_TEST_WRITE_FAULT ?? '');
export function testHooks(name: string, path: string): void {
  if (delayMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delayMs);
  if (fault && fault[2] === name) throw Object.assign(new Error(`${fault[1]} (test fault)`), { code: fault[1], path });
}

export function writeFlushed(path: string, text: string | Iterable<string>, name: string): void {
  testHooks(name, path);
  const fd = openSync(path, 'wx');
  try {
    for (const piece of typeof text === 'string' ? [text] : text) {
      // writeSync may write less than asked (a file-size limit, a full disk): write the rest, or throw.
      const bytes = Buffer.from(piece, 'utf8');
      for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch { /* some file systems cannot sync a folder; the renames are done either way */ }
}

const inodeOf = (path: string): number | undefined => {
  try {
    return lstatSync(path).ino;
  } catch {
    return undefined;
  }
};

interface Step {
  target: Target;
  /** The hidden name the output is staged under, once created. */
  staged?: string;
  /** The staged output's inode: what is ours at the target after the move. */
  ino?: number;
  /** Where the replaced output was put aside. */
  aside?: string;
  /** An empty folder made at the target to reserve it. */
  reserved?: boolean;
  /** The staged output is at the target. */
  placed?: boolean;
}

async function commitAll(targets: readonly Target[], contents: Partial<Record<OutputKind, Content>>, force: boolean, unremoved: string[]): Promise<void> {
  const steps: Step[] = targets.map((target) => ({ target }));
  let current: Step | undefined;
  let moving = false;
  // Before the moves an interrupt discards the staged outputs; after them it leaves them in place.
  await withSignalsHandled(() => (moving ? unremoved.push(...removeAside(steps)) : discard(steps)), async () => {
    try {
      for (const s of steps) stage((current = s), contents[s.target.kind]!);
      await deliverPendingSignals(); // an interrupt during staging ends the run here
      moving = true;
      for (const s of steps) move((current = s), force);
    } catch (e) {
      const kept = rollBack(steps);
      discard(steps);
      if (!(e instanceof UsageError) && !isFsError(e)) throw e;
      const { target: t, staged } = current ?? steps[0]!;
      const note = kept.length ? `; the replaced output is kept at ${kept.join(', ')}` : '';
      if (e instanceof UsageError) throw new UsageError(`${e.message}${note}`);
      // Name the file as the user knows it, not by its temporary name.
      const inside = staged && e.path?.startsWith(staged + sep) ? e.path.slice(staged.length) : '';
      throw new UsageError(`${t.flag} ${clip(t.shown)}: cannot write ${clip(t.shown)}${inside}: ${reasonOf(e)}; nothing was written${note}`);
    }
    unremoved.push(...removeAside(steps));
    for (const dir of new Set(steps.map((s) => dirname(s.target.full)))) syncDir(dir);
  });
}

function stage(s: Step, content: Content): void {
  const name = hiddenBeside(s.target.full, 'tmp');
  if (isText(content)) {
    s.staged = name;
    writeFlushed(name, content, basename(s.target.full));
  } else {
    testHooks(basename(s.target.full), name);
    mkdirSync(name); // fails if the name is taken: nothing of anyone else's is used
    s.staged = name;
    for (const [file, text] of Object.entries(content)) writeFlushed(join(name, file), text, file);
    syncDir(name);
  }
  s.ino = inodeOf(name);
}

/** Moves one staged output into place; a replaced one is put aside, not yet removed. */
function move(s: Step, force: boolean): void {
  const { full, kind } = s.target;
  const staged = s.staged!;
  testHooks(`move:${basename(full)}`, staged);
  const present = recheckTarget(s.target, force);
  if (present) {
    if (kind === 'record') keepOwnership(full, staged);
    const aside = hiddenBeside(full, 'old');
    // A folder is moved aside; a file gets a second name and stays in place until the rename replaces it.
    if (kind === 'record') renameSync(full, aside);
    else linkSync(full, aside);
    s.aside = aside;
    renameSync(staged, full);
  } else if (kind === 'record') {
    mkdirSync(full); // fails if something appeared meanwhile; the rename then replaces this empty folder
    s.reserved = true;
    renameSync(staged, full);
  } else {
    linkSync(staged, full); // fails if something appeared meanwhile, instead of replacing it
    s.placed = true;
    unlinkSync(staged);
    return;
  }
  s.placed = true;
}

/**
 * Gives the new record folder the replaced one's mode (set-group-ID bit included) and group, and its
 * files that group: a record in a folder shared by a group stays the group's. A group this user may not
 * give is left as the system made it.
 */
function keepOwnership(old: string, staged: string): void {
  const st = statSync(old);
  chmodSync(staged, st.mode & 0o7777);
  if (statSync(staged).gid === st.gid) return;
  tryTo(() => chownSync(staged, -1, st.gid));
  for (const name of readdirSync(staged)) tryTo(() => chownSync(join(staged, name), -1, st.gid));
}

/** Runs one undo step; a failure leaves that entry as it is. */
const tryTo = (op: () => void): boolean => {
  try {
    op();
    return true;
  } catch {
    return false;
  }
};

/**
 * Takes back the outputs already (partly) moved into place and restores what they replaced. Only
 * what this run put at a target is moved away (checked by inode). Returns the places where a replaced
 * output had to stay because its target was taken meanwhile.
 */
function rollBack(steps: Step[]): string[] {
  const kept: string[] = [];
  for (const s of [...steps].reverse()) {
    const { full, kind } = s.target;
    const ours = s.placed && s.ino !== undefined && inodeOf(full) === s.ino;
    if (s.aside) {
      // A model's old file comes back by replacing ours atomically; a record's old folder needs the target free.
      if (kind === 'record' && ours) tryTo(() => renameSync(full, s.staged!));
      if (!tryTo(() => renameSync(s.aside!, full))) kept.push(s.aside);
    } else if (ours) {
      if (kind === 'record') tryTo(() => renameSync(full, s.staged!));
      else tryTo(() => unlinkSync(full));
    } else if (s.reserved) {
      tryTo(() => rmdirSync(full)); // only while still empty
    }
    s.aside = undefined;
    s.placed = s.reserved = false;
  }
  return kept;
}

/** Removes the staged outputs, which only this run wrote. */
function discard(steps: Step[]): void {
  for (const s of steps) if (s.staged) tryTo(() => rmSync(s.staged!, { recursive: true, force: true }));
}

/**
 * Removes the replaced outputs once the new ones are in place; a record only if it is still untouched.
 * Returns the ones still there (a file that could not be removed, a record someone changed meanwhile).
 */
function removeAside(steps: Step[]): string[] {
  const left: string[] = [];
  for (const s of steps) {
    if (!s.aside) continue;
    const aside = s.aside;
    if (s.target.kind !== 'record') tryTo(() => unlinkSync(aside));
    else if (recordRefusal(aside) === null) tryTo(() => rmSync(aside, { recursive: true, force: true }));
    if (tryTo(() => lstatSync(aside))) left.push(aside);
    s.aside = undefined;
  }
  return left;
}
