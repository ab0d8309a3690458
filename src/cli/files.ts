// Output files: checked before any work starts, written through a temp file + rename,
// and removed again if the run fails or is interrupted, so nothing half-written is left.
// Ctrl-C during training takes Node's default path (the process ends; no file has been started);
// while files are being written, a handler removes the temp files first.
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

const pending = new Set<string>();

/** Removes temp files and folders of writes that did not finish. */
export function cleanupPending(): void {
  for (const p of pending) rmSync(p, { recursive: true, force: true });
  pending.clear();
}

/** Checks that `path` can be written: its folder exists, and it does not exist unless force. */
export function checkOutputPath(path: string, flag: string, force: boolean): string {
  const full = resolve(path);
  const parent = dirname(full);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) {
    throw new UsageError(`${flag} ${path}: the folder ${parent} does not exist`);
  }
  if (existsSync(full) && !force) {
    throw new UsageError(`${flag} ${path}: already exists; pass --force to replace it`);
  }
  return full;
}

const tempName = (full: string): string => join(dirname(full), `.${basename(full)}.tmp-${process.pid}`);

function onInterrupt(): void {
  cleanupPending();
  process.stderr.write('nnlab: interrupted; nothing was written\n');
  process.exit(130);
}

/** Runs a write with the interrupt handler in place. */
function guarded(write: () => void): void {
  process.on('SIGINT', onInterrupt);
  try {
    write();
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** Writes a file atomically. */
export function writeFileAtomic(path: string, text: string): void {
  const full = resolve(path);
  const tmp = tempName(full);
  guarded(() => {
    pending.add(tmp);
    writeFileSync(tmp, text);
    renameSync(tmp, full);
    pending.delete(tmp);
  });
}

/** Writes a folder of files atomically: built beside the target, then renamed into place. */
export function writeDirAtomic(path: string, files: Record<string, string>, force: boolean): void {
  const full = resolve(path);
  const tmp = tempName(full);
  guarded(() => {
    pending.add(tmp);
    mkdirSync(tmp, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp, name), text);
    if (force && existsSync(full)) rmSync(full, { recursive: true, force: true });
    renameSync(tmp, full);
    pending.delete(tmp);
  });
}
