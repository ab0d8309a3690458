// nnlab bench: time the course experiments in-process; --vs-numpy runs the numpy peer interleaved.
import { Command } from 'commander';
import { engineOption } from '../engineFlag.js';
import type { BenchExperiment, EngineName } from '../../experiments/bench.js';
import { clip, didYouMean, UsageError } from '../../errors.js';
import { jsonText, type Emit } from '../outcome.js';
import { progressBar } from '../progress.js';
import { intFlag, QUIET_HELP } from '../flags.js';
import { count } from '../../words.js';

function experimentsOf(text: string | undefined, known: readonly BenchExperiment[]): BenchExperiment[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((s) => s.trim()).map((name) => {
    if (!(known as readonly string[]).includes(name)) {
      throw new UsageError(`--experiments: unknown experiment '${clip(name)}'${didYouMean(name, known)}; choose from ${known.join(', ')}`);
    }
    return name as BenchExperiment;
  });
}

export function registerBench(program: Command, emit: Emit): void {
  program.command('bench')
    .description('time the course experiments in-process (median of several runs after a warm-up): ms per run, µs per iteration, G multiply-adds/s')
    .option('--runs <n>', 'timed runs per experiment', '5')
    .addOption(engineOption())
    .option('--experiments <names>', 'comma list of course experiments (default: all six), e.g. init-he,reg-l2')
    .option('--vs-numpy', 'also run python3 ../shared/bench/numpy_course.py, interleaved run by run, and print the ratios (with --sizes: refuse to run without numpy)')
    .option('--sizes [sizes]', "time the step of 2-H-H-1 networks at widths 10-5 to 1000-1000 and m up to 300k instead, numpy (tools/numpy_sizes.py) interleaved when present; or a comma list H-H@m, e.g. 100-100@3000,10-5@300k")
    .option('--no-numpy', 'with --sizes: nnlab alone, even where numpy is present')
    .option('--json', 'print one JSON object on stdout and nothing else')
    .option('--quiet', QUIET_HELP)
    .action(async (opts: { runs: string; engine?: EngineName; experiments?: string; vsNumpy?: boolean; sizes?: string | true; numpy: boolean; json?: boolean; quiet?: boolean }) => {
      const engine = opts.engine ?? (await import('../../nn/engines.js')).chosenEngineName();
      const runs = intFlag('--runs', opts.runs, 1, 5);
      if (opts.sizes !== undefined) return (await import('./benchSizes.js')).executeBenchSizes({ ...opts, engine, sizes: opts.sizes, runs }, emit);
      if (!opts.numpy) throw new UsageError('--no-numpy goes with --sizes (the course bench runs numpy only with --vs-numpy)');
      const [{ benchCourse, benchStep, BENCH_EXPERIMENTS, requireNumpy }, { benchJson, renderBench }] = await Promise.all([import('../../experiments/bench.js'), import('../render/bench.js')]);
      const experiments = experimentsOf(opts.experiments, BENCH_EXPERIMENTS);
      if (opts.vsNumpy) requireNumpy();
      const chosen = (experiments ?? BENCH_EXPERIMENTS).length;
      const total = chosen * runs;
      const bar = progressBar(!opts.json && !opts.quiet, { header: `nnlab bench · ${count(chosen, 'experiment')} × ${count(runs, 'timed run')}, engine ${engine}`, unit: 'run' });
      let done = 0;
      const result = benchCourse({ runs, engine, experiments, vsNumpy: opts.vsNumpy === true, onRun: () => bar.update(++done, total) });
      const step = benchStep({ engine });
      bar.done();
      emit({ stdout: opts.json ? jsonText(benchJson(result, step)) : renderBench(result, step) });
    });
}
