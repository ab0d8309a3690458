// --json for train/regularize, apart from the human renderer so that --json loads no table or chart code.
import { explain } from '../../experiments/explain.js';
import { appliedSettings } from '../../experiments/settings.js';
import type { TrainRecord } from '../../experiments/train.js';
import { inspectJson } from '../../nn/inspect.js';

export function trainJson(r: TrainRecord): object {
  return {
    command: r.command,
    config: appliedSettings(r.config),
    initFrom: r.initFrom,
    costs: r.costs,
    curve: r.curve,
    finalCost: r.finalCost,
    finalCostWithDropout: r.finalCostWithDropout,
    accuracy: r.accuracy,
    data: r.data,
    durationMs: r.durationMs,
    engine: r.engine,
    diverged: r.diverged,
    nonFinite: r.nonFinite,
    divergence: r.divergence,
    initialSignal: r.initialSignal,
    explanations: explain(r, r.snapshots ?? []),
    ...(r.snapshots ? { inspect: inspectJson(r.snapshots) } : {}),
  };
}
