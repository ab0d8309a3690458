// nnlab reproduce: the CI smoke run. Exit 1 when any published figure is missed.
import { engineOption } from '../engineFlag.js';
import { Command } from 'commander';
import { EXIT } from '../../errors.js';
import { jsonText, type Emit } from '../outcome.js';
import { progressBar } from '../progress.js';
import { MAX_JOBS } from '../../limits.js';
import { jobsFlag, QUIET_HELP } from '../flags.js';

export function registerReproduce(program: Command, emit: Emit): void {
  program.command('reproduce')
    .description("run every course experiment and the gradient check; compare with the published figures (exit 1 on any miss)")
    .option('--jobs <n>', `worker threads, 1 to ${MAX_JOBS} (default: one per core)`)
    .addOption(engineOption())
    .option('--json', 'print one JSON object on stdout and nothing else')
    .option('--quiet', QUIET_HELP)
    .action(async (opts: { jobs?: string; json?: boolean; quiet?: boolean }) => {
      const [{ reproduce }, { parallelExecutor }, { renderReproduce, reproduceJson }] = await Promise.all([
        import('../../experiments/reproduce.js'), import('../executor.js'), import('../render/reproduce.js'),
      ]);
      const bar = progressBar(!opts.json && !opts.quiet, { header: "nnlab reproduce · the course's experiments, three more λ and the gradient check", unit: 'run' });
      const result = await reproduce(parallelExecutor(jobsFlag(opts.jobs, Infinity), (d, t) => bar.update(d, t)));
      bar.done();
      emit({ stdout: opts.json ? jsonText(reproduceJson(result)) : renderReproduce(result), exitCode: result.match ? EXIT.ok : EXIT.failed });
    });
}
