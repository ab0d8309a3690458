// Where a run record came from: nnlab and Node versions, and the git commit when nnlab runs from a checkout.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Provenance } from '../experiments/record.js';
import { VERSION } from './version.js';

function gitCommit(): string | null {
  try {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export function provenance(): Provenance {
  return { nnlab: VERSION, node: process.version, gitCommit: gitCommit(), createdAt: new Date().toISOString() };
}
