// The decision boundary as a vega spec: the region the model assigns to class 1 is the isocontour p = 0.5
// of its probabilities on a grid (vega's isocontour transform, smoothed), over a plane of class 0; training
// and test points on top, told apart by shape; a legend for all three. With several stages (the parameters
// at several iterations) each stage's region is its own mark named "stage stage-K", for a page to show one
// at a time.
import type { Spec } from 'vega';
import type { Bounds, Grid, LabelledPoint } from './common.js';
import { CLASS_COLORS, specFrame } from './theme.js';

/**
 * The probabilities as the contour reads them. The isocontour at 0.5 holds the cells with p ≥ 0.5, but
 * nnlab predicts class 1 only for p > 0.5 (as the course does): p exactly 0.5 (the zeros init everywhere)
 * is moved just below, so it is drawn as class 0.
 */
const contourValues = (p: Float64Array): number[] => Array.from(p, (v) => (v === 0.5 ? 0.5 - 2 ** -40 : v));

export interface BoundaryStage {
  iteration: number;
  /** A grid over the plot's bounds with the model's probabilities (Grid.p). */
  grid: Grid;
}

export interface BoundaryPlot {
  bounds: Bounds;
  /** One stage for a plain picture (the trained model), several for a page that steps through them. */
  stages: readonly BoundaryStage[];
  train: readonly LabelledPoint[];
  /** Test points, drawn as triangles; omitted when the run had no test set of its own. */
  test?: readonly LabelledPoint[];
  /** Says how the points were chosen when not all are drawn, e.g. "every 3rd of 30000". */
  pointsNote?: { train?: string; test?: string };
  title: string;
  subtitle?: string;
  /** Pixels along the plot's longer side; the other follows, so that a unit is as long on both axes. */
  size?: number;
}

const REGIONS = ['predicts 0', 'predicts 1'];
const LABELS = ['y = 0', 'y = 1'];

export function boundarySpec(plot: BoundaryPlot): Spec {
  const { bounds } = plot;
  const s1 = bounds.x1[1] - bounds.x1[0];
  const s2 = bounds.x2[1] - bounds.x2[0];
  const unit = (plot.size ?? 420) / Math.max(s1, s2);
  const width = Math.round(s1 * unit);
  const height = Math.round(s2 * unit);
  const inside = (p: LabelledPoint): boolean => p.x1 >= bounds.x1[0] && p.x1 <= bounds.x1[1] && p.x2 >= bounds.x2[0] && p.x2 <= bounds.x2[1];
  const setName = (which: 'train' | 'test', n: number): string => {
    const note = plot.pointsNote?.[which];
    return `${which} (${note ?? n})`;
  };
  const sets = [setName('train', plot.train.length), ...(plot.test ? [setName('test', plot.test.length)] : [])];
  const points = [
    ...plot.train.filter(inside).map((p) => ({ x1: p.x1, x2: p.x2, y: LABELS[p.y === 1 ? 1 : 0], set: sets[0] })),
    ...(plot.test ?? []).filter(inside).map((p) => ({ x1: p.x1, x2: p.x2, y: LABELS[p.y === 1 ? 1 : 0], set: sets[1] })),
  ];
  const several = plot.stages.length > 1;
  return {
    // The legend adds ~110 px beside the plot, which the title may span.
    ...specFrame({ width, height, title: plot.title, subtitle: plot.subtitle, titleWidth: width + 110 }),
    data: [
      // Grid rows run up the plane (x2 ascending), so the contours' y is flipped into pixels (down).
      ...plot.stages.map((s, k) => ({
        name: `grid-${k}`,
        values: [{ width: s.grid.x1.length, height: s.grid.x2.length, values: contourValues(s.grid.p!) }],
        transform: [{
          type: 'isocontour' as const,
          thresholds: [0.5],
          smooth: true,
          scale: { expr: `[${width / s.grid.x1.length}, ${-height / s.grid.x2.length}]` },
          translate: [0, height],
        }],
      })),
      { name: 'points', values: points },
    ],
    scales: [
      { name: 'x', type: 'linear', domain: [...bounds.x1], range: 'width', zero: false, nice: false },
      { name: 'y', type: 'linear', domain: [...bounds.x2], range: 'height', zero: false, nice: false },
      { name: 'region', type: 'ordinal', domain: REGIONS, range: [...CLASS_COLORS.region] },
      { name: 'label', type: 'ordinal', domain: LABELS, range: [...CLASS_COLORS.point] },
      { name: 'set', type: 'ordinal', domain: sets, range: ['circle', 'triangle-up'] },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: 'x1', tickCount: Math.max(3, Math.round(width / 70)) },
      { orient: 'left', scale: 'y', title: 'x2', tickCount: Math.max(3, Math.round(height / 70)) },
    ],
    legends: [
      { fill: 'region', title: 'region', symbolType: 'square', symbolStrokeColor: '#999', symbolStrokeWidth: 0.5 },
      { fill: 'label', title: 'label', symbolType: 'circle', symbolStrokeColor: CLASS_COLORS.outline, symbolStrokeWidth: 0.6 },
      { shape: 'set', title: 'points', symbolFillColor: '#bbb', symbolStrokeColor: CLASS_COLORS.outline, symbolStrokeWidth: 0.6 },
    ],
    marks: [
      { type: 'rect', name: 'plane', encode: { enter: { x: { value: 0 }, y: { value: 0 }, width: { signal: 'width' }, height: { signal: 'height' }, fill: { value: CLASS_COLORS.region[0] } } } },
      ...plot.stages.map((_, k) => ({
        type: 'shape' as const,
        name: several ? `stage stage-${k}` : 'regions',
        from: { data: `grid-${k}` },
        encode: { enter: { fill: { value: CLASS_COLORS.region[1] } } },
        transform: [{ type: 'geoshape' as const, field: 'datum.contour' }],
      })),
      {
        type: 'symbol',
        name: 'dots',
        from: { data: 'points' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'x1' },
            y: { scale: 'y', field: 'x2' },
            fill: { scale: 'label', field: 'y' },
            shape: { scale: 'set', field: 'set' },
            size: { value: 46 },
            stroke: { value: CLASS_COLORS.outline },
            strokeWidth: { value: 0.6 },
          },
        },
      },
    ],
  };
}
