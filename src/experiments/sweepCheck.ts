// Every variant of a sweep checked before the first run starts, with the checks train makes (settings,
// data and layer sizes, formula, memory with one run per worker thread in memory at once), and the
// sweep's own size: runs, seeds, and the costs all its runs report together.
import type { Split } from '../data/dataset.js';
import { loadSplit } from '../data/registry.js';
import { clip, UsageError } from '../errors.js';
import { MAX_REPORTS, MAX_SWEEP_RUNS } from '../limits.js';
import { MAX_SEED } from '../random/randomState.js';
import { compileScale } from './formula.js';
import { runBytes, type RunShape } from './memory.js';
import { checkLayers, checkMemory, checkSettings, dataOverrides, optionNames, reportsOf, shapeOf, splitOrigin } from './preflight.js';
import { flagOf, fromFlags, type Where } from './settings.js';
import { runCount, variants, type SweepPlan } from './sweep.js';

/**
 * Throws UsageError, naming the variant where there are several, for the first check that fails;
 * `where` names each setting's origin (flags, or a sweep file's keys).
 */
export async function checkSweep(plan: SweepPlan, jobs: number, where: Where = fromFlags): Promise<void> {
  const runs = runCount(plan);
  if (runs > MAX_SWEEP_RUNS) {
    const sizes = [...plan.axes.map((a) => `${a.values.length} ${flagOf(a.key)}`), ...(plan.repeat > 1 ? [`${plan.repeat} seeds`] : [])];
    throw new UsageError(`${sizes.join(' × ')} make ${runs} runs; a sweep may have at most ${MAX_SWEEP_RUNS}`);
  }
  const splits = new Map<string, Split>();
  const formulas = new Set<string>();
  const shapes: RunShape[] = [];
  let reports = 0;
  for (const { label, config } of variants(plan)) {
    try {
      checkSettings(config, false, where);
      if (config.seed + plan.repeat - 1 > MAX_SEED) {
        throw new UsageError(`--repeat ${plan.repeat} from --seed ${config.seed} passes the largest seed, ${MAX_SEED}`);
      }
      const data = JSON.stringify([config.dataset, config.testDataset, config.samples, config.noise, config.dataSeed]);
      let split = splits.get(data);
      if (!split) splits.set(data, (split = loadSplit(config.dataset, config.testDataset ?? undefined, splitOrigin(where), dataOverrides(config), optionNames(where))));
      checkLayers(config, split, where);
      const formula = JSON.stringify([config.scale, config.layers]);
      if (config.scale !== null && !formulas.has(formula)) {
        await compileScale(config.scale, config.layers, where('scale'));
        formulas.add(formula);
      }
      shapes.push(shapeOf(config, split, false));
      reports += reportsOf(config) * plan.repeat;
    } catch (e) {
      if (e instanceof UsageError && plan.axes.length > 0) throw new UsageError(`sweep variant ${clip(label)}: ${e.message}`);
      throw e;
    }
  }
  if (reports > MAX_REPORTS) {
    throw new UsageError(`the ${runs} runs of this sweep report ${reports} costs together; at most ${MAX_REPORTS} are kept (raise --print-every)`);
  }
  // The largest runs, as many as run at once.
  const bytes = new Map(shapes.map((s) => [s, runBytes(s)]));
  const largest = [...shapes].sort((a, b) => bytes.get(b)! - bytes.get(a)!);
  const atOnce = Math.min(jobs, runs);
  checkMemory(Array.from({ length: atOnce }, (_, i) => largest[Math.floor(i / plan.repeat)]!));
}
