// nnlab sweep <train|regularize> --OPTION v1,v2,...: every comma list is an axis.
import { Command, Option } from 'commander';
import { clip, EXIT, UsageError } from '../../errors.js';
import { checkLayers, initModel, refuseDrawSettings } from '../../experiments/initFrom.js';
import { modelActivation } from '../../experiments/readModel.js';
import type { Axis, SweepPlan } from '../../experiments/sweep.js';
import type { ActivationName } from '../../nn/activations.js';
import { DEFAULTS, flagOf, fromFlags, fromText, SETTING_KEYS, SETTINGS, validateSetting, type RunConfig, type SettingKey, type TrainCommand, type Where } from '../../experiments/settings.js';
import type { Written } from '../../output/summary.js';
import { openOutputs } from '../../output/transaction.js';
import { intFlag, jobsFlag } from '../flags.js';
import { MAX_JOBS } from '../../limits.js';
import { jsonText, type Emit, type Outcome } from '../outcome.js';
import { progressBar } from '../progress.js';
import { QUIET_HELP } from './train.js';
import { count } from '../../words.js';

/** Splits at the separator where no bracket is open, so "max(1/fan_in, 0.1)" stays one value. */
function splitOutside(text: string, separators: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (depth === 0 && separators.includes(c)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** A flag's comma list as values. Layer lists contain commas, so their variants are separated by '/' or ';'. */
export function splitValues(key: SettingKey, text: string): string[] {
  return splitOutside(text, key === 'layers' ? '/;' : ',').map((s) => s.trim()).filter((s) => s !== '');
}

export interface SweepFlags {
  repeat?: string;
  jobs?: string;
  json?: boolean;
  out?: string;
  force?: boolean;
  quiet?: boolean;
}

/** Values per setting (text from flags or --set, or JSON arrays from files) → base config and axes. */
export function planSweep(of: TrainCommand, given: Partial<Record<SettingKey, { values: unknown[]; where: string }>>, repeat: number): SweepPlan {
  const base: RunConfig = { ...DEFAULTS[of] };
  const axes: Axis[] = [];
  for (const key of SETTING_KEYS) {
    const g = given[key];
    if (!g) continue;
    const values = g.values.map((v) => validateSetting(key, v, g.where));
    if (values.length === 0) throw new UsageError(`${g.where} has no values`);
    if (values.length === 1) (base as unknown as Record<string, unknown>)[key] = values[0];
    else axes.push({ key, values });
  }
  const models = (axes.find((a) => a.key === 'initFrom')?.values ?? [base.initFrom]).filter((p): p is string => p !== null);
  if (models.length > 0) Object.assign(base, modelShape(models, given, repeat));
  return { of, base, axes, repeat };
}

/**
 * The layers and hidden activation of a sweep whose runs start from models: theirs, which a given layers
 * or activation (an axis too) must match; an activation where the models name none (plain parameters).
 */
function modelShape(paths: string[], given: Partial<Record<SettingKey, { values: unknown[]; where: string }>>, repeat: number): Pick<RunConfig, 'layers' | 'activation'> {
  const where: Where = (k) => given[k as SettingKey]?.where ?? flagOf(k as SettingKey);
  refuseDrawSettings(new Set(Object.keys(given)), where);
  if (repeat > 1) throw new UsageError(`repeat ${repeat} reruns each variant with other seeds, which a run from ${where('initFrom')} does not use: every repeat would be the same run`);
  const models = paths.map((p) => initModel(p, where));
  const layerValues = (given.layers?.values ?? []) as number[][];
  for (const m of models) for (const layers of layerValues) checkLayers(m, layers, where);
  const first = models[0]!;
  const other = models.find((m) => m.layers.join() !== first.layers.join());
  if (other) throw new UsageError(`${where('initFrom')}: ${first.path} has layers ${first.layers.join(',')}, ${other.path} ${other.layers.join(',')}; sweep models of one shape at a time`);
  const activations = (given.activation?.values ?? [undefined]) as (ActivationName | undefined)[];
  // Every given value checked against every model; a model's own, else the first given (or ReLU).
  const named = models.map((m) => activations.map((a) => modelActivation(m, a, where))[0]!);
  const differ = models.find((_, i) => named[i] !== named[0]);
  if (differ) throw new UsageError(`${where('initFrom')}: ${first.path} has ${named[0]} hidden layers, ${differ.path} ${named[models.indexOf(differ)]}; sweep models of one activation at a time`);
  return { layers: first.layers, activation: named[0]! };
}

/** Runs a sweep and renders it; `where` names the settings' origins in messages. */
export async function executeSweep(plan: SweepPlan, flags: SweepFlags, where: Where = fromFlags): Promise<Outcome> {
  const [{ checkSweep }, { runCount, runSweep }, { settledExecutor }, { renderSweep, sweepJson }] = await Promise.all([
    import('../../experiments/sweepCheck.js'), import('../../experiments/sweep.js'), import('../executor.js'), import('../render/sweep.js'),
  ]);
  const jobs = jobsFlag(flags.jobs, runCount(plan), where('jobs'));
  // Every variant checked here, before the first run, rather than in a worker after others have run.
  await checkSweep(plan, jobs, where);
  const outputs = await openOutputs([flags.out === undefined ? undefined : { flag: '--out', path: flags.out, kind: 'record' }], flags.force === true);
  try {
    const variantCount = runCount(plan) / plan.repeat;
    const bar = progressBar(!flags.json && !flags.quiet, {
      header: `nnlab sweep ${plan.of} · ${count(variantCount, 'variant')} × ${count(plan.repeat, 'seed')} on ${count(jobs, 'thread')}`,
      unit: 'run',
    });
    const result = await runSweep(plan, settledExecutor(jobs, (d, t) => bar.update(d, t)));
    bar.done();
    const json = sweepJson(result);
    let written: Written = { line: '' };
    if (flags.out !== undefined) {
      const [{ sweepRecordFiles }, { provenance }, { writeOutputs }] = await Promise.all([
        import('../../experiments/record.js'), import('../provenance.js'), import('../../output/summary.js'),
      ]);
      written = await writeOutputs(outputs, { record: await sweepRecordFiles(result, json, provenance()) });
    }
    const [{ divergenceWarning, noTestSetWarning }, { leftoverWarnings }] = await Promise.all([import('../render/warnings.js'), import('../../output/summary.js')]);
    const failed = result.runs.filter((r) => r.error !== undefined);
    const warnings = [
      ...new Set(result.runs.map((r) => r.engineNotice).filter((n): n is string => !!n)),
      ...[...new Set(result.runs.filter((r) => r.testOnTrainingData).map((r) => r.config.dataset))].map(noTestSetWarning),
      ...result.variants.filter((v) => v.diverged > 0).map((v) => `${v.label}: ${divergenceWarning(v.divergence, v.config)}`),
      ...(failed.length > 0 ? [`${failed.length} of ${result.runs.length} runs failed (${clip(failed[0]!.error!)}); their variants are marked failed, the other results are kept`] : []),
      ...leftoverWarnings(outputs),
    ];
    const stdout = flags.json ? jsonText(json) : renderSweep(result) + written.line;
    return { stdout, warnings, error: written.error, exitCode: failed.length > 0 ? EXIT.failed : EXIT.ok };
  } finally {
    outputs.release();
  }
}

export function registerSweep(program: Command, emit: Emit): void {
  const cmd = program.command('sweep')
    .description('compare variants: every option given as a comma list is an axis; runs go to worker threads')
    .argument('<command>', 'train or regularize: the command whose defaults and options apply');
  for (const key of SETTING_KEYS) cmd.addOption(new Option(SETTINGS[key].flag.replace(/<(.*)>/, '<$1,...>'), SETTINGS[key].help));
  cmd.option('--repeat <k>', 'run each variant with k seeds (seed, seed+1, ...) and report mean ± std and a 95% interval', '1')
    .option('--jobs <n>', `worker threads, 1 to ${MAX_JOBS} (default: one per core)`)
    .option('--json', 'print one JSON object on stdout and nothing else')
    .option('--quiet', QUIET_HELP)
    .option('--out <dir>', 'write a sweep record: result.json, summary.csv, costs.csv, report.html')
    .option('--force', 'replace an existing --out record that nnlab wrote (never other files)')
    .addOption(new Option('--save <file>').hideHelp()) // refused with a pointer to --out
    .addHelpText('after', '\nLayer lists are separated by / or ;, e.g. --layers 2,10,1/2,20,3,1.\nExample: nnlab sweep regularize --lambd 0.01,0.1,0.3,0.7,1,5')
    .action(async (of: string, opts: Record<string, string | boolean | undefined>) => {
      if (of !== 'train' && of !== 'regularize') throw new UsageError(`sweep takes train or regularize (got "${clip(of)}")`);
      if (opts.save !== undefined) throw new UsageError('--save: a sweep writes no model files; --out DIR writes its record (result.json, summary.csv, costs.csv, report.html)');
      const given: Partial<Record<SettingKey, { values: unknown[]; where: string }>> = {};
      for (const key of SETTING_KEYS) {
        const text = opts[key];
        if (typeof text === 'string') given[key] = { values: splitValues(key, text).map((t) => fromText(key, t)), where: flagOf(key) };
      }
      const plan = planSweep(of, given, intFlag('--repeat', opts.repeat as string | undefined, 1, 1));
      emit(await executeSweep(plan, opts as SweepFlags));
    });
}
