// nnlab datasets list | export
import { Command, Option } from 'commander';
import type { CirclesOverrides } from '../../data/registry.js';
import { clip, UsageError } from '../../errors.js';
import { fromText, validateSetting } from '../../experiments/settings.js';
import { numberFlag as parseNumber } from '../flags.js';
import { jsonText, type Emit } from '../outcome.js';

export function registerDatasets(program: Command, emit: Emit): void {
  const cmd = program.command('datasets').description('list the datasets or export one as CSV');
  cmd.command('list')
    .description('name, sizes and source of each dataset')
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean }) => {
      const [{ DATASETS, DATASET_NAMES }, { table }] = await Promise.all([import('../../data/registry.js'), import('../render/table.js')]);
      const rows = DATASET_NAMES.map((name) => ({ name, ...DATASETS[name]!, load: undefined }));
      if (opts.json) return emit({ stdout: jsonText({ command: 'datasets', datasets: rows.map(({ name, description, sizes, features, source }) => ({ name, description, sizes, features, source })) }) });
      const t = table(['name', 'train', 'test', 'features', 'source']);
      for (const r of rows) t.push([r.name, r.sizes.train, r.sizes.test, r.features, r.source]);
      emit({ stdout: `${t.toString()}\nAny CSV file with header x1,...,xn,y (labels 0/1) works as --dataset FILE, and\nso does a MATLAB level-5 .mat file with X (examples as rows) and y, and Xval,\nyval as its test set if it has them.\n` });
    });
  cmd.command('export')
    .description('print a dataset as CSV (x1,x2,y); circles takes generator options')
    .argument('<dataset>', 'circles, football, a CSV file or a .mat file')
    .addOption(new Option('--split <split>', 'which split').choices(['train', 'test']).default('train'))
    .option('--samples <n>', 'circles: number of points')
    .option('--noise <s>', 'circles: standard deviation of the Gaussian noise')
    .option('--factor <f>', 'circles: inner radius relative to the outer (0 ≤ f < 1, as in scikit-learn)')
    .option('--seed <n>', 'circles: numpy seed')
    .action(async (dataset: string, opts: { split: 'train' | 'test'; samples?: string; noise?: string; factor?: string; seed?: string }) => {
      const o: CirclesOverrides = {};
      if (opts.samples !== undefined) o.samples = parseNumber('--samples', opts.samples, (v) => Number.isInteger(v) && v >= 1 && v <= 10_000_000, 'an integer from 1 to 10000000');
      if (opts.noise !== undefined) o.noise = parseNumber('--noise', opts.noise, (v) => Number.isFinite(v) && v >= 0, 'a finite number ≥ 0');
      if (opts.factor !== undefined) o.factor = parseNumber('--factor', opts.factor, (v) => v >= 0 && v < 1, 'a number with 0 ≤ f < 1');
      if (opts.seed !== undefined) o.seed = validateSetting('seed', fromText('seed', opts.seed), '--seed');
      const [{ datasetSpec, loadSplit }, { toCsv }] = await Promise.all([import('../../data/registry.js'), import('../../data/csv.js')]);
      const spec = datasetSpec(dataset);
      if (!spec) {
        if (Object.keys(o).length > 0) throw new UsageError(`--samples, --noise, --factor and --seed apply to circles only, not to ${clip(dataset)}`);
        const split = loadSplit(dataset);
        if (opts.split === 'test' && split.testIsTrain) throw new UsageError(`--split test: ${dataset} has no test split; --split test applies to circles, football and .mat files with Xval, yval`);
        return emit({ stdout: toCsv(split[opts.split]) });
      }
      const data = spec.load(opts.split, o);
      // A CSV of ±inf is one nnlab's own reader refuses: do not write it.
      if (!data.X.data.every(Number.isFinite)) {
        throw new UsageError(`--noise ${clip(opts.noise ?? '')} puts points beyond the largest double (±inf), which no CSV dataset may hold; use a smaller noise`);
      }
      emit({ stdout: toCsv(data) });
    });
}
