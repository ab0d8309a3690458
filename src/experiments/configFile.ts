// Experiment files: JSON naming a command and only the settings that differ from its defaults,
// keyed like the `config` object of --json output. Checked against the same settings table as flags.
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetSpec } from '../data/registry.js';
import { clip, didYouMean, shownValue, UsageError } from '../errors.js';
import { readInputText } from '../inputFile.js';
import { MAX_EXPERIMENT_BYTES, MAX_JSON_DEPTH } from '../limits.js';
import { applyInitFrom } from './initFrom.js';
import { fromFile, settingKey, SETTING_KEYS, validateSetting, fromText, type RunConfig, type SettingKey, type TrainCommand } from './settings.js';

/** The course's experiment files, shipped with nnlab. */
export const CONFIG_DIR = fileURLToPath(new URL('../../configs/', import.meta.url));

/** A shipped experiment file by name, e.g. courseFile('reg-l2'). */
export const courseFile = (name: string): string => `${CONFIG_DIR}${name}.json`;

export const FILE_COMMANDS = ['train', 'regularize', 'gradcheck', 'sweep'] as const;
export type FileCommand = (typeof FILE_COMMANDS)[number];

/** Settings as given in a file or by --set, before defaults: raw values, checked per command. */
export type RawSettings = Record<string, unknown>;

export interface ExperimentFile {
  path: string;
  command: FileCommand;
  /** sweep only: the command each variant runs. */
  of?: TrainCommand;
  settings: RawSettings;
  /** --set overrides as text, read the way the setting's flag is read. */
  sets: Record<string, string>;
}

/** Keys whose values may be file paths; a dataset may instead be a name such as circles. */
const PATH_KEYS: Record<string, (v: string) => boolean> = {
  dataset: (v) => datasetSpec(v) === undefined,
  testDataset: () => true,
  initFrom: () => true,
  model: () => true,
};

/**
 * A file's paths are relative to the file's folder, so that an experiment folder can be moved or run
 * from anywhere; --set values stay relative to the working folder, where they were typed.
 */
function relativeToFile(settings: RawSettings, path: string): RawSettings {
  // A file reached through a link is relative to where it really is, beside its data.
  const base = lstatSync(path).isSymbolicLink() ? dirname(realpathSync(path)) : dirname(path);
  const fix = (key: string, v: unknown): unknown =>
    typeof v === 'string' && v !== '' && !isAbsolute(v) && PATH_KEYS[key]!(v) ? join(base, v) : v;
  return Object.fromEntries(Object.entries(settings).map(([key, v]) =>
    [key, Object.hasOwn(PATH_KEYS, key) ? (Array.isArray(v) ? v.map((x) => fix(key, x)) : fix(key, v)) : v]));
}

/** Flags of `nnlab run` itself: where results go, not how the experiment runs. */
const OUTPUT_FLAGS = ['out', 'save', 'force', 'json'] as const;

export function readExperimentFile(path: string): ExperimentFile {
  const text = readInputText(path, 'an experiment file', MAX_EXPERIMENT_BYTES);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${clip(path)}: not valid JSON (${clip((e as Error).message, 120)})`);
  }
  if (jsonDepth(data) > MAX_JSON_DEPTH) throw new UsageError(`${clip(path)}: nested more than ${MAX_JSON_DEPTH} levels deep; an experiment file needs 3 at most`);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`${clip(path)}: must hold a JSON object like {"command": "train", "init": "he"}`);
  const { command, of, ...settings } = data as Record<string, unknown>;
  if ('record' in settings && 'provenance' in settings) {
    throw new UsageError(`${clip(path)}: this is a run record written by nnlab, not an experiment file; an experiment file names a command and settings, e.g. {"command": "train", "init": "he"}`);
  }
  const flag = Object.keys(settings).find((k) => (OUTPUT_FLAGS as readonly string[]).includes(k));
  if (flag) throw new UsageError(`${clip(path)}: ${flag} is a command-line flag, not a setting: nnlab run ${clip(path)} --${flag}${flag === 'force' ? '' : ' PATH'}`);
  if (typeof command !== 'string' || !(FILE_COMMANDS as readonly string[]).includes(command)) {
    const hint = typeof command === 'string' ? didYouMean(command, FILE_COMMANDS) : '';
    throw new UsageError(`${clip(path)}: command must be one of ${FILE_COMMANDS.join(', ')} (got ${shownValue(command)})${hint}`);
  }
  const file: ExperimentFile = { path, command: command as FileCommand, settings: relativeToFile(settings, path), sets: {} };
  if (command === 'sweep') {
    if (of !== 'train' && of !== 'regularize') throw new UsageError(`${clip(path)}: of must be train or regularize, the command each sweep variant runs (got ${shownValue(of)})`);
    file.of = of;
  } else if (of !== undefined) {
    throw new UsageError(`${clip(path)}: 'of' applies to sweep files only`);
  }
  return file;
}

/** How deeply arrays and objects nest in a parsed JSON value (a number: 0), without recursion. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, d + 1);
    for (const child of Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, d + 1]);
  }
  return deepest;
}

/** A setting as its flag spells it (keep-prob, --keep-prob) as its key (keepProb). */
const camelCase = (name: string): string => name.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** --set key=value (or --set flag-name=value), applied over a file's settings; the value is read as that setting's flag would be. */
export function applySets(file: ExperimentFile, sets: readonly string[], known: readonly string[]): ExperimentFile {
  const out = { ...file.sets };
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${clip(s)}: expected key=value, e.g. --set lambd=0.3`);
    const given = s.slice(0, eq).trim();
    const key = camelCase(given);
    if (!known.includes(key)) throw new UsageError(`--set ${clip(s)}: unknown setting '${clip(given)}'${didYouMean(key, known)}; known: ${known.join(', ')}`);
    out[key] = s.slice(eq + 1);
  }
  return { ...file, sets: out };
}

/** Checks a train/regularize file's settings and lays them over the command's defaults. */
export function resolveRunSettings(file: ExperimentFile, defaults: RunConfig, extraKeys: readonly string[] = []): RunConfig {
  const config: RunConfig = { ...defaults };
  const put = (key: SettingKey, value: unknown, where: string): void => {
    (config as unknown as Record<string, unknown>)[key] = validateSetting(key, value, where);
  };
  for (const [name, value] of Object.entries(file.settings)) {
    if (!extraKeys.includes(name)) put(knownKey(name, file.path, extraKeys), value, `${clip(file.path)}: ${name}`);
  }
  for (const [name, text] of Object.entries(file.sets)) {
    if (!extraKeys.includes(name)) put(knownKey(name, '--set', extraKeys), fromText(name as SettingKey, text), `--set ${name}`);
  }
  const given = new Set([...Object.keys(file.settings), ...Object.keys(file.sets)]);
  return applyInitFrom(config, given, fromFile(file.path, file.sets));
}

function knownKey(name: string, path: string, extraKeys: readonly string[]): SettingKey {
  if (extraKeys.length === 0) return settingKey(name, path);
  if ((SETTING_KEYS as string[]).includes(name)) return name as SettingKey;
  const all = [...SETTING_KEYS, ...extraKeys];
  throw new UsageError(`${clip(path)}: unknown setting '${clip(name)}'${didYouMean(name, all)}; known: ${all.join(', ')}`);
}
