// CSV datasets: header x1,...,xn,y; numeric features; labels 0/1. Errors name the file and line.
import { readFileSync, statSync } from 'node:fs';
import { clip, UsageError } from '../errors.js';
import { DECIMAL } from '../numpyText.js';
import { fromPoints, toPoints, type Dataset } from './dataset.js';


export function parseCsv(text: string, path: string): Dataset {
  const file = clip(path);
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) throw new UsageError(`${file}: the file is empty; expected a header like x1,x2,y and data rows`);
  const header = lines[0]!.split(',').map((h) => h.trim());
  const yAt = header.indexOf('y');
  if (yAt < 0) throw new UsageError(`${file}:1: the header has no 'y' column (got "${clip(lines[0]!)}"); expected e.g. x1,x2,y`);
  if (yAt !== header.length - 1) throw new UsageError(`${file}:1: 'y' must be the last column (got "${clip(lines[0]!)}")`);
  const features = header.length - 1;
  if (features < 1) throw new UsageError(`${file}:1: no feature columns before 'y'`);
  const rows = lines.length - 1;
  if (rows < 2) throw new UsageError(`${file}: needs at least 2 data rows, found ${rows}`);
  const points = new Float64Array(rows * features);
  const labels = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const lineNo = r + 2;
    const cells = lines[r + 1]!.split(',');
    if (cells.length !== header.length) {
      throw new UsageError(`${file}:${lineNo}: ${cells.length} values, but the header has ${header.length} columns`);
    }
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!.trim();
      if (!DECIMAL.test(cell)) {
        throw new UsageError(`${file}:${lineNo}: column '${clip(header[c]!)}' is "${clip(cell)}", not a finite number`);
      }
      const v = Number(cell);
      if (!Number.isFinite(v)) throw new UsageError(`${file}:${lineNo}: column '${clip(header[c]!)}' is "${clip(cell)}", not a finite number`);
      if (c === yAt) {
        if (v !== 0 && v !== 1) throw new UsageError(`${file}:${lineNo}: label y is ${clip(cell)}; labels must be 0 or 1`);
        labels[r] = v;
      } else {
        points[r * features + c] = v;
      }
    }
  }
  return fromPoints(points, features, labels);
}

export function loadCsv(file: string): Dataset {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new UsageError(`${file}: is a folder, not a CSV file`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(e)})`);
  }
  return parseCsv(text, file);
}

/** CSV text with header x1,...,y; numbers in shortest round-trip form. */
export function toCsv(d: Dataset): string {
  const { features, rows } = toPoints(d);
  const header = [...Array.from({ length: features }, (_, i) => `x${i + 1}`), 'y'].join(',');
  return [header, ...rows.map((r) => r.map((v) => String(v)).join(','))].join('\n') + '\n';
}
