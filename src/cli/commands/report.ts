// nnlab report DIR: rebuild report.html of a run or sweep record from the record's files.
import { realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { reasonOf } from '../../output/errno.js';
import { clip, escapeControl, UsageError } from '../../errors.js';
import { jsonText, type Emit, type Outcome } from '../outcome.js';
import { count } from '../../words.js';

/** Why DIR cannot be rebuilt in place, in this command's words, before the output checks' general ones. */
function checkFolder(dir: string): string {
  let full: string;
  try {
    full = realpathSync.native(dir);
    if (!statSync(full).isDirectory()) throw new UsageError(`report ${clip(dir)}: not a folder; give a record folder written with --out`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`report ${clip(dir)}: no such folder; give a record folder written with --out`);
  }
  const cwd = process.cwd();
  if (full === cwd || cwd.startsWith(full + '/')) {
    throw new UsageError(`report ${clip(dir)}: it holds the working folder; run nnlab report from outside the record (the record is replaced as a whole)`);
  }
  return full;
}

/**
 * Writes report.html and result.json into the record, each keeping the mode of the file it replaces;
 * no other file is opened. Returns the UsageError of a failed write (nothing is changed then).
 */
function writeRebuilt(full: string, shown: string, writes: { name: string; text: string }[], place: typeof import('../../output/inPlace.js').placeInside, modeOf: (p: string) => number | undefined): UsageError | undefined {
  try {
    place(full, writes.map((w) => ({ ...w, mode: modeOf(join(full, w.name)) })));
    return undefined;
  } catch (e) {
    const name = (e as { failedName?: string }).failedName ?? 'report.html';
    return new UsageError(`report ${shown.replace(/\/$/, '')}: cannot write ${shown}${name}: ${reasonOf(e)}; nothing was written`);
  }
}

export async function executeReport(dir: string, flags: { json?: boolean }): Promise<Outcome> {
  const full = checkFolder(dir);
  const [{ recordRefusal }, { openOutputs }, { rebuildRecord }, { provenance }, { leftoverWarnings }, { placeInside, modeOf }] = await Promise.all([
    import('../../output/seal.js'), import('../../output/transaction.js'), import('../../report/rebuild.js'), import('../provenance.js'), import('../../output/summary.js'), import('../../output/inPlace.js'),
  ]);
  const { unfinishedProgress } = await import('../../experiments/sweepRecord.js');
  const unfinished = unfinishedProgress(full);
  if (unfinished) {
    const runs = unfinished.total === null ? `${unfinished.finished} runs finished` : `${unfinished.finished} of ${count(unfinished.total, 'run')}`;
    throw new UsageError(`report ${clip(dir)}: it holds an unfinished sweep (${runs}); --resume ${clip(dir)} with the options it was started with first: that runs the rest and writes its report.html`);
  }
  const why = recordRefusal(full);
  if (why) throw new UsageError(`report ${clip(dir)}: ${why}; nnlab rebuilds the report of an untouched record only, as it cannot vouch for edited data`);
  // Locked and checked as an output: another nnlab run writing the folder meanwhile is refused.
  const outputs = await openOutputs([{ flag: 'report', path: dir, kind: 'record' }], true);
  try {
    const { nnlab, gitCommit } = provenance();
    const rebuilt = await rebuildRecord(full, clip(dir), { nnlab, gitCommit });
    const shown = escapeControl(dir).replace(/\/*$/, '/');
    const json = { command: 'report', record: dir, kind: rebuilt.kind, written: rebuilt.changed, files: rebuilt.names };
    if (!rebuilt.changed) {
      return { stdout: flags.json ? jsonText(json) : `${shown}report.html is up to date: it is what this nnlab builds from the record; nothing written\n` };
    }
    const error = writeRebuilt(full, shown, rebuilt.writes, placeInside, modeOf);
    const sealedWith = rebuilt.resealed ? `re-sealed ${shown}result.json with its hash` : `${shown}result.json already held its hash`;
    const line = error ? '' : `rebuilt ${shown}report.html from the record's files; ${sealedWith}; every other file unchanged\n`;
    return { stdout: flags.json ? jsonText({ ...json, written: !error }) : line, error, warnings: leftoverWarnings(outputs) };
  } finally {
    outputs.release();
  }
}

export function registerReport(program: Command, emit: Emit): void {
  program.command('report')
    .description("rebuild report.html of a run or sweep record (--out DIR) from the record's own files")
    .argument('<dir>', 'a record folder written by nnlab with --out')
    .option('--json', 'print one JSON object on stdout and nothing else')
    .addHelpText('after', '\nOnly an untouched record is rebuilt; its other files are kept byte for byte and result.json is re-sealed with the new report\'s hash. The folder is replaced all or nothing, as --out writes it. Every file of the record is read as untrusted input (its seal is a plain sha256, which anyone can make): a file larger, more deeply nested or of another shape than nnlab writes is refused.')
    .action(async (dir: string, opts: { json?: boolean }) => emit(await executeReport(dir, opts)));
}
