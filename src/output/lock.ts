// One nnlab run per output path at a time. On Linux the lock is a listening socket in the abstract
// namespace, named after the path: the kernel frees it when the process ends, however it ends
// (Ctrl-C during training takes Node's default exit, so no handler could remove a lock file), and it
// leaves nothing on disk. Elsewhere a pid file in the temp folder stands in; a dead owner's is taken over.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive } from './names.js';

export interface Lock {
  release(): void;
}

const hashOf = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 40);

/** The socket's name in the abstract namespace (listed in /proc/net/unix with a leading @). */
export const socketName = (key: string): string => `nnlab-out-${hashOf(key)}`;

/**
 * Locks a key (an output's folder device, inode and name); resolves false when another process holds
 * it. The socket lock covers the processes of one network namespace (one machine or container); runs
 * elsewhere that share the folder are caught by the check right before the outputs are moved into place.
 */
export function tryLock(key: string): Promise<Lock | false> {
  return process.platform === 'linux' ? socketLock(socketName(key)) : Promise.resolve(fileLock(join(tmpdir(), 'nnlab-locks'), hashOf(key)));
}

function socketLock(name: string): Promise<Lock | false> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? resolve(false) : reject(e)));
    server.listen({ path: `\0${name}` }, () => {
      server.unref(); // a held lock does not keep the process alive
      resolve({ release: () => void server.close() });
    });
  });
}


/** The pid-file lock; exported for its test on Linux, where the socket lock is used. */
export function fileLock(dir: string, key: string): Lock | false {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${key}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      const release = (): void => {
        process.off('exit', release);
        try {
          unlinkSync(file);
        } catch { /* already gone */ }
      };
      process.on('exit', release);
      return { release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) return false;
      try {
        unlinkSync(file); // its owner is gone
      } catch { /* another process took it over first */ }
    }
  }
  return false;
}
