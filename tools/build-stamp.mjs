// dist/.build-stamp, written last by `npm run build`: the tests' setup builds again only when a source,
// build script, tsconfig or the lock file is newer than it (so CI's `npm ci`, which builds, is not
// followed by a second build of the same sources).
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const STAMP = join(ROOT, 'dist', '.build-stamp');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Whether dist/ was built from the sources as they are now. */
export function builtFromCurrentSources() {
  let stamp;
  try {
    stamp = statSync(STAMP).mtimeMs;
  } catch {
    return false;
  }
  return ['src', 'tools', 'package.json', 'package-lock.json', 'tsconfig.json'].every((p) => newest(join(ROOT, p)) <= stamp);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) writeFileSync(STAMP, '');
