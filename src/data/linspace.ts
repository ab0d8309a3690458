// np.linspace as numpy computes it, so that generated datasets equal numpy's bit for bit.

/**
 * np.linspace(start, stop, num, endpoint): arange(num)·step + start with step = (stop − start)/div,
 * div = num − 1 (endpoint) or num; with endpoint the last value is stop itself. A step that underflows to
 * 0 is applied as arange(num)/div·delta, and a div of 0 (one value with endpoint) as arange(num)·delta,
 * as numpy does (numpy/_core/function_base.py).
 */
export function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const y = new Float64Array(num);
  const step = delta / div;
  for (let i = 0; i < num; i++) {
    if (div <= 0) y[i] = i * delta;
    else if (step === 0) y[i] = (i / div) * delta;
    else y[i] = i * step;
    y[i]! += start;
  }
  if (endpoint && num > 1) y[num - 1] = stop;
  return y;
}
