// The drawn region of class 1 is where nnlab predicts 1: p > 0.5, as the course's predict does. A model
// whose every output is exactly 0.5 (the zeros init) predicts 0 everywhere, and its picture must say so.
import { describe, expect, it } from 'vitest';
import { boundarySpec } from '../src/plots/boundarySpec.js';

const grid = (p: number[]) => ({ x1: [0, 1], x2: [0, 1], classOf: Uint8Array.from(p, (v) => (v > 0.5 ? 1 : 0)), p: Float64Array.from(p) });
const contourInput = (p: number[]): number[] => {
  const spec = boundarySpec({ bounds: { x1: [0, 1], x2: [0, 1] }, stages: [{ iteration: 0, grid: grid(p) }], train: [], title: 't' });
  return ((spec.data![0] as { values: { values: number[] }[] }).values[0]!).values;
};

describe('the boundary picture thresholds as predict does', () => {
  it('p exactly 0.5 lies below the 0.5 contour (class 0); p just above it stays above (class 1)', () => {
    expect(contourInput([0.5, 0.5, 0.5, 0.5]).every((v) => v < 0.5)).toBe(true);
    const above = 0.5 + 2 ** -52;
    expect(contourInput([above, 0.9, 0.1, 0.5])).toEqual([above, 0.9, 0.1, 0.5 - 2 ** -40]);
  });
});
