// nnlab run FILE [--set key=value]...: output and --json exactly those of the command the file names.
import { engineOption } from '../engineFlag.js';
import { Command, Option } from 'commander';
import { applySets, readExperimentFile, resolveRunSettings, type ExperimentFile } from '../../experiments/configFile.js';
import { DEFAULTS, flagOf, fromFile, fromText, SETTING_KEYS, SETTINGS, type SettingKey } from '../../experiments/settings.js';
import { clip, didYouMean, UsageError } from '../../errors.js';
import { executeGradcheck, gradcheckFlagsFromFile, GRADCHECK_KEYS } from './gradcheck.js';
import type { Emit, Outcome } from '../outcome.js';
import { FORCE_HELP, intFlag, QUIET_HELP } from '../flags.js';
import { executeSweep, planSweep, splitValues } from './sweep.js';
import { executeTraining, type OutputFlags } from './train.js';

const SWEEP_EXTRA = ['repeat', 'jobs'];

interface RunFlags extends OutputFlags {
  set: string[];
  resume?: string;
}

/** Flags of run that only some files' commands use. */
const APPLIES: Record<string, { key: keyof RunFlags; to: readonly string[] }> = {
  '--save': { key: 'save', to: ['train', 'regularize'] },
  '--out': { key: 'out', to: ['train', 'regularize', 'sweep'] },
  '--resume': { key: 'resume', to: ['sweep'] },
  '--log-scale': { key: 'logScale', to: ['train', 'regularize'] },
  '--boundary': { key: 'boundary', to: ['train', 'regularize'] },
};

/** A flag the file's command would not use is refused, not ignored; so is a setting given as a flag. */
function checkRunFlags(file: ExperimentFile, flags: RunFlags): void {
  for (const [flag, { key, to }] of Object.entries(APPLIES)) {
    if (flags[key] !== undefined && !to.includes(file.command)) {
      throw new UsageError(`${flag} does not apply to ${file.path}, a ${file.command} file (it applies to ${to.join(', ')} files)`);
    }
  }
  const setting = SETTING_KEYS.find((k) => flags[k as keyof RunFlags] !== undefined);
  if (setting) throw new UsageError(`${flagOf(setting)}: run takes a file's settings; change one with --set ${setting}=${String(flags[setting as keyof RunFlags])}`);
}

async function runFile(file: ExperimentFile, flags: RunFlags): Promise<Outcome> {
  checkRunFlags(file, flags);
  if (file.command === 'train' || file.command === 'regularize') {
    const withSets = applySets(file, flags.set, SETTING_KEYS);
    const config = resolveRunSettings(withSets, DEFAULTS[file.command]);
    const { record: _, ...outcome } = await executeTraining(file.command, config, flags, fromFile(file.path, withSets.sets));
    return outcome;
  }
  if (file.command === 'sweep') return runSweepFile(applySets(file, flags.set, [...SETTING_KEYS, ...SWEEP_EXTRA]), flags);
  const withSets = applySets(file, flags.set, GRADCHECK_KEYS);
  return executeGradcheck({ ...gradcheckFlagsFromFile(file.path, withSets.settings, withSets.sets), json: flags.json }, fromFile(file.path, withSets.sets));
}

async function runSweepFile(file: ExperimentFile, flags: RunFlags): Promise<Outcome> {
  const given: Partial<Record<SettingKey, { values: unknown[]; where: string }>> = {};
  for (const [name, value] of Object.entries(file.settings)) {
    if (SWEEP_EXTRA.includes(name)) continue;
    if (!(SETTING_KEYS as string[]).includes(name)) {
      const all = [...SETTING_KEYS, ...SWEEP_EXTRA];
      throw new UsageError(`${clip(file.path)}: unknown setting '${clip(name)}'${didYouMean(name, all)}; known: ${all.join(', ')}`);
    }
    const key = name as SettingKey;
    // In a sweep file an axis is an array; a layers axis is an array of arrays.
    const isAxis = Array.isArray(value) && (key !== 'layers' || Array.isArray(value[0]));
    given[key] = { values: isAxis ? value : [value], where: `${clip(file.path)}: ${key}` };
  }
  for (const [name, text] of Object.entries(file.sets)) {
    if (SWEEP_EXTRA.includes(name)) continue;
    const key = name as SettingKey;
    given[key] = { values: splitValues(key, text).map((t) => fromText(key, t)), where: `--set ${key}` };
  }
  const extra = (k: string): string | undefined => file.sets[k] ?? (file.settings[k] === undefined ? undefined : String(file.settings[k]));
  const plan = planSweep(file.of!, given, intFlag(fromFile(file.path, file.sets)('repeat'), extra('repeat'), 1, 1));
  return executeSweep(plan, { json: flags.json, quiet: flags.quiet, jobs: extra('jobs'), out: flags.out, force: flags.force, resume: flags.resume }, fromFile(file.path, file.sets));
}

export function registerRun(program: Command, emit: Emit): void {
  const cmd = program.command('run')
    .description('run an experiment file (configs/*.json): its output is that of the command it names')
    .argument('<file>', 'experiment file, e.g. configs/reg-l2.json')
    .option('--set <key=value>', 'override a setting, e.g. --set lambd=0.3 (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--save <file>', 'train/regularize: write the trained parameters as JSON')
    .option('--out <dir>', 'write a run record (train/regularize: result.json, costs.csv, cost.svg, report.html, boundary.svg, boundary.json; sweep: result.json, summary.csv, costs.csv, report.html)')
    .option('--force', FORCE_HELP)
    .option('--resume <dir>', 'sweep files: continue the record of an interrupted sweep, running only its missing and failed runs')
    .option('--log-scale', 'cost charts on a log scale')
    .option('--boundary', 'draw the decision regions in the terminal')
    .addOption(engineOption())
    .option('--json', 'print one JSON object on stdout and nothing else')
    .option('--quiet', QUIET_HELP);
  // Settings typed as flags are caught to point at --set, rather than refused as unknown options.
  for (const key of SETTING_KEYS) cmd.addOption(new Option(SETTINGS[key].flag).hideHelp());
  cmd.action(async (path: string, opts: RunFlags) => emit(await runFile(readExperimentFile(path), opts)));
}
