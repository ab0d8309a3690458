// The commander program: one file per command under commands/, registered here.
import { Command } from 'commander';
import { registerBench } from './commands/bench.js';
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


export function buildProgram(emit: Emit): Command {
  const program = new Command('nnlab')
    .description('Reproduce and explore the practical side of training neural networks: initialization, regularization, gradient checking.')
    .version(VERSION)
    .option('--debug', 'show stack traces for errors (also NNLAB_DEBUG=1)')
    .option('--wide', 'tables and text as wide as their contents (default: the terminal\'s width, or COLUMNS, or 80)')
    .exitOverride()
    .configureOutput({ outputError: () => {} }) // errors are printed once, by main
    .showHelpAfterError(false)
    .showSuggestionAfterError(true)
    // Every command renders for the width known before it runs.
    .hook('preAction', () => {
      layout.width = outputWidth(program.opts().wide === true);
    })
    .addHelpText('after', '\nExit codes: 0 success, 1 a check failed (reproduce, gradcheck --case model) or a sweep run\nfailed, 2 bad input, 130 interrupted (SIGINT), 143 terminated (SIGTERM).');
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
