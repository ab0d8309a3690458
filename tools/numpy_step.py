#!/usr/bin/env python3
"""numpy's side of tools/bench-shapes.mjs: one training step (forward, backward, update; no cost) of a
ReLU net with a sigmoid output, written as the course writes it, timed in-process.

    python3 tools/numpy_step.py 2,100,100,1 3000 50   # layers, m, iterations -> {"usPerIteration": ...}

usPerIteration is wall time; cpuUsPerIteration the process's CPU time (all BLAS threads, spinning included).

Run it without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (env -u ...): this machine sets them and they slow numpy.
"""
import json, sys, time
import numpy as np

dims = [int(d) for d in sys.argv[1].split(',')]
m, iters = int(sys.argv[2]), int(sys.argv[3])
rng = np.random.RandomState(1)
X = rng.randn(dims[0], m)
Y = (rng.rand(1, m) < 0.5).astype(float)
p = {}
for l in range(1, len(dims)):
    p['W%d' % l] = rng.randn(dims[l], dims[l - 1]) * np.sqrt(2 / dims[l - 1])
    p['b%d' % l] = np.zeros((dims[l], 1))
L = len(dims) - 1

def step():
    A = [X]
    for l in range(1, L + 1):
        Z = p['W%d' % l] @ A[-1] + p['b%d' % l]
        A.append(np.maximum(0, Z) if l < L else 1 / (1 + np.exp(-Z)))
    dZ = A[L] - Y
    g = {}
    for l in range(L, 0, -1):
        g['dW%d' % l] = 1. / m * dZ @ A[l - 1].T
        g['db%d' % l] = 1. / m * np.sum(dZ, axis=1, keepdims=True)
        if l > 1: dZ = (p['W%d' % l].T @ dZ) * (A[l - 1] > 0)
    for k in list(p): p[k] = p[k] - 0.01 * g['d' + k]

for _ in range(max(1, iters // 5)): step()
t0, c0 = time.perf_counter(), time.process_time()
for _ in range(iters): step()
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({'usPerIteration': wall / iters * 1e6, 'cpuUsPerIteration': cpu / iters * 1e6, 'numpy': np.__version__}))
