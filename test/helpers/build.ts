import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { builtFromCurrentSources } from '../../tools/build-stamp.mjs';

/** CLI tests run the compiled bin/nnlab.js: built first unless dist/ is from the sources as they are. */
export default function setup(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  if (builtFromCurrentSources()) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
