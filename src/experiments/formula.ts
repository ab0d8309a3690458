// User formulas for the init multiplier (--scale), evaluated by mathjs once per layer, never per step.
import { UsageError } from '../errors.js';
import type { Scale } from '../nn/init.js';

/** Compiles the formula and checks it on every layer: a finite number ≥ 0. `where` names it in messages. */
export async function compileScale(expr: string, layers: readonly number[], where = '--scale'): Promise<Scale> {
  const { compile } = await import('mathjs'); // heavy: loaded only when a formula is given
  let code: { evaluate(scope: Record<string, number>): unknown };
  try {
    code = compile(expr);
  } catch (e) {
    throw new UsageError(`${where} "${expr}" is not a formula mathjs can read: ${(e as Error).message}`);
  }
  const values = new Map<string, number>();
  for (let l = 1; l < layers.length; l++) {
    const fanIn = layers[l - 1]!;
    const fanOut = layers[l]!;
    let v: unknown;
    try {
      v = code.evaluate({ fan_in: fanIn, fan_out: fanOut });
    } catch (e) {
      throw new UsageError(`${where} "${expr}" cannot be evaluated: ${(e as Error).message}; it may use fan_in and fan_out`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new UsageError(`${where} "${expr}" gives ${String(v)} for layer ${l} (fan_in=${fanIn}, fan_out=${fanOut}); it must be a finite number ≥ 0`);
    }
    values.set(`${fanIn},${fanOut}`, v);
  }
  return (fanIn, fanOut) => values.get(`${fanIn},${fanOut}`)!;
}
