// nnlab train / nnlab regularize: one option set, two sets of defaults.
import { Command, Option } from 'commander';
import type { TrainRecord } from '../../experiments/train.js';
import { DEFAULTS, fromText, SETTING_KEYS, SETTINGS, validateSetting, flagOf, type RunConfig, type SettingKey, type TrainCommand } from '../../experiments/settings.js';
import { toRows } from '../../linalg/matrix.js';
import { clip, UsageError } from '../../errors.js';
import { checkOutputPath, writeDirAtomic, writeFileAtomic } from '../files.js';
import { jsonText, type Emit } from '../outcome.js';
import { progressBar } from '../progress.js';

const ABOUT: Record<TrainCommand, string> = {
  train: 'train a network; defaults are the initialization assignment (circles, 2,10,5,1, He init, lr 0.01, 15000 iterations)',
  regularize: 'train with L2 and/or dropout; defaults are the regularization assignment (football, 2,20,3,1, xavier init, lr 0.3, 30000 iterations)',
};

const shownDefault = (v: unknown): string => (Array.isArray(v) ? v.join(',') : String(v));

/** The shared settings as commander options, with this command's defaults in the help. */
export function addSettingOptions(cmd: Command, defaults: RunConfig, keys: readonly SettingKey[] = SETTING_KEYS, prefix = ''): Command {
  for (const key of keys) {
    const def = SETTINGS[key];
    // Settings without a value by default say what happens instead in their help.
    const suffix = defaults[key] === null ? '' : ` (default: ${shownDefault(defaults[key])})`;
    cmd.addOption(new Option(def.flag, `${prefix}${def.help}${suffix}`));
  }
  return cmd;
}

/** Given flags checked one by one, over the command's defaults. */
export function configFromFlags(command: TrainCommand, opts: Record<string, unknown>): RunConfig {
  const config: RunConfig = { ...DEFAULTS[command] };
  for (const key of SETTING_KEYS) {
    const text = opts[key];
    if (typeof text === 'string') (config as unknown as Record<string, unknown>)[key] = validateSetting(key, fromText(key, text), flagOf(key));
  }
  return config;
}

export interface OutputFlags {
  json?: boolean;
  save?: string;
  out?: string;
  force?: boolean;
  logScale?: boolean;
  boundary?: boolean;
  inspect?: boolean | string;
}

/** Runs a resolved config and renders it; shared by train, regularize and run. */
export async function executeTraining(command: TrainCommand, config: RunConfig, flags: OutputFlags): Promise<{ record: TrainRecord; stdout: string; warnings: string[] }> {
  const force = flags.force === true;
  if (flags.boundary && config.layers[0] !== 2) {
    throw new UsageError(`--boundary draws the plane of 2 features; --layers ${clip(config.layers.join(','))} has ${config.layers[0]} inputs`);
  }
  const savePath = flags.save ? checkOutputPath(flags.save, '--save', force) : undefined;
  const outPath = flags.out ? checkOutputPath(flags.out, '--out', force) : undefined;
  // Loaded on use: start-up stays short, and --json never loads the table and chart code.
  const [{ runTraining }, { trainJson }] = await Promise.all([import('../../experiments/train.js'), import('../render/trainJson.js')]);
  const bar = progressBar(command, !flags.json);
  const record = await runTraining(command, config, { hooks: { onProgress: (d, t) => bar.update(d, t) }, inspect: flags.inspect !== undefined && flags.inspect !== false });
  bar.done();
  const json = trainJson(record);
  if (savePath) {
    const parameters = Object.fromEntries(Object.entries(record.params).map(([k, m]) => [k, toRows(m)]));
    writeFileAtomic(savePath, jsonText({ layers: config.layers, parameters }));
  }
  if (outPath) {
    const [{ runRecordFiles }, { provenance }] = await Promise.all([import('../../experiments/record.js'), import('../provenance.js')]);
    writeDirAtomic(outPath, runRecordFiles(record, json, provenance(), { logScale: flags.logScale === true }), force);
  }
  const warnings = record.diverged
    ? [`training diverged: costs or parameters became inf/nan (lr ${config.lr} may be too large)`]
    : [];
  if (record.engineNotice) warnings.unshift(record.engineNotice);
  const which = flags.inspect === 'all' ? 'all' : 'summary';
  const stdout = flags.json
    ? jsonText(json)
    : (await import('../render/train.js')).renderTrain(record, { logScale: flags.logScale === true, boundary: flags.boundary === true, inspect: which });
  return { record, stdout, warnings };
}

export function registerTrain(program: Command, emit: Emit): void {
  for (const command of ['train', 'regularize'] as const) {
    const cmd = program.command(command).description(ABOUT[command]);
    addSettingOptions(cmd, DEFAULTS[command])
      .option('--save <file>', 'write the trained parameters as JSON (W1, b1, ... as nested row arrays)')
      .option('--out <dir>', 'write a run record: result.json, costs.csv, cost.svg, boundary.svg (2-feature data)')
      .option('--force', 'replace existing output files')
      .option('--log-scale', 'cost charts on a log scale')
      .option('--boundary', 'draw the decision regions and training points in the terminal')
      .addOption(new Option('--inspect [which]', 'per-layer weights, activations, dead and distinct units, gradient norms at reported iterations (summary: first, middle, last)').choices(['summary', 'all']))
      .option('--json', 'print one JSON object on stdout and nothing else')
      .action(async (opts: Record<string, unknown>) => {
        const config = configFromFlags(command, opts);
        const { stdout, warnings } = await executeTraining(command, config, opts as OutputFlags);
        emit({ stdout, warnings });
      });
  }
}
