#!/usr/bin/env python3
"""Measures how far equally valid computations of each course run drift apart, and writes
src/experiments/measuredSpread.ts, from which `nnlab reproduce` takes its cost tolerances.

    python3 tools/measure_spread.py          # about 5 minutes on 2 cores

Every run is the course's own numpy code (float64, as ../shared/bench/numpy_course.py writes it) on
the course's data (test/fixtures/circles-*.csv, datasets/football-*.csv). Each run is computed by
several members that are all valid computations of it:
  - "as written": numpy's matmul (the BLAS's summation order), np.sum / np.nansum (pairwise);
  - "scaled first": as written, but each dW computed as (1/m * dZ) @ A.T, the grouping that
    ../shared/bench/numpy_course.py's `1. / m * dZ @ A.T` gives (the course writes 1/m * np.dot(dZ, A.T));
  - "sequential": every sum of products and every np.sum accumulated plainly left to right;
  - "ulp k": as written, with every initial weight moved one ulp up or down (np.nextafter), the
    directions drawn from np.random.RandomState(k);
  - "rounding k": as written, with every element of every product and row sum, at every iteration,
    moved one ulp up, one down, or left, each with probability 1/3, drawn from
    np.random.RandomState(1000 + k). A different summation order changes each dot product's result by
    about one rounding, at every step; this is the random-rounding estimate of a computation's
    reliability (Vignes' CESTAC method, the basis of CADNA; Parker's Monte Carlo arithmetic).
The large random (x10) run gets 64 ulp and 32 rounding members, the others 8 of each.

Why the rounding members: the first version of this tool had only the ulp members and three
summation orders. A one-ulp change of the initial weights perturbs the run once, at the start; an
implementation with another summation order perturbs it at every one of its 15000 steps, and only
three members sampled that. The rounding members were added, with the rule below unchanged, before
the tool was run again.

The rule, fixed before any run was measured: at each reported iteration, the spread is the range
(max - min) of the members' costs, and the tolerance for comparing a published cost with nnlab's is
that range relative to the members' median. Two valid computations of the run can differ by that
much at that iteration, so a published figure further than that from nnlab's is a miss.

The members' printed 0/1 predictions (train and test) are compared with the "as written" member's.
"""
import json, os, sys, time
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..')
OUT = os.path.join(ROOT, 'src', 'experiments', 'measuredSpread.ts')


def load(path):
    a = np.loadtxt(os.path.join(ROOT, path), delimiter=',', skiprows=1)
    return a[:, :2].T.copy(), a[:, 2].reshape(1, -1)


CIRCLES = (load('test/fixtures/circles-train.csv'), load('test/fixtures/circles-test.csv'))
FOOTBALL = (load('datasets/football-train.csv'), load('datasets/football-test.csv'))


# --- the two summation orders -------------------------------------------------------------------
def seq_matmul(A, B):
    """A @ B with each inner sum accumulated left to right (np.cumsum is sequential)."""
    return np.cumsum(A[:, :, None] * B[None, :, :], axis=1)[:, -1, :]


def seq_sum_rows(M):
    """np.sum(M, axis=1, keepdims=True), left to right."""
    return np.cumsum(M, axis=1)[:, -1:]


def seq_total(v):
    return np.cumsum(v.reshape(-1))[-1]


ORDERS = {
    'as written': (lambda A, B: A @ B, lambda M: np.sum(M, axis=1, keepdims=True), np.sum),
    'sequential': (seq_matmul, seq_sum_rows, seq_total),
}


# --- the course's model, parameterized by the summation order -----------------------------------
def init(dims, kind, ulp_seed):
    np.random.seed(3)
    p = {}
    for l in range(1, len(dims)):
        z = np.random.randn(dims[l], dims[l - 1])
        p['W%d' % l] = z * 10 if kind == 'random' else (z * np.sqrt(2 / dims[l - 1]) if kind == 'he' else z / np.sqrt(dims[l - 1]))
        p['b%d' % l] = np.zeros((dims[l], 1))
    if ulp_seed is not None:
        rng = np.random.RandomState(ulp_seed)
        for l in range(1, len(dims)):
            W = p['W%d' % l]
            up = rng.randint(0, 2, size=W.shape).astype(bool)
            p['W%d' % l] = np.where(up, np.nextafter(W, np.inf), np.nextafter(W, -np.inf))
    return p


def forward(X, p, order, keep_prob=1.0):
    mm = order[0]
    if keep_prob < 1: np.random.seed(1)  # the course re-seeds on every call
    A1 = np.maximum(0, mm(p['W1'], X) + p['b1']); D1 = None
    if keep_prob < 1:
        D1 = np.random.rand(*A1.shape) < keep_prob; A1 = A1 * D1 / keep_prob
    A2 = np.maximum(0, mm(p['W2'], A1) + p['b2']); D2 = None
    if keep_prob < 1:
        D2 = np.random.rand(*A2.shape) < keep_prob; A2 = A2 * D2 / keep_prob
    A3 = 1 / (1 + np.exp(-(mm(p['W3'], A2) + p['b3'])))
    return A3, (A1, D1, A2, D2)


def cost(A3, Y, p, lambd, order):
    total = order[2]
    m = Y.shape[1]
    with np.errstate(divide='ignore', invalid='ignore'):
        lp = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    c = 1. / m * total(np.where(np.isnan(lp), 0, lp))  # nansum
    if lambd: c += lambd / (2. * m) * sum(total(np.square(p['W%d' % l])) for l in (1, 2, 3))
    return c


def backward(X, Y, p, A3, cache, order, lambd, keep_prob, scaled_first=False):
    mm, rows, _ = order
    A1, D1, A2, D2 = cache
    m = X.shape[1]
    grad = (lambda dZ, A: mm(1. / m * dZ, A.T)) if scaled_first else (lambda dZ, A: 1. / m * mm(dZ, A.T))
    dZ3 = A3 - Y
    g = {'dW3': grad(dZ3, A2) + lambd / m * p['W3'], 'db3': 1. / m * rows(dZ3)}
    dA2 = mm(p['W3'].T, dZ3)
    if keep_prob < 1: dA2 = dA2 * D2 / keep_prob
    dZ2 = dA2 * (A2 > 0)
    g['dW2'] = grad(dZ2, A1) + lambd / m * p['W2']
    g['db2'] = 1. / m * rows(dZ2)
    dA1 = mm(p['W2'].T, dZ2)
    if keep_prob < 1: dA1 = dA1 * D1 / keep_prob
    dZ1 = dA1 * (A1 > 0)
    g['dW1'] = grad(dZ1, X) + lambd / m * p['W1']
    g['db1'] = 1. / m * rows(dZ1)
    return g


def jittered(order, rng):
    """The order's products and row sums, each result element moved by -1, 0 or +1 ulp at random."""
    def jitter(M):
        r = rng.randint(-1, 2, size=M.shape)
        return np.where(r > 0, np.nextafter(M, np.inf), np.where(r < 0, np.nextafter(M, -np.inf), M))
    mm, rows, total = order
    return (lambda A, B: jitter(mm(A, B)), lambda M: jitter(rows(M)), total)


def run(spec, member):
    (X, Y), (tX, tY) = spec['data']
    order = ORDERS['sequential' if member == 'sequential' else 'as written']
    if member.startswith('rounding'):
        order = jittered(order, np.random.RandomState(1000 + int(member.split()[1])))
    ulp = int(member.split()[1]) if member.startswith('ulp') else None
    p = init(spec['dims'], spec['init'], ulp)
    costs = []
    for i in range(spec['iterations']):
        A3, cache = forward(X, p, order, spec['keep_prob'])
        if i % spec['every'] == 0:
            costs.append(float(cost(A3, Y, p, spec['lambd'], order)))
        g = backward(X, Y, p, A3, cache, order, spec['lambd'], spec['keep_prob'], member == 'scaled first')
        for k in list(p): p[k] = p[k] - spec['lr'] * g['d' + k]
    plain = ORDERS['as written']
    predict = lambda X: (forward(X, p, plain)[0] > 0.5).astype(int)[0].tolist()
    return {'costs': costs, 'predictions': {'train': predict(X), 'test': predict(tX)}}


RUNS = {
    'init-random': dict(data=CIRCLES, dims=[2, 10, 5, 1], init='random', lr=0.01, iterations=15000, every=1000, lambd=0, keep_prob=1, ulps=64, roundings=32),
    'init-he': dict(data=CIRCLES, dims=[2, 10, 5, 1], init='he', lr=0.01, iterations=15000, every=1000, lambd=0, keep_prob=1, ulps=8, roundings=8),
    'reg-none': dict(data=FOOTBALL, dims=[2, 20, 3, 1], init='xavier', lr=0.3, iterations=30000, every=10000, lambd=0, keep_prob=1, ulps=8, roundings=8),
    'reg-l2': dict(data=FOOTBALL, dims=[2, 20, 3, 1], init='xavier', lr=0.3, iterations=30000, every=10000, lambd=0.7, keep_prob=1, ulps=8, roundings=8),
    'reg-dropout': dict(data=FOOTBALL, dims=[2, 20, 3, 1], init='xavier', lr=0.3, iterations=30000, every=10000, lambd=0, keep_prob=0.86, ulps=8, roundings=8),
}


def measure(name):
    spec = RUNS[name]
    members = (['as written', 'scaled first', 'sequential'] + ['ulp %d' % k for k in range(spec['ulps'])]
               + ['rounding %d' % k for k in range(spec['roundings'])])
    results = {m: run(spec, m) for m in members}
    traces = np.array([results[m]['costs'] for m in members])
    points = []
    for j in range(traces.shape[1]):
        col = traces[:, j]
        finite = np.isfinite(col)
        entry = {'iteration': j * spec['every']}
        if not finite.all():
            entry.update({'nonFinite': int((~finite).sum()), 'values': sorted(set('inf' if np.isinf(v) else 'nan' for v in col[~finite]))})
        else:
            lo, hi, med = float(col.min()), float(col.max()), float(np.median(col))
            entry.update({'min': lo, 'max': hi, 'median': med, 'tolerance': (hi - lo) / abs(med)})
        points.append(entry)
    ref = results['as written']['predictions']
    differing = [m for m in members if results[m]['predictions'] != ref]
    return {
        'members': len(members),
        'ulpMembers': spec['ulps'],
        'roundingMembers': spec['roundings'],
        'points': points,
        'asWritten': results['as written']['costs'],
        'scaledFirst': results['scaled first']['costs'],
        'sequential': results['sequential']['costs'],
        'predictionsDiffering': len(differing),
    }


def ts_value(v, indent=0):
    """A JSON value as TypeScript text, inf as Infinity."""
    text = json.dumps(v, indent=1).replace('"inf"', 'Infinity')
    return text


def main():
    names = sys.argv[1:] or list(RUNS)
    t0 = time.time()
    out = {}
    for name in names:
        t = time.time()
        out[name] = measure(name)
        print('%-12s %d members in %.0f s' % (name, out[name]['members'], time.time() - t), file=sys.stderr)
    body = {'numpy': np.__version__, 'runs': out}
    with open(OUT, 'w') as f:
        f.write('// Generated by tools/measure_spread.py (numpy %s, %.0f s); do not edit: run the tool again.\n' % (np.__version__, time.time() - t0))
        f.write('// How far equally valid computations of each course run drift apart: see the tool for the method and the rule.\n')
        f.write("import type { MeasuredSpread } from './spread.js';\n\n")
        f.write('export const MEASURED_SPREAD: MeasuredSpread = %s;\n' % ts_value(body))
    print('wrote', OUT, file=sys.stderr)


if __name__ == '__main__':
    main()
