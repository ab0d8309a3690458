// A sweep table too wide for the terminal puts every label of several axes one setting a line, whichever
// the wrapping would have broken; a table that fits keeps each label on one line.
import { describe, expect, it } from 'vitest';
import { nnlab } from './helpers/cli.js';

const args = ['sweep', 'train', '--init', 'zeros,he', '--lr', '0.01,5', '--iterations', '50'];
const labelLines = (stdout: string): string[] => stdout.split('\n').map((l) => l.split('│')[2]?.trim() ?? '').filter((c) => /^(init|lr)=/.test(c));

describe('sweep labels', () => {
  it('at 80 columns: every label "init=…," then "lr=…" on the next line, the short ones too', () => {
    const r = nnlab(args, { env: { COLUMNS: '80' } });
    expect(r.code, r.stderr).toBe(0);
    expect(labelLines(r.stdout)).toEqual(['init=zeros,', 'lr=0.01', 'init=zeros,', 'lr=5', 'init=he,', 'lr=0.01', 'init=he,', 'lr=5']);
  });
  it('counter-example: at 200 columns the table fits and each label is one line', () => {
    const r = nnlab(args, { env: { COLUMNS: '200' } });
    expect(labelLines(r.stdout)).toEqual(['init=zeros, lr=0.01', 'init=zeros, lr=5', 'init=he, lr=0.01', 'init=he, lr=5']);
  });
});
