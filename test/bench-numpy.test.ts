// bench --vs-numpy without a numpy peer is refused before any timing, in one line, rather than timing
// nnlab alone under a flag that promised a comparison.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { requireNumpy } from '../src/experiments/bench.js';
import { ROOT } from './helpers/cli.js';

describe('bench --vs-numpy needs its peer', () => {
  it('a missing script or python: a UsageError naming what is missing', () => {
    expect(() => requireNumpy('python3', '/nonexistent/numpy_course.py')).toThrow(UsageError);
    expect(() => requireNumpy('python3', '/nonexistent/numpy_course.py')).toThrow(/^--vs-numpy: numpy script not found: \/nonexistent\/numpy_course\.py; the comparison needs python3 with numpy/);
    expect(() => requireNumpy('/nonexistent/python3', __filename)).toThrow(/^--vs-numpy: \/nonexistent\/python3 not found; the comparison needs python3 with numpy/);
  });

  it('tools/compare-numpy.mjs refuses bad input in one line, exit 2, no stack trace', () => {
    const r = spawnSync(process.execPath, ['tools/compare-numpy.mjs', 'x'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('compare-numpy: runs must be an integer ≥ 1 (got x)\n');
  });

  it('a clone with no ../shared beside it: bench --vs-numpy and compare-numpy.mjs exit 2 in one line, nothing timed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-bench-'));
    try {
      const clone = join(dir, 'clone');
      for (const part of ['bin', 'dist', 'tools', 'package.json']) cpSync(join(ROOT, part), join(clone, part), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
      const bench = spawnSync(process.execPath, ['bin/nnlab.js', 'bench', '--vs-numpy'], { cwd: clone, encoding: 'utf8' });
      expect([bench.status, bench.stdout]).toEqual([2, '']);
      expect(bench.stderr).toBe(`nnlab: --vs-numpy: numpy script not found: ${join(dir, 'shared/bench/numpy_course.py')}; the comparison needs python3 with numpy and ../shared/bench/numpy_course.py beside the clone\n`);
      const compare = spawnSync(process.execPath, ['tools/compare-numpy.mjs', '1'], { cwd: clone, encoding: 'utf8' });
      expect([compare.status, compare.stdout]).toEqual([2, '']);
      expect(compare.stderr).toBe(`compare-numpy: numpy peer not found: ${join(dir, 'shared/bench/numpy_course.py')} (it needs python3 with numpy and ../shared/bench/numpy_course.py beside the clone)\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
