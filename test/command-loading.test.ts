import { describe, expect, it } from 'vitest';
import { commandsFor } from '../src/cli/program.js';

const loaded = (...words: string[]): string[] => commandsFor(['node', 'nnlab', ...words]).map((c) => c.names[0]!);
const ALL = ['train', 'predict', 'eval', 'run', 'sweep', 'reproduce', 'report', 'bench', 'datasets', 'gradcheck'];

describe('a run loads only the command it names', () => {
  it('the named command, after any root options', () => {
    expect(loaded('train', '--init', 'he')).toEqual(['train']);
    expect(loaded('regularize')).toEqual(['train']);
    expect(loaded('--wide', '--debug', 'datasets', 'list')).toEqual(['datasets']);
    expect(loaded('sweep', 'train', '--lr', '0.1,0.2')).toEqual(['sweep']);
    expect(loaded('help', 'bench')).toEqual(['bench']);
  });
  it('every command for help, a misspelt command or none', () => {
    expect(loaded()).toEqual(ALL);
    expect(loaded('--help')).toEqual(ALL);
    expect(loaded('trian')).toEqual(ALL);
    expect(loaded('help')).toEqual(ALL);
    expect(loaded('--version', '--help')).toEqual(ALL);
  });
  it('none for --version alone', () => {
    expect(loaded('--version')).toEqual([]);
    expect(loaded('-V')).toEqual([]);
  });
});
