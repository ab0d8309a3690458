// Input files (CSV and MAT datasets, experiment files, models): regular files only, read with a size
// cap; text as UTF-8 without a byte-order mark. A device (/dev/zero), a pipe or a folder is refused
// before reading.
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { clip, UsageError } from './errors.js';
import { formatBytes } from './limits.js';

function cannotOpen(p: string, what: string, e: unknown): UsageError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new UsageError(`${p}: no such file`);
  if (code === 'EISDIR') return new UsageError(`${p}: is a folder, not ${what}`);
  if (code === 'EACCES' || code === 'EPERM') return new UsageError(`${p}: permission denied`);
  return new UsageError(`${p}: cannot read (${code ?? String(e)})`);
}

/**
 * The text of `path`, which must be a regular file of at most `maxBytes` bytes; a leading BOM is dropped.
 * `what` names the kind of file in messages, e.g. "a CSV file". Throws UsageError otherwise.
 */
export function readInputText(path: string, what: string, maxBytes: number): string {
  const text = readInputBytes(path, what, maxBytes).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** An open descriptor of `path`, checked (a regular file of at most `maxBytes` bytes), and its size. */
function openChecked(path: string, what: string, maxBytes: number, p: string): { fd: number; size: number } {
  const check = (st: { isFile(): boolean; isDirectory(): boolean; size: number }): void => {
    if (st.isDirectory()) throw new UsageError(`${p}: is a folder, not ${what}`);
    if (!st.isFile()) throw new UsageError(`${p}: not a regular file (a device, pipe or socket); ${what} must be a regular file`);
    if (st.size > maxBytes) throw new UsageError(`${p}: ${formatBytes(st.size)} is more than the ${formatBytes(maxBytes)} nnlab reads as ${what}`);
  };
  let fd: number;
  try {
    check(statSync(path));
    // Non-blocking, so that a pipe swapped in after the check cannot hold the open.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw cannotOpen(p, what, e);
  }
  try {
    const st = fstatSync(fd);
    check(st);
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    if (e instanceof UsageError) throw e;
    throw cannotOpen(p, what, e);
  }
}

/**
 * The bytes of `path`, which must be a regular file of at most `maxBytes` bytes. Throws UsageError
 * otherwise, naming the file as `shown` (by default its path).
 */
export function readInputBytes(path: string, what: string, maxBytes: number, shown = path): Buffer {
  const p = clip(shown);
  const { fd, size } = openChecked(path, what, maxBytes, p);
  try {
    // One byte more than allowed tells a file that grew since the check.
    const buf = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
    let n = 0;
    for (let got; n < buf.length && (got = readSync(fd, buf, n, buf.length - n, null)) > 0;) n += got;
    if (n > maxBytes) throw new UsageError(`${p}: more than the ${formatBytes(maxBytes)} nnlab reads as ${what}`);
    return buf.subarray(0, n);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw cannotOpen(p, what, e);
  } finally {
    closeSync(fd);
  }
}

/**
 * The sha256 (hex) of `path`, checked as readInputBytes checks it but read 1 MiB at a time, so that
 * memory stays the same whatever the file's size. Throws UsageError as readInputBytes does.
 */
export function inputSha256(path: string, what: string, maxBytes: number, shown = path): string {
  const p = clip(shown);
  const { fd } = openChecked(path, what, maxBytes, p);
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(2 ** 20);
    let total = 0;
    for (let got; (got = readSync(fd, buf, 0, buf.length, null)) > 0;) {
      total += got;
      if (total > maxBytes) throw new UsageError(`${p}: more than the ${formatBytes(maxBytes)} nnlab reads as ${what}`);
      hash.update(buf.subarray(0, got));
    }
    return hash.digest('hex');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw cannotOpen(p, what, e);
  } finally {
    closeSync(fd);
  }
}
