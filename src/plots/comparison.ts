// A sweep's accuracies as a vega spec: one row per variant, train and test accuracy as dots, each with its
// 95% interval of the mean as a bar when the variant ran with several seeds.
import type { Spec } from 'vega';
import { minMax } from './common.js';
import { SERIES, specFrame } from './theme.js';

export interface VariantAccuracy {
  label: string;
  /** ci95 null: one seed, no interval. */
  train: { mean: number; ci95: readonly [number, number] | null; n: number };
  test: { mean: number; ci95: readonly [number, number] | null; n: number };
}

export function accuracySpec(variants: readonly VariantAccuracy[], opts: { title: string; subtitle?: string; width?: number }): Spec {
  const width = opts.width ?? 480;
  const rows = variants.flatMap((v) => (['train', 'test'] as const).map((set) => ({
    variant: v.label,
    set,
    mean: v[set].mean,
    lo: v[set].ci95?.[0] ?? v[set].mean,
    hi: v[set].ci95?.[1] ?? v[set].mean,
    interval: v[set].ci95 !== null,
  }))).filter((r) => Number.isFinite(r.mean));
  const [lo, hi] = rows.length > 0 ? minMax(rows.flatMap((r) => [r.lo, r.hi])) : [0, 1];
  const pad = Math.max(0.01, (hi - lo) * 0.1);
  const domain = [Math.max(0, lo - pad), Math.min(1, hi + pad)];
  const step = 26;
  return {
    ...specFrame({ width, height: Math.max(1, variants.length) * step, title: opts.title, subtitle: opts.subtitle }),
    data: [{ name: 'acc', values: rows }, { name: 'intervals', values: rows.filter((r) => r.interval) }],
    scales: [
      { name: 'x', type: 'linear', domain, range: 'width', zero: false, nice: true },
      { name: 'y', type: 'band', domain: variants.map((v) => v.label), range: 'height', padding: 0.2 },
      { name: 'color', type: 'ordinal', domain: ['train', 'test'], range: [SERIES[0]!, SERIES[1]!] },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: 'accuracy', grid: true, tickCount: 6 },
      { orient: 'left', scale: 'y', title: 'variant' },
    ],
    legends: [{ fill: 'color', title: 'set', symbolType: 'circle' }],
    marks: [
      {
        type: 'rule',
        from: { data: 'intervals' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'lo' },
            x2: { scale: 'x', field: 'hi' },
            y: { scale: 'y', field: 'variant', band: 0.5, offset: { signal: "datum.set === 'train' ? -4 : 4" } },
            stroke: { scale: 'color', field: 'set' },
            strokeWidth: { value: 2 },
          },
        },
      },
      {
        type: 'symbol',
        from: { data: 'acc' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'mean' },
            y: { scale: 'y', field: 'variant', band: 0.5, offset: { signal: "datum.set === 'train' ? -4 : 4" } },
            fill: { scale: 'color', field: 'set' },
            size: { value: 60 },
          },
        },
      },
    ],
  };
}
