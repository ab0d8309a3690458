#!/usr/bin/env python3
"""Writes test/fixtures/activations.json: what nnlab's tanh/sigmoid/leaky ReLU layers are held to.

1. The functions. nnlab's activations use V8's Math.tanh and Math.exp (fdlibm); numpy calls glibc's tanh
   and exp (libm) on a baseline x86-64 CPU, and its own SIMD kernels where the CPU has AVX2/AVX-512.
   On deterministic input grids this records glibc's results as a digest plus every input where V8's
   function differs from glibc's (with glibc's value), so test/activations-vs-numpy.test.ts can show
   exactly where and by how much they differ. It also counts how often numpy's default (SIMD) results
   differ from glibc's on this machine. V8's values come from `node`.
2. The runs. The course's training loop in numpy with tanh, sigmoid and leaky ReLU hidden layers, once
   with numpy restricted to its baseline (NPY_DISABLE_CPU_FEATURES set to every dispatched feature, so
   np.tanh and np.exp are glibc's) and once with numpy's default dispatch, so that the tests can hold
   nnlab to both.

Run with python3 and numpy, from the repository root or anywhere: python3 tools/gen_activation_fixtures.py
"""
import hashlib, json, math, os, subprocess, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'activations.json')

from gen_train_fixtures import train  # the course's loop, any hidden activation

# name: (function, [(set name, count, JS/Python expression of k)])
GRIDS = {
    'tanh': [('wide', 500001, lambda k: k * 1e-4 - 25, 'k * 1e-4 - 25'),
             ('small', 600001, lambda k: k * 1e-7 - 0.03, 'k * 1e-7 - 0.03')],
    'exp': [('wide', 80001, lambda k: k * 1e-3 - 40, 'k * 1e-3 - 40'),
            ('large', 14901, lambda k: k * 0.1 - 745, 'k * 0.1 - 745')],
}
LIBM = {'tanh': math.tanh, 'exp': lambda x: math.exp(x) if x < 709.782712893384 else math.inf}


def sha(values):
    return hashlib.sha256(np.asarray(values, dtype='<f8').tobytes()).hexdigest()


def v8_values(fn, count, expr):
    js = (f"const n = {count}; const out = new Float64Array(n);"
          f"for (let k = 0; k < n; k++) out[k] = Math.{fn}({expr});"
          "process.stdout.write(Buffer.from(out.buffer));")
    raw = subprocess.run(['node', '-e', js], check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype='<f8')


def ulps(a, b):
    """b - a in units in the last place (same sign, finite)."""
    ia, ib = np.array([a, b], dtype='<f8').view('<i8')
    return int(ib) - int(ia)


def measure_functions():
    out = {}
    for fn, grids in GRIDS.items():
        sets = []
        for name, count, make, expr in grids:
            xs = np.array([make(k) for k in range(count)])
            libm = np.array([LIBM[fn](x) for x in xs])
            v8 = v8_values(fn, count, expr)
            with np.errstate(over='ignore'):
                numpy_default = getattr(np, fn)(xs)
            differ = np.nonzero(v8 != libm)[0]
            sets.append({
                'name': name, 'count': count, 'expression': expr, 'libm': sha(libm),
                # where V8 differs from glibc: the k of each input, and glibc's value minus V8's in ulps
                'v8Differs': {'k': [int(k) for k in differ], 'ulps': [ulps(v8[k], libm[k]) for k in differ]},
                'numpyDefaultDiffers': int(np.sum(numpy_default != libm)),
            })
        out[fn] = sets
    return out


def runs():
    # The train command's defaults (circles, 2,10,5,1, seed 3, lr 0.01, 15000 iterations, every 1000) per activation,
    # then shorter runs through L2 and dropout (where tanh and sigmoid keep A before dropout for their backward).
    course = dict(dataset='circles', dims=[2, 10, 5, 1], seed=3, lr=0.01, iters=15000, every=1000)
    return [
        train(kind='xavier', act='tanh', **course),
        train(kind='he', act='tanh', **course),
        train(kind='xavier', act='sigmoid', **course),
        train(kind='he', act='leaky_relu', **course),
        train('football', [2, 20, 3, 1], 'xavier', 3, 0.05, 3000, 1000, keep_prob=0.86, act='tanh'),
        train('football', [2, 20, 3, 1], 'he', 3, 0.3, 3000, 1000, lambd=0.7, act='sigmoid'),
        train('football', [2, 12, 4, 1], 'he', 5, 0.1, 3000, 1000, lambd=0.1, keep_prob=0.7, act='leaky_relu'),
        # the flower with tanh at a learning rate where the run is not sensitive to last bits
        train('flower', [2, 4, 1], 'small', 2, 0.3, 3000, 1000, act='tanh'),
    ]


def tanh_and_exp_are_glibc():
    for fn, grids in GRIDS.items():
        name, count, make, _ = grids[0]
        xs = np.array([make(k) for k in range(0, count, 7)])
        assert np.array_equal(getattr(np, fn)(xs), np.array([LIBM[fn](x) for x in xs])), fn


if __name__ == '__main__':
    if sys.argv[1:] == ['--runs']:
        json.dump(runs(), sys.stdout)
        sys.exit(0)
    if sys.argv[1:] == ['--runs-libm']:
        tanh_and_exp_are_glibc()
        json.dump(runs(), sys.stdout)
        sys.exit(0)
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:  # numpy 1.x
        from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    dispatched = [f for f in __cpu_dispatch__ if __cpu_features__.get(f)]
    env = dict(os.environ, NPY_DISABLE_CPU_FEATURES=' '.join(dispatched))
    me = os.path.abspath(__file__)
    libm_runs = json.loads(subprocess.run([sys.executable, me, '--runs-libm'], env=env, check=True, capture_output=True, text=True).stdout)
    default_runs = json.loads(subprocess.run([sys.executable, me, '--runs'], check=True, capture_output=True, text=True).stdout)
    for r, d in zip(libm_runs, default_runs):
        r['numpyDefault'] = {'costs': [c['cost'] for c in d['costs']], 'finalCost': d['finalCost'], 'accuracy': d['accuracy']}
    fixture = {
        'numpy': np.__version__,
        'dispatched': dispatched,
        'functions': measure_functions(),
        'runs': libm_runs,
    }
    with open(OUT, 'w') as f:
        json.dump(fixture, f)
        f.write('\n')
    for fn, sets in fixture['functions'].items():
        for s in sets:
            d = s['v8Differs']
            print(f"{fn} {s['name']}: {s['count']} inputs, V8 differs from glibc at {len(d['k'])} (max {max(map(abs, d['ulps']), default=0)} ulp), "
                  f"numpy's default dispatch at {s['numpyDefaultDiffers']}")
    print('wrote', OUT)
