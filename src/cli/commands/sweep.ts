// nnlab sweep <train|regularize> --OPTION v1,v2,...: every comma list is an axis.
import { engineOption } from '../engineFlag.js';
import { Command, Help, Option } from 'commander';
import type { Split } from '../../data/dataset.js';
import { clip, didYouMean, EXIT, UsageError } from '../../errors.js';
import { checkLayers, initModel, refuseDrawSettings } from '../../experiments/initFrom.js';
import { modelActivation } from '../../experiments/readModel.js';
import { parseShard, shardFromEnv, type Shard } from '../../experiments/shard.js';
import type { Axis, SweepPlan, SweepResult } from '../../experiments/sweep.js';
import type { SweepDefinition } from '../../experiments/sweepDefinition.js';
import type { ActivationName } from '../../nn/activations.js';
import { DEFAULTS, flagOf, fromFlags, fromText, SETTING_KEYS, SETTINGS, validateSetting, type RunConfig, type SettingKey, type TrainCommand, type Where } from '../../experiments/settings.js';
import type { Written } from '../../output/summary.js';
import { openOutputs } from '../../output/transaction.js';
import { intFlag, jobsFlag, QUIET_HELP } from '../flags.js';
import { MAX_JOBS } from '../../limits.js';
import { jsonText, type Emit, type Outcome } from '../outcome.js';
import { progressBar } from '../progress.js';
import type { SweepContext } from '../render/sweep.js';
import { VERSION } from '../version.js';
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
  resume?: string;
  shard?: string;
  shardFromEnv?: string | true;
  shards?: string;
}

/** The shard the flags name, or null; throws UsageError for flags that do not go together. */
function shardOfFlags(flags: SweepFlags, env: NodeJS.ProcessEnv): Shard | null {
  if (flags.resume === '') throw new UsageError('--resume: the path is empty; give the folder of the sweep record to continue');
  if (flags.resume !== undefined && flags.out !== undefined) throw new UsageError(`--resume ${clip(flags.resume)} writes into that record; drop --out`);
  if (flags.resume !== undefined && flags.force) throw new UsageError(`--force: --resume ${clip(flags.resume)} continues that record and replaces nothing`);
  if (flags.shard !== undefined && flags.shardFromEnv !== undefined) throw new UsageError('--shard and --shard-from-env both name the shard; give one');
  if (flags.shards !== undefined && flags.shardFromEnv === undefined) throw new UsageError('--shards goes with --shard-from-env; with --shard, write I/N');
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : flags.shardFromEnv !== undefined ? shardFromEnv(flags.shardFromEnv, flags.shards, env) : null;
  if (shard && flags.out === undefined && flags.resume === undefined) {
    throw new UsageError(`--shard ${shard.index}/${shard.count}: a shard's runs are kept for nnlab sweep merge in a record; give --out DIR`);
  }
  return shard;
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
  const layerValues = (given.layers?.values ?? []) as number[][];
  const activations = (given.activation?.values ?? [undefined]) as (ActivationName | undefined)[];
  // One model in memory at a time (each may hold millions of parameters), each path read once.
  let first: { path: string; layers: number[]; activation: ActivationName } | undefined;
  for (const path of new Set(paths)) {
    const m = initModel(path, where);
    for (const layers of layerValues) checkLayers(m, layers, where);
    // Every given value checked against every model; a model's own, else the first given (or ReLU).
    const activation = activations.map((a) => modelActivation(m, a, where))[0]!;
    first ??= { path: m.path, layers: m.layers, activation };
    if (m.layers.join() !== first.layers.join()) {
      throw new UsageError(`${where('initFrom')}: ${clip(first.path)} has layers ${clip(first.layers.join(','))}, ${clip(m.path)} ${clip(m.layers.join(','))}; sweep models of one shape at a time`);
    }
    if (activation !== first.activation) {
      throw new UsageError(`${where('initFrom')}: ${clip(first.path)} has ${first.activation} hidden layers, ${clip(m.path)} ${activation}; sweep models of one activation at a time`);
    }
  }
  return { layers: first!.layers, activation: first!.activation };
}

/** The progress bar of a sweep's runs on stderr, under a header line; none for --json or --quiet. */
const sweepBar = (plan: SweepPlan, jobs: number, flags: SweepFlags, fromRecord?: { kept: number; of: number }): ReturnType<typeof progressBar> => progressBar(!flags.json && !flags.quiet, {
  header: `nnlab sweep ${plan.of} · ${count(plan.axes.reduce((n, a) => n * a.values.length, 1), 'variant')} × ${count(plan.repeat, 'seed')}${fromRecord ? ` · ${fromRecord.kept} of ${count(fromRecord.of, 'run')} from the record` : ''} on ${count(jobs, 'thread')}`,
  unit: 'run',
});

/** Runs a sweep and renders it; `where` names the settings' origins in messages. */
export async function executeSweep(plan: SweepPlan, flags: SweepFlags, where: Where = fromFlags): Promise<Outcome> {
  const [{ checkSweep }, { runCount, runSweep }, { settledExecutor }] = await Promise.all([
    import('../../experiments/sweepCheck.js'), import('../../experiments/sweep.js'), import('../executor.js'),
  ]);
  const shard = shardOfFlags(flags, process.env);
  const runs = runCount(plan);
  const jobs = jobsFlag(flags.jobs, shard ? Math.ceil(runs / shard.count) : runs, where('jobs'));
  // Every variant checked here, before the first run, rather than in a worker after others have run.
  const splits = await checkSweep(plan, jobs, where);
  if (flags.out !== undefined || flags.resume !== undefined) return executeRecorded(plan, flags, shard, jobs, splits);
  const bar = sweepBar(plan, jobs, flags);
  const result = await runSweep(plan, settledExecutor(jobs, (d, t) => bar.update(d, t)));
  bar.done();
  return sweepOutcome(result, flags, { line: '' }, []);
}

/** A sweep with a record: --out (new) or --resume (continued in place); its runs are appended to it as they end. */
async function executeRecorded(plan: SweepPlan, flags: SweepFlags, shard: Shard | null, jobs: number, splits: Map<string, Split>): Promise<Outcome> {
  const [{ sweepDefinition, definitionHash }, { unfinishedRefusal }, { runJournaled }, { leftoverWarnings }] = await Promise.all([
    import('../../experiments/sweepDefinition.js'), import('../../experiments/sweepRecord.js'), import('../sweepJournal.js'), import('../../output/summary.js'),
  ]);
  const definition = sweepDefinition(plan, VERSION, splits);
  const hash = definitionHash(definition);
  if (flags.resume !== undefined) return executeResumed(plan, flags, shard, jobs, { definition, hash, splits });
  unfinishedRefusal(flags.out!, flags.force === true);
  const outputs = await openOutputs([{ flag: '--out', path: flags.out!, kind: 'record' }], flags.force === true);
  try {
    const bar = sweepBar(plan, jobs, flags);
    const run = await runJournaled({ plan, definition, hash, shard, splits }, { kind: 'new', outputs }, jobs, (d, t) => bar.update(d, t));
    bar.done();
    return sweepOutcome(run.result, flags, run.written, [...run.warnings, ...leftoverWarnings(outputs)], { shard, fromRecord: run.fromRecord });
  } finally {
    outputs.release();
  }
}

/** How to go on from a record --resume refuses, by why it refuses it. */
function resumeHint(dir: string): (why: string) => string {
  return (why) => {
    const foreign = /^it holds (.+), which is not part of the record$/.exec(why);
    if (foreign) return `; move ${foreign[1]} out of ${dir}, then --resume ${dir} again`;
    const derived = /^its (summary\.csv|costs\.csv|report\.html) changed since nnlab wrote it$/.exec(why);
    if (derived) return `; nnlab writes it again from the record's runs.jsonl: move it out of ${dir} (keep it if you edited it), then --resume ${dir} again`;
    return '; nnlab continues only a record it wrote, untouched: start a new record with --out';
  };
}

/** --resume DIR: the record continued in place, after checking it holds this sweep (or this shard). */
async function executeResumed(plan: SweepPlan, flags: SweepFlags, shard: Shard | null, jobs: number, sweep: { definition: SweepDefinition; hash: string; splits: Map<string, Split> }): Promise<Outcome> {
  const [{ definitionDifference }, { readSweepRecord, RUNS_FILE }, { runJournaled }, { inPlaceTarget }, { tryLock }, { leftoversInside }] = await Promise.all([
    import('../../experiments/sweepDefinition.js'), import('../../experiments/sweepRecord.js'), import('../sweepJournal.js'), import('../../output/targets.js'), import('../../output/lock.js'),
    import('../../output/names.js'),
  ]);
  const dir = clip(flags.resume!);
  const shown = `--resume ${dir}`;
  const target = inPlaceTarget('--resume', flags.resume!, RUNS_FILE);
  const lock = await tryLock(target.lockKey);
  if (!lock) throw new UsageError(`${shown}: in use by another nnlab run; wait for it to finish, then --resume ${dir} again if it did not complete the record`);
  try {
    const read = readSweepRecord(target.full, shown, { repair: true, hint: resumeHint(dir) });
    const differs = read.sweep.hash === sweep.hash ? null : definitionDifference(sweep.definition, read.sweep.definition, dir) ?? 'the settings differ';
    if (differs) throw new UsageError(`${shown}: this is not the sweep it holds: ${differs}; give the options it was started with, or start a new record with --out`);
    const named = (s: Shard | null): string => (s ? `shard ${s.index}/${s.count}` : 'the whole sweep');
    if (named(read.sweep.shard) !== named(shard)) throw new UsageError(`${shown}: it holds ${named(read.sweep.shard)}, not ${named(shard)}; ${read.sweep.shard ? `give --shard ${read.sweep.shard.index}/${read.sweep.shard.count}` : 'drop the shard flags'}`);
    const { finishedIn } = await import('../sweepJournal.js');
    const bar = sweepBar(plan, jobs, flags, finishedIn(read, plan, shard));
    // The record keeps its definition as written (a dataset's path as it was spelt there: the hash is the same).
    const run = await runJournaled({ plan, definition: read.sweep.definition, hash: sweep.hash, shard, splits: sweep.splits }, { kind: 'resume', full: target.full, shown: flags.resume!, read }, jobs, (d, t) => bar.update(d, t));
    bar.done();
    const leftovers = [...target.leftovers, ...leftoversInside(target.full)].map((p) => `${clip(p)} was left by an nnlab run that was killed; nnlab does not remove it, you may`);
    return sweepOutcome(run.result, flags, run.written, [...run.warnings, ...leftovers], { shard, fromRecord: run.fromRecord });
  } finally {
    lock.release();
  }
}

/** The table or JSON of a sweep, with its warnings; exit 1 when a run failed. */
export async function sweepOutcome(result: SweepResult, flags: SweepFlags, written: Written, leftovers: string[], context: SweepContext = {}, retry?: string): Promise<Outcome> {
  const [{ divergenceWarning, noTestSetWarning }, { renderSweep, sweepJson }] = await Promise.all([import('../render/warnings.js'), import('../render/sweep.js')]);
  const failed = result.runs.filter((r) => r.error !== undefined);
  const warnings = [
    ...new Set(result.runs.map((r) => r.engineNotice).filter((n): n is string => !!n)),
    ...[...new Set(result.runs.filter((r) => r.testOnTrainingData).map((r) => r.config.dataset))].map(noTestSetWarning),
    ...result.variants.filter((v) => v.diverged > 0).map((v) => `${v.label}: ${divergenceWarning(v.divergence, v.config)}`),
    ...(failed.length > 0 ? [`${failed.length} of ${result.runs.length} runs failed (${clip(failed[0]!.error!)}); their variants are marked failed, the other results are kept${retry !== undefined ? `; ${retry}` : flags.out !== undefined || flags.resume !== undefined ? `; --resume ${clip(flags.out ?? flags.resume!)} runs them again` : ''}`] : []),
    ...leftovers,
  ];
  const stdout = flags.json ? jsonText(sweepJson(result, context)) : renderSweep(result, context) + written.line;
  return { stdout, warnings, error: written.error, exitCode: failed.length > 0 ? EXIT.failed : EXIT.ok };
}

/** `nnlab sweep merge --help`: merge's own usage, not the training options it does not take. */
const MERGE_HELP = `Usage: nnlab sweep merge [--json] [--force] OUT SHARD_DIR...

combine the records of a sweep's shards (sweep ... --shard I/N --out DIR) into
OUT, one record of the whole sweep, summarised as an unsharded sweep is (the
same numbers, in the same order)

Arguments:
  OUT         the record to write (a new folder, or with --force an earlier
              merged record)
  SHARD_DIR   the shards' records, each shard of the sweep once, in any order

Options:
  --json      print one JSON object on stdout and nothing else
  --force     replace an existing OUT record that nnlab wrote (never a shard's
              record, never other files)
  -h, --help  display help for command

Refused, with nothing written: records of another sweep or nnlab version, a
shard given twice or missing, and a shard that lacks runs (--resume it first).
`;

export function registerSweep(program: Command, emit: Emit): void {
  const cmd = program.command('sweep')
    .description('compare variants: every option given as a comma list is an axis; runs go to worker threads')
    .argument('[command]', 'train or regularize: the command whose defaults and options apply; or merge')
    .argument('[records...]', 'merge only: OUT, the record to write, then the shard records');
  for (const key of SETTING_KEYS) cmd.addOption(new Option(SETTINGS[key].flag.replace(/<(.*)>/, '<$1,...>'), SETTINGS[key].help));
  cmd.option('--repeat <k>', 'run each variant with k seeds (seed, seed+1, ...) and report mean ± std and a 95% interval', '1')
    .option('--jobs <n>', `worker threads, 1 to ${MAX_JOBS} (default: one per core)`)
    .addOption(engineOption())
    .option('--json', 'print one JSON object on stdout and nothing else')
    .option('--quiet', QUIET_HELP)
    .option('--out <dir>', 'write a sweep record: result.json, summary.csv, costs.csv, report.html, and runs.jsonl, where each run is added as it ends')
    .option('--force', 'replace an existing --out record that nnlab wrote (never other files)')
    .option('--resume <dir>', 'continue the record of an interrupted sweep (the same command and options): run only its missing and failed runs')
    .option('--shard <i/n>', 'run shard i of n (counted from 1) of the runs, for nnlab sweep merge; needs --out')
    .option('--shard-from-env [var]', 'take the shard number from an environment variable (default: SLURM_ARRAY_TASK_ID, counted from 1, or JOB_COMPLETION_INDEX, from 0); needs --shards')
    .option('--shards <n>', 'with --shard-from-env: the number of shards')
    .addOption(new Option('--save <file>').hideHelp()) // refused with a pointer to --out
    .configureHelp({ formatHelp: (c, helper) => (c.args[0] === 'merge' ? MERGE_HELP : Help.prototype.formatHelp.call(helper, c, helper)) })
    .addHelpText('after', () => (cmd.args[0] === 'merge' ? '' : '\nLayer lists are separated by / or ;, e.g. --layers 2,10,1/2,20,3,1.\nExample: nnlab sweep regularize --lambd 0.01,0.1,0.3,0.7,1,5\nShards: nnlab sweep merge OUT SHARD_DIR... combines the records of a sweep\'s shards into one (--json, --force).'))
    .action(async (of: string | undefined, records: string[], opts: Record<string, string | boolean | undefined>) => {
      if (of === undefined) throw new UsageError(`sweep needs the command to sweep, train or regularize (or merge to join shard records), before its options: e.g. nnlab sweep regularize --lambd 0.1,0.7${typeof opts.resume === 'string' ? ` --resume ${clip(opts.resume)}` : ''}`);
      if (of === 'merge') {
        const other = cmd.options.map((o) => o.attributeName()).find((k) => k !== 'json' && k !== 'force' && cmd.getOptionValueSource(k) === 'cli');
        if (other !== undefined) throw new UsageError(`sweep merge takes --json and --force only (got ${cmd.options.find((o) => o.attributeName() === other)!.long}); the shards' records hold their settings`);
        const { executeMerge } = await import('./sweepMerge.js');
        return emit(await executeMerge(records[0], records.slice(1), opts));
      }
      if (of !== 'train' && of !== 'regularize') throw new UsageError(`sweep takes train or regularize, or merge to join shard records (got "${clip(of)}")${didYouMean(of, ['train', 'regularize', 'merge'])}`);
      if (records.length > 0) throw new UsageError(`sweep ${of} takes options only (got "${clip(records[0]!)}"); a list of values is written with commas, e.g. --lambd 0.1,0.7`);
      if (opts.save !== undefined) throw new UsageError('--save: a sweep writes no model files; --out DIR writes its record (result.json, summary.csv, costs.csv, report.html, runs.jsonl)');
      const given: Partial<Record<SettingKey, { values: unknown[]; where: string }>> = {};
      for (const key of SETTING_KEYS) {
        const text = opts[key];
        if (typeof text === 'string') given[key] = { values: splitValues(key, text).map((t) => fromText(key, t)), where: flagOf(key) };
      }
      const plan = planSweep(of, given, intFlag('--repeat', opts.repeat as string | undefined, 1, 1));
      emit(await executeSweep(plan, opts as SweepFlags));
    });
}
