// Messages stay one short line: quoted user text is clipped and its control characters escaped.
import { describe, expect, it } from 'vitest';
import { clip, escapeControl, QUOTE_MAX, shownValue } from '../src/errors.js';
import { nnlab } from './helpers/cli.js';

describe('clip', () => {
  it('leaves short text alone', () => {
    expect(clip('sqrt(2/fan_in)')).toBe('sqrt(2/fan_in)');
  });
  it('escapes control characters, so nothing reaches the terminal raw', () => {
    expect(escapeControl('a\nb\rc\0d\x1b[31me\u2028f\u202eg\x7f')).toBe('a\\nb\\rc\\0d\\x1b[31me\\u2028f\\u202eg\\x7f');
  });
  it('cuts long text in the middle to about QUOTE_MAX characters', () => {
    const long = `start${'x'.repeat(10_000)}end`;
    const c = clip(long);
    expect(c.length).toBe(QUOTE_MAX);
    expect(c.startsWith('startxx')).toBe(true);
    expect(c.endsWith('xxend')).toBe(true);
    expect(c).toContain('…');
  });
  it('never splits a surrogate pair', () => {
    const c = clip('😀'.repeat(100));
    expect(c).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });
  it('shows values as short JSON, and too-deep ones by their type', () => {
    expect(shownValue(1.5)).toBe('1.5');
    expect(shownValue('big')).toBe('"big"');
    expect(shownValue(undefined)).toBe('nothing');
    expect(shownValue(Array.from({ length: 1000 }, (_, i) => i)).length).toBe(QUOTE_MAX);
    const deep: unknown[] = [];
    let at = deep;
    for (let i = 0; i < 100_000; i++) at = (at[0] = []) as unknown[];
    expect(shownValue(deep)).toBe('object');
  });
});

describe('the CLI quotes user text on one short line', () => {
  it('a long name with control characters', () => {
    const r = nnlab(['train', '--dataset', `bad\n\x1b[31mname${'z'.repeat(5000)}`]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).toMatch(/^nnlab: unknown dataset 'bad\\n\\x1b\[31mnamez+…z+'; choose/);
    expect(r.stderr.length).toBeLessThan(300);
  });
  it('an unknown option of commander is clipped too', () => {
    const r = nnlab(['train', `--${'q'.repeat(5000)}`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^nnlab: unknown option '--q+…q+'/);
    expect(r.stderr.length).toBeLessThan(300);
  });
});
