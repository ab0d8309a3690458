// What an address-space limit (ulimit -v, RLIMIT_AS) leaves this process, from /proc on Linux.
// V8 reserves address space well beyond what it uses (a worker thread ~0.7 GiB, a WebAssembly memory
// 8 GiB or more), and a reservation that fails inside V8 can abort the process: so it is checked first.
import { readFileSync } from 'node:fs';

/** The number `pattern` captures in a /proc file, or null (no such file, no match: no limit). */
function procNumber(file: string, pattern: RegExp): number | null {
  try {
    const m = pattern.exec(readFileSync(file, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Bytes of address space left under the soft limit, or null where there is no limit (or no /proc). */
export function addressSpaceLeft(): number | null {
  const limit = procNumber('/proc/self/limits', /^Max address space\s+(\d+)/m);
  const used = procNumber('/proc/self/status', /^VmSize:\s+(\d+) kB/m);
  return limit === null || used === null ? null : Math.max(0, limit - used * 1024);
}
