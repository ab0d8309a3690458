// bench --vs-numpy without a numpy peer is refused before any timing, in one line, rather than timing
// nnlab alone under a flag that promised a comparison.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { requireNumpy } from '../src/experiments/bench.js';
import { ROOT } from './helpers/cli.js';

describe('bench --vs-numpy needs its peer', () => {
  it('a missing script or python: a UsageError naming what is missing', () => {
    expect(() => requireNumpy('python3', '/nonexistent/numpy_course.py')).toThrow(UsageError);
    expect(() => requireNumpy('python3', '/nonexistent/numpy_course.py')).toThrow(/^--vs-numpy: numpy script not found: \/nonexistent\/numpy_course\.py; the comparison needs python3 with numpy/);
    expect(() => requireNumpy('/nonexistent/python3', __filename)).toThrow(/^--vs-numpy: \/nonexistent\/python3 not runnable/);
  });

  it('tools/compare-numpy.mjs refuses bad input in one line, exit 2, no stack trace', () => {
    const r = spawnSync(process.execPath, ['tools/compare-numpy.mjs', 'x'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('compare-numpy: runs must be an integer ≥ 1 (got x)\n');
  });
});
