// Datasets from MAT-files as the course stores them (datasets/data.mat): training examples in X
// (one per row) with labels y, and a test set in Xval, yval when the file has one.
import { readInputBytes } from '../inputFile.js';
import { MAX_MAT_BYTES } from '../limits.js';
import { UsageError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { readMat, type MatVariable } from './mat.js';

/** The file's training set, and its test set when it holds Xval and yval. */
export interface MatSplit {
  train: Dataset;
  test?: Dataset;
}

export const isMatPath = (path: string): boolean => /\.mat$/i.test(path);

const WANTED = new Set(['X', 'y', 'Xval', 'yval']);

const read = (file: string): Uint8Array => readInputBytes(file, 'a MAT-file', MAX_MAT_BYTES);

const shape = (v: MatVariable): string => v.dims.join('×');

/** A real, dense, 2-D numeric variable's values, column-major; refuses anything else by name. */
function matrixOf(file: string, v: MatVariable): Float64Array {
  const what = `${file}: ${v.name}`;
  if (!v.numeric) throw new UsageError(`${what} is ${/^[aeiou]/.test(v.className) ? 'an' : 'a'} ${v.className} array; nnlab reads numeric matrices`);
  if (v.complex) throw new UsageError(`${what} is complex; nnlab reads real numbers`);
  if (v.dims.length !== 2) throw new UsageError(`${what} has ${v.dims.length} dimensions (${shape(v)}); nnlab reads 2-D matrices`);
  if (v.inexact) throw new UsageError(`${what} holds 64-bit integers beyond 2^53, which a double cannot hold exactly`);
  return v.data!;
}

/** X (m×n, examples as rows) and y (m×1 or 1×m, labels 0/1) as a Dataset. */
function datasetOf(file: string, X: MatVariable, y: MatVariable): Dataset {
  const x = matrixOf(file, X);
  const labels = matrixOf(file, y);
  const [m, n] = X.dims as [number, number];
  if (m < 1 || n < 1) throw new UsageError(`${file}: ${X.name} is empty (${shape(X)})`);
  if (Math.min(...y.dims) !== 1) throw new UsageError(`${file}: ${y.name} is ${shape(y)}; labels are a vector, ${m}×1 or 1×${m}`);
  if (labels.length !== m) {
    const flipped = labels.length === n ? `; nnlab reads examples as rows, so ${X.name} should be ${n}×${m} (transpose it)` : '';
    throw new UsageError(`${file}: ${X.name} is ${shape(X)} (${m} examples as rows) but ${y.name} has ${labels.length} labels${flipped}`);
  }
  const bad = x.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new UsageError(`${file}: ${X.name}(${(bad % m) + 1},${Math.floor(bad / m) + 1}) is ${x[bad]}, not a finite number`);
  const notLabel = labels.findIndex((v) => v !== 0 && v !== 1);
  if (notLabel >= 0) throw new UsageError(`${file}: ${y.name}(${notLabel + 1}) is ${labels[notLabel]}; labels must be 0 or 1`);
  // Column-major m×n is, value for value, the course's row-major (features, m) layout.
  return { X: { rows: n, cols: m, data: x }, Y: { rows: 1, cols: m, data: labels } };
}

/**
 * Reads a MAT-file dataset: X, y and, when present, Xval, yval. Throws UsageError naming the file and
 * the variable: a missing or malformed variable, another MAT format, a damaged file.
 */
export function loadMat(file: string): MatSplit {
  const vars = new Map(readMat(read(file), file, WANTED).map((v) => [v.name, v]));
  const found = [...vars.keys()].filter((k) => k !== '');
  for (const name of ['X', 'y']) {
    if (!vars.has(name)) {
      const have = found.length ? `it holds ${found.join(', ')}` : 'it holds no variables';
      throw new UsageError(`${file}: no variable ${name}; nnlab reads the training set from X (examples as rows) and y (labels 0/1), and a test set from Xval, yval; ${have}`);
    }
  }
  const train = datasetOf(file, vars.get('X')!, vars.get('y')!);
  const [Xval, yval] = [vars.get('Xval'), vars.get('yval')];
  if (!Xval !== !yval) throw new UsageError(`${file}: it has ${Xval ? 'Xval but no yval' : 'yval but no Xval'}; a test set needs both`);
  if (!Xval || !yval) return { train };
  const test = datasetOf(file, Xval, yval);
  if (test.X.rows !== train.X.rows) throw new UsageError(`${file}: Xval has ${test.X.rows} columns (features), X has ${train.X.rows}`);
  return { train, test };
}
