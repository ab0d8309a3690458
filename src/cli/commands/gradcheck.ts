// nnlab gradcheck: the course's gradient-checking assignment, or a check of the real network.
import { Command, Option } from 'commander';
import { clip, didYouMean, shownValue, UsageError } from '../../errors.js';
import { DEFAULTS, fromFlags, fromText, spelling, validateSetting, type RunConfig, type SettingKey, type Where } from '../../experiments/settings.js';
import type { Epsilon, Thresholds } from '../../gradcheck/compare.js';
import type { FileModelCheckOptions, ModelCheckOptions } from '../../gradcheck/model.js';
import type { GradcheckReport } from '../../gradcheck/report.js';
import { numberFlag as number } from '../flags.js';
import { jsonText, type Emit, type Outcome } from '../outcome.js';
import { progressBar } from '../progress.js';
import { addSettingOptions, configFromFlags } from '../settingFlags.js';

/** The shared settings that shape the model case; iterations and printing do not apply. */
const MODEL_SETTINGS: readonly SettingKey[] = ['dataset', 'samples', 'noise', 'dataSeed', 'layers', 'activation', 'init', 'scale', 'seed', 'lr', 'lambd', 'keepProb'];
const MODEL_ONLY = ['model', 'after', 'examples', ...MODEL_SETTINGS] as const;
/** With --model the parameters are given: these, which draw or train them, do not apply. */
const NOT_WITH_MODEL = ['after', 'layers', 'init', 'scale', 'seed', 'lr', 'keepProb'] as const;

export interface Flags {
  /** Default: model with --model, else course. */
  case?: 'course' | 'model';
  model?: string;
  oneDim?: boolean;
  inject?: string;
  epsilon: string;
  threshold: string;
  warnThreshold: string;
  after?: string;
  examples?: string;
  json?: boolean;
  [setting: string]: unknown;
}

const HELP = `
Checks: the course case runs two, course-buggy (the backward pass with the course's planted mistakes, dW2*=2,db1*=4) and course-fixed; --one-dim runs the 1-D warm-up; --case model checks the network that train builds (same settings and defaults), dropout off; --model checks a model file's parameters on --dataset's training examples (required with it), with --lambd, --examples, --inject.
Verdicts: fail when some tensor's difference exceeds --warn-threshold by more than the finite differences' own error (estimated from the same difference at 2ε); cannot judge when the cost is not finite at θ±ε, or a tensor misses --threshold while its gradients or difference are within that error; else pass (total difference ≤ --threshold) or warn (≤ --warn-threshold). Gradients exactly 0 on both sides pass (0 = 0), with a note that a wrong factor there would not show. Coordinates whose step crosses a ReLU kink are judged with every ReLU held as it is at θ.
Exit code: 0 when the course demo or --one-dim runs (the planted failure is the expected outcome), or a --case model or --model check passes or warns; 1 when it fails (the table still prints); 3 when it cannot judge; 2 for bad input.
Examples:
  nnlab gradcheck
      the course's buggy and corrected backward pass
  nnlab gradcheck --epsilon auto
      a step per coordinate: less rounding noise, more kinks crossed
  nnlab gradcheck --case model --after 1000
      the real 2,10,5,1 network after 1000 iterations
  nnlab gradcheck --case model --inject dW1*=2
      plant a mistake and watch it get caught
  nnlab gradcheck --model m.json --dataset d.csv
      a model's backward pass at its parameters, on d.csv`;

function epsilonOf(text: string, where: Where): Epsilon {
  if (text.trim().toLowerCase() === 'auto') return 'auto';
  return number(where('epsilon'), text, (v) => Number.isFinite(v) && v > 0, 'a finite number > 0 or auto');
}

function thresholdsOf(flags: Flags, where: Where): Thresholds {
  const positive = (v: number): boolean => Number.isFinite(v) && v > 0;
  const threshold = number(where('threshold'), flags.threshold, positive, 'a finite number > 0');
  const warnThreshold = number(where('warnThreshold'), flags.warnThreshold, positive, 'a finite number > 0');
  if (warnThreshold < threshold) throw new UsageError(`${where('warnThreshold')} ${warnThreshold} must be ≥ ${where('threshold')} ${threshold}`);
  return { threshold, warnThreshold };
}

async function run(flags: Flags, where: Where): Promise<GradcheckReport> {
  const output = ['out', 'save'].find((k) => flags[k] !== undefined);
  if (output) throw new UsageError(`--${output}: gradcheck writes no files; its report is printed (--json for one JSON object)`);
  const [{ courseChecks, oneDimCheck }, { COURSE_MISTAKES }] = await Promise.all([import('../../gradcheck/cases.js'), import('../../gradcheck/inject.js')]);
  const epsilon = epsilonOf(flags.epsilon, where);
  const t = thresholdsOf(flags, where);
  const inject = flags.inject ?? null;
  if (flags.model !== undefined && flags.case === 'course') throw new UsageError(`${where('model')} checks a given model; it does not combine with ${spelling(where, 'case')} course`);
  const kase = flags.case ?? (flags.model === undefined ? 'course' : 'model');
  if (kase !== 'model') {
    const stray = MODEL_ONLY.find((k) => flags[k] !== undefined);
    if (stray) throw new UsageError(`${where(stray)} applies to ${spelling(where, 'case')} model only`);
  }
  if (flags.oneDim) {
    if (kase === 'model') throw new UsageError(`${where('oneDim')}: the 1-D warm-up does not combine with ${spelling(where, flags.model === undefined ? 'case' : 'model')}`);
    if (inject !== null) throw new UsageError(`${where('inject')} needs a network; the 1-D warm-up has no backward pass to plant mistakes in`);
    return { case: 'one-dim', checks: [oneDimCheck(epsilon, t)], inject: null };
  }
  if (kase === 'course') return { case: 'course', checks: courseChecks(epsilon, t, inject), inject: inject ?? COURSE_MISTAKES };
  const examples = flags.examples === undefined ? null : number(where('examples'), flags.examples, (v) => Number.isInteger(v) && v >= 1 && v <= Number.MAX_SAFE_INTEGER, 'an integer ≥ 1');
  // A check of a large network takes a while: a bar on stderr (a terminal only), under a header line.
  const bar = progressBar(!flags.json, { header: 'nnlab gradcheck · centered differences, one parameter at a time', unit: 'parameter' });
  const onProgress = (done: number, total: number): void => bar.update(done, total);
  try {
    if (flags.model !== undefined) return await fileModelReport(flags, flags.model, { examples, inject, epsilon, thresholds: t, where, onProgress });
    return await configModelReport(flags, { examples, inject, epsilon, thresholds: t, where, onProgress });
  } finally {
    bar.done();
  }
}

/** --case model: the network train builds, after --after iterations. */
async function configModelReport(flags: Flags, o: Omit<ModelCheckOptions, 'config' | 'after'> & { where: Where }): Promise<GradcheckReport> {
  const { where } = o;
  const { modelCheck } = await import('../../gradcheck/model.js');
  const config = configFromFlags('train', flags, where);
  const after = flags.after === undefined ? 0 : number(where('after'), flags.after, (v) => Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER, 'an integer ≥ 0');
  const { check, examples: used, available } = await modelCheck({ ...o, config, after });
  return {
    case: 'model',
    checks: [check],
    inject: o.inject,
    model: { dataset: config.dataset, samples: config.samples, noise: config.noise, dataSeed: config.dataSeed, layers: config.layers, activation: config.activation, modelFile: null, init: config.init, scale: config.scale, seed: config.seed, lambd: config.lambd, after, examples: used, available },
  };
}

/** --model: the check at a model's parameters on --dataset's training examples. */
async function fileModelReport(flags: Flags, path: string, o: Pick<FileModelCheckOptions, 'examples' | 'inject' | 'epsilon' | 'thresholds' | 'where' | 'onProgress'>): Promise<GradcheckReport> {
  const { where } = o;
  if (flags.keepProb !== undefined) {
    throw new UsageError(`gradient checking needs dropout off, as the course advises (its masks make the cost a different function at every evaluation); ${where('keepProb')} does not apply`);
  }
  const stray = NOT_WITH_MODEL.find((k) => flags[k] !== undefined);
  if (stray) throw new UsageError(`${where(stray)} does not apply with ${spelling(where, 'model')}: the parameters are the model's, nothing is drawn or trained`);
  if (flags.dataset === undefined) throw new UsageError(`${where('model')} needs ${spelling(where, 'dataset')}: the data to check the model on (a dataset name, a CSV or .mat file)`);
  const setting = <K extends 'lambd' | 'samples' | 'noise' | 'dataSeed' | 'activation'>(key: K): RunConfig[K] | undefined =>
    (flags[key] === undefined ? undefined : validateSetting(key, fromText(key, String(flags[key])), where(key)));
  const lambd = setting('lambd') ?? 0;
  const data = { samples: setting('samples') ?? null, noise: setting('noise') ?? null, dataSeed: setting('dataSeed') ?? null };
  const { fileModelCheck } = await import('../../gradcheck/model.js');
  const r = fileModelCheck({ ...o, path, dataset: String(flags.dataset), ...data, activation: setting('activation'), lambd });
  return {
    case: 'model',
    checks: [r.check],
    inject: o.inject,
    model: { dataset: String(flags.dataset), ...data, layers: r.layers, activation: r.activation, modelFile: path, init: null, scale: null, seed: null, lambd, after: 0, examples: r.examples, available: r.available },
  };
}

/** Keys a gradcheck experiment file may hold, as in --json's camelCase. */
export const GRADCHECK_KEYS: readonly string[] = ['case', 'oneDim', 'inject', 'epsilon', 'threshold', 'warnThreshold', ...MODEL_ONLY];
const FLAG_DEFAULTS = { epsilon: '1e-7', threshold: '1e-7', warnThreshold: '1e-5' } as const;

/** A gradcheck file's settings (and --set texts) as the flags they stand for; bad ones name the file and key. */
export function gradcheckFlagsFromFile(path: string, settings: Record<string, unknown>, sets: Record<string, string>): Flags {
  const flags: Flags = { ...FLAG_DEFAULTS };
  const put = (key: string, value: unknown, where: string): void => {
    if (!GRADCHECK_KEYS.includes(key)) throw new UsageError(`${where}: unknown setting '${clip(key)}'${didYouMean(key, GRADCHECK_KEYS)}; known: ${GRADCHECK_KEYS.join(', ')}`);
    if (key === 'oneDim') {
      if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') throw new UsageError(`${where}: oneDim must be true or false (got ${shownValue(value)})`);
      flags.oneDim = value === true || value === 'true';
    } else if (key === 'case' && value !== 'course' && value !== 'model') {
      throw new UsageError(`${where}: case must be course or model (got ${shownValue(value)})`);
    } else {
      flags[key] = Array.isArray(value) ? value.join(',') : String(value);
    }
  };
  for (const [k, v] of Object.entries(settings)) put(k, v, clip(path));
  for (const [k, v] of Object.entries(sets)) put(k, v, '--set');
  return flags;
}

/** Runs the checks and renders them; `where` names the settings' origins in messages. */
export async function executeGradcheck(flags: Flags, where: Where = fromFlags): Promise<Outcome> {
  const report = await run(flags, where);
  const [{ exitCodeOf }, { gradcheckJson, renderGradcheck }] = await Promise.all([import('../../gradcheck/report.js'), import('../render/gradcheck.js')]);
  // A planted mistake that changed nothing would make the check's verdict say nothing about it.
  const { compact } = await import('../../numpyText.js');
  const warnings = report.checks.flatMap((c) => [
    ...c.noEffect.map((n) => `--inject ${n.text} has no effect: ${n.reason}`),
    ...c.undetectable.map((u) => `--inject ${u.text} changes ${u.grad} by ${compact(u.change)} (Frobenius norm), below the ${compact(u.resolves)} this check resolves there: it cannot move the verdict`),
  ]);
  return { stdout: flags.json ? jsonText(gradcheckJson(report)) : renderGradcheck(report), exitCode: exitCodeOf(report), warnings };
}

export function registerGradcheck(program: Command, emit: Emit): void {
  const cmd = program.command('gradcheck')
    .description("gradient checking: the course's buggy and corrected backward pass, or the real network (--case model)")
    .addOption(new Option('--case <case>', 'course: the assignment\'s 4,5,3,1 network; model: the network train builds, or --model\'s (default: course, or model with --model)').choices(['course', 'model']))
    .option('--model <file>', 'check the backward pass at the parameters of a model file (or plain {"W1": [[...]], ...}) on --dataset\'s training examples')
    .option('--one-dim', 'the course\'s 1-D warm-up, J(θ) = θ·x at x = 2, θ = 4')
    .option('--inject <spec>', 'plant backward-pass mistakes, e.g. dW2*=2,db1+=0.1,dW1[0,1]*=3 (course case: replaces the planted dW2*=2,db1*=4)')
    .option('--epsilon <e|auto>', 'finite-difference step, or auto = cbrt(2^-52)·max(1, |θᵢ|) per coordinate', '1e-7')
    .option('--threshold <t>', 'pass at or below this difference', '1e-7')
    .option('--warn-threshold <t>', 'warn (within finite-difference noise) at or below this difference', '1e-5')
    .option('--after <n>', 'model: train this many iterations before checking (default: 0)')
    .option('--examples <k>', 'model: check on the first k training examples (default: all)');
  addSettingOptions(cmd, DEFAULTS.train, MODEL_SETTINGS, 'model: ')
    .option('--json', 'print one JSON object on stdout and nothing else')
    .addOption(new Option('--out <dir>').hideHelp()) // refused: gradcheck writes no files
    .addOption(new Option('--save <file>').hideHelp())
    .addHelpText('after', HELP)
    .action(async (flags: Flags) => emit(await executeGradcheck(flags)));
}
