// Help is output too: at 80 columns no line of any command's help passes 80 characters.
import { describe, expect, it } from 'vitest';
import { nnlab } from './helpers/cli.js';

const COMMANDS = [[], ['train'], ['regularize'], ['predict'], ['eval'], ['run'], ['sweep'], ['gradcheck'], ['reproduce'], ['datasets'], ['bench'], ['report']];

describe('help at 80 columns', () => {
  it.each(COMMANDS.map((c) => [c.join(' ') || 'nnlab', c]))('%s --help', (_name, command) => {
    const r = nnlab([...(command as string[]), '--help'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    const long = r.stdout.split('\n').filter((l) => [...l].length > 80);
    expect(long).toEqual([]);
  });
});
