// The child process of one `nnlab bench --sizes` run: argv[2] is {spec, engine, iterations, warmup} as JSON;
// prints that run's StepRun as JSON. A process of its own, so its peak memory is this size's alone.
import { timeSteps, type SizeSpec } from './benchSizes.js';
import type { EngineName } from '../nn/engines.js';
import { exitWithParent } from './orphans.js';

exitWithParent();
const job = JSON.parse(process.argv[2]!) as { spec: SizeSpec; engine: EngineName; iterations: number; warmup: number };
process.stdout.write(`${JSON.stringify(timeSteps(job.spec, job.engine, job.iterations, job.warmup))}\n`);
