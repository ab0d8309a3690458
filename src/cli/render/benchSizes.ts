// bench --sizes output: µs per step of nnlab and numpy side by side, their ratio, G multiply-adds/s, peak memory.
import chalk from 'chalk';
import type { SizesResult } from '../../experiments/benchSizes.js';
import { table } from './table.js';
import { count } from '../../words.js';

const us = (x: number): string => (x < 100 ? x.toFixed(1) : x.toFixed(0));
const mb = (bytes: number): string => (bytes / 1e6).toFixed(0);
const m = (n: number): string => (n % 1000 === 0 && n >= 10_000 ? `${n / 1000}k` : String(n));

export function renderBenchSizes(r: SizesResult): string {
  const engines = [...new Set(r.sizes.map((s) => s.engine))];
  const withNumpy = r.sizes.some((s) => s.numpy);
  const t = table(['hidden', 'm', 'nnlab µs/step', ...(withNumpy ? ['numpy µs/step', 'numpy ÷ nnlab'] : []), withNumpy ? 'GMAC/s nnlab/numpy' : 'GMAC/s', withNumpy ? 'peak MB nnlab/numpy' : 'peak MB']);
  for (const s of r.sizes) {
    const n = s.numpy;
    t.push([
      s.layers.slice(1, -1).join('-'), m(s.m), us(s.nnlab.usPerIteration),
      ...(withNumpy ? [n ? us(n.usPerIteration) : '', s.ratio === undefined ? '' : ratio(s.ratio)] : []),
      n ? `${s.nnlab.gmacPerSecond.toFixed(2)}/${n.gmacPerSecond.toFixed(2)}` : s.nnlab.gmacPerSecond.toFixed(2),
      n ? `${mb(s.nnlab.maxRssBytes)}/${mb(n.maxRssBytes)}` : mb(s.nnlab.maxRssBytes),
    ]);
  }
  const engineText = engines.length === 1 ? `engine ${engines[0]}` : `engines ${r.sizes.map((s) => `${s.name} ${s.engine}`).join(', ')}`;
  const lines = [
    chalk.bold('nnlab bench --sizes') + chalk.dim(` · ${engineText} · median of ${count(r.runs, 'run')}${withNumpy ? `, numpy interleaved${threads(r)}` : ''}`),
    t.toString(),
    'Networks 2-hidden-1 (ReLU, sigmoid output); a step is forward, backward and update, without the cost. GMAC/s: 10⁹ multiply-adds a second. Each run is a process of its own; peak MB is its whole resident memory, runtime included.',
  ];
  const details = detailLine(r);
  if (details) lines.push(details);
  if (engines.length === 1 && engines[0] !== r.engine) lines.push(chalk.yellow(`engine ${r.engine} was asked for; these sizes ran on ${engines[0]}`));
  if ('skipped' in r.numpy) lines.push(chalk.yellow(`numpy comparison skipped: ${r.numpy.skipped}`));
  else if (withNumpy) lines.push(verdict(r));
  return lines.join('\n') + '\n';
}

/**
 * What nnlab's runs ran on (native: kernels and threads), short: the kernels once, then per size the
 * thread count each run used for most steps (nn/threadChoice.ts's summary) and whether timing chose it.
 * --json keeps every run's detail.
 */
function detailLine(r: SizesResult): string | null {
  const all = r.sizes.flatMap((s) => s.details);
  if (all.length === 0) return null;
  const kernels = [...new Set(all.map((d) => d.split(', ')[0]))].join(' or ');
  const groups = new Map<string, string[]>();
  for (const s of r.sizes) {
    const counts = [...new Set(s.details.map((d) => /(\d+) threads?/.exec(d)?.[1] ?? '?'))].sort();
    const timed = s.details.some((d) => d.includes('chosen by timing'));
    const key = `${timed ? 'chosen by timing, ' : ''}${counts.join(' or ')} ${counts.length === 1 && counts[0] === '1' ? 'thread' : 'threads'}${timed && counts.length > 1 ? ' (runs differed)' : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), s.name]);
  }
  return `nnlab's engine: ${r.sizes[0]!.engine} (${kernels}); ${[...groups].map(([k, names]) => `${k} at ${names.join(', ')}`).join('; ')}.`;
}

/** numpy's BLAS threads, which decide its times at the larger sizes (and, on a busy machine, their spread). */
const threads = (r: SizesResult): string => ('blasThreads' in r.numpy ? ` (OPENBLAS_NUM_THREADS ${r.numpy.blasThreads ?? 'unset: one BLAS thread per core'})` : '');

const ratio = (x: number): string => (x >= 10 ? `${x.toFixed(0)}×` : `${x.toFixed(2)}×`);

/** Runs of one side further apart than this (slowest ÷ fastest) measured the machine's load, not the code. */
const SPREAD_MAX = 2;
const spread = (runs: readonly number[]): number => Math.max(...runs) / Math.min(...runs);

/**
 * Where nnlab is slower, by the medians: named, not averaged away. A size whose runs on either side
 * varied more than SPREAD_MAX times is left out of the verdict and named as such.
 */
function verdict(r: SizesResult): string {
  const version = 'version' in r.numpy ? r.numpy.version : '';
  const noisy = r.sizes.filter((s) => s.numpy && (spread(s.nnlab.runsUs) > SPREAD_MAX || spread(s.numpy.runsUs) > SPREAD_MAX));
  const judged = r.sizes.filter((s) => s.ratio !== undefined && !noisy.includes(s));
  const slower = judged.filter((s) => s.ratio! < 1);
  const head = `numpy ${version} (numpy ÷ nnlab above 1: nnlab is faster)`;
  const lines = [
    judged.length === 0 ? `${head}: no size to judge.`
      : slower.length === 0 ? `${head}: nnlab is as fast or faster at ${judged.length === r.sizes.length ? 'every size here' : judged.map((s) => s.name).join(', ')}.`
      : `${head}: nnlab is slower at ${slower.map((s) => `${s.name} (${ratio(s.ratio!)})`).join(', ')}${judged.length > slower.length ? `, as fast or faster at the other ${judged.length - slower.length === 1 ? 'size' : 'sizes'} judged` : ''}.`,
  ];
  if (noisy.length > 0) {
    const range = (runs: readonly number[]): string => `${us(Math.min(...runs))}–${us(Math.max(...runs))} µs`;
    lines.push(chalk.yellow(`Not judged, their runs varied more than ${SPREAD_MAX}× (the machine's load, not the code; numpy's BLAS threads suffer most): ${noisy.map((s) => `${s.name} (nnlab ${range(s.nnlab.runsUs)}, numpy ${range(s.numpy!.runsUs)})`).join(', ')}.`));
  }
  return lines.join('\n');
}

export function benchSizesJson(r: SizesResult): object {
  return { command: 'bench', ...r };
}
