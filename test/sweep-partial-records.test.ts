// Records of some of a sweep's runs (shards, unfinished records) and the figures of few seeds: every
// label on the page, the terminal and the CSV true of the runs behind it, checked against shards whose
// variants and seeds differ from the whole sweep's.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrap } from '../src/cli/render/text.js';
import { expectRefused, nnlab } from './helpers/cli.js';

let dir: string;
/** The interrupt line of an unfinished record below, unwrapped. */
let interruptLine = '';
const SIX = ['sweep', 'regularize', '--lambd', '0.01,0.1,0.3,0.7,1,5', '--repeat', '2', '--iterations', '300', '--jobs', '2'];
const UNEVEN = ['sweep', 'regularize', '--lambd', '0.01,0.1', '--repeat', '3', '--iterations', '300', '--jobs', '2'];
const run = (args: string[], env?: Record<string, string>) => nnlab(args, { cwd: dir, env: { COLUMNS: '80', ...env } });
const page = (rec: string): string => readFileSync(join(dir, rec, 'report.html'), 'utf8');
const result = (rec: string) => JSON.parse(readFileSync(join(dir, rec, 'result.json'), 'utf8')) as {
  runs: { variant: number; config: { seed: number }; finalCost: number }[]; variants: { index: number; label: string; test: { ci95: unknown; std: unknown; n: number } }[];
};

/** The cost chart's lines (linear scale): each one's colour and its last point's y, and the legend's colours by label. */
function chart(html: string): { lines: { stroke: string; lastY: number }[]; legend: Map<string, string> } {
  const svg = html.slice(html.indexOf('<div class="linear">'), html.indexOf('<div class="log">'));
  const lines = [...svg.matchAll(/<path d="(M[^"]*?L[^"]*)"[^>]*?stroke="(#[0-9a-f]{6})"/g)]
    .map((m) => ({ stroke: m[2]!, lastY: Number(m[1]!.split(/[ML]/).filter(Boolean).at(-1)!.split(',')[1]) }));
  const strokes = [...svg.matchAll(/<path transform="translate\(6,6\)" d="M-[\d.]+,0L[\d.]+,0" stroke="(#[0-9a-f]{6})"/g)].map((m) => m[1]!);
  const labels = [...svg.matchAll(/<text[^>]*>(lambd=[^<]*)<\/text>/g)].map((m) => m[1]!);
  return { lines, legend: new Map(labels.map((l, i) => [l, strokes[i]!])) };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nnlab-partial-'));
  for (const i of [1, 2, 3]) expect(run([...SIX, '--shard', `${i}/3`, '--out', `s${i}`]).code).toBe(0);
  expect(run([...UNEVEN, '--shard', '1/2', '--out', 'r1']).code).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a shard's report.html", () => {
  it.each([1, 2, 3])('shard %i/3 says what it covers, why it has no ★, and draws each listed curve in its legend colour', (i) => {
    const html = page(`s${i}`);
    const r = result(`s${i}`);
    expect(html).toContain(`shard ${i}/3 · 4 of 12 runs · sweep of 6 variants × 2 seeds`);
    expect(html).toContain('No ★ best: these figures cover 4 of the sweep&#39;s 12 runs');
    expect(html).not.toContain('every variant diverged or failed');
    const { lines, legend } = chart(html);
    expect(legend.size).toBe(r.variants.length);
    expect(lines).toHaveLength(r.variants.length);
    // Each variant's line ends at its own final cost: the lower the cost, the lower on the page (the larger y).
    const byCost = r.variants.map((v) => ({ v, cost: r.runs.filter((x) => x.variant === v.index).reduce((a, x) => a + x.finalCost, 0) }));
    expect(byCost.every((c) => c.cost > 0)).toBe(true);
    const order = [...byCost].sort((a, b) => a.cost - b.cost).map((c) => legend.get(c.v.label));
    const drawn = [...lines].sort((a, b) => b.lastY - a.lastY).map((l) => l.stroke);
    expect(drawn).toEqual(order);
  });

  it('an uneven shard names each variant\'s seeds and never claims a common seed count or a one-value interval', () => {
    const html = page('r1');
    expect(html).toContain('shard 1/2 · 3 of 6 runs · sweep of 2 variants × 3 seeds');
    expect(html).not.toContain('mean over 2 seeds');
    expect(html).toMatch(/mean over each variant's seeds \(the table's seeds column\)/);
    expect(html).toMatch(/<td>lambd=0\.1<\/td><td class="num">4<\/td>.*?<td class="num">—<\/td>/);
    expect(html).toContain('— where a variant has one seed: a spread and an interval need 2 or more');
    const v = result('r1').variants.find((x) => x.label === 'lambd=0.1')!;
    expect(v.test).toMatchObject({ n: 1, std: null, ci95: null });
    const csv = readFileSync(join(dir, 'r1', 'summary.csv'), 'utf8').split('\n');
    expect(csv.find((l) => l.startsWith('lambd=0.1,'))).toMatch(/^lambd=0\.1,4,[\d.]+,,[\d.]+,,,,[\d.]+,false,$/);
  });

  it('the terminal table of a shard names the seeds of each row', () => {
    const r = run([...UNEVEN, '--shard', '2/2', '--out', 'r2']);
    expect(r.stdout).toMatch(/│ seeds │/);
    expect(r.stdout).toMatch(/│ lambd=0\.01 │ 4 +│/);
    expect(r.stdout).toMatch(/│ lambd=0\.1 +│ 3 5 +│/);
    expect(r.stdout.split('\n').every((l) => [...l].length <= 80)).toBe(true);
  });

  it('the merged page says it was merged, and its time is the sum of run times', () => {
    expect(run(['sweep', 'merge', 'm', 's1', 's2', 's3']).code).toBe(0);
    const html = page('m');
    expect(html).toMatch(/6 variants × 2 seeds · merged from 3 shards · axes --lambd · sum of run times [\d.]+ s</);
    expect(html).not.toContain('wall time');
    expect(chart(html).lines).toHaveLength(6);
  });
});

describe('a failed variant in summary.csv', () => {
  it('lists only the seeds that ran and marks which failed', () => {
    const r = run(['sweep', 'regularize', '--lambd', '0.01,0.3', '--repeat', '2', '--iterations', '300', '--out', 'f1'], { NNLAB_TEST_RUN_FAULT: 'lambd=0.3,seed=4' });
    expect(r.code).toBe(1);
    const line = readFileSync(join(dir, 'f1', 'summary.csv'), 'utf8').split('\n').find((l) => l.startsWith('lambd=0.3,'))!;
    expect(line).toMatch(/^lambd=0\.3,3,[\d.]+,,[\d.]+,,,,[\d.]+,false,seed 4 failed: test fault$/);
    expect(page('f1')).toContain('Failed: lambd=0.3 (seed 4)');
  });
});

describe('unfinished and complete records', () => {
  it('nnlab report of an unfinished record says how far it got and what to do, exit 2', async () => {
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const child = spawn(process.execPath, [fileURLToPath(new URL('../bin/nnlab.js', import.meta.url)), 'sweep', 'regularize', '--lambd', '0.01,0.1', '--repeat', '2', '--iterations', '200000', '--jobs', '1', '--out', 'u'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', COLUMNS: '80' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Interrupted while its first run trains: the record holds no run yet.
    while (!(() => { try { return statSync(join(dir, 'u', 'runs.jsonl')).isFile(); } catch { return false; } })()) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1500)); // its first run of 200000 iterations is training: far from its end
    child.kill('SIGINT');
    const code = await new Promise<number | null>((done) => child.on('exit', (c, sig) => done(c ?? (sig === 'SIGINT' ? 130 : null))));
    expect(code).toBe(130);
    // At 80 columns (not a terminal: COLUMNS, else 80), continued on an indented line.
    interruptLine = stderr.trim().split('\n').slice(-2).join(' ').replace(/ {3}/, ' ');
    expect(stderr.trim().split('\n').slice(-2)).toEqual(['nnlab: interrupted: 0 of 4 runs kept in u; continue with --resume u and the same', '  options']);
    expectRefused(run(['report', 'u']), /^nnlab: report u: it holds an unfinished sweep \(0 of 4 runs\); --resume u with the options it was started with first: that runs the rest and writes its report\.html$/);
  }, 60_000);

  it('a --resume with nothing to run leaves a complete record as it was', () => {
    const before = readFileSync(join(dir, 's1', 'result.json'), 'utf8');
    const r = run([...SIX, '--shard', '1/3', '--resume', 's1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('s1/ is complete: nothing to run; the record is left as it was');
    expect(readFileSync(join(dir, 's1', 'result.json'), 'utf8')).toBe(before);
  });

  it('a page with every variant failed, and a shard with no runs, are drawn with true words', () => {
    const failed = run(['sweep', 'regularize', '--lambd', '0.01,0.3', '--iterations', '200', '--out', 'allf'], { NNLAB_TEST_RUN_FAULT: 'iterations=200' });
    expect(failed.code).toBe(1);
    expect(page('allf')).toContain('No ★ best: every variant diverged or failed');
    expect(run(['report', 'allf']).code).toBe(0);
    expect(run(['sweep', 'regularize', '--lambd', '0.01,0.1', '--iterations', '200', '--shard', '3/3', '--out', 'none']).code).toBe(0);
    expect(page('none')).toContain('shard 3/3 · 0 of 2 runs');
    expect(run(['report', 'none']).code).toBe(0);
  });
});

describe('merge and sweep wording', () => {
  it('merge with OUT forgotten names the shard record, not --force', () => {
    expectRefused(run(['sweep', 'merge', 's1', 's2', 's3']), /^nnlab: sweep merge: s1 is a shard record \(shard 1\/3\), and the first argument is OUT, the new record to write; give OUT first: nnlab sweep merge OUT s1 s2 s3$/);
    expectRefused(run(['sweep', 'merge', 'm1', 's1', 'r1', 's3']), /r1 holds a shard of another sweep than s1/);
    expectRefused(run(['sweep', 'merge', 'm2', 's1', 'f1', 's3']), /f1 holds another sweep than s1/);
  });

  it('merge of a shard with a failed run names the shard to --resume', () => {
    expect(run([...SIX, '--shard', '2/3', '--out', 'f2'], { NNLAB_TEST_RUN_FAULT: 'lambd=0.3,seed=3' }).code).toBe(1);
    const r = run(['sweep', 'merge', 'mf', 's1', 'f2', 's3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--resume f2 (--shard 2/3) with the sweep's options runs them again; then merge again with --force");
  });

  it('sweep merge --help is merge\'s usage; sweep without its command names the choices', () => {
    const help = run(['sweep', 'merge', '--help']);
    expect(help.stdout).toMatch(/^Usage: nnlab sweep merge \[--json\] \[--force\] OUT SHARD_DIR\.\.\./);
    expect(help.stdout).not.toContain('--lambd');
    expect(help.stdout.split('\n').every((l) => l.length <= 80)).toBe(true);
    expectRefused(run(['sweep', '--resume', 'd']), /^nnlab: sweep needs the command to sweep, train or regularize \(or merge to join shard records\), before its options: e\.g\. nnlab sweep regularize --lambd 0\.1,0\.7 --resume d$/);
  });
});

describe("README's resume paste", () => {
  // The paste's command with fewer iterations (which its output does not show), at 80 columns;
  // counts and times in the paste stand for any, as the tool's differ with where Ctrl-C came.
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = readme.slice(readme.indexOf('--repeat 2 --out s   # Ctrl-C'), readme.indexOf('```', readme.indexOf('--repeat 2 --out s   # Ctrl-C'))).split('\n');
  const pattern = (line: string, names: Record<string, string> = {}): RegExp => new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/… s/g, '[\\d.]+ s').replace(/\d+(?= (runs|of|from))/g, '\\d+')
    .replace(/ s([;/ ]|$)/g, (_, c: string) => ` ${names.s ?? 's'}${c}`)}$`);

  it('matches the tool at 80 columns', () => {
    const resume = block.findIndex((l) => l.endsWith('--resume s'));
    expect(run(['sweep', 'regularize', '--lambd', '0.01,0.1,0.3,0.7,1,5', '--repeat', '2', '--iterations', '300', '--out', 'readme']).code).toBe(0);
    const out = run(['sweep', 'regularize', '--lambd', '0.01,0.1,0.3,0.7,1,5', '--repeat', '2', '--iterations', '300', '--resume', 'readme']).stdout.split('\n');
    const shown = block.slice(resume + 1).filter((l) => l !== '');
    expect(shown).toHaveLength(2);
    shown.forEach((l, k) => expect(out[k]).toMatch(pattern(l, { s: 'readme' })));
    // Its interrupt line is the one the tool prints (checked above for an unfinished record).
    // The interrupt line the tool printed above, for this sweep's counts and folder, wrapped as the tool wraps it.
    const line = interruptLine.replace('0 of 4', '6 of 12').replaceAll(' u', ' s');
    expect(block.slice(1, 3)).toEqual(wrap(line, '', 80).split('\n'));
    expect(block.slice(1).every((l) => [...l].length <= 80 || l.startsWith('$ '))).toBe(true);
  });
});
