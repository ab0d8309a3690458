// Warnings are human output: on a terminal they wrap at spaces to its width like the rest; to a pipe
// (as in scripts and these tests' other files) each stays one line.
import { describe, expect, it } from 'vitest';
import { warningLine } from '../src/cli/outcome.js';

const TEXT = 'data.csv has no test set of other points (none was given, or its test points are its training points): the test figures are on the training data; give --test-dataset FILE for held-out figures';

describe('warning lines', () => {
  it('wrap to 80 columns at spaces, continuation lines indented, losing no word', () => {
    const lines = warningLine(TEXT, 80).trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    expect(lines.slice(1).every((l) => l.startsWith('  '))).toBe(true);
    expect(lines.map((l) => l.trim()).join(' ')).toBe(`nnlab: warning: ${TEXT}`);
  });
  it('counter-example: with no width limit (stderr not a terminal) it is one line', () => {
    expect(warningLine(TEXT, Infinity)).toBe(`nnlab: warning: ${TEXT}\n`);
  });
});
