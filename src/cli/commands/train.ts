// nnlab train / nnlab regularize: one option set, two sets of defaults.
import { engineOption } from '../engineFlag.js';
import { Command, Option } from 'commander';
import type { TrainRecord } from '../../experiments/train.js';
import { DEFAULTS, fromFlags, type RunConfig, type TrainCommand, type Where } from '../../experiments/settings.js';
import { clip, UsageError } from '../../errors.js';
import type { Written } from '../../output/summary.js';
import { openOutputs, type Outputs } from '../../output/transaction.js';
import { jsonText, warnNow, type Emit, type Outcome } from '../outcome.js';
import type { Engine } from '../../nn/engine.js';
import { progressBar } from '../progress.js';
import { FORCE_HELP, QUIET_HELP } from '../flags.js';
import { addSettingOptions, configFromFlags } from '../settingFlags.js';
import { count } from '../../words.js';

const ABOUT: Record<TrainCommand, string> = {
  train: 'train a network; defaults are the initialization assignment (circles, 2,10,5,1, He init, lr 0.01, 15000 iterations)',
  regularize: 'train with L2 and/or dropout; defaults are the regularization assignment (football, 2,20,3,1, xavier init, lr 0.3, 30000 iterations)',
};

export interface OutputFlags {
  json?: boolean;
  save?: string;
  out?: string;
  force?: boolean;
  logScale?: boolean;
  boundary?: boolean;
  inspect?: boolean | string;
  quiet?: boolean;
}

/** Runs a resolved config and renders it; shared by train, regularize and run. `where` names the settings' origins. */
export async function executeTraining(command: TrainCommand, config: RunConfig, flags: OutputFlags, where: Where = fromFlags): Promise<Outcome & { record: TrainRecord }> {
  const force = flags.force === true;
  if (flags.boundary && config.layers[0] !== 2) {
    throw new UsageError(`--boundary draws the plane of 2 features; ${where('layers')} ${clip(config.layers.join(','))} has ${config.layers[0]} inputs`);
  }
  if (flags.save !== undefined || flags.out !== undefined) {
    const { checkWritable } = await import('../../experiments/modelFile.js');
    checkWritable(config.layers, flags.save !== undefined ? `--save ${clip(flags.save)}` : `--out ${clip(flags.out!)} (its model.json)`);
  }
  // Every output is checked and locked before the first iteration, and written all or nothing after the last.
  const outputs = await openOutputs([
    flags.save === undefined ? undefined : { flag: '--save', path: flags.save, kind: 'model' },
    flags.out === undefined ? undefined : { flag: '--out', path: flags.out, kind: 'record' },
  ], force);
  try {
    // Loaded on use: start-up stays short, and --json never loads the table and chart code.
    const [{ runTraining, datasetLabel, activationLabel }, { trainJson }] = await Promise.all([import('../../experiments/train.js'), import('../render/trainJson.js')]);
    const bar = progressBar(!flags.json && !flags.quiet, {
      header: `nnlab ${command} · ${datasetLabel(config)} · layers ${config.layers.join(',')}${activationLabel(config)} · ${count(config.iterations, 'iteration')}`,
      ...(config.keepProb < 1 ? { costLabel: 'cost with dropout' } : {}),
    });
    // A record keeps ~20 stages of the parameters for its report's boundary slider (2-feature data only).
    const stages = flags.out !== undefined && config.layers[0] === 2 ? (await import('../../report/boundaryData.js')).stagesFor(config.layers) : 0;
    // A notice that the run is not on the engine asked for is said before the run, not after it.
    const onEngine = (e: Engine): void => void (e.notice && warnNow(e.notice));
    const record = await runTraining(command, config, { where, hooks: { onProgress: (d, t, cost) => bar.update(d, t, cost), onEngine }, inspect: flags.inspect !== undefined && flags.inspect !== false, stages });
    bar.done();
    const json = trainJson(record);
    const written = outputs.targets.length === 0 ? { line: '' } : await writeRun(outputs, record, json, flags);
    const { stdout, warnings } = await rendered(record, json, flags);
    const { leftoverWarnings } = await import('../../output/summary.js');
    return { record, stdout: flags.json ? stdout : stdout + written.line, warnings: [...warnings, ...leftoverWarnings(outputs)], error: written.error };
  } finally {
    outputs.release();
  }
}

/** Writes --save and --out (loaded on use: a run without outputs never loads the SVG code). */
async function writeRun(outputs: Outputs, record: TrainRecord, json: object, flags: OutputFlags): Promise<Written> {
  const [{ runRecordFiles }, { modelFileText }, { provenance }, { writeOutputs }] = await Promise.all([
    import('../../experiments/record.js'), import('../../experiments/modelFile.js'), import('../provenance.js'), import('../../output/summary.js'),
  ]);
  const meta = provenance();
  return writeOutputs(outputs, {
    model: flags.save === undefined ? undefined : modelFileText(record, meta.nnlab),
    record: flags.out === undefined ? undefined : await runRecordFiles(record, json, meta, { logScale: flags.logScale === true }),
  });
}

/** The run as the user sees it: one JSON object, or the tables and charts; a warning if it diverged. */
async function rendered(record: TrainRecord, json: object, flags: OutputFlags): Promise<{ stdout: string; warnings: string[] }> {
  const { config } = record;
  const { dataWarnings, divergenceWarning, noTestSetWarning } = await import('../render/warnings.js');
  const warnings = [
    ...dataWarnings(record.split, config.dataset),
    ...(record.data.testOnTrainingData ? [noTestSetWarning(config.dataset)] : []),
    ...(record.diverged ? [divergenceWarning(record.divergence, config)] : []),
  ];
  const from = record.initFrom;
  if (from && from.differs.length > 0) {
    const { settingsText } = await import('../render/modelData.js');
    warnings.push(`continuing from ${clip(from.path)} with ${settingsText(from.differs, 'run')}; it was trained with ${settingsText(from.differs, 'model')} (give those to continue the same training)`);
  }
  const which = flags.inspect === 'all' ? 'all' : 'summary';
  const stdout = flags.json
    ? jsonText(json)
    : (await import('../render/train.js')).renderTrain(record, { logScale: flags.logScale === true, boundary: flags.boundary === true, inspect: which });
  return { stdout, warnings };
}

export function registerTrain(program: Command, emit: Emit): void {
  for (const command of ['train', 'regularize'] as const) {
    const cmd = program.command(command).description(ABOUT[command]);
    addSettingOptions(cmd, DEFAULTS[command])
      .option('--save <file>', 'write the trained model as a model file (JSON: layers, parameters W1, b1, ... as nested row lists, settings, dataset)')
      .option('--out <dir>', 'write a run record: result.json, costs.csv, cost.svg, model.json, report.html, and boundary.svg, boundary.json for 2-feature data')
      .option('--force', FORCE_HELP)
      .option('--log-scale', 'cost charts on a log scale')
      .option('--boundary', 'draw the decision regions and training points in the terminal')
      .addOption(new Option('--inspect [which]', 'per-layer weights, activations, dead and distinct units, gradient norms at reported iterations (summary: first, middle, last)').choices(['summary', 'all']))
      .addOption(engineOption())
      .option('--json', 'print one JSON object on stdout and nothing else')
      .option('--quiet', QUIET_HELP)
      .action(async (opts: Record<string, unknown>) => {
        const config = configFromFlags(command, opts);
        const { record: _, ...outcome } = await executeTraining(command, config, opts as OutputFlags);
        emit(outcome);
      });
  }
}
