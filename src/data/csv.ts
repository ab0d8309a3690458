// CSV datasets: header x1,...,xn,y; numeric features; labels 0/1. Errors name the file and line.
import { clip, UsageError } from '../errors.js';
import { readInputText } from '../inputFile.js';
import { MAX_CSV_BYTES } from '../limits.js';
import { DECIMAL } from '../numpyText.js';
import { fromPoints, type Dataset } from './dataset.js';

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));

/** The lines of a text, ending in CRLF, LF or CR alike, trailing blank lines dropped; no array of all lines. */
function* linesOf(text: string): Generator<string> {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  const lineBreak = /\r\n|\r|\n/g;
  let at = 0;
  while (at < end) {
    const m = lineBreak.exec(text);
    const stop = m && m.index < end ? m.index : end;
    yield text.slice(at, stop);
    at = m && m.index < end ? m.index + m[0].length : end;
  }
}

/** A cell or name without its surrounding spaces and double quotes ("x1", "0.5"), as spreadsheets write them. */
const unquote = (cell: string): string => {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
};

/** UTF-16 text read as UTF-8: a NUL beside most characters, not one stray NUL. */
const looksUtf16 = (line: string): boolean => {
  let nul = 0;
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) === 0) nul++;
  return nul > 0 && nul * 3 >= line.length;
};

const countLines = (text: string): number => {
  let n = 0;
  for (const _ of linesOf(text)) n++;
  return n;
};

const INDEX_FIX = 'drop it, or write the file with to_csv(..., index=False)';
/** Names pandas gives an index written as a column (reset_index) or that people give a row number. */
const INDEX_NAMES = ['index', 'id'];

/**
 * A first column named index or id whose values are exactly the row numbers 0..m-1 or 1..m is a pandas
 * index, not a feature: refused (UsageError), since training on it teaches the row order.
 */
function refuseIndexColumn(name: string, points: Float64Array, features: number, rows: number, file: string): void {
  if (!INDEX_NAMES.includes(name.toLowerCase())) return;
  for (const from of [0, 1]) {
    let j = 0;
    while (j < rows && points[j * features] === j + from) j++;
    if (j === rows) {
      throw new UsageError(`${file}:1: the first column '${clip(name)}' holds ${from}..${rows - 1 + from}, the row numbers: it looks like a pandas index; ${INDEX_FIX}`);
    }
  }
}

export interface CsvOptions {
  /** Points without a y column are read too (predict); training data needs labels. */
  unlabelled?: boolean;
  /** Fewest data rows: training needs 2, predicting 1. */
  minRows?: number;
}

/**
 * A CSV dataset: header x1,...,xn,y (or without y, with options.unlabelled), numeric cells, labels 0/1.
 * Throws UsageError naming the file, line and column.
 */
export function parseCsv(text: string, path: string, options: CsvOptions = {}): Dataset {
  const file = clip(path);
  const minRows = options.minRows ?? 2;
  const lines = linesOf(text);
  const first = lines.next();
  if (first.done) throw new UsageError(`${file}: the file is empty; expected a header like x1,x2,y and data rows`);
  const head = first.value;
  if (looksUtf16(head)) throw new UsageError(`${file}: holds NUL bytes (UTF-16?); save it as UTF-8 text`);
  const header = head.split(',').map(unquote);
  if (header.length === 1) {
    const sep = [';', '\t', '|'].find((c) => head.includes(c));
    if (sep) throw new UsageError(`${file}:1: the columns are separated by ${sep === '\t' ? 'tabs' : `'${sep}'`}; nnlab reads comma-separated values`);
  }
  if (header.every((h) => DECIMAL.test(h))) throw new UsageError(`${file}:1: the first line is numbers; the file needs a header line first, like x1,x2,y`);
  if (header.length > 1 && header[header.length - 1] === '' && header.slice(0, -1).every((h) => h !== '')) {
    throw new UsageError(`${file}:1: the header ends with a comma (got "${clip(head)}"); remove it`);
  }
  const unnamed = header.indexOf('');
  if (unnamed >= 0) {
    const pandas = unnamed === 0 ? ' (a pandas index? write the file with to_csv(..., index=False))' : '';
    throw new UsageError(`${file}:1: column ${unnamed + 1} has no name${pandas}; expected a header like x1,x2,y`);
  }
  // pandas names its unnamed index column 'Unnamed: 0' when a written CSV is read and written again.
  if (header[0] === 'Unnamed: 0') throw new UsageError(`${file}:1: the first column is 'Unnamed: 0', pandas' name for an index column; ${INDEX_FIX}`);
  const seen = new Set<string>();
  const twice = header.find((h) => seen.size === seen.add(h).size); // a Set: linear in a million columns
  if (twice !== undefined) throw new UsageError(`${file}:1: the column name '${clip(twice)}' appears twice; each column needs its own name`);
  const yAt = header.indexOf('y');
  const labelled = yAt >= 0 || !options.unlabelled;
  const capital = header.includes('Y') ? " (the label column must be called 'y', lower case)" : '';
  if (yAt < 0 && labelled) throw new UsageError(`${file}:1: the header has no 'y' column (got "${clip(head)}")${capital}; expected e.g. x1,x2,y`);
  if (labelled && yAt !== header.length - 1) throw new UsageError(`${file}:1: 'y' must be the last column (got "${clip(head)}")`);
  const features = labelled ? header.length - 1 : header.length;
  if (features < 1) throw new UsageError(`${file}:1: no feature columns before 'y'`);
  const rows = countLines(text) - 1;
  if (rows < minRows) throw new UsageError(`${file}: needs at least ${minRows} data ${minRows === 1 ? 'row' : 'rows'}, found ${rows}`);
  const points = new Float64Array(rows * features);
  const labels = new Float64Array(rows).fill(labelled ? 0 : NaN);
  let r = 0;
  for (const line of lines) {
    const lineNo = r + 2;
    if (line.trim() === '') throw new UsageError(`${file}:${lineNo}: a blank line among the data rows; remove it`);
    const cells = line.split(',', header.length + 1);
    if (cells.length !== header.length) {
      let count = 1;
      for (let at = line.indexOf(','); at >= 0; at = line.indexOf(',', at + 1)) count++;
      throw new UsageError(`${file}:${lineNo}: ${count} values, but the header has ${header.length} columns`);
    }
    for (let c = 0; c < cells.length; c++) {
      const cell = unquote(cells[c]!);
      const v = DECIMAL.test(cell) ? Number(cell) : NaN;
      if (!Number.isFinite(v)) {
        throw new UsageError(`${file}:${lineNo}: column '${clip(header[c]!)}' is "${clip(cell)}", not a finite number`);
      }
      if (c === yAt) {
        if (v !== 0 && v !== 1) throw new UsageError(`${file}:${lineNo}: label y is ${clip(cell)}; labels must be 0 or 1`);
        labels[r] = v;
      } else {
        points[r * features + c] = v;
      }
    }
    r++;
  }
  if (yAt !== 0) refuseIndexColumn(header[0]!, points, features, rows, file);
  const d = { ...fromPoints(points, features, labels), columns: header.filter((_, c) => c !== yAt) };
  return labelled ? d : { ...d, unlabelled: true };
}

/** A CSV dataset file: a regular file of at most MAX_CSV_BYTES; BOM and CRLF/CR line endings accepted. */
export function loadCsv(file: string, options: CsvOptions = {}): Dataset {
  return parseCsv(readInputText(file, 'a CSV file', MAX_CSV_BYTES), file, options);
}

/** Rows per block of CSV text: a block is about a megabyte for a few columns. */
const BLOCK_ROWS = 10_000;

/**
 * CSV text in blocks: the header line, then `m` rows of `cells(j)`, each block ending in a newline.
 * Millions of rows never make one string (V8 caps a string near 2^29 characters).
 */
export function* csvBlocks(header: readonly string[], m: number, cells: (j: number) => readonly (string | number)[]): Generator<string> {
  yield header.join(',') + '\n';
  for (let start = 0; start < m; start += BLOCK_ROWS) {
    const lines: string[] = [];
    for (let j = start; j < Math.min(m, start + BLOCK_ROWS); j++) lines.push(cells(j).join(','));
    yield lines.join('\n') + '\n';
  }
}

/** A dataset as CSV blocks, header x1,...,y; numbers in shortest round-trip form, straight from the column-major arrays. */
export function datasetCsv(d: Dataset): Generator<string> {
  const { rows: features, cols: m, data } = d.X;
  const header = [...Array.from({ length: features }, (_, i) => `x${i + 1}`), 'y'];
  const row: number[] = new Array<number>(features + 1);
  return csvBlocks(header, m, (j) => {
    for (let f = 0; f < features; f++) row[f] = data[f * m + j]!;
    row[features] = d.Y.data[j]!;
    return row;
  });
}

/** datasetCsv as one string, for small data. */
export const toCsv = (d: Dataset): string => [...datasetCsv(d)].join('');
