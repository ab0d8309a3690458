// Sentences under a sweep's comparison, for the terminal and report.html alike: how ★ best was chosen,
// what final cost means, and what diverged. They read only fields result.json keeps, so a report rebuilt
// from a record says what the run printed.
import type { NonFinite } from '../nn/train.js';
import { num } from '../numpyText.js';
import { count, listed } from '../words.js';
import type { BestRule } from './sweep.js';

/** What the sentences read of a variant (VariantSummary, or its result.json form). */
export interface VariantFacts {
  label: string;
  seeds: readonly number[];
  diverged: number;
  nonFinite?: readonly NonFinite[];
  best: boolean;
  failed: string | null;
}

const NON_FINITE: Record<NonFinite, string> = { parameters: 'parameters', activations: 'activations', cost: 'final cost' };

/** What was inf or nan in a variant's diverged runs, and what was not. */
export function divergedText(v: VariantFacts): string {
  const nonFinite = v.nonFinite ?? [];
  const bad = nonFinite.map((n) => NON_FINITE[n]);
  const fine = (['parameters', 'activations', 'cost'] as const).filter((n) => !nonFinite.includes(n)).map((n) => NON_FINITE[n]);
  // Records from before nonFinite was kept say only that something was.
  const what = bad.length === 0 ? 'parameters, activations or final cost inf or nan' : `${listed(bad)} inf or nan${fine.length > 0 ? `; ${listed(fine)} finite` : ''}`;
  const runs = v.seeds.length - (v.failed === null ? 0 : 1);
  const part = v.diverged < v.seeds.length
    ? `: ${v.diverged} of ${count(v.seeds.length, 'seed')} (${what}); its row's statistics are over the other ${runs - v.diverged}`
    : ` (${what})`;
  return `${v.label}${part}`;
}

/** How ★ best was chosen, true of these variants; `rule` is absent in records from before it was kept. */
export function bestLine(variants: readonly VariantFacts[], rule: BestRule | undefined): string {
  const diverged = variants.some((v) => v.diverged > 0);
  if (!variants.some((v) => v.best)) return 'no ★ best: every variant diverged or failed';
  const ties = variants.filter((v) => v.best).length;
  const parts = [
    `★ best${ties > 1 ? ` (${ties} tied)` : ''}: highest test accuracy${rule?.allOnTrainingData ? ' (on the training data: no variant has a test set)' : ''}, then train accuracy, then lowest final cost`,
    ...(diverged ? ['never a variant that diverged'] : []),
    ...(rule && rule.excludedOnTrainingData.length > 0 ? [`ranked only among variants with a held-out test set, not ${rule.excludedOnTrainingData.join('; ')}`] : []),
  ];
  return parts.join('; ');
}

/** Why a record of some of the sweep's runs (a shard's, an unfinished one's) marks no ★ best. */
export const partialBestLine = (runs: number, total: number, shard: boolean): string =>
  `no ★ best: these figures cover ${runs} of the sweep's ${total} runs; ${shard ? "nnlab sweep merge combines the shards' records into the sweep's summary" : '--resume the record to run the rest'}`;

/** Why a variant with one seed has no interval. */
export const ONE_SEED_NOTE = '— where a variant has one seed: a spread and an interval need 2 or more';

/**
 * A variant's final cost cell: mean ± std, or where some runs' final cost is inf or nan (the mean is then
 * not finite and the std nan) what is true: "inf (1 of 3 seeds)".
 */
export function finalCostText<S extends { mean: number; n: number }>(s: S, nonFinite: number | undefined, stat: (s: S) => string): string {
  if (!nonFinite || s.n < 2 || Number.isFinite(s.mean)) return stat(s);
  return `${Number.isNaN(s.mean) ? 'inf or nan' : num(s.mean)} (${nonFinite} of ${count(s.n, 'seed')})`;
}

/** What the variants' non-finite final costs are, and why where it was measured: one sentence for the terminal and the page. */
export function nonFiniteCostText(variants: readonly (VariantFacts & { finalCost: { n: number; mean: number }; finalCostNonFinite?: number; finalCostWrongSide?: number })[], dropout: boolean): string {
  const net = dropout ? 'the trained network without dropout' : 'the trained network';
  const each = variants.map((v) => {
    const k = v.finalCostNonFinite ?? 0;
    const of = v.finalCost.n > 1 ? ` in ${k} of ${count(v.finalCost.n, 'seed')}` : '';
    const why = v.finalCostWrongSide === k ? `: ${net} has an output exactly 0 or 1 on the wrong side, and −log(0) = inf`
      : (v.finalCostWrongSide ?? 0) > 0 ? `: in ${v.finalCostWrongSide} of them ${net} has an output exactly 0 or 1 on the wrong side, and −log(0) = inf` : '';
    return `${v.label}${of}${why}`;
  });
  const what = variants.every((v) => v.finalCost.mean === Infinity) ? 'inf' : 'inf or nan';
  return `final cost ${what}, though training did not diverge (no ✗): ${each.join('; ')}`;
}

/** What the final cost column holds. */
export const finalCostNote = (dropout: boolean): string => (dropout
  ? 'final cost: the cost of the trained parameters, after the last update, without dropout (as the network predicts; --json has the cost under the dropout mask as finalCostWithDropout)'
  : 'final cost: the cost of the trained parameters, after the last update');
