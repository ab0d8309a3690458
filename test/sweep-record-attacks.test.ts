// A record written in place keeps what is not nnlab's: a user's file under a summary file's name, text
// after the last line that nnlab did not write, a hard-linked copy of the record; it can be continued when
// its folder is a mount point; and two writers the lock does not see leave a record nnlab accepts.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordRefusal } from '../src/output/seal.js';
import { expectRefused, ROOT } from './helpers/cli.js';
import { recordsFolder, SWEEP } from './helpers/sweeps.js';

const { dir, run, read, lines } = recordsFolder('nnlab-attacks-');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function started(args: string[], env: Record<string, string>, prefix: string[] = []): { ended: Promise<{ code: number | null; stderr: string }> } {
  const [cmd, ...rest] = [...prefix, process.execPath, join(ROOT, 'bin', 'nnlab.js'), ...args];
  const child = spawn(cmd!, rest, { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return { ended: new Promise((r) => child.on('close', (code) => r({ code, stderr }))) };
}

async function until(what: () => boolean): Promise<void> {
  for (let i = 0; i < 6000 && !what(); i++) await sleep(10);
  expect(what()).toBe(true);
}

const unshare = spawnSync('unshare', ['-n', 'true']).status === 0;
const root = process.getuid?.() === 0;

beforeAll(() => {
  expect(run([...SWEEP, '--out', 'full']).code).toBe(0);
}, 60_000);

describe("a user's file under a summary file's name", () => {
  it.each(['summary.csv', 'costs.csv', 'report.html'])('%s put into the record while it runs is kept, and the run refused in one line', async (name) => {
    const a = started([...SWEEP, '--out', `u-${name}`], { NNLAB_TEST_WRITE_DELAY_MS: '300' });
    await until(() => lines(`u-${name}/runs.jsonl`).length >= 2);
    writeFileSync(join(dir, `u-${name}`, name), 'MY PRECIOUS NOTES\n');
    const r = await a.ended;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^nnlab: --out u-${name.replace('.', '\\.')}: its ${name.replace('.', '\\.')} is not the one nnlab wrote .*move ${name.replace('.', '\\.')} out of u-${name.replace('.', '\\.')}, then --resume u-${name.replace('.', '\\.')}\\n$`));
    expect(read(`u-${name}/${name}`)).toBe('MY PRECIOUS NOTES\n');
    expect(lines(`u-${name}/runs.jsonl`)).toHaveLength(6);
  }, 60_000);

  it('one put into a resumed complete record is kept too', async () => {
    cpSync(join(dir, 'full'), join(dir, 'ur'), { recursive: true });
    writeFileSync(join(dir, 'ur', 'runs.jsonl'), read('full/runs.jsonl').split(/(?<=\n)/).slice(0, 3).join(''));
    const a = started([...SWEEP, '--resume', 'ur'], { NNLAB_TEST_WRITE_DELAY_MS: '300' });
    await until(() => lines('ur/runs.jsonl').length >= 4);
    writeFileSync(join(dir, 'ur', 'costs.csv'), 'mine\n');
    const r = await a.ended;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/its costs\.csv is not the one nnlab wrote/);
    expect(read('ur/costs.csv')).toBe('mine\n');
  }, 60_000);
});

describe('the end of runs.jsonl', () => {
  it('text nnlab did not write after the last line is refused, and kept', () => {
    cpSync(join(dir, 'full'), join(dir, 'note'), { recursive: true });
    appendFileSync(join(dir, 'note', 'runs.jsonl'), 'my note');
    const before = read('note/runs.jsonl');
    expectRefused(run([...SWEEP, '--resume', 'note']), /^nnlab: --resume note: its runs\.jsonl ends in text nnlab did not write \(line 7, 7 bytes without a newline, not the start of one of its lines\)/);
    expect(read('note/runs.jsonl')).toBe(before);
  });

  it('the start of one of its lines is set aside, with one warning', () => {
    cpSync(join(dir, 'full'), join(dir, 'torn'), { recursive: true });
    const last = lines('full/runs.jsonl')[5]!;
    const six = read('full/runs.jsonl').split(/(?<=\n)/);
    appendFileSync(join(dir, 'torn', 'runs.jsonl'), last.slice(0, 90));
    const r = run([...SWEEP, '--resume', 'torn']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/ended in an incomplete line \(line 7, 90 bytes\)/);
    expect(r.stderr).not.toMatch(/when nnlab completed the record/);
    expect(read('torn/summary.csv')).toBe(read('full/summary.csv'));
  });
});

describe('a hard-linked copy of the record', () => {
  it('stays as it was when the record is resumed', () => {
    cpSync(join(dir, 'full'), join(dir, 'hl'), { recursive: true });
    const six = read('full/runs.jsonl').split(/(?<=\n)/);
    writeFileSync(join(dir, 'hl', 'runs.jsonl'), six.slice(0, 3).join(''));
    expect(spawnSync('cp', ['-al', 'hl', 'hlbak'], { cwd: dir }).status).toBe(0);
    const r = run([...SWEEP, '--resume', 'hl']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/its runs\.jsonl had 1 other hard link .*so that copy stays as it was/);
    expect(lines('hlbak/runs.jsonl')).toHaveLength(3);
    expect(lines('hl/runs.jsonl')).toHaveLength(6);
    expect(read('hl/summary.csv')).toBe(read('full/summary.csv'));
  });
});

describe('a record folder that is a mount point', () => {
  const mount = (kind: 'bind' | 'tmpfs', target: string, source?: string): boolean =>
    root && spawnSync('mount', kind === 'bind' ? ['--bind', source!, target] : ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', target]).status === 0;
  const canMount = (() => {
    if (!root) return false;
    const probe = join(dir, 'probe-mount');
    mkdirSync(probe);
    const ok = spawnSync('mount', ['-t', 'tmpfs', 'tmpfs', probe]).status === 0;
    if (ok) spawnSync('umount', [probe]);
    return ok;
  })();
  if (!canMount) it.skip('(skipped: mounting needs root and a mount namespace that allows it)', () => {});

  it.skipIf(!canMount)('a bind-mounted complete record is resumed in place and keeps its summary files', () => {
    cpSync(join(dir, 'full'), join(dir, 'mpsrc'), { recursive: true });
    mkdirSync(join(dir, 'mp'));
    expect(mount('bind', join(dir, 'mp'), join(dir, 'mpsrc'))).toBe(true);
    try {
      const r = run([...SWEEP, '--resume', 'mp']);
      expect(r.code, r.stderr).toBe(0);
      expect(readdirSync(join(dir, 'mp')).sort()).toEqual(['costs.csv', 'report.html', 'result.json', 'runs.jsonl', 'summary.csv']);
      expect(read('mp/summary.csv')).toBe(read('full/summary.csv'));
      expect(recordRefusal(join(dir, 'mp'))).toBeNull();
    } finally {
      spawnSync('umount', [join(dir, 'mp')]);
    }
  });

  it.skipIf(!canMount)('a partial record on a tmpfs mount point is completed in place', () => {
    mkdirSync(join(dir, 'tm'));
    expect(mount('tmpfs', join(dir, 'tm'))).toBe(true);
    try {
      for (const f of readdirSync(join(dir, 'full'))) cpSync(join(dir, 'full', f), join(dir, 'tm', f));
      writeFileSync(join(dir, 'tm', 'runs.jsonl'), read('full/runs.jsonl').split(/(?<=\n)/).slice(0, 2).join(''));
      const r = run([...SWEEP, '--resume', 'tm']);
      expect(r.code, r.stderr).toBe(0);
      expect(read('tm/summary.csv')).toBe(read('full/summary.csv'));
      expect(readdirSync(join(dir, 'tm')).filter((n) => n.startsWith('.'))).toEqual([]);
    } finally {
      spawnSync('umount', [join(dir, 'tm')]);
    }
  });
});

describe('two resumers the lock does not see, the second started while the first writes the summary files', () => {
  it.skipIf(!unshare)('the first stops with exit 2, the second completes, and the record is one nnlab accepts', async () => {
    cpSync(join(dir, 'full'), join(dir, 'two'), { recursive: true });
    writeFileSync(join(dir, 'two', 'runs.jsonl'), read('full/runs.jsonl').split(/(?<=\n)/).slice(0, 4).join(''));
    const a = started([...SWEEP, '--resume', 'two'], { NNLAB_TEST_WRITE_DELAY_MS: '1500' });
    await until(() => existsSync(join(dir, 'two', 'result.json')) && /"pending"/.test(readFileSync(join(dir, 'two', 'result.json'), 'utf8')));
    const b = started([...SWEEP, '--resume', 'two'], {}, ['unshare', '-n']);
    const [ra, rb] = await Promise.all([a.ended, b.ended]);
    expect(rb.code, rb.stderr).toBe(0);
    expect(ra.code).toBe(2);
    expect(ra.stderr).toMatch(/another nnlab run .* changed the record while this (one wrote its summary files|sweep ran); this run stops/);
    expect(recordRefusal(join(dir, 'two'))).toBeNull();
    expect(JSON.parse(read('two/result.json')).sweep.state).toBe('complete');
    expect(read('two/summary.csv')).toBe(read('full/summary.csv'));
    expect(run(['report', 'two']).code).toBe(0);
  }, 120_000);
});
