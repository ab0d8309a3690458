// A sweep record keeps every run as a line; a diverged run's line holds lists (the changes tried) that
// must come back as lists, so a record with a diverged variant is written and reported like any other.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nnlab } from './helpers/cli.js';

describe('a sweep record with a diverged variant', () => {
  it('is written, warned about like the same sweep without --out, and its lines read back as written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-swdiv-'));
    const args = ['sweep', 'train', '--lr', '0.01,1e300', '--iterations', '50', '--quiet'];
    const plain = nnlab(args);
    const recorded = nnlab([...args, '--out', join(dir, 's')]);
    expect(recorded.code).toBe(0);
    expect(recorded.stderr).not.toMatch(/internal error/);
    expect(recorded.stderr).toBe(plain.stderr);
    const lines = readFileSync(join(dir, 's', 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const diverged = lines.find((l) => l.diverged);
    expect(Array.isArray(diverged.divergence.tried)).toBe(true);
    // and --resume of the finished record reads those lines back without error
    const again = nnlab([...args, '--resume', join(dir, 's')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe(plain.stderr);
  });
});
