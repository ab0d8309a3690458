// Output safety, rule by rule, with the real binary in a temporary folder: exit code, the one stderr
// line, and every file present afterwards (the user's own files byte for byte).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { socketName } from '../src/output/lock.js';
import { lockKeyOf } from '../src/output/targets.js';
import { recordRefusal } from '../src/output/seal.js';
import { nnlab, ROOT } from './helpers/cli.js';
import { leftovers, tree } from './helpers/tree.js';

const BIN = join(ROOT, 'bin', 'nnlab.js');
const base = mkdtempSync(join(tmpdir(), 'nnlab-outputs-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

// One iteration: a record of 2 boundary stages is drawn in a fraction of the time 10 iterations' 11 take,
// and nothing here depends on the training itself.
const QUICK = ['--iterations', '1', '--print-every', '1'];
let dir: string;
let n = 0;

/** A fresh folder holding a user's files: a note, a data file and a folder with a file. */
beforeEach(() => {
  dir = join(base, `case-${n++}`);
  mkdirSync(join(dir, 'project', 'notes'), { recursive: true });
  writeFileSync(join(dir, 'project', 'todo.txt'), 'buy milk\n');
  writeFileSync(join(dir, 'project', 'data.csv'), 'x1,x2,y\n1,2,0\n2,1,1\n');
  writeFileSync(join(dir, 'project', 'notes', 'a.md'), '# mine\n');
});

const run = (args: string[], cwd = dir, env: Record<string, string> = {}) => nnlab(args, { cwd, env });

// A record nnlab wrote, made once; a test that needs one in its folder gets a copy (the seal covers
// the files' bytes, not where they are).
const made = join(base, 'made');
beforeAll(() => {
  mkdirSync(made);
  expect(run(['train', ...QUICK, '--out', 'r'], made).code).toBe(0);
});
const placeRecord = (): void => cpSync(join(made, 'r'), join(dir, 'r'), { recursive: true });

function expectRefused(r: { code: number; stderr: string }, line: RegExp): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^nnlab: /);
  expect(lines[0]).toMatch(line);
}

describe('rule 1: --out replaces only an nnlab record', () => {
  it('refuses the working folder, its parents, the home folder and the root, even with --force', () => {
    const cwd = join(dir, 'project');
    const before = tree(dir);
    expectRefused(run(['train', ...QUICK, '--out', '.', '--force'], cwd), /--out \.: it is the working folder/);
    expectRefused(run(['train', ...QUICK, '--out', '..', '--force'], cwd), /--out \.\.: it holds the working folder/);
    expectRefused(run(['train', ...QUICK, '--out', dir, '--force'], join(cwd, 'notes')), /it holds the working folder/);
    expectRefused(run(['train', ...QUICK, '--out', '/', '--force'], cwd), /--out \/: it is the root folder/);
    expectRefused(nnlab(['train', ...QUICK, '--out', cwd, '--force'], { cwd: dir, env: { HOME: cwd } }), /it is the home folder/);
    expect(tree(dir)).toEqual(before);
  });

  it('refuses an existing folder without --force, and one nnlab did not write with it', () => {
    const before = tree(dir);
    // --force is suggested only where it would help
    const kept = /--out project: already exists and is kept: it is not an nnlab record \(it has no result\.json\); nnlab replaces only what it wrote, so choose another path$/;
    expectRefused(run(['train', ...QUICK, '--out', 'project']), kept);
    expectRefused(run(['train', ...QUICK, '--out', 'project', '--force']), kept);
    expectRefused(run(['train', ...QUICK, '--out', 'project/todo.txt', '--force']), /--out project\/todo\.txt: it is a file; a record is a folder/);
    expect(tree(dir)).toEqual(before);
  });

  it('replaces an untouched record with --force and changes nothing else', () => {
    expect(run(['train', ...QUICK, '--out', 'r']).code).toBe(0);
    expectRefused(run(['train', ...QUICK, '--out', 'r']), /--out r: already exists \(an nnlab record\); pass --force to replace it$/);
    const others = tree(join(dir, 'project'));
    const r = run(['train', '--iterations', '2', '--print-every', '1', '--out', 'r', '--force']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nwrote record r\/ \(result\.json, costs\.csv, cost\.svg, model\.json, boundary\.json,\n  boundary\.svg, report\.html\)\n$/); // wrapped at 80 columns
    expect(readdirSync(dir).sort()).toEqual(['project', 'r']);
    expect(readdirSync(join(dir, 'r')).sort()).toEqual(['boundary.json', 'boundary.svg', 'cost.svg', 'costs.csv', 'model.json', 'report.html', 'result.json']);
    expect(JSON.parse(readFileSync(join(dir, 'r', 'result.json'), 'utf8')).config.iterations).toBe(2);
    expect(recordRefusal(join(dir, 'r'))).toBeNull();
    expect(tree(join(dir, 'project'))).toEqual(others);
  });

  it('an empty folder may be replaced with --force: there is nothing in it to lose', () => {
    mkdirSync(join(dir, 'empty'));
    expect(run(['train', ...QUICK, '--out', 'empty', '--force']).code).toBe(0);
    expect(readdirSync(join(dir, 'empty'))).toContain('result.json');
    expect(leftovers(dir)).toEqual([]);
  });

  it('refuses a record holding a file nnlab did not write, or a file changed since', () => {
    placeRecord();
    writeFileSync(join(dir, 'r', 'notes.txt'), 'my analysis\n');
    let before = tree(dir);
    expectRefused(run(['train', ...QUICK, '--out', 'r', '--force']), /--out r: already exists and is kept: it holds notes\.txt, which is not part of the record/);
    expect(tree(dir)).toEqual(before);
    rmSync(join(dir, 'r', 'notes.txt'));
    writeFileSync(join(dir, 'r', 'costs.csv'), 'edited\n', { flag: 'a' });
    before = tree(dir);
    expectRefused(run(['train', ...QUICK, '--out', 'r', '--force']), /--out r: already exists and is kept: its costs\.csv changed since nnlab wrote it/);
    expect(tree(dir)).toEqual(before);
  });

  it('refuses a record whose result.json was edited by hand, anywhere in it', () => {
    placeRecord();
    const result = join(dir, 'r', 'result.json');
    writeFileSync(result, readFileSync(result, 'utf8').replace('"command": "train"', '"command": "train", "note": "keep this"'));
    const before = tree(dir);
    expectRefused(run(['train', ...QUICK, '--out', 'r', '--force']), /--out r: already exists and is kept: its result\.json changed since nnlab wrote it/);
    expect(tree(dir)).toEqual(before);
  });

  it('a run nested in a record is refused, so the record stays one; a folder a user adds makes it a record no more', () => {
    placeRecord();
    expectRefused(run(['train', ...QUICK, '--out', 'sub'], join(dir, 'r')), /--out sub: inside the nnlab run record .*r, which nnlab writes and seals as a whole; write it elsewhere$/m);
    expect(run(['train', ...QUICK, '--out', 'r', '--force']).code).toBe(0);
    mkdirSync(join(dir, 'r', 'sub'));
    expectRefused(run(['train', ...QUICK, '--out', 'r', '--force']), /it holds sub, which is not part of the record/);
  });

  it('a sweep record follows the same rules', () => {
    const sweep = ['sweep', 'train', '--init', 'zeros,he', ...QUICK];
    expect(run([...sweep, '--out', 's']).code).toBe(0);
    expect(run([...sweep, '--out', 's', '--force']).code).toBe(0);
    expect(readdirSync(join(dir, 's')).sort()).toEqual(['costs.csv', 'report.html', 'result.json', 'runs.jsonl', 'summary.csv']);
    const before = tree(dir);
    expectRefused(run([...sweep, '--out', 'project', '--force']), /not an nnlab record/);
    expect(tree(dir)).toEqual(before);
  });
});

describe('rule 2: --save writes only regular files', () => {
  let server: Server | undefined;
  afterAll(() => server?.close());

  it('refuses folders, devices, FIFOs, sockets and links to them, untouched', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    symlinkSync(join(dir, 'project'), join(dir, 'link-to-folder'));
    symlinkSync(join(dir, 'fifo'), join(dir, 'link-to-fifo'));
    symlinkSync(join(dir, 'missing'), join(dir, 'dangling'));
    server = createServer();
    await new Promise<void>((r) => server!.listen(join(dir, 'sock'), r));
    const before = tree(dir);
    const cases: [string, RegExp][] = [
      ['project', /--save project: it is a folder; a model is written to a regular file/],
      ['/dev/null', /--save \/dev\/null: it is a character device/],
      ['fifo', /--save fifo: it is a named pipe \(FIFO\)/],
      ['sock', /--save sock: it is a socket/],
      ['link-to-folder', /--save link-to-folder: it is a folder/],
      ['link-to-fifo', /--save link-to-fifo: it is a named pipe/],
      ['dangling', /--save dangling: it is a symbolic link to nothing/],
    ];
    for (const [path, line] of cases) expectRefused(run(['train', ...QUICK, '--save', path, '--force']), line);
    expect(tree(dir)).toEqual(before);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('refuses a file nnlab did not write; replaces its own model file, also through a link', () => {
    const before = tree(dir);
    expectRefused(run(['train', ...QUICK, '--save', 'project/todo.txt', '--force']), /--save project\/todo\.txt: already exists and is kept: it is not a model file nnlab wrote/);
    expect(tree(dir)).toEqual(before);
    expect(run(['train', ...QUICK, '--save', 'm.json']).code).toBe(0);
    symlinkSync('m.json', join(dir, 'link.json'));
    expect(run(['train', '--iterations', '2', '--print-every', '1', '--save', 'link.json', '--force']).code).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')).format).toBe('nnlab-model');
    expect(leftovers(dir)).toEqual([]);
    // a model file edited by hand is the user's now
    writeFileSync(join(dir, 'm.json'), readFileSync(join(dir, 'm.json'), 'utf8').replace('"layers"', '"note":"mine","layers"'));
    const edited = tree(dir);
    expectRefused(run(['train', ...QUICK, '--save', 'm.json', '--force']), /--save m\.json: already exists and is kept: it changed since nnlab wrote it/);
    expect(tree(dir)).toEqual(edited);
  });

  it('refuses a --save path that ends in / (a folder), before writing anything', () => {
    expectRefused(run(['train', ...QUICK, '--save', 'models/']), /--save models\/: ends in \/, so it names a folder; give a file name/);
    expect(readdirSync(dir)).toEqual(['project']);
  });

  it('refuses empty paths, one path for both, and a model inside the record folder', () => {
    placeRecord();
    const before = tree(dir);
    expectRefused(run(['train', ...QUICK, '--save', '']), /--save '': an empty path/);
    expectRefused(run(['train', ...QUICK, '--out', '']), /--out '': an empty path/);
    expectRefused(run(['train', ...QUICK, '--save', 'x', '--out', 'x']), /--save and --out name the same path \(x\)/);
    expectRefused(run(['train', ...QUICK, '--save', 'r/m.json', '--out', 'r', '--force']), /--save r\/m\.json: inside the --out folder/);
    expect(tree(dir)).toEqual(before);
  });
});

/** Starts nnlab in the background; resolves its exit once it ends. */
function background(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((r) => child.on('close', (code, signal) => r({ code, signal, stdout, stderr })));
  return { child, exited };
}

const waitFor = async (ok: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 300; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('rule 3: checked before training, locked while running', () => {
  it('refuses bad outputs before the first iteration (a run of 10^8 iterations never starts)', () => {
    const long = ['--iterations', '100000000'];
    expectRefused(run(['train', ...long, '--save', 'nofolder/m.json']), /--save nofolder\/m\.json: the folder .*nofolder does not exist/);
    expectRefused(run(['train', ...long, '--save', 'project', '--force']), /--save project: it is a folder/);
    expectRefused(run(['sweep', 'train', '--init', 'zeros,he', ...long, '--out', 'project', '--force']), /not an nnlab record/);
  });

  it('a second run writing the same path is refused at start: in use by another nnlab run', async () => {
    const first = background(['train', '--iterations', '100000000', '--out', 'busy', '--save', 'busy.json']);
    try {
      // The first run holds its locks from before its first iteration; the kernel lists them.
      const held = (p: string): boolean => readFileSync('/proc/net/unix', 'utf8').includes(`@${socketName(lockKeyOf(join(realpathSync(dir), p)))}`);
      await waitFor(() => held('busy') && held('busy.json'), 'the first run to take its locks');
      expectRefused(run(['train', '--iterations', '0', '--out', 'busy']), /--out busy: in use by another nnlab run/);
      expectRefused(run(['train', '--iterations', '0', '--save', 'busy']), /--save busy: in use by another nnlab run/);
      expectRefused(run(['sweep', 'train', '--init', 'zeros,he', '--iterations', '0', '--out', 'busy.json']), /--out busy\.json: in use by another nnlab run/);
    } finally {
      first.child.kill('SIGTERM');
    }
    expect((await first.exited).signal).toBe('SIGTERM');
    expect(readdirSync(dir).sort()).toEqual(['project']);
  });

  it('something that appears at the target during the run is not replaced without --force', async () => {
    const run1 = background(['train', ...QUICK, '--out', 'late'], { NNLAB_TEST_WRITE_DELAY_MS: '400' });
    await waitFor(() => readdirSync(dir).some((f) => f.startsWith('.late.nnlab-tmp-')), 'the run to start writing');
    mkdirSync(join(dir, 'late'));
    writeFileSync(join(dir, 'late', 'mine.txt'), 'made meanwhile\n');
    const r = await run1.exited;
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^nnlab: --out late: it appeared while nnlab was running and is kept: it is not an nnlab record \(it has no result\.json\); nnlab replaces only what it wrote, so choose another path; nothing was written$/);
    // the run's results are still printed, before the error
    expect(r.stdout).toMatch(/train accuracy/);
    expect(readFileSync(join(dir, 'late', 'mine.txt'), 'utf8')).toBe('made meanwhile\n');
    expect(readdirSync(join(dir, 'late'))).toEqual(['mine.txt']);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('rule 4: all or nothing, write errors in words', () => {
  const words: Record<string, RegExp> = {
    EACCES: /permission denied \(EACCES\)/,
    EROFS: /the file system is read-only \(EROFS\)/,
    ENOSPC: /no space left on the device \(ENOSPC\)/,
    EISDIR: /it is a folder \(EISDIR\)/,
    ENOTEMPTY: /the folder is not empty \(ENOTEMPTY\)/,
    EXDEV: /it would move across file systems \(EXDEV\)/,
  };
  it.each(Object.keys(words))('%s while writing the record: neither output is left, one line naming the file', (code) => {
    const before = tree(dir);
    const r = run(['train', ...QUICK, '--save', 'm.json', '--out', 'r'], dir, { NNLAB_TEST_WRITE_FAULT: `${code}@cost.svg` });
    expectRefused(r, new RegExp(`--out r: cannot write r/cost\\.svg: ${words[code]!.source}; nothing was written$`));
    expect(tree(dir)).toEqual(before);
  });

  it('a record that fails to move into place takes back the model file already moved, and restores what both replaced', () => {
    expect(run(['train', ...QUICK, '--save', 'm.json', '--out', 'r']).code).toBe(0);
    const before = tree(dir);
    const r = run(['train', '--iterations', '2', '--print-every', '1', '--save', 'm.json', '--out', 'r', '--force'], dir, { NNLAB_TEST_WRITE_FAULT: 'EXDEV@move:r' });
    expectRefused(r, /--out r: cannot write r: it would move across file systems \(EXDEV\); nothing was written$/);
    expect(tree(dir)).toEqual(before);
    const fresh = run(['train', ...QUICK, '--save', 'n.json', '--out', 'q'], dir, { NNLAB_TEST_WRITE_FAULT: 'ENOSPC@move:q' });
    expect(fresh.code).toBe(2);
    expect(existsSync(join(dir, 'n.json'))).toBe(false);
    expect(tree(dir)).toEqual(before);
  });
});

describe('adversarial paths and races', () => {
  it('a folder someone fills while nnlab moves its record into place is never removed', async () => {
    // A writer that creates out/notes.txt the moment out/ exists, racing nnlab's final move. It idles
    // until the first entry appears in the folder (nnlab staging its record under a hidden name, just
    // before the move), then tries without pause; spinning all through start-up and training would
    // only burn a core.
    const spinner = `const fs=require('fs'),path=require('path');const p=process.argv[1];
      fs.watch(path.dirname(path.dirname(p)),()=>{for(;;){try{fs.writeFileSync(p,'USER\\n',{flag:'wx'});break}catch{}}process.exit(0)});
      process.stdout.write('watching\\n')`;
    for (let i = 0; i < 12; i++) {
      const w = join(dir, `race-${i}`);
      mkdirSync(w);
      const user = spawn(process.execPath, ['-e', spinner, join(w, 'out', 'notes.txt')], { stdio: ['ignore', 'pipe', 'ignore'] });
      const done = new Promise((r) => user.on('exit', r));
      await new Promise((r) => user.stdout!.once('data', r));
      const r = run(['train', ...QUICK, '--out', 'out'], w);
      await done;
      expect(readFileSync(join(w, 'out', 'notes.txt'), 'utf8'), `run ${i}: exit ${r.code} ${r.stderr}`).toBe('USER\n');
      expect(leftovers(w)).toEqual([]);
    }
  }, 60_000);

  it("entries with nnlab's hidden names are never removed; a dead run's are reported", () => {
    mkdirSync(join(dir, '.out.nnlab-tmp-1-abcdef'));
    writeFileSync(join(dir, '.out.nnlab-tmp-1-abcdef', 'mine.txt'), 'x');
    writeFileSync(join(dir, `.m.json.nnlab-tmp-${process.pid}-000000`), 'y');
    const dead = 2 ** 22 + 17; // above any pid this machine hands out
    writeFileSync(join(dir, `.out.nnlab-old-${dead}-123abc`), 'z');
    const before = tree(dir);
    const r = run(['train', ...QUICK, '--out', 'out', '--save', 'm.json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`warning: .*\\.out\\.nnlab-old-${dead}-123abc was left by an nnlab run that was killed`));
    const after = tree(dir);
    for (const [k, v] of Object.entries(before)) expect(after[k]).toBe(v);
  });

  it('long and unusual names work; a name of spaces is a name', () => {
    const long = 'r'.repeat(250);
    expect(run(['train', ...QUICK, '--out', long, '--save', `${'m'.repeat(245)}.json`]).code).toBe(0);
    expect(run(['train', ...QUICK, '--save', ' ']).code).toBe(0);
    expect(lstatSync(join(dir, ' ')).isFile()).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });

  it('a path through a link and .. goes where the kernel says, not where the text suggests', () => {
    mkdirSync(join(dir, 'other', 'deep'), { recursive: true });
    symlinkSync(join(dir, 'other', 'deep'), join(dir, 'lnk'));
    expect(run(['train', ...QUICK, '--out', 'lnk/../rec']).code).toBe(0);
    expect(existsSync(join(dir, 'other', 'rec', 'result.json'))).toBe(true);
    expect(existsSync(join(dir, 'rec'))).toBe(false);
  });

  it('names that are properties of every JavaScript object are no datasets', () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      expectRefused(run(['train', ...QUICK, '--dataset', name]), new RegExp(`unknown dataset '${name}'`));
    }
  });

  it('a removed working folder: an absolute --out still works, a relative one is refused in words', () => {
    const gone = join(dir, 'gone');
    mkdirSync(gone);
    const script = `process.chdir(${JSON.stringify(gone)});require('fs').rmdirSync(${JSON.stringify(gone)});import(${JSON.stringify(BIN)})`;
    const abs = spawnSync(process.execPath, ['-e', script, 'x', 'train', ...QUICK, '--out', join(dir, 'abs')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(abs.status, abs.stderr).toBe(0);
    mkdirSync(gone);
    const rel = spawnSync(process.execPath, ['-e', script, 'x', 'train', ...QUICK, '--out', 'rel'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expectRefused({ code: rel.status ?? -1, stderr: rel.stderr }, /--out rel: the working folder no longer exists; give an absolute path/);
  });
});

describe('rule 6: paths in experiment files are relative to the file; errors name the file and key', () => {
  beforeEach(() => {
    mkdirSync(join(dir, 'exp', 'data'), { recursive: true });
    writeFileSync(join(dir, 'exp', 'data', 'train.csv'), 'x1,x2,y\n0,0,0\n1,1,1\n0,1,0\n1,0,1\n');
    writeFileSync(join(dir, 'exp', 'data', 'test.csv'), 'x1,x2,y\n0,0,0\n1,1,1\n');
    const files: Record<string, object> = {
      'mine.json': { command: 'train', dataset: 'data/train.csv', testDataset: 'data/test.csv', iterations: 1, printEvery: 1 },
      'sweep.json': { command: 'sweep', of: 'train', dataset: ['data/train.csv', 'circles'], iterations: 1, printEvery: 1 },
      'check.json': { command: 'gradcheck', case: 'model', dataset: 'data/train.csv', examples: 2 },
      'bad-lambd.json': { command: 'train', lambd: -1 },
      'bad-layers.json': { command: 'train', layers: [3, 5, 1] },
      'missing.json': { command: 'train', dataset: 'nope.csv' },
      'bad-check.json': { command: 'gradcheck', case: 'model', lr: 0, epsilon: 'big' },
      'bad-jobs.json': { command: 'sweep', of: 'train', init: ['zeros', 'he'], jobs: -1 },
      'with-out.json': { command: 'train', out: 'results' },
    };
    for (const [name, v] of Object.entries(files)) writeFileSync(join(dir, 'exp', name), JSON.stringify(v));
  });

  it('finds the data next to the file from any working folder', () => {
    for (const cwd of [dir, join(dir, 'project')]) {
      const r = run(['run', join(dir, 'exp', 'mine.json'), '--json'], cwd);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.config.dataset).toBe(join(dir, 'exp', 'data', 'train.csv'));
      expect(out.config.testDataset).toBe(join(dir, 'exp', 'data', 'test.csv'));
      expect([0, 0.5, 1]).toContain(out.accuracy.test); // two test examples
    }
    const sweep = run(['run', 'exp/sweep.json', '--json']);
    expect(sweep.code).toBe(0);
    expect(JSON.parse(sweep.stdout).variants.map((v: { config: { dataset: string } }) => v.config.dataset)).toEqual(['exp/data/train.csv', 'circles']);
    expect(run(['run', 'exp/check.json', '--json']).code).toBe(0);
  });

  it('a file reached through a link is relative to where it really is', () => {
    mkdirSync(join(dir, 'links'));
    symlinkSync(join(dir, 'exp', 'mine.json'), join(dir, 'links', 'mine.json'));
    const r = run(['run', 'links/mine.json', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).config.dataset).toBe(join(dir, 'exp', 'data', 'train.csv'));
  });

  it('a --set path stays relative to the working folder, where it was typed', () => {
    const r = run(['run', 'exp/mine.json', '--set', 'testDataset=project/data.csv', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).config.testDataset).toBe('project/data.csv');
  });

  it.each([
    ['bad-lambd.json', /^nnlab: exp\/bad-lambd\.json: lambd must be a finite number ≥ 0 \(got -1\)$/],
    ['bad-layers.json', /^nnlab: exp\/bad-layers\.json: layers 3,5,1: the input size must equal the dataset's 2 features/],
    ['missing.json', /^nnlab: exp\/missing\.json: dataset: exp\/nope\.csv: no such file$/],
    ['bad-check.json', /^nnlab: exp\/bad-check\.json: epsilon must be a finite number > 0 or auto \(got "big"\)$/],
    ['bad-jobs.json', /^nnlab: exp\/bad-jobs\.json: jobs must be an integer from 1 to 32 \(got "-1"\)$/],
  ])('%s: the error names the file and key, not a flag', (name, line) => {
    const r = run(['run', `exp/${name}`]);
    expectRefused(r, line);
    expect(r.stderr).not.toMatch(/ --[a-z]/);
  });

  it('a run record is not taken for an experiment file', () => {
    placeRecord();
    expectRefused(run(['run', 'r/result.json']), /r\/result\.json: this is a run record written by nnlab, not an experiment file/);
    expectRefused(run(['run', 'exp/with-out.json']), /^nnlab: exp\/with-out\.json: out is a command-line flag, not a setting: nnlab run exp\/with-out\.json --out PATH$/);
  });

  it('--set errors name --set, and output flags a file cannot use are refused', () => {
    expectRefused(run(['run', 'exp/mine.json', '--set', 'lr=-1']), /^nnlab: --set lr must be a finite number > 0 \(got -1\)$/);
    expectRefused(run(['run', 'exp/check.json', '--out', 'r']), /--out does not apply to exp\/check\.json, a gradcheck file \(it applies to train, regularize, sweep files\)/);
    expectRefused(run(['run', 'exp/sweep.json', '--save', 'm.json']), /--save does not apply to exp\/sweep\.json, a sweep file \(it applies to train, regularize files\)/);
    expectRefused(run(['run', 'exp/sweep.json', '--boundary']), /--boundary does not apply to exp\/sweep\.json/);
    expectRefused(run(['run', 'exp/mine.json', '--iterations', '5']), /^nnlab: --iterations: run takes a file's settings; change one with --set iterations=5$/);
    expectRefused(run(['sweep', 'train', '--init', 'zeros,he', '--save', 'm.json']), /--save: a sweep writes no model files; --out DIR writes its record/);
    expectRefused(run(['gradcheck', '--out', 'g']), /--out: gradcheck writes no files/);
    expect(readdirSync(dir).sort()).toEqual(['exp', 'project']);
  });
});
