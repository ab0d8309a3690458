#!/usr/bin/env python3
"""Writes test/fixtures/trig.json: digests of libm's sin/cos that src/random/trig.ts must equal bit for bit.

python's math.sin/math.cos call the C library directly; the script also checks numpy's np.sin/np.cos
agree, since numpy (make_circles) is what we reproduce. Every input set is built with plain IEEE
arithmetic so test/trig.test.ts can rebuild it exactly.
"""
import hashlib, json, math, os, struct
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'trig.json')

def from_bits(b):
    return struct.unpack('<d', struct.pack('<Q', b))[0]

def linspace():
    # np.linspace(0, 2π, N, endpoint=False) for N = 1..1000, as make_circles draws its angles.
    out = []
    for n in range(1, 1001):
        step = 2 * math.pi / n
        v = [i * step + 0.0 for i in range(n)]
        assert np.array_equal(np.array(v), np.linspace(0, 2 * np.pi, n, endpoint=False)), n
        out += v
    return out

def grid():
    return [k * 0.001 - 50 for k in range(100001)]

def half_pi():
    return [k * (math.pi / 2) for k in range(-5000, 5001)]

def tiny():
    out, p = [0.0, -0.0], 1.0
    for _ in range(1075):
        for m in (1.0, 1.2345, 1.9999999999999998):
            out += [m * p, -m * p]
        p /= 2
    return out

def geometric():
    # 1e-3 to 1e308, both signs: covers every branch, including glibc's __branred beyond 105414350.
    out, x = [], 1e-3
    while x < 1e308:
        out += [x, -x]
        x *= 1.01
    return out

def boundaries():
    # Either side of the high words where sin/cos switch method, and of 0.126.
    out = []
    for h in (0x3e400000, 0x3e500000, 0x3feb6000, 0x400368fd, 0x419921fb, 0x7fefffff):
        for hh in (h - 1, h):
            for lo in (0, 1, 0x80000000, 0xfffffffe, 0xffffffff):
                x = from_bits(hh << 32 | lo)
                out += [x, -x]
    b = struct.unpack('<Q', struct.pack('<d', 0.126))[0]
    for j in range(-20, 21):
        x = from_bits(b + j)
        out += [x, -x]
    return out

SETS = [('linspace', linspace), ('grid', grid), ('halfPi', half_pi), ('tiny', tiny), ('geometric', geometric),
        ('boundaries', boundaries)]

def sha(a):
    return hashlib.sha256(np.asarray(a, dtype='<f8').tobytes()).hexdigest()

sets, samples = [], []
for name, make in SETS:
    xs = make()
    s = [math.sin(x) for x in xs]
    c = [math.cos(x) for x in xs]
    arr = np.array(xs)
    assert np.array_equal(np.sin(arr), s) and np.array_equal(np.cos(arr), c), name
    sets.append({'name': name, 'count': len(xs), 'inputs': sha(xs), 'sin': sha(s), 'cos': sha(c)})
    for i in range(0, len(xs), max(1, len(xs) // 7)):
        samples.append([xs[i], s[i], c[i]])
for x in (0.5, 1.0, 2.0, 3.0, 100.0, 1e6, 1e8, 1e22, 1.7976931348623157e308, -1e-300):
    samples.append([x, math.sin(x), math.cos(x)])

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as f:
    json.dump({'numpy': np.__version__, 'sets': sets, 'samples': samples}, f)
    f.write('\n')
print('wrote', OUT, sum(s['count'] for s in sets), 'inputs')
