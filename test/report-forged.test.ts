// `nnlab report DIR` on forged records: a record's seal is an unkeyed sha256, so anyone can edit a record
// and seal it again. Every file is untrusted input: too large, too deep or of the wrong shape is refused
// in one line (exit 2) before any large allocation; what is accepted reaches the page escaped or as an
// image, never as markup (the browser half of this is in report-browser.test.ts).
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, linkSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { recordRefusal, sealRecord } from '../src/output/seal.js';
import { rebuildRecord } from '../src/report/rebuild.js';
import { nnlab, nnlabLimited } from './helpers/cli.js';
import { forge } from './helpers/forge.js';

const base = mkdtempSync(join(tmpdir(), 'nnlab-forged-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const run = (args: string[]) => nnlab(args, { cwd: base });
const read = (...p: string[]): string => readFileSync(join(base, ...p), 'utf8');
const at = (name: string): string => join(base, name);
/** A payload that runs a script wherever it lands as markup. */
export const PAYLOAD = '<img src=x onerror="document.body.setAttribute(`data-pwned`,1)"><script>document.body.setAttribute("data-pwned",2)</script>';

/** `nnlab report DIR` refused it: exit 2, one line naming the record and saying each of `says`, nothing on stdout. */
function refused(dir: string, ...says: string[]): string {
  const r = run(['report', dir]);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(new RegExp(`^nnlab: report ${dir}[:/][^\\n]*\\n$`));
  for (const s of says) expect(r.stderr).toContain(s);
  expect(r.code).toBe(2);
  return r.stderr;
}

/**
 * What `nnlab report DIR` says of it, in this process (the command's two steps: the seal check, then the
 * rebuild): the UsageError's message, which the CLI prints as one line with exit 2.
 */
async function refusal(dir: string): Promise<string> {
  const why = recordRefusal(at(dir));
  if (why) return `report ${dir}: ${why}`;
  const e = await rebuildRecord(at(dir), dir, { nnlab: '0', gitCommit: null }).then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(UsageError);
  const message = (e as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

let boundary: Record<string, any>;
const withBoundary = (name: string, edit: (d: Record<string, any>) => unknown): void => {
  const d = structuredClone(boundary);
  const replaced = edit(d);
  forge(at('r'), at(name), () => {}, { 'boundary.json': typeof replaced === 'string' ? replaced : JSON.stringify(replaced ?? d) });
};

beforeAll(() => {
  expect(run(['train', '--iterations', '200', '--out', 'r', '--quiet']).code).toBe(0);
  expect(run(['sweep', 'train', '--lr', '0.01,0.1', '--iterations', '100', '--print-every', '50', '--out', 's', '--quiet']).code).toBe(0);
  boundary = JSON.parse(read('r', 'boundary.json'));
});

describe('a forged boundary.json too large for what nnlab writes', () => {
  it('the attack file (the stages 3000 times over, 126 MiB) is refused by its size, unread, in little memory', () => {
    // 33 MiB of the same kind: over the 32 MiB limit
    const d = structuredClone(boundary);
    d.stages = Array.from({ length: Math.ceil((33 * 2 ** 20) / JSON.stringify(d.stages).length) }, () => d.stages).flat();
    forge(at('r'), at('big'), () => {}, { 'boundary.json': JSON.stringify(d) });
    const r = nnlabLimited({ kib: 1.5 * 2 ** 20, cpuSeconds: 20 }, ['report', 'big'], { cwd: base });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^nnlab: report big: its boundary\.json is 3[\d.]+ MiB, more than the 32 MiB nnlab writes there; [^\n]*\n$/);
  });

  it('a small file of too many values is refused before it is parsed', () => {
    withBoundary('values', () => Array.from({ length: 1_200_000 }, () => 1));
    refused('values', 'its boundary.json is not boundary data: it holds more than the', 'values nnlab writes there');
  });

  it('lists nested 100 000 deep: not boundary data, exit 2 (not an internal error)', () => {
    forge(at('r'), at('deep'), () => {}, { 'boundary.json': '['.repeat(100_000) + ']'.repeat(100_000) });
    refused('deep', 'its boundary.json is not boundary data: it nests lists and objects deeper than the 16 levels nnlab reads');
  });

  it('more stages than nnlab keeps', () => {
    withBoundary('stages', (d) => { d.stages = Array.from({ length: 60 }, () => d.stages).flat(); });
    refused('stages', 'its boundary.json is not boundary data: stages: ', 'expected array to have <=21 items');
  });
});

describe('a forged boundary.json of the wrong shape', () => {
  const cases: [string, (d: Record<string, any>) => unknown, string][] = [
    ['not JSON', () => '{"bounds": ', 'it is not JSON'],
    ['a list', () => [], 'the file: '],
    ['a layer size of text', (d) => { d.layers = [2, 'x', 1]; }, 'layers[1]: '],
    ['a network not from 2 features', (d) => { d.layers = [3, 1]; }, 'layers [3,1] are not a network from 2 features to 1 output'],
    ['a tensor of the wrong shape', (d) => { d.stages[0].params.W1 = [[1]]; }, 'stages[0].params.W1 is not'],
    ['a tensor missing', (d) => { delete d.stages[0].params.b2; d.stages[0].params.b9 = [[1]]; }, 'stages[0].params has no b2'],
    ['a parameter of text', (d) => { d.stages[0].params.W1[0][0] = PAYLOAD; }, 'stages[0].params.W1 holds "<img'],
    ['bounds the wrong way round', (d) => { d.bounds.x1 = [1, 0]; }, 'bounds.x1: must run from a lower to a higher number'],
    ['bounds of text', (d) => { d.bounds.x2 = ['a', 1]; }, 'bounds.x2[0]: '],
    ['bounds of a denormal width', (d) => { d.bounds = { x1: [0, 1e-320], x2: [0, 1e-320] }; }, 'bounds.x1 [0,1e-320] is not a plot extent: its width is too small to split into cells'],
    ['bounds of a width too large to split', (d) => { d.bounds = { x1: [-1e307, 1e307], x2: [-1e307, 1e307] }; }, 'bounds.x1 [-1e+307,1e+307] is not a plot extent: its width is too large to split into cells'],
    ['bounds narrower than their ends can tell apart', (d) => { d.bounds = { x1: [1e16, 1e16 + 4], x2: [1e16, 1e16 + 4] }; }, 'bounds.x1 [10000000000000000,10000000000000004] is not a plot extent: its width is too small beside its ends'],
    ['an accuracy past 1', (d) => { d.stages[0].accuracy.train = 7; }, 'stages[0].accuracy.train: '],
    ['a point labelled 2', (d) => { d.train.points[0][2] = 2; }, 'train.points[0][2]: '],
    ['a point at nan', (d) => { d.train.points[0][0] = 'nan'; }, 'train.points[0][0]: '],
    ['stages out of order', (d) => { d.stages[1].iteration = 0; }, 'stages[1].iteration 0 does not come after 0'],
    ['an unknown activation', (d) => { d.activation = 'swish'; }, 'activation: '],
    ['an iteration of text', (d) => { d.stages[3].iteration = PAYLOAD; }, 'stages[3].iteration: '],
  ];
  for (const [what, edit, says] of cases) {
    it(what, async () => {
      withBoundary('shape', edit);
      const line = await refusal('shape');
      expect(line).toContain('report shape: its boundary.json is not boundary data: ');
      expect(line).toContain(says);
    });
  }
});

describe('a forged boundary.json with extreme but finite bounds, through the command', () => {
  for (const [name, bounds] of [['b2', [0, 1e-320]], ['b3', [-1e307, 1e307]]] as const) {
    it(`[${bounds.join(', ')}]: one line, exit 2, naming boundary.json (not an internal error)`, () => {
      withBoundary(name, (d) => { d.bounds = { x1: bounds, x2: bounds }; });
      refused(name, `report ${name}: its boundary.json is not boundary data: bounds.x1 `, 'is not a plot extent');
    });
  }
  it('bounds far from 0 but wide enough still draw', () => {
    withBoundary('far', (d) => { d.bounds = { x1: [1e16, 1e16 + 2 ** 30], x2: [1e16, 1e16 + 2 ** 30] }; });
    expect(run(['report', 'far'])).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('a forged result.json: a value of the wrong type or range in any field the page shows', () => {
  const cases: [string, (r: Record<string, any>) => void][] = [
    ['config.iterations', (r) => { r.config.iterations = PAYLOAD; }],
    ['config.printEvery', (r) => { r.config.printEvery = PAYLOAD; }],
    ['config.printEvery', (r) => { r.config.printEvery = 0; }],
    ['config.layers[1]', (r) => { r.config.layers[1] = PAYLOAD; }],
    ['config.lambd', (r) => { r.config.lambd = PAYLOAD; }],
    ['config.keepProb', (r) => { r.config.keepProb = 2; }],
    ['config.samples', (r) => { r.config.samples = PAYLOAD; }],
    ['config.dataset', (r) => { r.config.dataset = 7; }],
    ['config.extra', (r) => { r.config.extra = { html: PAYLOAD }; }],
    ['costs[0].iteration', (r) => { r.costs[0].iteration = PAYLOAD; }],
    ['costs[0].cost', (r) => { r.costs[0].cost = PAYLOAD; }],
    ['curve[2].iteration', (r) => { r.curve[2].iteration = -1; }],
    ['finalCost', (r) => { r.finalCost = PAYLOAD; }],
    ['accuracy.test', (r) => { r.accuracy.test = PAYLOAD; }],
    ['data.train', (r) => { r.data.train = PAYLOAD; }],
    ['data.test', (r) => { r.data.test = 1.5; }],
    ['data.features', (r) => { r.data.features = PAYLOAD; }],
    ['diverged', (r) => { r.diverged = PAYLOAD; }],
    ['nonFinite[0]', (r) => { r.nonFinite = [PAYLOAD]; }],
    ['explanations[0]', (r) => { r.explanations = [{ toString: PAYLOAD }]; }],
    ['provenance.node', (r) => { r.provenance.node = 20; }],
    ['command', (r) => { r.command = 'x'.repeat(5000); }],
  ];
  for (const [field, edit] of cases) {
    it(field, async () => {
      forge(at('r'), at('typed'), edit);
      const line = await refusal('typed');
      expect(line).toContain(`report typed: its result.json is not a run result: ${field}: `);
      expect(line.length).toBeLessThan(400);
    });
  }

  it('one of them through the command: exit 2, one line', () => {
    forge(at('r'), at('typed'), (r) => { r.config.iterations = PAYLOAD; });
    refused('typed', 'its result.json is not a run result: config.iterations: Invalid input: expected number, received string (got "<img src=x');
  });

  it('a sweep: a variant\'s diverged count, a mean, the duration', async () => {
    for (const [field, edit] of [
      ['variants[0].diverged', (r: Record<string, any>) => { r.variants[0].diverged = PAYLOAD; }],
      ['variants[1].test.mean', (r: Record<string, any>) => { r.variants[1].test.mean = PAYLOAD; }],
      ['durationMs', (r: Record<string, any>) => { r.durationMs = PAYLOAD; }],
      ['runs[0].costs[0].iteration', (r: Record<string, any>) => { r.runs[0].costs[0].iteration = PAYLOAD; }],
    ] as const) {
      forge(at('s'), at('styped'), edit);
      expect(await refusal('styped')).toContain(`its result.json is not a sweep result: ${field}: `);
    }
  });

  it('a marker that names a file outside the record is refused, and nothing outside is read or written', () => {
    writeFileSync(join(base, 'outside.txt'), 'x');
    forge(at('r'), at('escape'));
    const { record, ...result } = JSON.parse(read('escape', 'result.json'));
    const texts = Object.fromEntries(Object.keys(record.files).map((n) => [n, read('escape', n)]));
    writeFileSync(join(base, 'escape', 'result.json'), sealRecord('run', result, { ...texts, '../outside.txt': 'x' })['result.json']);
    refused('escape', 'its result.json is not a record marker: files["../outside.txt"]: must be a file name inside the record');
    expect(read('outside.txt')).toBe('x');
  });
});

describe('text fields of a forged record reach the page only escaped', () => {
  it('every string field holding markup: the page is rebuilt with none of it as markup', () => {
    forge(at('r'), at('inject'), (r) => {
      r.command = PAYLOAD;
      r.config.dataset = PAYLOAD;
      r.config.init = PAYLOAD;
      r.config.scale = PAYLOAD;
      r.config.extra = PAYLOAD;
      r.config.list = [PAYLOAD];
      r.explanations = [PAYLOAD];
      r.provenance = { nnlab: PAYLOAD, node: PAYLOAD, gitCommit: PAYLOAD, createdAt: PAYLOAD };
    });
    expect(run(['report', 'inject']).code).toBe(0);
    const html = read('inject', 'report.html');
    expect(html).not.toContain('<img src=x');
    expect(html.match(/<script/g)).toHaveLength(2); // the stage labels (JSON, not run) and the page's own script
    expect(html).toContain('&lt;img src=x onerror=');
  });

  it('boundary.svg without boundary.json is shown as an image, never as the page\'s markup', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><foreignObject><img src="x" onerror="alert(1)"/></foreignObject><script>document.body.setAttribute("data-pwned",3)</script></svg>`;
    forge(at('r'), at('rawsvg'), () => {}, { 'boundary.json': undefined, 'boundary.svg': svg });
    expect(run(['report', 'rawsvg']).code).toBe(0);
    const html = read('rawsvg', 'report.html');
    expect(html).not.toContain('foreignObject');
    expect(html).toContain(`<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" alt="the record's boundary.svg">`);
    expect(html).toContain("The record's boundary.svg, shown as an image as the record holds it");
  });

  it('the content security policy runs the page\'s own script alone, by its hash', () => {
    const html = read('inject', 'report.html');
    const csp = /content="(default-src 'none';[^"]*)"/.exec(html)![1]!;
    expect(csp).not.toContain('unsafe-inline\'; img');
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*';/);
  });
});

describe('a forged record listing large or private files nnlab never wrote there', () => {
  // The extra files are listed in the marker and sealed, as anyone can: hashed here 1 MiB at a time.
  const hashOf = (path: string): string => {
    const h = createHash('sha256');
    const fd = openSync(path, 'r');
    const buf = Buffer.alloc(2 ** 20);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
    closeSync(fd);
    return h.digest('hex');
  };
  const withExtra = (name: string, add: (dir: string) => string[]): void => {
    forge(at('r'), at(name));
    const dir = at(name);
    const extra = add(dir);
    const { record, ...result } = JSON.parse(read(name, 'result.json'));
    const listed = Object.fromEntries(extra.map((f) => [f, hashOf(join(dir, f))]));
    const texts = Object.fromEntries(Object.keys(record.files).map((f: string) => [f, read(name, f)]));
    writeFileSync(join(dir, 'result.json'), sealRecord('run', result, texts, {}, { listed })['result.json']!);
  };

  it('a 600 MiB sparse file: hashed, never read whole nor rewritten; the page is rebuilt in little memory', () => {
    withExtra('huge', (dir) => {
      writeFileSync(join(dir, 'big.dat'), '');
      truncateSync(join(dir, 'big.dat'), 600 * 2 ** 20);
      return ['big.dat'];
    });
    const before = statSync(at('huge/big.dat'));
    const r = nnlabLimited({ kib: 1.5 * 2 ** 20, cpuSeconds: 60 }, ['report', 'huge'], { cwd: base });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.replace(/\s+/g, ' ')).toBe("rebuilt huge/report.html from the record's files; re-sealed huge/result.json with its hash; every other file unchanged ");
    const after = statSync(at('huge/big.dat'));
    expect([after.ino, after.size, after.blocks, after.mtimeMs]).toEqual([before.ino, before.size, before.blocks, before.mtimeMs]);
    expect(recordRefusal(at('huge'))).toBeNull();
  });

  it('private, hard-linked and non-UTF-8 files keep their bytes, mode and links; report.html and result.json keep their mode', () => {
    const secret = join(base, 'private.txt');
    writeFileSync(secret, 'secret\n', { mode: 0o600 });
    chmodSync(secret, 0o600);
    withExtra('kept', (dir) => {
      linkSync(secret, join(dir, 'notes.txt'));
      writeFileSync(join(dir, 'blob.bin'), Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x61, 0x62, 0x63]));
      return ['notes.txt', 'blob.bin'];
    });
    // An older report.html (0600, as every file here), so that both it and result.json are replaced.
    writeFileSync(at('kept/report.html'), '<p>an older page</p>\n');
    const names = readdirSync(at('kept'));
    for (const f of names) chmodSync(at(`kept/${f}`), 0o600);
    const { record, ...result } = JSON.parse(read('kept', 'result.json'));
    record.files['report.html'] = hashOf(at('kept/report.html'));
    const texts = Object.fromEntries(Object.keys(record.files).filter((f: string) => f !== 'blob.bin' && f !== 'notes.txt').map((f: string) => [f, read('kept', f)]));
    writeFileSync(at('kept/result.json'), sealRecord('run', result, texts, {}, { listed: record.files })['result.json']!);
    const before = Object.fromEntries(names.map((f) => [f, statSync(at(`kept/${f}`))]));
    const r = run(['report', 'kept']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^rebuilt kept\/report\.html .* re-sealed kept\/result\.json/);
    for (const f of names) {
      const st = statSync(at(`kept/${f}`));
      expect(st.mode & 0o777, f).toBe(0o600);
      if (f !== 'report.html' && f !== 'result.json') expect([st.ino, st.mtimeMs], f).toEqual([before[f]!.ino, before[f]!.mtimeMs]);
    }
    expect(readFileSync(at('kept/blob.bin'))).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x61, 0x62, 0x63]));
    expect(statSync(at('kept/notes.txt')).ino).toBe(statSync(secret).ino);
    expect(read('kept', 'report.html')).toBe(read('r', 'report.html'));
    expect(recordRefusal(at('kept'))).toBeNull();
    expect(run(['report', 'kept']).stdout).toMatch(/up to date/);
  });
});

describe('a forged record whose stored summaries contradict its own data is refused, naming the field', () => {
  const cases: [string, string, (r: Record<string, any>) => void, string][] = [
    ['★ on a variant of lower test accuracy', 's', (r) => { r.variants[0].best = !r.variants[0].best; r.variants[1].best = !r.variants[1].best; }, '.best: is not what the rule gives from the figures'],
    ['a 95% interval not containing the mean', 's', (r) => { r.variants[0].test.ci95 = [0.9, 1]; r.variants[0].test.mean = 0.5; }, 'variants[0].test.ci95: does not contain the mean 0.5'],
    ['more seeds than the record holds runs', 's', (r) => { r.variants[0].seeds = [1, 2, 3, 4, 5, 6, 7]; }, 'variants[0].seeds: lists 7 seeds where the record holds 1 run of this variant'],
    ['diverged beside nothing inf or nan', 'r', (r) => { r.diverged = true; r.nonFinite = []; }, 'diverged: says true while nonFinite lists nothing'],
    ['the cost listed as inf or nan beside a finite final cost', 'r', (r) => { r.diverged = true; r.nonFinite = ['cost']; }, 'nonFinite: lists the cost, but the final cost'],
    ['a cost after the last iteration', 'r', (r) => { r.costs.at(-1).iteration = 5000; }, '.iteration: is after the last of the 200 iterations'],
  ];
  for (const [what, from, edit, says] of cases) {
    it(what, () => {
      forge(at(from), at('lie'), edit);
      refused('lie', 'report lie: its result.json is not a ', says);
    });
  }
  it('a boundary stage after the run\'s last iteration, and more training points than the run counts', () => {
    withBoundary('lie', (d) => { d.stages.at(-1).iteration = 5000; });
    refused('lie', "its boundary.json is not boundary data: stages[", "].iteration is 5000, after the last of result.json's 200 iterations");
    forge(at('r'), at('lie'), (r) => { r.data.train = 5; });
    refused('lie', "its boundary.json is not boundary data: train.n is", "points where result.json's data.train is 5");
  });
  it('the records nnlab writes pass every one of these checks', () => {
    forge(at('r'), at('true-r'));
    forge(at('s'), at('true-s'));
    expect(run(['report', 'true-r']).code).toBe(0);
    expect(run(['report', 'true-s']).code).toBe(0);
  });
});
