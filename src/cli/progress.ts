// A progress bar on stderr for long runs: only on a terminal, never in CI or with --json,
// and only once a run has taken about a second.
const WIDTH = 28;

export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

export function progressBar(label: string, enabled: boolean): Progress {
  const stream = process.stderr;
  const on = enabled && stream.isTTY === true && !process.env.CI;
  const t0 = performance.now();
  let shown = false;
  return {
    update(done, total) {
      if (!on || performance.now() - t0 < 1000) return;
      const f = total === 0 ? 1 : done / total;
      const fill = Math.round(f * WIDTH);
      stream.write(`\r${label} [${'█'.repeat(fill)}${'░'.repeat(WIDTH - fill)}] ${Math.floor(f * 100)}% `);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
