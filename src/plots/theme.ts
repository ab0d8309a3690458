// What every picture shares: fonts, colours, vega's config, and titles that fit the plot's width.
import type { Config, Spec, Title } from 'vega';
import { breakLines } from '../textwrap.js';

/** Fonts every viewer has one of; DejaVu Sans (Debian's default) is the widest, so layouts leave room for it. */
export const FONT = 'DejaVu Sans, Verdana, Helvetica, Arial, sans-serif';
const INK = '#333';

// Spectral's ends, softened for the regions so the points on top stay readable.
export const CLASS_COLORS = {
  region: ['#f3a7a5', '#a9cde6'],
  point: ['#d53e4f', '#3288bd'],
  outline: '#1d1d1d',
} as const;

/**
 * Series colours (Observable 10: ten hues chosen to be told apart, light grey left out of the first
 * nine), for overlaid curves and train/test pairs.
 */
export const SERIES = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'];
/** Dash patterns for overlaid curves, alternating, so that neighbours differ by more than colour. */
export const SERIES_DASH = [[], [7, 3]];

export const TITLE_SIZE = 15;
export const SUBTITLE_SIZE = 12;

export const config: Config = {
  background: '#ffffff',
  padding: 10,
  title: { anchor: 'start', font: FONT, subtitleFont: FONT, fontSize: TITLE_SIZE, subtitleFontSize: SUBTITLE_SIZE, color: INK, subtitleColor: '#555', offset: 12, limit: 0 },
  axis: { labelFont: FONT, titleFont: FONT, labelFontSize: 11, titleFontSize: 12, labelColor: INK, titleColor: INK, domainColor: '#888', tickColor: '#888', gridColor: '#e6e6e6', labelLimit: 0 },
  legend: { labelFont: FONT, titleFont: FONT, labelFontSize: 11, titleFontSize: 12, labelColor: INK, titleColor: INK, labelLimit: 0, symbolSize: 80 },
  text: { font: FONT, fill: INK },
};

/**
 * Width of a text as vega lays it out without a canvas: 0.8 em a character, wider than the real text
 * in any of FONT's faces, so that a layout that fits by this estimate fits when drawn.
 */
export const estimatedWidth = (text: string, fontSize: number): number => 0.8 * [...text].length * fontSize;

/**
 * Text split into lines of at most `width` pixels at `em` ems a character (about DejaVu Sans's mean width:
 * vega's layout, by the wider estimate above, makes room for a line that comes out longer): at " · "
 * first, then at spaces, and a word too long for a line (a long file path) at the width itself.
 */
export function fitLines(text: string, width: number, fontSize: number, em = 0.62): string[] {
  const max = Math.max(8, Math.floor(width / (em * fontSize)));
  return breakLines(text.split(' · '), ' · ', max, { subsequentIndent: '', trail: '', breakLongWords: true });
}

/** A title (bold, so wider) and optional subtitle, each wrapped to `width`, the picture's width. */
export function title(text: string, subtitle: string | undefined, width: number): Title {
  return {
    text: fitLines(text, width, TITLE_SIZE, 0.7),
    ...(subtitle ? { subtitle: fitLines(subtitle, width, SUBTITLE_SIZE) } : {}),
  };
}

/**
 * What every spec opens with: vega's schema, the plot area's size in pixels, padding that makes room for
 * axes, legends and titles, the theme, and the title wrapped to `titleWidth` (the plot's width, or more
 * where a legend beside it gives the title room).
 */
export function specFrame(o: { width: number; height: number; title: string; subtitle?: string; titleWidth?: number }): Spec {
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: o.width,
    height: o.height,
    autosize: { type: 'pad' },
    config,
    title: title(o.title, o.subtitle, o.titleWidth ?? o.width),
  };
}
