// Planted backward-pass mistakes, e.g. "dW2*=2,db1*=4" or "dW1[0,1]+=0.5": the course's buggy
// backward_propagation is this spec, so the demo and user experiments share one code path.
import { clip, didYouMean, UsageError } from '../errors.js';
import { MAX_INJECT_LENGTH } from '../limits.js';
import { scaledNorm } from '../linalg/norms.js';
import type { Grads } from '../nn/params.js';

export interface Injection {
  /** Gradient name, e.g. "dW2". */
  readonly grad: string;
  /** One element [row, col], or the whole tensor. */
  readonly index: readonly [number, number] | null;
  readonly op: '*=' | '+=';
  readonly value: number;
  /** As the user wrote it, for messages. */
  readonly text: string;
}

/** The course's planted mistakes: dW2 doubled, db1 computed with 4/m instead of 1/m. */
export const COURSE_MISTAKES = 'dW2*=2,db1*=4';

const ITEM = /^([A-Za-z_]\w*)\s*(?:\[\s*(\d+)\s*,\s*(\d+)\s*\])?\s*(\*=|\+=)\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/;

/**
 * Parses and checks a spec against the network's shapes (gradient name → [rows, cols]).
 * `flag` names the origin in messages.
 */
export function parseInjections(spec: string, shapes: Readonly<Record<string, readonly [number, number]>>, flag = '--inject'): Injection[] {
  const known = Object.keys(shapes);
  // The split below looks ahead from every comma: cap the text before it grows quadratic.
  if (spec.length > MAX_INJECT_LENGTH) throw new UsageError(`${flag} "${clip(spec)}": ${spec.length} characters; a spec may have at most ${MAX_INJECT_LENGTH}`);
  // Split on commas outside brackets, so "dW1[0,1]*=3" stays one item.
  const items = spec.split(/,(?![^[]*\])/).map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`${flag} "${clip(spec)}": empty item; write e.g. dW2*=2,db1*=4`);
  return items.map((text) => {
    const m = ITEM.exec(text);
    if (!m) throw new UsageError(`${flag}: '${clip(text)}' is not NAME*=k, NAME+=c or NAME[row,col]*=k (e.g. dW2*=2, db1+=0.1, dW1[0,1]*=3)`);
    const [, name, r, c, op, num] = m as unknown as [string, string, string | undefined, string | undefined, '*=' | '+=', string];
    const shape = shapes[name];
    if (!shape) {
      const [, kind, layerText] = /^d?([Wb])(\d+)$/.exec(name) ?? [];
      const layer = Number(layerText ?? NaN);
      const depth = known.length / 2;
      if (layer < 1 || layer > depth) {
        // didYouMean would pick any one-character neighbour; the nearest existing layer is what was meant.
        const closest = `d${kind}${Math.min(Math.max(layer, 1), depth)}`;
        throw new UsageError(`${flag}: no gradient '${clip(name)}': this network has ${depth} layers (did you mean ${closest}?); known: ${known.join(', ')}`);
      }
      const hint = didYouMean(name, known) || (shapes[`d${name}`] ? ` (did you mean d${name}?)` : '');
      throw new UsageError(`${flag}: no gradient '${clip(name)}' in this network${hint}; known: ${known.join(', ')}`);
    }
    const value = Number(num);
    if (!Number.isFinite(value)) throw new UsageError(`${flag}: '${clip(text)}': ${clip(num)} is not a finite number`);
    let index: [number, number] | null = null;
    if (r !== undefined && c !== undefined) {
      index = [Number(r), Number(c)];
      if (index[0] >= shape[0] || index[1] >= shape[1]) {
        throw new UsageError(`${flag}: '${clip(text)}': index [${index.join(',')}] is outside ${name}, whose shape is ${shape[0]}x${shape[1]}`);
      }
    }
    return { grad: name, index, op, value, text };
  });
}

export interface InjectionEffect {
  /** The item as written, or the whole spec when its items cancel out. */
  text: string;
  grad: string;
  /** Why it changed no entry; null when it changed some. */
  noEffect: string | null;
  /** ‖change‖ it made to its gradient (Frobenius; inf when it overflowed). */
  change: number;
}

/** A change that alters a value: -0 for 0, or one NaN for another, is none. */
const differs = (a: number, b: number): boolean => a !== b && !(a !== a && b !== b);

/**
 * Applies the mistakes to gradients in place, in the order written, and measures each one's change on
 * the entries it touched. Items that each change something but together leave every entry as it was
 * are reported as one spec with no effect.
 */
export function applyInjections(grads: Grads, injections: readonly Injection[]): InjectionEffect[] {
  const before = new Map(injections.map((inj) => [inj.grad, Float64Array.from(grads[inj.grad]?.data ?? [])]));
  const effects = injections.map((inj): InjectionEffect => {
    const g = grads[inj.grad];
    if (!g) throw new RangeError(`no gradient ${inj.grad}`);
    const [from, to] = inj.index ? [inj.index[0] * g.cols + inj.index[1], inj.index[0] * g.cols + inj.index[1] + 1] : [0, g.data.length];
    const delta = new Float64Array(to - from);
    let changed = false;
    for (let i = from; i < to; i++) {
      const v = inj.op === '*=' ? g.data[i]! * inj.value : g.data[i]! + inj.value;
      if (differs(v, g.data[i]!)) changed = true;
      delta[i - from] = v - g.data[i]!;
      g.data[i] = v;
    }
    return { text: inj.text, grad: inj.grad, noEffect: changed ? null : noEffectReason(inj, g.data.subarray(from, to)), change: scaledNorm(delta) };
  });
  const unchanged = [...before].every(([name, old]) => grads[name]!.data.every((v, i) => !differs(v, old[i]!)));
  if (unchanged && injections.length > 1 && effects.some((e) => e.noEffect === null)) {
    return [{ text: injections.map((i) => i.text).join(','), grad: injections[0]!.grad, noEffect: 'together its items leave every entry as it was', change: 0 }];
  }
  return effects;
}

function noEffectReason(inj: Injection, entries: Float64Array): string {
  const what = inj.index ? `${inj.grad}[${inj.index.join(', ')}] is` : `every entry of ${inj.grad} is`;
  if (inj.op === '*=' && inj.value === 1) return 'multiplying by 1 changes nothing';
  if (inj.op === '*=' && entries.every((v) => v === 0)) return `${what} 0 here, and ${inj.value}·0 = 0`;
  if (inj.op === '+=' && inj.value === 0) return 'adding 0 changes nothing';
  return `${inj.value} is below the rounding of ${inj.grad}'s entries there`;
}
