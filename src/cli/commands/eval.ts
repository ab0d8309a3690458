// nnlab eval --model M --dataset D: the course's cost, accuracy, confusion matrix, precision, recall, F1,
// and with --grads the gradients of the course's backward pass at the model's parameters.
import { Command, Option } from 'commander';
import { UsageError } from '../../errors.js';
import { flagOf, fromText, validateSetting } from '../../experiments/settings.js';
import type { DropoutMasks } from '../../nn/dropout.js';
import { jsonText, type Emit, type Outcome } from '../outcome.js';
import { addModelDataOptions, loadModelData, type ModelDataFlags } from './predict.js';

interface EvalFlags extends ModelDataFlags {
  lambd?: string;
  grads?: boolean;
  keepProb?: string;
  dropoutMasks?: DropoutMasks;
}

async function executeEval(flags: EvalFlags): Promise<Outcome> {
  const read = <K extends 'lambd' | 'keepProb'>(key: K, text: string) => validateSetting(key, fromText(key, text), flagOf(key));
  const lambd = flags.lambd === undefined ? 0 : read('lambd', flags.lambd);
  const keepProb = flags.keepProb === undefined ? 1 : read('keepProb', flags.keepProb);
  const dropoutMasks = flags.dropoutMasks ?? 'course';
  if (!flags.grads) {
    const stray = flags.keepProb !== undefined ? '--keep-prob' : flags.dropoutMasks !== undefined ? '--dropout-masks' : undefined;
    if (stray) throw new UsageError(`${stray} applies to --grads (the course's training-mode pass); eval's cost and predictions use no dropout`);
  }
  const m = await loadModelData('eval', flags);
  const [{ evaluate }, { evalJson, renderEval }] = await Promise.all([import('../../experiments/evaluate.js'), import('../render/eval.js')]);
  const e = evaluate(m, lambd, flags.grads ? { lambd, keepProb, dropoutMasks } : null);
  return { stdout: flags.json ? jsonText(evalJson(m, e)) : renderEval(m, e) };
}

export function registerEval(program: Command, emit: Emit): void {
  const cmd = program.command('eval').description("a model on a dataset: the course's cost, accuracy, confusion matrix, precision, recall, F1; --grads for the gradients");
  addModelDataOptions(cmd)
    .option('--lambd <λ>', "add the course's L2 term λ/(2m)·Σ‖W‖² to the cost (and to the gradients) (default: 0)")
    .option('--grads', "also run the course's backward pass at these parameters and print dW1, db1, ...")
    .option('--keep-prob <p>', 'with --grads: the training-mode pass with dropout on the hidden layers, masks drawn as the course does (numpy seed 1) (default: 1)')
    .addOption(new Option('--dropout-masks <mode>', 'with --grads and --keep-prob: course or fresh, the same masks for one pass (default: course)').choices(['course', 'fresh']))
    .option('--json', 'print one JSON object on stdout and nothing else')
    .addHelpText('after', '\nExample: nnlab eval --model m.json --dataset football --split test --lambd 0.7')
    .action(async (flags: EvalFlags) => emit(await executeEval(flags)));
}
