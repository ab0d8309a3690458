// Runs the compiled CLI as a user would, capturing both streams and the exit code.
import { expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/nnlab.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function nnlab(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', NNLAB_DEBUG: '', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * nnlab under resource limits, as a user with such limits runs it: an address space (ulimit -v, in KiB)
 * and CPU seconds (ulimit -t). An input that needs more memory or time than it should is killed by the
 * kernel (or aborts), instead of passing; nothing is timed.
 */
export function nnlabLimited(limits: { kib: number; cpuSeconds?: number }, args: string[], options: { cwd?: string } = {}): CliResult {
  const ulimit = `ulimit -v ${limits.kib}${limits.cpuSeconds === undefined ? '' : ` -t ${limits.cpuSeconds}`}`;
  const r = spawnSync('bash', ['-c', `${ulimit} && exec "$0" "$@"`, process.execPath, BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', NNLAB_DEBUG: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? (r.signal ? 128 : -1), stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2, nothing on stdout, one line on stderr matching `message`. */
export function refused(r: CliResult, message: RegExp): void {
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^nnlab: [^\n]*\n$/);
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(2);
}

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

/** As `refused`, with `message` matched against the line without its newline (so `$` ends the line). */
export function expectRefused(r: CliResult, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
}

/** Human output with its 80-column wrapping undone: a path broken after "/" rejoined, other continuation lines joined by a space. */
export function unwrapped(text: string): string {
  return text.replace(/\/\n +/g, '/').replace(/\n +/g, ' ');
}
