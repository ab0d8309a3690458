// report.html in every --out record, and `nnlab report DIR`, which rebuilds it from the record's files and
// keeps the record sealed. The real binary in a temporary folder; the browser tests are in report-browser.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictProba } from '../src/nn/predict.js';
import { stageIterations } from '../src/nn/train.js';
import { boundaryGrid, squareCells } from '../src/plots/boundary.js';
import { parseBoundaryData, stageParams } from '../src/report/boundaryData.js';
import { boundaryPicture } from '../src/report/pictures.js';
import { recordRefusal, sealRecord } from '../src/output/seal.js';
import { nnlab, ROOT } from './helpers/cli.js';
import { textsOutside } from './helpers/svgText.js';
import { leftovers, tree } from './helpers/tree.js';

const base = mkdtempSync(join(tmpdir(), 'nnlab-report-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const run = (args: string[], env: Record<string, string> = {}) => nnlab(args, { cwd: base, env });
const read = (...p: string[]): string => readFileSync(join(base, ...p), 'utf8');
const svgsIn = (html: string): string[] => html.match(/<svg[^]*?<\/svg>/g) ?? [];

beforeAll(() => {
  // The two runs, at the course's settings.
  expect(run(['train', '--out', 'r', '--save', 'r.json']).code).toBe(0);
  expect(run(['regularize', '--keep-prob', '0.86', '--out', 'd']).code).toBe(0);
  expect(run(['sweep', 'regularize', '--lambd', '0.1,0.7', '--repeat', '2', '--iterations', '2000', '--print-every', '1000', '--out', 's']).code).toBe(0);
});

describe('report.html of a run', () => {
  it('is one self-contained page: no network, no external scripts, styles or fonts', () => {
    for (const rec of ['r', 'd', 's']) {
      const html = read(rec, 'report.html');
      expect(html).toMatch(/^<!DOCTYPE html>/);
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
      // the only URLs are the SVG and XLink namespace names, which nothing fetches
      const urls = [...html.matchAll(/\b(?:https?|ftp|wss?):\/\/[^\s"'<>)]*/g)].map((m) => m[0]);
      expect([...new Set(urls)].sort()).toEqual(['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']);
      expect(html).not.toMatch(/<script[^>]+src=|<link(?![^>]*href="data:)[^>]*href=|@import|@font-face|url\((?!#)/);
    }
  });

  it('holds the settings, provenance, results, cost curve and a boundary slider through 21 stages', () => {
    const html = read('d', 'report.html');
    const result = JSON.parse(read('d', 'result.json'));
    for (const text of ['<th>keep-prob</th><td><code>0.86</code>', '<th>print-every</th>', '<th>dropout-masks</th><td><code>course</code>', '<th>samples</th><td><code>— (not a generated dataset)</code>', 'run by', 'page built by', result.provenance.createdAt, String(result.accuracy.test), String(result.finalCost)]) {
      expect(html).toContain(text);
    }
    expect(html).not.toMatch(/<th>(keepProb|printEvery|dropoutMasks)<\/th>/);
    // a generated dataset's options as drawn, the dataset's own said as such
    const r = read('r', 'report.html');
    for (const text of ["<th>samples</th><td><code>300 train, 100 test (the dataset&#39;s own)</code>", "<th>noise</th><td><code>0.05 (the dataset&#39;s own)</code>", "<th>data-seed</th><td><code>1 (train), 2 (test) (the dataset&#39;s own)</code>"]) expect(r).toContain(text);
    expect(html).toMatch(/<input type="range" id="stage" min="0" max="20" step="1" value="20"/);
    expect(html).toContain('<button type="button" id="play">play</button>');
    const info = JSON.parse(/<script type="application\/json" id="stage-info">([^<]*)<\/script>/.exec(html)![1]!) as string[];
    expect(info).toHaveLength(21);
    expect(info[0]).toMatch(/^iteration 0 of 30000 · train accuracy /);
    // the cost of the pictured network, without dropout, as the accuracies beside it: finalCost, not the masked finalCostWithDropout
    // accuracies as percentages of two decimals, so the label keeps its length as the slider moves
    expect(info[20]).toBe(`iteration 30000 of 30000 · train accuracy ${(result.accuracy.train * 100).toFixed(2)}% · test ${(result.accuracy.test * 100).toFixed(2)}% · cost without dropout ${result.finalCost.toPrecision(6)}`);
    expect(html).toContain('final cost without dropout, as the network predicts (after the last update)');
    expect(html).toContain(String(result.finalCostWithDropout));
    // 21 boundary stages and 21 matching rules on each of the two cost charts; the last one shown
    for (let k = 0; k <= 20; k++) expect(html.match(new RegExp(`class="[^"]*\\bstage stage-${k}\\b[^"]*"`, 'g'))).toHaveLength(3);
    expect(html.match(/stage stage-20 on"/g)).toHaveLength(3);
    expect(html.match(/stage stage-\d+ on"/g)).toHaveLength(3);
  });

  it('draws every title, tick label and legend inside its picture, in the page and in the files', () => {
    for (const rec of ['r', 'd', 's']) {
      const svgs = svgsIn(read(rec, 'report.html'));
      expect(svgs.length).toBeGreaterThanOrEqual(3);
      for (const svg of svgs) expect(textsOutside(svg)).toEqual([]);
    }
    for (const file of ['r/cost.svg', 'r/boundary.svg', 'd/cost.svg', 'd/boundary.svg']) expect(textsOutside(read(file)), file).toEqual([]);
  });

  it('draws the dense curve in cost.svg: 201 costs of a 15000-iteration run printed every 1000', () => {
    const result = JSON.parse(read('r', 'result.json'));
    expect(result.costs).toHaveLength(15);
    expect(result.curve).toHaveLength(201);
    expect(result.curve.at(-1)).toEqual({ iteration: 15000, cost: result.finalCost });
    expect(read('r', 'cost.svg')).toContain('201 costs, every 75 iterations and the final one');
    // the regularization curve runs to the end of its 30000 iterations, not to the last printed 20000
    expect(JSON.parse(read('d', 'result.json')).curve.at(-1).iteration).toBe(30000);
  });

  it('keeps boundary.json: the trained stage is the saved model, with the run\'s accuracies', () => {
    const d = parseBoundaryData(read('r', 'boundary.json'));
    const result = JSON.parse(read('r', 'result.json'));
    const model = JSON.parse(read('r.json'));
    expect(d.stages.map((s) => s.iteration)).toEqual(stageIterations(15000, 20, 75));
    expect(read('r', 'report.html')).toContain(`The stages are closer together early in training, where the boundary forms (75 iterations apart at first, 3525 at the end): iterations ${stageIterations(15000, 20, 75).join(', ')}.`);
    expect(d.stages[20]!.params).toEqual(model.parameters);
    expect(d.stages[20]!.accuracy).toEqual(result.accuracy);
    expect([d.train.n, d.test?.n, d.train.every]).toEqual([300, 100, 1]);
    expect(d.activation).toBe('relu');
  });

  it('draws a tanh network\'s boundary through tanh, on a dataset without a course extent (moons)', () => {
    expect(run(['train', '--dataset', 'moons', '--layers', '2,6,1', '--activation', 'tanh', '--init', 'xavier', '--lr', '0.5', '--iterations', '2000', '--out', 'tanh']).code).toBe(0);
    const d = parseBoundaryData(read('tanh', 'boundary.json'));
    const result = JSON.parse(read('tanh', 'result.json'));
    expect(d.activation).toBe('tanh');
    // the trained stage's accuracies, computed through tanh, are the run's
    expect(d.stages.at(-1)!.accuracy).toEqual(result.accuracy);
    const cells = squareCells(d.bounds, 40);
    const through = (activation: 'tanh' | 'relu') => Array.from(boundaryGrid((X) => predictProba(stageParams(d.stages.at(-1)!), d.layers, X, activation).data, d.bounds, cells).p!);
    const drawn = boundaryPicture(result, d, { all: false, cells: 40 }).data!.find((x) => x.name === 'grid-0') as unknown as { values: { values: number[] }[] };
    expect(drawn.values[0]!.values).toEqual(through('tanh'));
    // counter-example: the same parameters through ReLU give another picture
    expect(through('relu')).not.toEqual(through('tanh'));
    // the points' extent, not the course's circles or football one
    const xs = d.train.points.map((p) => p[0]);
    expect(d.bounds.x1).toEqual([Math.min(...xs) - 1, Math.max(...xs) + 1]);
    const html = read('tanh', 'report.html');
    expect(html).toContain('train · moons · tanh · init xavier');
    expect(html).toContain("<th>samples</th><td><code>300 train, 100 test (the dataset&#39;s own)</code>");
    expect(html).toContain("<th>data-seed</th><td><code>3 (train), 4 (test) (the dataset&#39;s own)</code>");
    for (const svg of svgsIn(html)) expect(textsOutside(svg)).toEqual([]);
  });

  it('reads a boundary.json from before activations were chosen as ReLU, and refuses an unknown one', () => {
    const { activation: _, ...old } = JSON.parse(read('r', 'boundary.json'));
    expect(parseBoundaryData(JSON.stringify(old)).activation).toBe('relu');
    expect(() => parseBoundaryData(JSON.stringify({ ...old, activation: 'swish' }))).toThrow(/^boundary\.json is not boundary data: activation: /);
  });
});

describe('nnlab report DIR', () => {
  const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
  /** A line wrapped at 80 columns, joined again. */
  const unwrapped = (s: string): string => s.replace(/\n  /g, ' ');

  it('finds a fresh record up to date and writes nothing', () => {
    for (const rec of ['r', 'd', 's']) {
      const before = tree(join(base, rec));
      const r = run(['report', rec]);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(unwrapped(r.stdout)).toBe(`${rec}/report.html is up to date: it is what this nnlab builds from the record; nothing written\n`);
      expect(tree(join(base, rec))).toEqual(before);
    }
  });

  it('rebuilds a removed report.html byte for byte, and the record stays sealed', () => {
    const before = tree(join(base, 'd'));
    const html = read('d', 'report.html');
    unlinkSync(join(base, 'd', 'report.html'));
    expect(recordRefusal(join(base, 'd'))).toBeNull(); // a record missing a file is still nnlab's
    const r = run(['report', 'd']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(unwrapped(r.stdout)).toBe("rebuilt d/report.html from the record's files; d/result.json already held its hash; every other file unchanged\n");
    expect(read('d', 'report.html')).toBe(html);
    expect(tree(join(base, 'd'))).toEqual(before);
    expect(recordRefusal(join(base, 'd'))).toBeNull();
    expect(leftovers(base)).toEqual([]);
  });

  it('refuses an edited record, naming the file, and changes nothing', () => {
    const dir = join(base, 'edited');
    expect(run(['train', '--iterations', '100', '--print-every', '50', '--out', 'edited']).code).toBe(0);
    writeFileSync(join(dir, 'costs.csv'), 'iteration,cost\n0,0.1\n');
    unlinkSync(join(dir, 'report.html'));
    const before = tree(dir);
    const r = run(['report', 'edited']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('nnlab: report edited: its costs.csv changed since nnlab wrote it; nnlab rebuilds the report of an untouched record only, as it cannot vouch for edited data\n');
    expect(tree(dir)).toEqual(before);
  });

  it('refuses what is not a record, and the folder it runs in', () => {
    mkdirSync(join(base, 'mine'));
    writeFileSync(join(base, 'mine', 'notes.txt'), 'mine\n');
    const before = tree(base);
    expect(run(['report', 'mine']).stderr).toBe('nnlab: report mine: it is not an nnlab record (it has no result.json); nnlab rebuilds the report of an untouched record only, as it cannot vouch for edited data\n');
    expect(run(['report', 'nowhere']).stderr).toBe('nnlab: report nowhere: no such folder; give a record folder written with --out\n');
    expect(run(['report', 'mine/notes.txt']).stderr).toBe('nnlab: report mine/notes.txt: not a folder; give a record folder written with --out\n');
    const inside = nnlab(['report', '.'], { cwd: join(base, 'r') });
    expect(inside).toMatchObject({ code: 2, stderr: 'nnlab: report .: it holds the working folder; run nnlab report from outside the record (the record is replaced as a whole)\n' });
    expect(tree(base)).toEqual(before);
  });

  it('adds report.html to a record written before reports, re-sealing result.json, every other file byte for byte', () => {
    // An older run record: no curve, no boundary.json, no report.html.
    const dir = join(base, 'old');
    const result = JSON.parse(read('r', 'result.json'));
    delete result.record;
    delete result.curve;
    const files = { 'costs.csv': read('r', 'costs.csv'), 'cost.svg': read('r', 'cost.svg'), 'boundary.svg': read('r', 'boundary.svg') };
    mkdirSync(dir);
    for (const [name, text] of Object.entries(sealRecord('run', result, files))) writeFileSync(join(dir, name), text);
    const before = tree(dir);
    const r = run(['report', 'old', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ command: 'report', record: 'old', kind: 'run', written: true, files: ['result.json', 'costs.csv', 'cost.svg', 'boundary.svg', 'report.html'] });
    const after = tree(dir);
    for (const name of Object.keys(files)) expect(after[name]).toBe(before[name]);
    const marker = JSON.parse(read('old', 'result.json')).record;
    expect(marker.files['report.html']).toBe(sha(read('old', 'report.html')));
    expect(recordRefusal(dir)).toBeNull();
    const html = read('old', 'report.html');
    expect(html).toContain('the 15 reported costs');
    expect(html).toContain("The record's boundary.svg, shown as an image as the record holds it: the trained model as drawn when the run was written, not redrawn by this page. This record has no boundary.json");
    expect(html).toContain(`<img src="data:image/svg+xml;base64,${Buffer.from(files['boundary.svg']).toString('base64')}"`);
    expect(html).not.toContain('id="stage"');
    // and now it is up to date
    expect(run(['report', 'old']).stdout).toMatch(/up to date/);
  });

  it('writes all or nothing: a failed write leaves the record as it was, sealed', () => {
    unlinkSync(join(base, 'r', 'report.html'));
    const before = tree(join(base, 'r'));
    const r = run(['report', 'r'], { NNLAB_TEST_WRITE_FAULT: 'ENOSPC@report.html' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('nnlab: report r: cannot write r/report.html: no space left on the device (ENOSPC); nothing was written\n');
    expect(tree(join(base, 'r'))).toEqual(before);
    expect(recordRefusal(join(base, 'r'))).toBeNull();
    expect(leftovers(base)).toEqual([]);
  });

  it('an interrupt while writing leaves the record as it was or rebuilt, never a temporary entry', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      rmSync(join(base, 'r', 'report.html'), { force: true });
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'nnlab.js'), 'report', 'r'], { cwd: base, stdio: 'ignore', env: { ...process.env, NNLAB_TEST_WRITE_DELAY_MS: '150' } });
      // Listened for at once: the rebuild writes two files only and may end before the signal is sent.
      const exited = new Promise<number | null>((r) => child.on('exit', (c, s) => r(c ?? (s === 'SIGINT' ? 130 : s === 'SIGTERM' ? 143 : -1))));
      await new Promise((r) => setTimeout(r, 1500));
      child.kill(signal);
      const code = await exited;
      expect([130, 143, 0]).toContain(code);
      expect(recordRefusal(join(base, 'r'))).toBeNull();
      expect(leftovers(base)).toEqual([]);
    }
  });
});
