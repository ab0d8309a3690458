// The mathjs instance behind --scale: mathjs's create() with only the factories a formula may use
// (number-only arithmetic, sqrt, exp, log, abs, min, max, pi, e), and the functions that parse, compile,
// evaluate, import, create units, configure or define types disabled inside expressions, as mathjs's
// security guide advises (https://mathjs.org/docs/expressions/security.html).
// The build bundles this file with just these factories (tools/bundle.mjs): the whole of mathjs
// took ~0.5 s to load, this ~10 ms.
import {
  absDependencies, addDependencies, compileDependencies, create, divideDependencies, eDependencies, expDependencies,
  logDependencies, maxDependencies, minDependencies, multiplyDependencies, piDependencies, powDependencies,
  sqrtDependencies, subtractDependencies, unaryMinusDependencies, unaryPlusDependencies, type MathNode,
} from 'mathjs/number';

const math = create({
  absDependencies, addDependencies, compileDependencies, divideDependencies, eDependencies, expDependencies,
  logDependencies, maxDependencies, minDependencies, multiplyDependencies, piDependencies, powDependencies,
  sqrtDependencies, subtractDependencies, unaryMinusDependencies, unaryPlusDependencies,
});

/** mathjs's parser, taken before the expression namespace loses it. */
const parseExpression = math.parse;

const disabled = (name: string) => (): never => {
  throw new Error(`${name} is disabled`);
};
math.import(Object.fromEntries(
  ['import', 'createUnit', 'reviver', 'evaluate', 'parse', 'compile', 'config', 'simplify', 'derivative', 'resolve']
    .map((name) => [name, disabled(name)]),
), { override: true });

/** Parses one expression into mathjs's node tree (throws mathjs's SyntaxError on bad syntax). */
export const parse = (text: string): MathNode => parseExpression(text);

export type { MathNode };
