#!/usr/bin/env python3
"""numpy's time per training step of a 2-H-...-1 ReLU network with a sigmoid output, written as the course
writes it (forward, backward, update; no cost), on random inputs. Prints microseconds per step.

    python3 tools/numpy_step.py 2,100,100,1 300 200   # layers, examples m, steps
"""
import sys, time
import numpy as np

layers = [int(n) for n in sys.argv[1].split(',')]
m, steps = int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(3)
X = rng.standard_normal((layers[0], m))
Y = (rng.random((layers[-1], m)) < 0.5).astype(float)
p = {}
for l in range(1, len(layers)):
    p['W%d' % l] = rng.standard_normal((layers[l], layers[l - 1])) * np.sqrt(2 / layers[l - 1])
    p['b%d' % l] = np.zeros((layers[l], 1))
L = len(layers) - 1

def step():
    A = [X]
    for l in range(1, L + 1):
        Z = p['W%d' % l] @ A[-1] + p['b%d' % l]
        A.append(np.maximum(0, Z) if l < L else 1 / (1 + np.exp(-Z)))
    dZ = A[L] - Y
    for l in range(L, 0, -1):
        dW = 1 / m * dZ @ A[l - 1].T
        db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dZ = (p['W%d' % l].T @ dZ) * (A[l - 1] > 0)
        p['W%d' % l] -= 0.01 * dW
        p['b%d' % l] -= 0.01 * db

step()
t0 = time.perf_counter()
for _ in range(steps):
    step()
print((time.perf_counter() - t0) * 1e6 / steps)
