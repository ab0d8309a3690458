// The progress display: a header line and a bar with the step, the cost and the time left, on a terminal
// only; --quiet and --json turn it off. The clock is passed in, so nothing here depends on timing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { barLine, duration, progressBar } from '../src/cli/progress.js';
import { ROOT } from './helpers/cli.js';

function fakeTerminal(columns = 80, isTTY = true) {
  let text = '';
  return { stream: { isTTY, columns, write: (s: string) => (text += s) }, text: () => text };
}

describe('progressBar', () => {
  it('shows, after a second, a header and a bar with the iteration, the cost and the time left; then clears both', () => {
    const term = fakeTerminal();
    let t = 0;
    const bar = progressBar(true, { header: 'nnlab train · circles · layers 2,10,5,1 · 15000 iterations', stream: term.stream, now: () => t, env: {} });
    bar.update(0, 15000, NaN);
    t = 500;
    bar.update(3000, 15000, 0.65);
    expect(term.text()).toBe(''); // nothing in the first second
    t = 2000;
    bar.update(5000, 15000, 0.5304944491717493);
    expect(term.text()).toBe('nnlab train · circles · layers 2,10,5,1 · 15000 iterations\n\r\x1b[2K[████░░░░░░░░] 33% · iteration 5000/15000 · cost 0.5305 · 4.0 s left');
    t = 2050;
    bar.update(5100, 15000, 0.52); // within 100 ms of the last: not redrawn
    expect(term.text()).not.toContain('5100');
    t = 6000;
    bar.update(15000, 15000, 0.0648);
    expect(term.text().endsWith('\r\x1b[2K[████████████] 100% · iteration 15000/15000 · cost 0.06480')).toBe(true);
    bar.done();
    expect(term.text().endsWith('\r\x1b[2K\x1b[1A\x1b[2K')).toBe(true);
    expect(term.text().match(/nnlab train/g)).toHaveLength(1);
  });

  it('says nothing when stderr is not a terminal, in CI, or when turned off (--quiet, --json)', () => {
    for (const [enabled, tty, env] of [[true, false, {}], [true, true, { CI: 'true' }], [false, true, {}]] as const) {
      const term = fakeTerminal(80, tty);
      let t = 0;
      const bar = progressBar(enabled, { header: 'h', stream: term.stream, now: () => t, env });
      t = 5000;
      bar.update(1, 2, 0.5);
      bar.done();
      expect(term.text()).toBe('');
    }
  });

  it('fits the terminal: no line is longer than its width, so the bar redraws in place', () => {
    const term = fakeTerminal(40);
    let t = 0;
    const bar = progressBar(true, { header: 'nnlab sweep regularize · 12 variants × 3 seeds on 2 threads', unit: 'run', stream: term.stream, now: () => t, env: {} });
    t = 1500;
    bar.update(7, 36);
    const lines = term.text().split(/\r|\n/).map((l) => l.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''));
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(39);
    expect(lines.at(-1)).toMatch(/^\[█+░+\] 19% · run 7\/36 · /);
  });

  it('spells costs and times as a person reads them', () => {
    expect(barLine(0, 10, 100, 'run')).toBe('[░░░░░░░░░░░░] 0% · run 0/10');
    expect(barLine(1, 4, 1000, 'iteration', Infinity)).toBe('[███░░░░░░░░░] 25% · iteration 1/4 · cost inf · 3.0 s left');
    expect(duration(400)).toBe('0.4 s');
    expect(duration(42_000)).toBe('42 s');
    expect(duration(185_000)).toBe('3 min 05 s');
  });
});

// A real pseudo-terminal (util-linux's script), as a user at a terminal sees nnlab.
const script = existsSync('/usr/bin/script') ? '/usr/bin/script' : null;
if (!script) console.log('skipped: no /usr/bin/script (the terminal tests of the progress bar need util-linux)');

describe.skipIf(!script)('on a terminal', () => {
  const inTerminal = (args: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-tty-'));
    try {
      const log = join(dir, 'typescript');
      const r = spawnSync(script!, ['-qec', `${process.execPath} ${join(ROOT, 'bin', 'nnlab.js')} ${args} > /dev/null`, log], { encoding: 'utf8', env: { ...process.env, CI: '', NO_COLOR: '1', NNLAB_TEST_PROGRESS_AFTER_MS: '0' } });
      expect(r.status).toBe(0);
      return readFileSync(log, 'utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('a long run shows the header and the bar on stderr; --quiet shows neither', () => {
    const run = '--iterations 100000 --print-every 50000 --layers 2,10,5,1';
    const shown = inTerminal(`train ${run}`);
    expect(shown).toContain('nnlab train · circles · layers 2,10,5,1 · 100000 iterations');
    expect(shown).toMatch(/\] \d+% · iteration \d+\/100000 · cost 0\.\d+ · [\d.]+ s left/);
    const quiet = inTerminal(`train ${run} --quiet`);
    expect(quiet).not.toContain('iteration ');
    expect(quiet).not.toContain('nnlab train ·');
  });
});
