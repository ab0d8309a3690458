// Progress on stderr for long runs: a header line saying what runs, then a bar with the step, the latest
// cost and the time left. Only on a terminal, never in CI, with --json or --quiet (enabled false), and only
// once a run has taken about a second; both lines are cleared when it ends, so the results start clean.
import { escapeControl } from '../errors.js';

const BAR = 12;
// Test-only: NNLAB_TEST_PROGRESS_AFTER_MS shows the bar sooner, so that a short run shows it too.
const SHOW_AFTER_MS = Number(process.env.NNLAB_TEST_PROGRESS_AFTER_MS ?? 1000);

export interface Progress {
  /** done of total steps; cost: the latest cost, when the steps are iterations of one run. */
  update(done: number, total: number, cost?: number): void;
  done(): void;
}

export interface ProgressOptions {
  /** The line above the bar, e.g. "nnlab train · circles · layers 2,10,5,1 · 15000 iterations". */
  header?: string;
  /** What the cost is: "cost" (default) or "cost with dropout" (the training pass's, under its mask). */
  costLabel?: string;
  /** What a step is: "iteration" (default) or "run". */
  unit?: string;
  /** For tests: where to write, the clock, the width and the environment. */
  stream?: { isTTY?: boolean; columns?: number; write(s: string): unknown };
  now?: () => number;
  env?: Record<string, string | undefined>;
}

/** "0.4 s", "12 s", "3 min 05 s". */
export function duration(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

const costText = (c: number): string => (Number.isNaN(c) ? 'nan' : !Number.isFinite(c) ? (c > 0 ? 'inf' : '-inf') : c.toPrecision(4));

/** The bar's line: "[████░░░░] 41% · iteration 6200/15000 · cost 0.4139 · 1.2 s left". */
export function barLine(done: number, total: number, elapsedMs: number, unit: string, cost?: number, costLabel = 'cost'): string {
  const f = total === 0 ? 1 : Math.min(1, done / total);
  const fill = Math.round(f * BAR);
  const parts = [`[${'█'.repeat(fill)}${'░'.repeat(BAR - fill)}] ${Math.floor(f * 100)}%`, `${unit} ${done}/${total}`];
  if (cost !== undefined && !Number.isNaN(cost)) parts.push(`${costLabel} ${costText(cost)}`);
  if (done > 0 && done < total) parts.push(`${duration((elapsedMs * (total - done)) / done)} left`);
  return parts.join(' · ');
}

/** Cut to the terminal's width, so that a line never wraps (a wrapped line cannot be redrawn in place). */
const fit = (line: string, width: number): string => ([...line].length <= width ? line : `${[...line].slice(0, Math.max(1, width - 1)).join('')}…`);

export function progressBar(enabled: boolean, opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const env = opts.env ?? process.env;
  const now = opts.now ?? (() => performance.now());
  const on = enabled && stream.isTTY === true && !env.CI;
  // A pseudo-terminal may report 0 columns: take 80 then.
  const width = (): number => Math.max(20, (stream.columns || 80) - 1);
  const t0 = now();
  let shown = false;
  let drawn = -Infinity;
  return {
    update(done, total, cost) {
      if (!on) return;
      const t = now();
      const elapsed = t - t0;
      // Redrawn at most ten times a second, and at the end.
      if (elapsed < SHOW_AFTER_MS || (t - drawn < 100 && done < total)) return;
      drawn = t;
      if (!shown && opts.header) stream.write(`${fit(escapeControl(opts.header), width())}\n`);
      stream.write(`\r\x1b[2K${fit(barLine(done, total, elapsed, opts.unit ?? 'iteration', cost, opts.costLabel), width())}`);
      shown = true;
    },
    done() {
      // Clear the bar, then the header above it.
      if (shown) stream.write(`\r\x1b[2K${opts.header ? '\x1b[1A\x1b[2K' : ''}`);
      shown = false;
    },
  };
}
