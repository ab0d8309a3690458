#!/usr/bin/env python3
"""The numpy peer of `nnlab bench --sizes`: one network size, the course's training step.

    python3 tools/numpy_sizes.py LAYERS M ITERATIONS WARMUP    # e.g. 2,100,100,1 3000 50 10

The step is the course's: forward (ReLU hidden layers, sigmoid output), backward, the gradient
descent update, without the cost (nnlab's timed steps skip it too). The data are the ones nnlab
times: X = random_sample((n0, m)) after seed(1), labels x1·x2 > 0; He initialization, seed 3.
Prints one JSON object: seconds, usPerIteration, cpuUsPerIteration (the process's CPU time, all BLAS
threads, spinning included), maxRssKiB (the process's peak resident memory).
"""
import json, resource, sys, time
import numpy as np


def main():
    layers = [int(s) for s in sys.argv[1].split(',')]
    m, iterations, warmup = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    np.random.seed(1)
    X = np.random.random_sample((layers[0], m)) * 2 - 1
    Y = (X[0] * X[1] > 0).astype(float).reshape(1, m)
    np.random.seed(3)
    L = len(layers) - 1
    W = [None] + [np.random.randn(layers[l], layers[l - 1]) * np.sqrt(2 / layers[l - 1]) for l in range(1, L + 1)]
    b = [None] + [np.zeros((layers[l], 1)) for l in range(1, L + 1)]
    lr = 0.01

    def step():
        A = [X]
        for l in range(1, L + 1):
            Z = W[l] @ A[l - 1] + b[l]
            A.append(1 / (1 + np.exp(-Z)) if l == L else np.maximum(0, Z))
        dZ = A[L] - Y
        for l in range(L, 0, -1):
            dW = 1. / m * dZ @ A[l - 1].T
            db = 1. / m * np.sum(dZ, axis=1, keepdims=True)
            if l > 1:
                dZ = (W[l].T @ dZ) * (A[l - 1] > 0)
            W[l] = W[l] - lr * dW
            b[l] = b[l] - lr * db

    for _ in range(warmup):
        step()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(iterations):
        step()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({'seconds': seconds, 'usPerIteration': seconds / iterations * 1e6, 'cpuUsPerIteration': cpu / iterations * 1e6,
                      'maxRssKiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'numpy': np.__version__}))


if __name__ == '__main__':
    main()
