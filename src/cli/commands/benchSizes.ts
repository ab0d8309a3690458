// nnlab bench --sizes: the step at the table of widths and example counts, numpy interleaved.
import type { EngineName } from '../../nn/engines.js';
import { EXIT, NnlabError, UsageError } from '../../errors.js';
import { jsonText, type Emit } from '../outcome.js';
import { progressBar } from '../progress.js';
import { count } from '../../words.js';

export interface SizesFlags {
  sizes: string | true;
  runs: number;
  engine: EngineName;
  experiments?: string;
  vsNumpy?: boolean;
  numpy: boolean;
  json?: boolean;
  quiet?: boolean;
}

export async function executeBenchSizes(opts: SizesFlags, emit: Emit): Promise<void> {
  if (opts.experiments !== undefined) throw new UsageError('--experiments times the course runs; --sizes times the step at other sizes: give one of them');
  if (opts.vsNumpy && !opts.numpy) throw new UsageError('--vs-numpy and --no-numpy contradict each other');
  const [{ benchSizes, checkSizesMemory, parseSizes, NUMPY_SIZES_SCRIPT }, { numpyCheck }, { benchSizesJson, renderBenchSizes }] = await Promise.all([
    import('../../experiments/benchSizes.js'), import('../../experiments/bench.js'), import('../render/benchSizes.js'),
  ]);
  const sizes = parseSizes(opts.sizes);
  checkSizesMemory(sizes);
  if (opts.vsNumpy) {
    const check = numpyCheck('python3', NUMPY_SIZES_SCRIPT);
    if ('skipped' in check) throw new UsageError(`--vs-numpy: ${check.skipped}; the comparison needs python3 with numpy`);
  }
  const sides = opts.numpy ? 2 : 1;
  const total = sizes.length * opts.runs * sides;
  const bar = progressBar(!opts.json && !opts.quiet, { header: `nnlab bench --sizes · ${count(sizes.length, 'size')} × ${count(opts.runs, 'run')}, engine ${opts.engine}${opts.numpy ? ', numpy when present' : ''}`, unit: 'run' });
  let done = 0;
  const result = benchSizes({ sizes, runs: opts.runs, engine: opts.engine, numpy: opts.numpy ? 'auto' : 'off', onRun: () => bar.update(++done, total) });
  bar.done();
  // a run that failed is reported after the sizes measured before it, exit 1 (as a failed sweep run)
  const error = result.stopped ? new NnlabError(`bench --sizes stopped at ${result.stopped.size}: ${result.stopped.why}`, EXIT.failed) : undefined;
  emit({ stdout: opts.json ? jsonText(benchSizesJson(result)) : renderBenchSizes(result), ...(error ? { error } : {}) });
}
