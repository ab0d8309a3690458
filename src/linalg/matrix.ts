// The one matrix type: row-major Float64Array with its shape. Kernels live in kernels.ts.
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function fromData(rows: number, cols: number, data: Float64Array): Matrix {
  if (data.length !== rows * cols) throw new RangeError(`${rows}x${cols} matrix needs ${rows * cols} values, got ${data.length}`);
  return { rows, cols, data };
}

/** From nested row arrays (numpy's tolist() shape). */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]!.length;
  const m = zeros(r, c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new RangeError(`row ${i} has ${row.length} values, expected ${c}`);
    m.data.set(row, i * c);
  });
  return m;
}

/** To nested row arrays, numpy's tolist() shape. */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function clone(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: m.data.slice() };
}

export function shapeOf(m: Matrix): string {
  return `(${m.rows}, ${m.cols})`;
}
