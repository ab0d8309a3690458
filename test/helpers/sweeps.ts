// A small sweep for the record, resume and shard tests, its JSON with what varies run to run removed, and a folder to write records in.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { nnlab } from './cli.js';

/** 3 variants × 2 seeds = 6 runs of 60 iterations. */
export const SWEEP = ['sweep', 'train', '--init', 'zeros,he,random', '--repeat', '2', '--iterations', '60', '--print-every', '20', '--jobs', '1'];

/**
 * A sweep's JSON (result.json or --json) without timings, provenance and the record marker (which seals
 * them), nor how its runs came together (runs read from the record, shards merged).
 */
export function comparable(text: string): unknown {
  const strip = (v: unknown): unknown => (Array.isArray(v) ? v.map(strip)
    : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => !['durationMs', 'fromRecord', 'mergedShards'].includes(k)).map(([k, x]) => [k, strip(x)])) : v);
  const { record: _r, provenance: _p, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return strip(rest);
}

/** A temp folder for sweep records, removed after the file's tests, and the CLI run in it. */
export function recordsFolder(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const read = (p: string): string => readFileSync(join(dir, p), 'utf8');
  return {
    dir,
    read,
    run: (args: string[], env?: Record<string, string>) => nnlab(args, { cwd: dir, env }),
    /** A file's lines, none when it is missing. */
    lines: (p: string): string[] => (existsSync(join(dir, p)) ? read(p).split('\n').filter(Boolean) : []),
  };
}
