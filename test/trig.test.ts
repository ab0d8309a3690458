import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cos, sin } from '../src/random/trig.js';

interface SetDigest { name: string; count: number; inputs: string; sin: string; cos: string }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/trig.json', import.meta.url), 'utf8')) as {
  sets: SetDigest[];
  samples: [number, number, number][];
};
const sha = (a: Float64Array): string => createHash('sha256').update(Buffer.from(a.buffer)).digest('hex');

const view = new DataView(new ArrayBuffer(8));
const fromBits = (b: bigint): number => (view.setBigUint64(0, b), view.getFloat64(0));
const bitsOf = (x: number): bigint => (view.setFloat64(0, x), view.getBigUint64(0));

// The same input sets, built the same way, as tools/gen_trig_fixtures.py.
const makers: Record<string, () => number[]> = {
  linspace: () => {
    const out: number[] = [];
    for (let n = 1; n <= 1000; n++) {
      const step = (2 * Math.PI) / n;
      for (let i = 0; i < n; i++) out.push(i * step + 0);
    }
    return out;
  },
  grid: () => Array.from({ length: 100001 }, (_, k) => k * 0.001 - 50),
  halfPi: () => Array.from({ length: 10001 }, (_, k) => (k - 5000) * (Math.PI / 2)),
  tiny: () => {
    const out = [0, -0];
    let p = 1;
    for (let e = 0; e < 1075; e++) {
      for (const m of [1, 1.2345, 1.9999999999999998]) out.push(m * p, -m * p);
      p /= 2;
    }
    return out;
  },
  geometric: () => {
    const out: number[] = [];
    for (let x = 1e-3; x < 1e308; x *= 1.01) out.push(x, -x);
    return out;
  },
  boundaries: () => {
    const out: number[] = [];
    for (const h of [0x3e400000, 0x3e500000, 0x3feb6000, 0x400368fd, 0x419921fb, 0x7fefffff]) {
      for (const hh of [h - 1, h]) {
        for (const lo of [0, 1, 0x80000000, 0xfffffffe, 0xffffffff]) {
          const x = fromBits((BigInt(hh) << 32n) | BigInt(lo));
          out.push(x, -x);
        }
      }
    }
    const b = bitsOf(0.126);
    for (let j = -20n; j <= 20n; j++) {
      const x = fromBits(b + j);
      out.push(x, -x);
    }
    return out;
  },
};

// sha256 of little-endian float64 bytes, as numpy's tobytes() on '<f8'.
const digest = (xs: ArrayLike<number>): string => {
  const a = new Float64Array(xs.length);
  const dv = new DataView(a.buffer);
  for (let i = 0; i < xs.length; i++) dv.setFloat64(8 * i, xs[i]!, true);
  return sha(a);
};

describe('glibc sin/cos', () => {
  it('matches libm on the sample points', () => {
    for (const [x, s, c] of fixture.samples) {
      expect(sin(x), `sin(${x})`).toBe(s);
      expect(cos(x), `cos(${x})`).toBe(c);
    }
  });

  for (const set of fixture.sets) {
    it(`matches libm bit for bit on ${set.name} (${set.count} inputs)`, () => {
      const make = makers[set.name];
      if (!make) throw new Error(`no input maker for ${set.name}`);
      const xs = make();
      expect(xs.length).toBe(set.count);
      expect(digest(xs)).toBe(set.inputs);
      expect(digest(xs.map(sin))).toBe(set.sin);
      expect(digest(xs.map(cos))).toBe(set.cos);
    });
  }

  it('handles the edges like C', () => {
    expect(Object.is(sin(-0), -0)).toBe(true);
    expect(cos(-0)).toBe(1);
    expect(sin(5e-324)).toBe(5e-324);
    for (const x of [NaN, Infinity, -Infinity]) {
      expect(sin(x)).toBeNaN();
      expect(cos(x)).toBeNaN();
    }
  });
});
