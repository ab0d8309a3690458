// Timing children that end with their parent. nnlab runs them with spawnSync, so a signal that ends
// nnlab cannot reach a handler that would stop them first: each child watches its parent instead, and
// ends itself within WATCH_MS of being orphaned, whatever ended the parent, even before it started
// watching (the parent's pid comes in PARENT_VAR, not from the child's own first look).
import { Worker } from 'node:worker_threads';

const WATCH_MS = 200;
const PARENT_VAR = 'NNLAB_PARENT_PID';

/** The environment for a child that watches this process: env with this process's pid. */
export function watchedEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, [PARENT_VAR]: String(process.pid) };
}

/** In a child process of nnlab's: a worker thread that kills this process once its parent is gone. */
export function exitWithParent(): void {
  const parent = Number(process.env[PARENT_VAR]) || process.ppid;
  const watch = `const gone = () => process.ppid !== ${parent}; if (gone()) process.kill(process.pid, 'SIGKILL'); setInterval(() => { if (gone()) process.kill(process.pid, 'SIGKILL'); }, ${WATCH_MS});`;
  if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL');
  new Worker(watch, { eval: true }).unref();
}

/** python3's arguments to run `script args` with a daemon thread that ends it once its parent is gone (give it watchedEnv). */
export function pythonOrphanSafe(script: string, args: readonly string[]): string[] {
  const prelude = [
    'import os, runpy, sys, threading, time',
    `parent = int(os.environ.get('${PARENT_VAR}') or os.getppid())`,
    'def watch():',
    `    while os.getppid() == parent: time.sleep(${WATCH_MS / 1000})`,
    '    os._exit(137)',
    'threading.Thread(target=watch, daemon=True).start()',
    'sys.argv = sys.argv[1:]',
    "runpy.run_path(sys.argv[0], run_name='__main__')",
  ].join('\n');
  return ['-c', prelude, script, ...args];
}
