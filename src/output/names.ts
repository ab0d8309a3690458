// nnlab's hidden names beside a target: staged outputs (tmp), replaced outputs put aside (old) and
// write probes. Each carries the pid and a random suffix, and is created exclusively, so it never
// takes the place of an existing entry; the target's name is shortened so the name stays legal.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export type HiddenKind = 'tmp' | 'old' | 'probe';

/** The first characters of a name, at most 64 bytes of UTF-8 (a file name may have 255). */
function short(name: string): string {
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch) > 64) break;
    out += ch;
  }
  return out;
}

/** A fresh hidden name beside `full`, e.g. ".r.nnlab-tmp-1234-9f2c1a". */
export const hiddenBeside = (full: string, kind: HiddenKind): string =>
  join(dirname(full), `.${short(basename(full))}.nnlab-${kind}-${process.pid}-${randomBytes(3).toString('hex')}`);

/** nnlab's hidden name for a file staged inside a record's folder: ".summary.csv.nnlab-tmp-1234-9f2c1a". */
export const STAGED_INSIDE = /^\.(.+)\.nnlab-tmp-(\d+)-[0-9a-f]{6}$/;

/**
 * A fresh hidden name inside the folder `dir` for a file staged to replace `name` there: the rename that
 * puts it in place stays within the folder's file system (a mount point's parent may be another one).
 */
export const hiddenInside = (dir: string, name: string): string => join(dir, `.${short(name)}.nnlab-tmp-${process.pid}-${randomBytes(3).toString('hex')}`);

/** The pid in a name of STAGED_INSIDE's form, or undefined when the name is not of that form. */
export const stagedPid = (name: string): number | undefined => {
  const m = STAGED_INSIDE.exec(name);
  return m ? Number(m[2]) : undefined;
};

/** A process with this pid exists (perhaps another user's). */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Hidden entries beside `full` left by an nnlab run that was killed (SIGKILL, a crash): their pid is
 * gone. They are reported, not removed: nnlab cannot prove it wrote an entry by its name alone.
 */
export function leftoversBeside(full: string): string[] {
  const prefix = `.${short(basename(full))}.nnlab-`;
  const pattern = /^(tmp|old|probe)-(\d+)-[0-9a-f]{6}$/;
  try {
    return readdirSync(dirname(full))
      .filter((n) => n.startsWith(prefix))
      .filter((n) => {
        const m = pattern.exec(n.slice(prefix.length));
        return m !== null && !alive(Number(m[2]));
      })
      .map((n) => join(dirname(full), n));
  } catch {
    return [];
  }
}

/**
 * Files staged inside the folder `dir` (hiddenInside) by an nnlab run that was killed: their pid is gone.
 * Reported, not removed, as leftoversBeside.
 */
export function leftoversInside(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => {
      const pid = stagedPid(n);
      return pid !== undefined && pid !== process.pid && !alive(pid);
    }).sort().map((n) => join(dir, n));
  } catch {
    return [];
  }
}
