#!/usr/bin/python3
"""Writes test/fixtures/circles.json: scikit-learn's make_circles for several parameter sets.
Run with Debian's python3 (apt install python3-sklearn): /usr/bin/python3 tools/gen_circles_fixtures.py

Debian's numpy 1.24 computes float64 sin/cos with AVX-512 SVML kernels that differ from libm in the
last bit; numpy 2.x uses libm's results, and so do the course's published CSVs. So np.sin/np.cos are
replaced by libm's (math.sin/cos) here, and the course seeds are checked against the shared CSVs.
"""
import json, math, os
import numpy as np
import sklearn
from sklearn.datasets import make_circles

np.cos = lambda a: np.array([math.cos(x) for x in np.asarray(a)])
np.sin = lambda a: np.array([math.sin(x) for x in np.asarray(a)])
HERE = os.path.dirname(__file__)
for name, seed, n in [('train', 1, 300), ('test', 2, 100)]:
    np.random.seed(seed)
    X, y = make_circles(n_samples=n, noise=0.05)
    ref = np.loadtxt(os.path.join(HERE, '..', 'test', 'fixtures', 'circles-%s.csv' % name), delimiter=',', skiprows=1)
    assert (ref[:, :2] == X).all() and (ref[:, 2] == y).all(), name

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'circles.json')
cases = []
for samples, noise, factor, seed in [(300, 0.05, 0.8, 1), (100, 0.05, 0.8, 2), (7, 0.1, 0.5, 0), (51, 0.2, 0.3, 4294967295),
                                     (1000, 0.0, 0.8, 42), (33, 0.01, 0.95, 2**31 + 5), (2, 0.05, 0.8, 3),
                                     (9, 0.05, 0.0, 6)]:
    np.random.seed(seed)
    X, y = make_circles(n_samples=samples, noise=noise, factor=factor)
    cases.append({'samples': samples, 'noise': noise, 'factor': factor, 'seed': seed,
                  'X': X.tolist(), 'y': y.tolist()})
with open(OUT, 'w') as f:
    json.dump({'sklearn': sklearn.__version__, 'numpy': np.__version__, 'trig': 'libm', 'cases': cases}, f)
    f.write('\n')
print('wrote', OUT)
