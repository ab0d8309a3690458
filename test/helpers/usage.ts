// The message of the UsageError a call throws; fails the test if it throws nothing or something else.
import { expect } from 'vitest';
import { UsageError } from '../../src/errors.js';

export function usageMessage(call: () => unknown): string {
  try {
    call();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('no UsageError was thrown');
}
