// nnlab predict --model M --dataset D: a model's class prediction and probability for each example.
import { Command, Option } from 'commander';
import type { SplitName } from '../../data/registry.js';
import { UsageError } from '../../errors.js';
import { flagOf, fromText, SETTINGS, validateSetting, type RunConfig, type SettingKey } from '../../experiments/settings.js';
import { ACTIVATION_NAMES, type ActivationName } from '../../nn/activations.js';
import type { ModelOnData } from '../../experiments/evaluate.js';
import { openOutputs } from '../../output/transaction.js';
import { jsonText, type Emit, type Outcome } from '../outcome.js';

export interface ModelDataFlags {
  model?: string;
  dataset?: string;
  split: SplitName;
  samples?: string;
  noise?: string;
  dataSeed?: string;
  activation?: string;
  json?: boolean;
}

const MODEL_HELP = 'a model file (train --save, a record\'s model.json) or plain {"W1": [[...]], "b1": [[...]], ...} JSON';

/** Settings train takes that say which data a named dataset generates, and the activation of plain parameters. */
const SHARED: readonly SettingKey[] = ['samples', 'noise', 'dataSeed'];

/** --model, --dataset, --split, the generator options and --activation, shared by predict and eval. */
export function addModelDataOptions(cmd: Command): Command {
  cmd
    .option('--model <file>', MODEL_HELP)
    .option('--dataset <name|file>', 'a dataset name (nnlab datasets list), a CSV file (x1,...,y) or a .mat file (X, y; Xval, yval)')
    .addOption(new Option('--split <split>', 'which part of the dataset: train, or test (a named dataset\'s test split, a .mat file\'s Xval, yval)').choices(['train', 'test']).default('train'));
  for (const key of SHARED) cmd.option(SETTINGS[key].flag, SETTINGS[key].help);
  return cmd.addOption(new Option('--activation <name>', 'the hidden layers\' activation of plain parameters (default: relu); a model file names its own').choices(ACTIVATION_NAMES));
}

/** The model and the data, both required, read and checked against each other. */
export async function loadModelData(command: string, flags: ModelDataFlags): Promise<ModelOnData> {
  if (flags.model === undefined) throw new UsageError(`${command} needs --model FILE: ${MODEL_HELP}`);
  if (flags.dataset === undefined) throw new UsageError(`${command} needs --dataset: a dataset name (nnlab datasets list), a CSV file or a .mat file`);
  const setting = <K extends 'samples' | 'noise' | 'dataSeed'>(key: K): RunConfig[K] =>
    (flags[key] === undefined ? null : validateSetting(key, fromText(key, flags[key]), flagOf(key))) as RunConfig[K];
  const { modelOnData } = await import('../../experiments/evaluate.js');
  return modelOnData(flags.model, {
    dataset: flags.dataset, split: flags.split, samples: setting('samples'), noise: setting('noise'), dataSeed: setting('dataSeed'),
    activation: flags.activation as ActivationName | undefined,
  });
}

interface PredictFlags extends ModelDataFlags {
  out?: string;
  boundary?: boolean;
}

async function executePredict(flags: PredictFlags): Promise<Outcome> {
  const m = await loadModelData('predict', flags);
  if (flags.boundary && m.data.X.rows !== 2) {
    throw new UsageError(`--boundary draws the plane of 2 features; --dataset ${m.dataset} has ${m.data.X.rows}`);
  }
  const outputs = await openOutputs([flags.out === undefined ? undefined : { flag: '--out', path: flags.out, kind: 'predictions' }], false);
  try {
    const [{ predictions, predictionsCsv }, { predictJson, renderPredict }, { writeOutputs, leftoverWarnings }] = await Promise.all([
      import('../../experiments/evaluate.js'), import('../render/predict.js'), import('../../output/summary.js'),
    ]);
    const p = predictions(m);
    const written = await writeOutputs(outputs, { predictions: flags.out === undefined ? undefined : predictionsCsv(m, p) });
    const stdout = flags.json ? jsonText(predictJson(m, p, written.error || flags.out === undefined ? null : flags.out)) : renderPredict(m, p, { boundary: flags.boundary === true }) + written.line;
    return { stdout, warnings: leftoverWarnings(outputs), error: written.error };
  } finally {
    outputs.release();
  }
}

export function registerPredict(program: Command, emit: Emit): void {
  const cmd = program.command('predict').description("a model's predictions on a dataset: the class and the probability p for each example");
  addModelDataOptions(cmd)
    .option('--out <file>', 'write a CSV: the dataset\'s columns (x1,...,y) plus p and prediction; an existing file is never replaced')
    .option('--boundary', 'draw the decision regions and the points in the terminal (2-feature data)')
    .option('--json', 'print one JSON object on stdout and nothing else')
    .addHelpText('after', '\nExample: nnlab train --init he --save he.json && nnlab predict --model he.json --dataset circles --split test')
    .action(async (flags: PredictFlags) => emit(await executePredict(flags)));
}
