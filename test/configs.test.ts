// Every file in configs/ runs with nnlab run and gives what the command it names gives with flags.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nnlab, ROOT } from './helpers/cli.js';

const files = readdirSync(`${ROOT}configs`).filter((f) => f.endsWith('.json')).sort();

/** The command line the file stands for. */
function flagsFor(file: Record<string, unknown>): string[] {
  const { command, of, ...settings } = file;
  const args = of ? [String(command), String(of)] : [String(command)];
  for (const [key, value] of Object.entries(settings)) {
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    args.push(flag, Array.isArray(value) ? value.join(',') : String(value));
  }
  return args;
}

/** --json output without timings, which differ run to run. */
function numbers(stdout: string): unknown {
  return JSON.parse(stdout, (k, v) => (k === 'durationMs' ? undefined : v));
}

describe('configs/', () => {
  it('holds the course experiments and comparisons', () => {
    expect(files).toEqual(['gradcheck.json', 'init-compare-tanh.json', 'init-compare.json', 'init-he.json', 'init-random.json', 'init-zeros.json',
      'lambd-sweep.json', 'reg-dropout.json', 'reg-l2.json', 'reg-none.json']);
  });
  for (const name of files) {
    it(`${name} runs and matches its command's output`, () => {
      const file = JSON.parse(readFileSync(`${ROOT}configs/${name}`, 'utf8'));
      const viaFile = nnlab(['run', `configs/${name}`, '--json']);
      const viaFlags = nnlab([...flagsFor(file), '--json']);
      expect(viaFile.code).toBe(0);
      expect(viaFile.stderr).toBe('');
      expect(numbers(viaFile.stdout)).toEqual(numbers(viaFlags.stdout));
    });
  }
  it('--set gives the same numbers as the flag', () => {
    const viaSet = nnlab(['run', 'configs/reg-l2.json', '--set', 'lambd=0.3', '--set', 'layers=2,20,3,1', '--set', 'iterations=2000', '--json']);
    const viaFlags = nnlab(['regularize', '--lambd', '0.3', '--layers', '2,20,3,1', '--iterations', '2000', '--json']);
    expect(numbers(viaSet.stdout)).toEqual(numbers(viaFlags.stdout));
    expect((numbers(viaSet.stdout) as { config: { lambd: number } }).config.lambd).toBe(0.3);
  });
  it('human output of run is that of the command', () => {
    const strip = (s: string): string => s.replace(/\d+\.\d+ s/g, '').trim();
    expect(strip(nnlab(['run', 'configs/init-zeros.json', '--set', 'iterations=3000']).stdout))
      .toBe(strip(nnlab(['train', '--init', 'zeros', '--iterations', '3000']).stdout));
  });
});
