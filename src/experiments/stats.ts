// Summary statistics over repeated runs (seeds): mean, sample std, 95% t interval.

export interface Stats {
  mean: number;
  /** Sample std (n − 1); null for fewer than 2 values, where it is undefined. */
  std: number | null;
  /** 95% confidence interval of the mean (Student's t); null for fewer than 2 values, where it is undefined. */
  ci95: [number, number] | null;
  /** The t interval reached past the values' possible range and was cut to it (an accuracy above 1, a cost below 0). */
  ci95Clipped: boolean;
  n: number;
}

// Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom; beyond that, the normal's.
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/**
 * bounds: the values' possible range (accuracies lie in [0, 1], costs in [0, ∞)); the symmetric t interval
 * is cut to it, and ci95Clipped says when that happened (the interval is then only a rough guide).
 */
export function summarize(values: readonly number[], bounds: [number, number] = [-Infinity, Infinity]): Stats {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, std: null, ci95: null, ci95Clipped: false, n };
  const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = (T975[n - 2] ?? 1.96) * (std / Math.sqrt(n));
  const [lo, hi] = [mean - half, mean + half];
  return { mean, std, ci95: [Math.max(bounds[0], lo), Math.min(bounds[1], hi)], ci95Clipped: lo < bounds[0] || hi > bounds[1], n };
}
