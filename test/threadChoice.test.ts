import { describe, expect, it } from 'vitest';
import { fixedThreads, timedThreads } from '../src/nn/threadChoice.js';

type Times = { 1: number; 2: number };

/** Steps on a clock that advances by each step's time; times(i) gives step i's time on 1 and 2 threads. */
function run(n: number, times: (i: number) => Times, timed = (_i: number) => true) {
  let t = 0;
  const choice = timedThreads(() => t);
  const used: number[] = [];
  for (let i = 0; i < n; i++) {
    const threads = choice.next() as 1 | 2;
    used.push(threads);
    const ms = times(i)[threads];
    t += ms;
    choice.took(threads, timed(i) ? ms : NaN);
  }
  return { choice, used };
}

const TRIAL = [1, 1, 1, 1, 2, 2, 2, 2];

describe('thread choice by timing', () => {
  it('runs 4 steps on 1 thread and 4 on 2, then keeps the faster', () => {
    const fast2 = run(20, () => ({ 1: 10, 2: 6 }));
    expect(fast2.used).toEqual([...TRIAL, ...Array(12).fill(2)]);
    const fast1 = run(20, () => ({ 1: 6, 2: 10 }));
    expect(fast1.used).toEqual([...TRIAL, ...Array(12).fill(1)]);
  });

  it('does not time the first step of each block (the second thread waking up or winding down)', () => {
    // first steps of blocks look fast on 2 threads; the steady ones are slower
    const r = run(20, (i) => (i === 4 ? { 1: 10, 2: 1 } : { 1: 10, 2: 12 }));
    expect(r.used.slice(8)).toEqual(Array(12).fill(1));
  });

  it('tries again after a second (or 25 trials’ time), so a change of load is followed', () => {
    const r = run(400, (i) => (i < 100 ? { 1: 10, 2: 6 } : { 1: 10, 2: 30 })); // at 100 the other core got busy
    expect(r.used[99]).toBe(2);
    expect(r.used.slice(-50)).toEqual(Array(50).fill(1));
    // slow steps: the next trial waits 25 trials' time, not one second
    const slow = run(300, () => ({ 1: 100, 2: 60 })); // a trial of 640 ms: the next 16 s later, at step 275
    const trials = slow.used.map((n, i) => (n === 1 ? i : -1)).filter((i) => i >= 0);
    expect(trials).toEqual([0, 1, 2, 3, 275, 276, 277, 278]);
  });

  it('keeps its choice after a trial without times', () => {
    const r = run(12, () => ({ 1: 6, 2: 10 }), () => false);
    expect(r.used).toEqual([...TRIAL, 2, 2, 2, 2]);
  });

  it('says what ran', () => {
    expect(run(20, () => ({ 1: 10, 2: 6 })).choice.summary()).toBe('2 threads for 80% of steps, else 1 (chosen by timing)');
    expect(run(20, () => ({ 1: 6, 2: 10 })).choice.summary()).toBe('1 thread for 80% of steps, else 2 (chosen by timing)');
    expect(run(3, () => ({ 1: 6, 2: 10 })).choice.summary()).toBe('1 thread');
    expect(fixedThreads(1).summary()).toBe('1 thread');
    expect(fixedThreads(2).summary()).toBe('2 threads');
    expect(timedThreads(() => 0).summary()).toBe('1 thread');
  });
});
