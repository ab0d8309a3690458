// Numbers as text: what nnlab reads as a number, and numbers as numpy prints them (shortest round-trip,
// inf, -inf, nan by name: JSON has no such numbers).

/** A plain decimal: "1", "-0.5", ".5", "1e-3". No inf, nan, hex or spaces. */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function numpyName(v: number): string {
  return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
}

/**
 * A setting or threshold as one would type it: plain decimals from 0.001 to below 1e6, exponent form
 * outside that, never "e+": 0.01, 1e-5, 1e308.
 */
export function settingText(v: number): string {
  if (!Number.isFinite(v)) return numpyName(v);
  const a = Math.abs(v);
  return (a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential() : String(v)).replace('e+', 'e');
}

export function num(v: number): string {
  return Number.isFinite(v) ? String(v) : numpyName(v);
}

const numpyNumbers = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? numpyName(v) : v);

/** JSON with non-finite numbers spelt as numpy spells them. */
export function numpyJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, numpyNumbers, indent) + '\n';
}

/** Elements of a long list written per piece of numpyJsonPieces. */
const PIECE = 10_000;

/**
 * numpyJson's compact text (no indent) in pieces, for outputs too large for one string: lists longer
 * than PIECE elements go a block at a time. Typed arrays are written as lists.
 */
export function* numpyJsonPieces(value: unknown): Generator<string> {
  yield* pieces(value);
  yield '\n';
}

function* pieces(v: unknown): Generator<string> {
  if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    const list = v as ArrayLike<unknown>;
    yield '[';
    for (let i = 0; i < list.length; i += PIECE) {
      const block = JSON.stringify(Array.from({ length: Math.min(PIECE, list.length - i) }, (_, k) => list[i + k]), numpyNumbers);
      yield (i > 0 ? ',' : '') + block.slice(1, -1);
    }
    yield ']';
  } else if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
    let first = true;
    yield '{';
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      yield `${first ? '' : ','}${JSON.stringify(k)}:`;
      first = false;
      yield* pieces(x);
    }
    yield '}';
  } else {
    yield JSON.stringify(v, numpyNumbers) ?? 'null';
  }
}
