// The one place that prints errors and sets the exit code.
import { CommanderError } from 'commander';
import { clip, EXIT, NnlabError } from '../errors.js';
import { reasonOf } from '../output/errno.js';
import { setInterruptPrinter } from '../output/signals.js';
import { oneLine, warningLine, type Outcome } from './outcome.js';
import { buildProgram } from './program.js';
import { fitText } from './render/fit.js';
import { layout } from './render/layout.js';
import { wrap } from './render/text.js';

export async function main(argv: string[]): Promise<void> {
  // A reader that stops early (nnlab ... | head) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    // A full disk or a device that takes nothing (> /dev/full): said in words, like any write error.
    process.stderr.write(`nnlab: cannot write the standard output: ${reasonOf(e)}\n`);
    process.exit(EXIT.usage);
  });
  // What an interrupt left behind (a sweep's runs kept in its record), fitted to the width as prose is.
  setInterruptPrinter((line) => process.stderr.write(`${wrap(`nnlab: ${oneLine(line)}`)}\n`));
  const debug = argv.includes('--debug') || process.env.NNLAB_DEBUG === '1';
  let outcome: Outcome | undefined;
  try {
    await (await buildProgram((o) => (outcome = o), argv)).parseAsync(argv);
  } catch (e) {
    process.exitCode = report(e, debug);
    return;
  }
  if (outcome) {
    // --json prints exactly one object, which no human output starts with; the rest fits the width.
    // Pieces (CSV rows, long JSON) are written one by one as they are made, unchanged.
    const out = outcome.stdout;
    if (typeof out === 'string') process.stdout.write(out.startsWith('{') ? out : fitText(out, layout.width));
    else for (const piece of out) process.stdout.write(piece);
    for (const w of outcome.warnings ?? []) process.stderr.write(warningLine(w));
    process.exitCode = outcome.error ? report(outcome.error, debug) : outcome.exitCode ?? EXIT.ok;
  }
}

function report(e: unknown, debug: boolean): number {
  if (e instanceof CommanderError) {
    // help and --version come through here too, already printed, with exit code 0
    if (e.exitCode === 0) return EXIT.ok;
    // a command group run without its subcommand: commander has printed the help; that is the message
    if (e.code === 'commander.help') return EXIT.usage;
    process.stderr.write(`nnlab: ${oneLine(commanderLine(e.message))}\n`);
    return EXIT.usage;
  }
  if (e instanceof NnlabError) {
    process.stderr.write(`nnlab: ${oneLine(e.message)}\n`);
    if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`nnlab: internal error: ${oneLine(err.message)}${debug ? '' : ' (run with --debug for details)'}\n`);
  if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
  return EXIT.failed;
}

/** commander's "error: unknown option '--x'\n(Did you mean --y?)" as one line; the quoted argument is the user's. */
function commanderLine(message: string): string {
  return message
    .replace(/'([^']*)'/g, (_, quoted: string) => `'${clip(quoted)}'`)
    .replace(/^error: /, '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\(Did you mean (.*)\?\)/, '(did you mean $1?)');
}
