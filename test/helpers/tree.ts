// A folder's whole contents, for "nothing else changed" assertions: every entry by relative path,
// with its kind and, for files, its bytes (as base64) and for links, their target.
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, path));
      if (st.isDirectory()) {
        out[path] = 'dir';
        walk(path);
      } else if (st.isSymbolicLink()) {
        out[path] = `link → ${readlinkSync(join(dir, path))}`;
      } else if (st.isFile()) {
        out[path] = `file ${readFileSync(join(dir, path)).toString('base64')}`;
      } else {
        out[path] = 'special';
      }
    }
  };
  walk('');
  return out;
}

/** Hidden entries nnlab might leave behind: its temporary and put-aside names. */
export function leftovers(dir: string): string[] {
  return Object.keys(tree(dir)).filter((p) => p.split('/').some((part) => part.includes('.nnlab-')));
}
