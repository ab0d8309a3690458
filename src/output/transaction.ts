// All of a run's outputs or none. Each output is staged beside its target under a hidden temporary
// name (written and flushed), then moved into place with rename; an output that fails takes back the
// ones already moved. Replaced outputs are kept aside until every move has succeeded.
//
// Interrupts: writing is synchronous, so a SIGINT or SIGTERM that arrives while files are written is
// handled at the next turn of the event loop. Before the moves it removes the staged files (nothing
// written); after them the output is complete. Either way the process then ends by that signal.
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { isFsError, reasonOf } from './errno.js';
import { tryLock, type Lock } from './lock.js';
import { recordRefusal } from './seal.js';
import { checkDistinct, checkTarget, recheckTarget, type OutputKind, type OutputSpec, type Target } from './targets.js';

/** A file's text, or a record folder's files by name. */
export type Content = string | Record<string, string>;

export interface Outputs {
  readonly targets: readonly Target[];
  /** Writes every output or none, each target's content by its kind. Throws UsageError on failure. */
  commit(contents: Partial<Record<OutputKind, Content>>): Promise<void>;
  /** Lets another run use these paths. */
  release(): void;
}

/**
 * Checks every output and locks its path, before any work; undefined specs are skipped.
 * Throws UsageError when a path may not be written or another nnlab run is writing it.
 */
export async function openOutputs(specs: readonly (OutputSpec | undefined)[], force: boolean): Promise<Outputs> {
  const given = specs.filter((s): s is OutputSpec => s !== undefined);
  if (new Set(given.map((s) => s.kind)).size !== given.length) throw new Error('openOutputs takes one output of each kind');
  const targets = given.map((s) => checkTarget(s, force));
  checkDistinct(targets);
  const locks: Lock[] = [];
  const release = (): void => locks.splice(0).forEach((l) => l.release());
  for (const t of targets) {
    const lock = await tryLock(t.full);
    if (!lock) {
      release();
      throw new UsageError(`${t.flag} ${t.path}: in use by another nnlab run; wait for it to finish or choose another path`);
    }
    locks.push(lock);
  }
  return { targets, release, commit: (contents) => commitAll(targets, contents, force) };
}

const hidden = (full: string, what: string): string => join(dirname(full), `.${basename(full)}.nnlab-${what}-${process.pid}`);

// Test-only: NNLAB_TEST_WRITE_DELAY_MS slows staging down so tests can interrupt it;
// NNLAB_TEST_WRITE_FAULT=CODE@name fails the write of the file called name, CODE@move:name the move of
// the output called name into place.
const delayMs = Number(process.env.NNLAB_TEST_WRITE_DELAY_MS ?? 0);
const fault = /^(E[A-Z]+)@(.+)$/.exec(process.env.NNLAB_TEST_WRITE_FAULT ?? '');
function testHooks(name: string, path: string): void {
  if (delayMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delayMs);
  if (fault && fault[2] === name) throw Object.assign(new Error(`${fault[1]} (test fault)`), { code: fault[1], path });
}

function writeFlushed(path: string, text: string, name: string): void {
  testHooks(name, path);
  const fd = openSync(path, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch { /* some file systems cannot sync a folder; the renames are done either way */ }
}

interface Step {
  target: Target;
  staged: string;
  /** Where the replaced output was put aside, if there was one. */
  aside?: string;
  moved: boolean;
}

type Phase = 'staging' | 'moving' | 'done';

const immediate = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Lets a signal that arrived during synchronous work reach its handler: signals are read in the event
 * loop's poll phase, and two immediates always have one poll phase between them.
 */
async function deliverPendingSignals(): Promise<void> {
  await immediate();
  await immediate();
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const EXIT_CODE: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Runs fn with signal handlers that clean up by phase, then end the process by that signal. */
async function withSignals(steps: Step[], fn: (setPhase: (p: Phase) => void) => Promise<void>): Promise<void> {
  let phase: Phase = 'staging';
  const off = (): void => SIGNALS.forEach((sig) => process.off(sig, handler));
  function handler(signal: NodeJS.Signals): void {
    if (phase === 'staging') discard(steps);
    else removeAside(steps);
    off();
    process.kill(process.pid, signal); // no handler is left: the default action ends the process
    setTimeout(() => process.exit(EXIT_CODE[signal]), 1000).unref();
  }
  SIGNALS.forEach((sig) => process.on(sig, handler));
  try {
    await fn((p) => (phase = p));
  } finally {
    // A signal that arrived while writing is delivered now, to the handler above.
    await deliverPendingSignals();
    off();
  }
}

async function commitAll(targets: readonly Target[], contents: Partial<Record<OutputKind, Content>>, force: boolean): Promise<void> {
  const steps: Step[] = targets.map((target) => ({ target, staged: hidden(target.full, 'tmp'), moved: false }));
  let current: Step | undefined;
  await withSignals(steps, async (setPhase) => {
    try {
      steps.forEach((s) => stage((current = s), contents[s.target.kind]!));
      await deliverPendingSignals(); // an interrupt during staging ends the run here
      setPhase('moving');
      for (const s of steps) move((current = s), force);
      setPhase('done');
    } catch (e) {
      rollBack(steps);
      discard(steps);
      if (e instanceof UsageError || !isFsError(e)) throw e;
      const { target: t, staged } = current ?? steps[0]!;
      // Name the file as the user will know it, not by its temporary name.
      const inside = e.path?.startsWith(staged + sep) ? e.path.slice(staged.length) : '';
      throw new UsageError(`${t.flag} ${t.path}: cannot write ${t.path}${inside}: ${reasonOf(e)}; nothing was written`);
    }
    removeAside(steps);
    for (const dir of new Set(steps.map((s) => dirname(s.target.full)))) syncDir(dir);
  });
}

function stage(s: Step, content: Content): void {
  // The lock is held: a staged entry with this process's name can only be left over from a killed run.
  rmSync(s.staged, { recursive: true, force: true });
  if (typeof content === 'string') {
    writeFlushed(s.staged, content, basename(s.target.full));
    return;
  }
  mkdirSync(s.staged);
  for (const [name, text] of Object.entries(content)) writeFlushed(join(s.staged, name), text, name);
  syncDir(s.staged);
}

/** Moves one staged output into place; a replaced one is put aside, not yet removed. */
function move(s: Step, force: boolean): void {
  const { full } = s.target;
  testHooks(`move:${basename(full)}`, s.staged);
  const present = recheckTarget(s.target, force);
  const isDir = s.target.kind === 'record';
  if (present) {
    s.aside = hidden(full, 'old');
    // A folder is moved aside; a file gets a second name and stays in place until the rename replaces it.
    if (isDir) renameSync(full, s.aside);
    else linkSync(full, s.aside);
    s.moved = true;
    renameSync(s.staged, full);
  } else if (isDir) {
    mkdirSync(full); // fails if something appeared meanwhile; the rename then replaces this empty folder
    s.moved = true;
    renameSync(s.staged, full);
  } else {
    linkSync(s.staged, full); // fails if something appeared meanwhile, instead of replacing it
    s.moved = true;
    unlinkSync(s.staged);
  }
}

/** Takes back the outputs already (partly) moved into place, restoring what they replaced. */
function rollBack(steps: Step[]): void {
  for (const s of [...steps].reverse()) {
    if (!s.moved) continue;
    const { full } = s.target;
    if (s.target.kind === 'record') rmSync(full, { recursive: true, force: true }); // the new record, or its empty folder
    if (s.aside) renameSync(s.aside, full);
    else if (s.target.kind === 'model') rmSync(full, { force: true });
    s.moved = false;
    s.aside = undefined;
  }
}

function discard(steps: Step[]): void {
  for (const s of steps) rmSync(s.staged, { recursive: true, force: true });
}

/** Removes the replaced outputs once the new ones are in place; a record only if it is still untouched. */
function removeAside(steps: Step[]): void {
  for (const s of steps) {
    if (!s.aside) continue;
    if (s.target.kind === 'record') {
      if (recordRefusal(s.aside) === null) rmSync(s.aside, { recursive: true, force: true });
    } else {
      rmSync(s.aside, { force: true });
    }
    s.aside = undefined;
  }
}
