// One thread or two for a large native step, chosen by timing steps of each: whether a second core is
// free is a fact of the moment (other processes come and go), which a load average a minute old
// misjudges. Both counts give the same bits, so switching between steps changes nothing but time.

/**
 * A trial runs BLOCK steps on one thread, then BLOCK on two, timing all but the first of each block:
 * alternating step by step would time two threads whose worker is still waking up or already idle,
 * not two threads sharing the work as they will.
 */
const BLOCK = 4;
/** The next trial comes this long after the last one ended, at least, and no sooner than 25 trials' time. */
const RETRY_MS = 1000;

export interface ThreadChoice {
  /** The thread count for the next step. */
  next(): number;
  /** The step just run took ms with `threads` threads (steps that also compute the cost are timed too: a
   * run that reports it every step has no other; NaN: not timed). */
  took(threads: number, ms: number): void;
  /** What ran, for the engine's detail: "2 threads", or e.g. "2 threads for 97% of steps, else 1 (chosen by timing)". */
  summary(): string;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const count = (n: number): string => (n === 1 ? '1 thread' : `${n} threads`);

/** A fixed count (forced, or a step too small to share). */
export function fixedThreads(threads: number): ThreadChoice {
  return { next: () => threads, took: () => {}, summary: () => count(threads) };
}

/**
 * Trials (see BLOCK) at the start and again after RETRY_MS or more; between trials the faster count
 * (lower median step time) runs. `now` (ms) is injectable for tests.
 */
export function timedThreads(now: () => number = () => performance.now()): ThreadChoice {
  const steps = [0, 0, 0];
  let trial: { 1: number[]; 2: number[]; at: number; began: number } | null = { 1: [], 2: [], at: 0, began: now() };
  let chosen = 2;
  let next = 0;
  return {
    next() {
      if (!trial && now() >= next) trial = { 1: [], 2: [], at: 0, began: now() };
      return trial ? (trial.at < BLOCK ? 1 : 2) : chosen;
    },
    took(threads, ms) {
      steps[threads] = (steps[threads] ?? 0) + 1;
      if (!trial) return;
      if (trial.at % BLOCK !== 0 && (threads === 1 || threads === 2) && !Number.isNaN(ms)) trial[threads].push(ms);
      if (++trial.at < 2 * BLOCK) return;
      // a trial without times for both leaves the choice as it was
      if (trial[1].length && trial[2].length) chosen = median(trial[2]) < median(trial[1]) ? 2 : 1;
      const t = now();
      next = t + Math.max(RETRY_MS, 25 * (t - trial.began));
      trial = null;
    },
    summary() {
      const total = steps[1]! + steps[2]!;
      if (total === 0 || steps[1] === total || steps[2] === total) return count(steps[2]! > 0 ? 2 : 1);
      const most = steps[2]! >= steps[1]! ? 2 : 1;
      const pct = Math.floor((100 * steps[most]!) / total);
      return `${count(most)} for ${pct}% of steps, else ${3 - most} (chosen by timing)`;
    },
  };
}
