import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fma } from '../src/random/fma.js';
import { glibcLog } from '../src/random/log.js';
import { RandomState } from '../src/random/randomState.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/log.json', import.meta.url), 'utf8'));
const sha = (a: Float64Array): string => createHash('sha256').update(Buffer.from(a.buffer)).digest('hex');

// The same inputs the fixture script built from RandomState(7).
function inputs(): Float64Array {
  const rs = new RandomState(fixture.inputsSeed);
  const xs: number[] = [];
  for (const v of rs.rand(50000)) xs.push(v * 2);
  for (const v of rs.rand(20000)) xs.push(1 + (v - 0.5) * 0.25);
  rs.rand(20000).forEach((v, i) => xs.push((v + 0.5) * 2 ** ((i % 2000) - 1000)));
  for (const v of rs.rand(1000)) xs.push(v * 2 ** -1040);
  xs.push(1, 2, 0.5, 5e-324, 1.7976931348623157e308);
  return Float64Array.from(xs);
}

describe('glibcLog', () => {
  it('equals the C library log on 91005 inputs, bit for bit', () => {
    const xs = inputs();
    expect(xs.length).toBe(fixture.count);
    expect(sha(xs)).toBe(fixture.inputsSha256);
    for (const [x, y] of fixture.samples as [number, number][]) expect(glibcLog(x)).toBe(y);
    expect(sha(xs.map(glibcLog))).toBe(fixture.sha256);
  });

  it('handles the edges like C', () => {
    expect(glibcLog(0)).toBe(-Infinity);
    expect(glibcLog(Infinity)).toBe(Infinity);
    expect(glibcLog(-1)).toBeNaN();
    expect(glibcLog(NaN)).toBeNaN();
    expect(glibcLog(1)).toBe(0);
  });
});

describe('fma', () => {
  it('rounds a·b + c once', () => {
    // 0.1·10 - 1 is 0 when rounded twice, 2**-54 when fused.
    expect(0.1 * 10 - 1).toBe(0);
    expect(fma(0.1, 10, -1)).toBe(2 ** -54);
    const x = 1 + 2 ** -30;
    expect(fma(x, x, -1)).toBe(2 ** -29 + 2 ** -60);
  });
  it('agrees with exact rational arithmetic away from the fast path', () => {
    expect(fma(2 ** 512, 2 ** 512, -(2 ** 1023))).toBe(2 ** 1023);
    expect(fma(2 ** -600, 2 ** -500, 0)).toBe(2 ** -1100);
    expect(fma(3, 0, 5)).toBe(5);
  });
});
