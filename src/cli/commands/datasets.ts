// nnlab datasets list | export
import { Command, Option } from 'commander';
import type { GeneratorOverrides } from '../../data/registry.js';
import { clip, UsageError } from '../../errors.js';
import { fromText, validateSetting } from '../../experiments/settings.js';
import { numberFlag as parseNumber } from '../flags.js';
import { jsonText, type Emit } from '../outcome.js';

const GENERATED_HELP = 'generated datasets draw the test split from the next seed (--seed s: train s, test s + 1)';
/** What the table does not say: the features (when all have as many), the generator options, the files. */
function listNote(features: readonly number[]): string {
  return [
    ...(features.every((f) => f === features[0]) ? [`Every dataset has ${features[0]} features.`] : []),
    'The generated ones take --samples, --noise and --seed (circles also --factor), and draw the test split from the next seed.',
    'Any CSV file with header x1,...,xn,y (labels 0/1) works as --dataset FILE, and so does a MATLAB level-5 .mat file',
    'with X (examples as rows) and y, and Xval, yval as its test set if it has them.',
  ].join(' ');
}

export function registerDatasets(program: Command, emit: Emit): void {
  const cmd = program.command('datasets').description('list the datasets or export one as CSV');
  cmd.command('list')
    .description('name, sizes and source of each dataset')
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean }) => {
      const [{ DATASETS, DATASET_NAMES }, { table }, { wrap }] = await Promise.all([import('../../data/registry.js'), import('../render/table.js'), import('../render/text.js')]);
      const rows = DATASET_NAMES.map((name) => ({ name, ...DATASETS[name]! }));
      if (opts.json) {
        return emit({ stdout: jsonText({ command: 'datasets', datasets: rows.map(({ name, description, sizes, features, source, generated }) => ({
          name, description, sizes, features, source, generated: generated !== undefined, ...(generated ? { defaults: generated.defaults, noise: generated.noise } : {}),
        })) }) });
      }
      const t = table(['name', 'train', 'test', 'source']);
      for (const r of rows) t.push([r.name, r.sizes.train, r.sizes.test, r.source]);
      emit({ stdout: `${t.toString()}\n${wrap(listNote(rows.map((r) => r.features)))}\n` });
    });
  cmd.command('export')
    .description('print a dataset as CSV (x1,x2,y); generated datasets take generator options')
    .argument('<dataset>', 'a dataset name (nnlab datasets list), a CSV file or a .mat file')
    .addOption(new Option('--split <split>', `which split; ${GENERATED_HELP}`).choices(['train', 'test']).default('train'))
    .option('--samples <n>', 'generated: number of points (each split)')
    .option('--noise <s>', 'generated: the generator\'s noise (nnlab datasets list --json says what it scales)')
    .option('--factor <f>', 'circles: inner radius relative to the outer (0 ≤ f < 1, as in scikit-learn)')
    .option('--seed <n>', 'generated: numpy seed of the training split')
    .action(async (dataset: string, opts: { split: 'train' | 'test'; samples?: string; noise?: string; factor?: string; seed?: string }) => {
      const o: GeneratorOverrides = {};
      const [{ datasetSpec, loadNamed, loadSplit, MAX_SAMPLES, checkOverrides }, { datasetCsv }] = await Promise.all([import('../../data/registry.js'), import('../../data/csv.js')]);
      if (opts.samples !== undefined) o.samples = parseNumber('--samples', opts.samples, (v) => Number.isInteger(v) && v >= 1 && v <= MAX_SAMPLES, `an integer from 1 to ${MAX_SAMPLES}`);
      if (opts.noise !== undefined) o.noise = parseNumber('--noise', opts.noise, (v) => Number.isFinite(v) && v >= 0, 'a finite number ≥ 0');
      if (opts.factor !== undefined) o.factor = parseNumber('--factor', opts.factor, (v) => v >= 0 && v < 1, 'a number with 0 ≤ f < 1');
      if (opts.seed !== undefined) o.seed = validateSetting('seed', fromText('seed', opts.seed), '--seed');
      if (!datasetSpec(dataset)) {
        checkOverrides(dataset, o);
        const split = loadSplit(dataset);
        if (opts.split === 'test' && split.testIsTrain) throw new UsageError(`--split test: ${clip(dataset)} has no test split; --split test applies to the named datasets and .mat files with Xval, yval`);
        return emit({ stdout: datasetCsv(split[opts.split]) });
      }
      const data = loadNamed(dataset, opts.split, o);
      // A CSV of ±inf is one nnlab's own reader refuses: do not write it.
      if (!data.X.data.every(Number.isFinite)) {
        throw new UsageError(`--noise ${clip(opts.noise ?? '')} puts points beyond the largest double (±inf), which no CSV dataset may hold; use a smaller noise`);
      }
      emit({ stdout: datasetCsv(data) });
    });
}
