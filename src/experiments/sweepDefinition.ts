// What decides a sweep's runs, as one value and its hash: a record's runs may be resumed or merged
// only with the runs of the same definition, on any machine.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Split } from '../data/dataset.js';
import { datasetSha256 } from '../data/hash.js';
import { datasetSpec } from '../data/registry.js';
import { UsageError } from '../errors.js';
import { reasonOf } from '../output/errno.js';
import { settingText } from '../numpyText.js';
import { flagOf, SETTING_KEYS, type RunConfig, type SettingKey, type TrainCommand } from './settings.js';
import { dataKey, variants, type SweepPlan } from './sweep.js';

export interface SweepDefinition {
  /** The nnlab version: another may compute other numbers from the same settings. */
  nnlab: string;
  of: TrainCommand;
  /** In order: the first varies slowest, which decides the runs' numbers. */
  axes: { key: SettingKey; values: unknown[] }[];
  base: Record<string, unknown>;
  repeat: number;
  /** sha256 of the content of every dataset (training and test set) and --init-from file the runs read. */
  contents: { of: string; sha256: string }[];
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * The definition of `plan`, given the data its variants train on (checkSweep's, by dataKey).
 * Throws UsageError when an --init-from file cannot be read.
 */
export function sweepDefinition(plan: SweepPlan, version: string, splits: ReadonlyMap<string, Split>): SweepDefinition {
  const contents = new Map<string, string>();
  for (const { config } of variants(plan)) {
    const split = splits.get(dataKey(config));
    const name = `${config.dataset}${config.samples === null ? '' : ` (${config.samples} samples, noise ${config.noise}, data seed ${config.dataSeed})`}`;
    if (split) {
      contents.set(`${name}: training set`, datasetSha256(split.train));
      contents.set(`${name}: test set${config.testDataset === null ? '' : ` ${config.testDataset}`}`, datasetSha256(split.test));
    }
    if (config.initFrom !== null && !contents.has(`--init-from ${config.initFrom}`)) {
      try {
        contents.set(`--init-from ${config.initFrom}`, sha256(readFileSync(config.initFrom)));
      } catch (e) {
        throw new UsageError(`--init-from ${config.initFrom}: cannot read it: ${reasonOf(e)}`);
      }
    }
  }
  return {
    nnlab: version,
    of: plan.of,
    axes: plan.axes.map((a) => ({ key: a.key, values: a.values })),
    base: { ...plan.base },
    repeat: plan.repeat,
    contents: [...contents].map(([of, hash]) => ({ of, sha256: hash })),
  };
}

/** Settings that name files: a definition holds their contents' sha256, so how a path is spelt does not matter. */
const FILE_SETTINGS: readonly SettingKey[] = ['dataset', 'testDataset', 'initFrom'];

/** A file setting's value with the path left out ("a file"); a dataset's name (moons) and none (null) stay. */
const withoutPath = (key: SettingKey, v: unknown): unknown => (typeof v !== 'string' || (key === 'dataset' && datasetSpec(v)) ? v : 'a file');

/**
 * The definition as hashed and compared: files by their content only (moons.csv, ./moons.csv and its
 * absolute path are one sweep when the bytes are the same), the contents in the variants' order.
 */
function canonical(d: SweepDefinition): object {
  const base = Object.fromEntries(Object.entries(d.base).map(([k, v]) => [k, FILE_SETTINGS.includes(k as SettingKey) ? withoutPath(k as SettingKey, v) : v]));
  const axes = d.axes.map((a) => ({ key: a.key, values: FILE_SETTINGS.includes(a.key) ? a.values.map((v) => withoutPath(a.key, v)) : a.values }));
  return { nnlab: d.nnlab, of: d.of, axes, base, repeat: d.repeat, contents: d.contents.map((c) => c.sha256) };
}

export const definitionHash = (d: SweepDefinition): string => sha256(JSON.stringify(canonical(d)));

const show = (v: unknown): string => (v === null ? 'none' : Array.isArray(v) ? v.map(show).join(v.some(Array.isArray) ? ' / ' : ',') : typeof v === 'number' ? settingText(v) : String(v));

/** A setting's values in a definition: its axis, or its one value. */
const valuesOf = (d: SweepDefinition, key: SettingKey): unknown[] => d.axes.find((a) => a.key === key)?.values ?? [d.base[key]];

/**
 * The first way `ours` differs from `theirs`, in words ("--lambd 0.01,0.1 here, 0.01,0.1,0.3 in s"),
 * or null when they are the same definition. `there` names where theirs comes from.
 */
export function definitionDifference(ours: SweepDefinition, theirs: SweepDefinition, there: string): string | null {
  if (ours.nnlab !== theirs.nnlab) return `${there} was written by nnlab ${theirs.nnlab}, this is nnlab ${ours.nnlab}`;
  if (ours.of !== theirs.of) return `sweep ${ours.of} here, sweep ${theirs.of} in ${there}`;
  for (const key of SETTING_KEYS) {
    const [a, b] = [valuesOf(ours, key), valuesOf(theirs, key)];
    const shape = (vs: unknown[]): string => JSON.stringify(FILE_SETTINGS.includes(key) ? vs.map((v) => withoutPath(key, v)) : vs);
    if (shape(a) !== shape(b)) return `${flagOf(key)} ${show(a)} here, ${show(b)} in ${there}`;
  }
  if (ours.repeat !== theirs.repeat) return `--repeat ${ours.repeat} here, ${theirs.repeat} in ${there}`;
  const [axesA, axesB] = [ours.axes.map((a) => flagOf(a.key)).join(', '), theirs.axes.map((a) => flagOf(a.key)).join(', ')];
  if (axesA !== axesB) return `the axes go ${axesA} here, ${axesB} in ${there} (their order numbers the runs)`;
  for (const [i, c] of ours.contents.entries()) {
    const other = theirs.contents[i];
    if (other && other.sha256 !== c.sha256) return `the content of ${c.of} differs from what ${there}'s runs read (sha256 ${c.sha256.slice(0, 12)}… here, ${other.sha256.slice(0, 12)}… there)`;
  }
  if (ours.contents.length !== theirs.contents.length) return `the runs read other files than ${there}'s`;
  return definitionHash(ours) === definitionHash(theirs) ? null : `the settings differ from ${there}'s`;
}

/** The plan a definition was made from: its runs, numbered as when it ran. */
export const planOf = (d: SweepDefinition): SweepPlan => ({ of: d.of, base: d.base as unknown as RunConfig, axes: d.axes, repeat: d.repeat });
