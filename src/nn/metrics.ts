// Classification figures for 0/1 labels, as scikit-learn's metrics define them for the positive class 1.

/** Counts of (label, prediction) pairs: tn = (0, 0), fp = (0, 1), fn = (1, 0), tp = (1, 1). */
export interface Confusion {
  tn: number;
  fp: number;
  fn: number;
  tp: number;
}

export function confusion(predicted: ArrayLike<number>, labels: ArrayLike<number>): Confusion {
  const c: Confusion = { tn: 0, fp: 0, fn: 0, tp: 0 };
  for (let j = 0; j < labels.length; j++) {
    if (labels[j] === 1) predicted[j] === 1 ? c.tp++ : c.fn++;
    else predicted[j] === 1 ? c.fp++ : c.tn++;
  }
  return c;
}

/**
 * precision tp/(tp+fp), recall tp/(tp+fn), F1 2tp/(2tp+fp+fn) (scikit-learn's precision_score,
 * recall_score, f1_score); null where the denominator is 0 (nothing predicted 1, no label 1, neither).
 */
export function scores(c: Confusion): { precision: number | null; recall: number | null; f1: number | null } {
  const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
  return { precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn), f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn) };
}
