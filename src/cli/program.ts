// The commander program: one file per command under commands/, registered here.
import { fitText } from './render/fit.js';
import { Command } from 'commander';
import { EXIT } from '../errors.js';
import { registerBench } from './commands/bench.js';
import { chooseEngine } from './engineFlag.js';
import { registerDatasets } from './commands/datasets.js';
import { registerEval } from './commands/eval.js';
import { registerGradcheck } from './commands/gradcheck.js';
import { registerPredict } from './commands/predict.js';
import { registerReport } from './commands/report.js';
import { registerReproduce } from './commands/reproduce.js';
import { registerRun } from './commands/run.js';
import { registerSweep } from './commands/sweep.js';
import { registerTrain } from './commands/train.js';
import type { Emit } from './outcome.js';
import { layout, outputWidth } from './render/layout.js';
import { VERSION } from './version.js';


/**
 * Every exit code nnlab sets (errors.ts EXIT, and 128+N for a signal, output/signals.ts). Help epilogues
 * hold one line a paragraph: the help's output wraps them to its width (fit.ts), indenting continuations.
 */
const EXIT_HELP = `
Exit codes: ${EXIT.ok} success; ${EXIT.failed} a check failed (reproduce, gradcheck --case model or --model) or a sweep run failed; ${EXIT.usage} bad input; ${EXIT.unjudged} gradcheck --case model or --model cannot judge; 128+N stopped by signal N: ${EXIT.interrupted} interrupted (SIGINT), 143 terminated (SIGTERM).`;

export function buildProgram(emit: Emit): Command {
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
    })
    .addHelpText('after', EXIT_HELP);
  registerTrain(program, emit);
  registerPredict(program, emit);
  registerEval(program, emit);
  registerRun(program, emit);
  registerSweep(program, emit);
  registerReproduce(program, emit);
  registerReport(program, emit);
  registerBench(program, emit);
  registerDatasets(program, emit);
  registerGradcheck(program, emit);
  return program;
}
