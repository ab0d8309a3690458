#!/usr/bin/env python3
"""Writes test/fixtures/random.json: draws from numpy's legacy RandomState that src/random must equal exactly."""
import hashlib, json, os
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'random.json')

def case(name, seed, fn):
    np.random.seed(seed)
    v = fn()
    return {'name': name, 'seed': seed, 'values': np.asarray(v).ravel().tolist()}

cases = []
cases.append(case('randn(4,2)', 3, lambda: np.random.randn(4, 2)))
cases.append(case('rand(3,5)', 1, lambda: np.random.rand(3, 5)))
cases.append(case('randn(7)', 1, lambda: np.random.randn(7)))  # odd count: ends on a fresh pair, cached value left
cases.append(case('randn(3)+randn(4)', 2, lambda: np.concatenate([np.random.randn(3), np.random.randn(4)])))
cases.append(case('permutation(10)', 0, lambda: np.random.permutation(10)))
cases.append(case('permutation(300)', 1, lambda: np.random.permutation(300)))
cases.append(case('randn(5)', 2**31 + 12345, lambda: np.random.randn(5)))
cases.append(case('rand(4)', 2**32 - 1, lambda: np.random.rand(4)))
cases.append(case('randn(2000)', 42, lambda: np.random.randn(2000)))  # crosses the 624-word twist several times
cases.append(case('normal(0,0.05,(3,2))', 1, lambda: np.random.normal(scale=0.05, size=(3, 2))))
cases.append(case('normal(1.5,2,5)', 7, lambda: np.random.normal(1.5, 2.0, 5)))
cases.append(case('rand(2)+randn(3)', 9, lambda: np.concatenate([np.random.rand(2), np.random.randn(3)])))

# The interleaving rule: a cached normal survives rand() calls.
def mixed():
    a = np.random.randn(1); b = np.random.rand(1); c = np.random.randn(1)
    return np.concatenate([a, b, c])
cases.append(case('randn,rand,randn', 11, mixed))

# A large sample to catch rare last-bit differences in log/sqrt.
np.random.seed(123)
big = np.random.randn(200000)

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as f:
    json.dump({'numpy': np.__version__, 'cases': cases}, f)
    f.write('\n')
# Too large to commit as values: a digest of the little-endian float64 bytes instead.
with open(OUT.replace('random.json', 'randn-large.json'), 'w') as f:
    json.dump({'seed': 123, 'count': big.size, 'sha256': hashlib.sha256(big.astype('<f8').tobytes()).hexdigest(),
               'first': big[:3].tolist(), 'last': big[-3:].tolist()}, f)
    f.write('\n')
print('wrote', OUT)

# glibc's log, which legacy_gauss calls: python's math.log is the same C function.
import math, struct
rs = np.random.RandomState(7)
xs = np.concatenate([rs.rand(50000) * 2, 1 + (rs.rand(20000) - 0.5) * 0.25, (rs.rand(20000) + 0.5) * 2.0 ** (np.arange(20000) % 2000 - 1000),
                     rs.rand(1000) * 2.0 ** -1040, [1.0, 2.0, 0.5, 5e-324, 1.7976931348623157e308]])
ys = np.array([math.log(x) for x in xs])
with open(OUT.replace('random.json', 'log.json'), 'w') as f:
    json.dump({'inputsSeed': 7, 'count': int(xs.size),
               'inputsSha256': hashlib.sha256(xs.astype('<f8').tobytes()).hexdigest(),
               'sha256': hashlib.sha256(ys.astype('<f8').tobytes()).hexdigest(),
               'samples': [[float(x), float(y)] for x, y in zip(xs[::9000], ys[::9000])]}, f)
    f.write('\n')
