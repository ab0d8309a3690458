// The commander program: one file per command under commands/, registered here.
import { fitText } from './render/fit.js';
import { Command } from 'commander';
import { EXIT } from '../errors.js';
import { chooseEngine } from './engineFlag.js';
import type { Emit } from './outcome.js';
import { layout, outputWidth } from './render/layout.js';
import { VERSION } from './version.js';


/**
 * Every exit code nnlab sets (errors.ts EXIT, and 128+N for a signal, output/signals.ts). Help epilogues
 * hold one line a paragraph: the help's output wraps them to its width (fit.ts), indenting continuations.
 */
const EXIT_HELP = `
Exit codes: ${EXIT.ok} success; ${EXIT.failed} a check failed (reproduce, gradcheck --case model or --model) or a sweep run failed; ${EXIT.usage} bad input; ${EXIT.unjudged} gradcheck --case model or --model cannot judge; 128+N stopped by signal N: ${EXIT.interrupted} interrupted (SIGINT), 143 terminated (SIGTERM).`;

type Register = (program: Command, emit: Emit) => void;

/**
 * Each command's module, loaded on use: a run loads only the command it names (built, `nnlab help train`
 * loads 21 files of the bundle and `nnlab --help` 35); help, a misspelt command or none at all loads
 * every one, in this order, for the list.
 */
const COMMANDS: readonly { names: readonly string[]; load: () => Promise<Register> }[] = [
  { names: ['train', 'regularize'], load: async () => (await import('./commands/train.js')).registerTrain },
  { names: ['predict'], load: async () => (await import('./commands/predict.js')).registerPredict },
  { names: ['eval'], load: async () => (await import('./commands/eval.js')).registerEval },
  { names: ['run'], load: async () => (await import('./commands/run.js')).registerRun },
  { names: ['sweep'], load: async () => (await import('./commands/sweep.js')).registerSweep },
  { names: ['reproduce'], load: async () => (await import('./commands/reproduce.js')).registerReproduce },
  { names: ['report'], load: async () => (await import('./commands/report.js')).registerReport },
  { names: ['bench'], load: async () => (await import('./commands/bench.js')).registerBench },
  { names: ['datasets'], load: async () => (await import('./commands/datasets.js')).registerDatasets },
  { names: ['gradcheck'], load: async () => (await import('./commands/gradcheck.js')).registerGradcheck },
];

/**
 * The commands argv needs: the one it names (the root's options take no values, so the first word
 * that is not an option is the command; after `help`, the next one); every command otherwise.
 * `nnlab --version` alone needs none.
 */
export function commandsFor(argv: readonly string[]): typeof COMMANDS {
  const words = argv.slice(2);
  const operands = words.filter((w) => !w.startsWith('-'));
  const name = operands[0] === 'help' ? operands[1] : operands[0];
  const named = COMMANDS.filter((c) => name !== undefined && c.names.includes(name));
  if (named.length > 0) return named;
  const versionOnly = operands.length === 0 && words.some((w) => w === '-V' || w === '--version') && !words.some((w) => w === '-h' || w === '--help');
  return versionOnly ? [] : COMMANDS;
}

export async function buildProgram(emit: Emit, argv: readonly string[]): Promise<Command> {
  const program = new Command('nnlab')
    .description('Reproduce and explore the practical side of training neural networks: initialization, regularization, gradient checking.')
    .version(VERSION)
    .option('--debug', 'show stack traces for errors (also NNLAB_DEBUG=1)')
    .option('--wide', 'tables and text as wide as their contents (default: the terminal\'s width, or COLUMNS, or 80)')
    .exitOverride()
    // errors are printed once, by main; help is fitted to the output's width like any other text
    .configureOutput({ outputError: () => {}, writeOut: (str) => process.stdout.write(fitText(str, outputWidth(process.argv.includes('--wide')))) })
    .showHelpAfterError(false)
    .showSuggestionAfterError(true)
    // Option descriptions wrap in their column (commander's default keeps them whole below 40 columns).
    .configureHelp({ minWidthToWrap: 20, helpWidth: Math.min(1000, outputWidth(process.argv.includes('--wide'))) })
    // Every command renders for the width known before it runs.
    .hook('preAction', async (_program, action) => {
      layout.width = outputWidth(program.opts().wide === true);
      const engine = action.opts().engine;
      if (typeof engine === 'string') await chooseEngine(engine);
      // the engine of a command that trains may also come from the environment: checked as --engine is
      else if (process.env.NNLAB_ENGINE && action.options.some((o) => o.long === '--engine')) await chooseEngine(process.env.NNLAB_ENGINE, 'NNLAB_ENGINE');
    })
    .addHelpText('after', EXIT_HELP);
  const registers = await Promise.all(commandsFor(argv).map((c) => c.load()));
  for (const register of registers) register(program, emit);
  return program;
}
