// User formulas for the init multiplier (--scale): real arithmetic of fan_in and fan_out, evaluated by a
// sandboxed mathjs (formulaMath.ts) once per layer, never per step. Only the node kinds of plain arithmetic
// are allowed, so no formula can define functions, assign, loop or reach anything else, and evaluation
// costs at most a few hundred operations (the text is capped at MAX_FORMULA_LENGTH).
import { clip, didYouMean, UsageError } from '../errors.js';
import { MAX_FORMULA_LENGTH } from '../limits.js';
import type { Scale } from '../nn/init.js';
import type { MathNode } from './formulaMath.js';

export const FORMULA_VARIABLES = ['fan_in', 'fan_out'] as const;
export const FORMULA_CONSTANTS = ['pi', 'e'] as const;
export const FORMULA_FUNCTIONS = ['sqrt', 'exp', 'log', 'abs', 'min', 'max'] as const;
const OPERATORS: Record<string, true> = { add: true, subtract: true, multiply: true, divide: true, pow: true, unaryMinus: true, unaryPlus: true };
const NAMES: readonly string[] = [...FORMULA_VARIABLES, ...FORMULA_CONSTANTS];
const FUNCTIONS: readonly string[] = FORMULA_FUNCTIONS;

/** What a formula may use, for messages. */
export const FORMULA_ALLOWED = `numbers, fan_in, fan_out, + - * / ^, ( ), ${FORMULA_FUNCTIONS.join(', ')}, ${FORMULA_CONSTANTS.join(', ')}`;

/** Node kinds outside arithmetic, as a user would name them. */
const KIND: Record<string, string> = {
  AssignmentNode: 'an assignment',
  FunctionAssignmentNode: 'a function definition',
  ConditionalNode: 'a condition (a ? b : c)',
  BlockNode: 'more than one expression',
  ArrayNode: 'a matrix',
  RangeNode: 'a range',
  AccessorNode: 'a property or index',
  IndexNode: 'an index',
  ObjectNode: 'an object',
  RelationalNode: 'a comparison',
};

type Node = MathNode & { name?: string; fn?: unknown; op?: string; value?: unknown };

/** Why the tree is not plain arithmetic, or null when it is. */
function notArithmetic(root: MathNode): string | null {
  let why: string | null = null;
  root.traverse((node: Node, path, parent: Node | null) => {
    if (why !== null) return;
    switch (node.type) {
      case 'ParenthesisNode':
        return;
      case 'ConstantNode':
        if (typeof node.value !== 'number') why = `${typeof node.value === 'string' ? 'text' : String(node.value)} is not a number`;
        return;
      case 'OperatorNode':
        if (!OPERATORS[node.fn as string]) why = `the operator ${node.op} is not arithmetic`;
        return;
      case 'FunctionNode': {
        const fn = node.fn as Node;
        if (fn.type !== 'SymbolNode') why = 'only named functions may be called';
        else if (!FUNCTIONS.includes(fn.name!)) why = `${clip(fn.name!)}() is not one of the functions allowed${didYouMean(fn.name!, FUNCTIONS)}`;
        return;
      }
      case 'SymbolNode':
        // A function's own name is checked with its call.
        if (parent?.type === 'FunctionNode' && path === 'fn') return;
        if (!NAMES.includes(node.name!)) why = `unknown name ${clip(node.name!)}${didYouMean(node.name!, NAMES)}`;
        return;
      default:
        why = `${KIND[node.type] ?? node.type} is not allowed`;
    }
  });
  return why;
}

/** Python and numpy spellings people bring to a formula, and how to write them here. */
const HABITS: [RegExp, string][] = [
  [/\*\*/, 'powers are written with ^ here (fan_in^0.5), not **'],
  [/\b(np|numpy|math)\./, 'write the function without its module: sqrt(...), not np.sqrt(...)'],
  [/\bpow\s*\(/, 'powers are written a^b here, not pow(a, b)'],
  [/\bln\s*\(/, 'the natural logarithm is log(...) here'],
];

const pythonHabit = (expr: string): string | undefined => HABITS.find(([re]) => re.test(expr))?.[1];

/**
 * Reads and checks the formula, then evaluates it for every layer (fan_in = n[l-1], fan_out = n[l]).
 * Throws UsageError when the text is too long, is not plain arithmetic, or gives anything but a finite
 * number > 0 for some layer; the message quotes the formula clipped.
 */
export async function compileScale(expr: string, layers: readonly number[], where = '--scale'): Promise<Scale> {
  const quoted = `${where} "${clip(expr)}"`;
  const allowed = `a formula may use ${FORMULA_ALLOWED}`;
  if (expr.length > MAX_FORMULA_LENGTH) throw new UsageError(`${quoted}: ${expr.length} characters; a formula may have at most ${MAX_FORMULA_LENGTH}`);
  if (expr.trim() === '') throw new UsageError(`${quoted}: empty; ${allowed}`);
  const habit = pythonHabit(expr);
  if (habit) throw new UsageError(`${quoted}: ${habit}`);
  const { parse } = await import('./formulaMath.js'); // loaded only when a formula is given
  let tree: MathNode;
  try {
    tree = parse(expr);
  } catch (e) {
    throw new UsageError(`${quoted} is not a formula: ${clip((e as Error).message)}`);
  }
  const why = notArithmetic(tree);
  if (why !== null) throw new UsageError(`${quoted}: ${why}; ${allowed}`);
  const code = tree.compile();
  const values = new Map<string, number>();
  for (let l = 1; l < layers.length; l++) {
    const fanIn = layers[l - 1]!;
    const fanOut = layers[l]!;
    const key = `${fanIn},${fanOut}`;
    if (values.has(key)) continue;
    let v: unknown;
    try {
      v = code.evaluate({ fan_in: fanIn, fan_out: fanOut });
    } catch (e) {
      throw new UsageError(`${quoted} cannot be evaluated: ${clip((e as Error).message)}`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      const got = typeof v === 'number' ? String(v) : `a ${typeof v}`;
      throw new UsageError(`${quoted} gives ${got} for layer ${l} (fan_in=${fanIn}, fan_out=${fanOut}); it must be a finite number > 0`);
    }
    values.set(key, v);
  }
  return (fanIn, fanOut) => values.get(`${fanIn},${fanOut}`)!;
}
