#!/usr/bin/env python3
"""Writes test/fixtures/train.json: training runs beyond the course's settings, computed in numpy the
way the course computes them (any depth; cost every iteration, reported every print_every), so that
other seeds, layer lists, learning rates, λ and keep-prob can be checked against numpy."""
import json, os
import numpy as np

HERE = os.path.dirname(__file__)
OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'train.json')

def load(name):
    if name == 'football':
        tr = np.loadtxt(os.path.join(HERE, '..', 'datasets', 'football-train.csv'), delimiter=',', skiprows=1)
        te = np.loadtxt(os.path.join(HERE, '..', 'datasets', 'football-test.csv'), delimiter=',', skiprows=1)
    else:
        tr = np.loadtxt(os.path.join(HERE, '..', 'test', 'fixtures', 'circles-train.csv'), delimiter=',', skiprows=1)
        te = np.loadtxt(os.path.join(HERE, '..', 'test', 'fixtures', 'circles-test.csv'), delimiter=',', skiprows=1)
    return (tr[:, :2].T.copy(), tr[:, 2].reshape(1, -1)), (te[:, :2].T.copy(), te[:, 2].reshape(1, -1))

def init(dims, kind, seed):
    np.random.seed(seed)
    p = {}
    for l in range(1, len(dims)):
        z = np.random.randn(dims[l], dims[l - 1])
        fi, fo = dims[l - 1], dims[l]
        p['W%d' % l] = {'he': z * np.sqrt(2. / fi), 'xavier': z / np.sqrt(fi), 'glorot': z * np.sqrt(2. / (fi + fo)), 'random': z * 10}[kind]
        p['b%d' % l] = np.zeros((dims[l], 1))
    return p

def forward(X, p, L, keep_prob):
    if keep_prob < 1: np.random.seed(1)
    A = X; cache = [(X, None)]
    for l in range(1, L + 1):
        Z = p['W%d' % l] @ A + p['b%d' % l]
        if l == L:
            A = 1 / (1 + np.exp(-Z)); cache.append((A, None))
        else:
            A = np.maximum(0, Z); D = None
            if keep_prob < 1:
                D = np.random.rand(*A.shape) < keep_prob; A = A * D; A = A / keep_prob
            cache.append((A, D))
    return A, cache

def train(dataset, dims, kind, seed, lr, iters, every, lambd=0.0, keep_prob=1.0):
    (X, Y), (tX, tY) = load(dataset)
    L = len(dims) - 1; m = X.shape[1]
    p = init(dims, kind, seed); costs = []
    for i in range(iters):
        AL, cache = forward(X, p, L, keep_prob)
        with np.errstate(divide='ignore', invalid='ignore'):
            c = 1. / m * np.nansum(np.multiply(-np.log(AL), Y) + np.multiply(-np.log(1 - AL), 1 - Y))
        if lambd: c += (1. / m * lambd / 2) * sum(np.sum(np.square(p['W%d' % l])) for l in range(1, L + 1))
        dZ = AL - Y
        g = {}
        for l in range(L, 0, -1):
            Aprev = cache[l - 1][0]
            g['dW%d' % l] = 1. / m * dZ @ Aprev.T + lambd / m * p['W%d' % l]
            g['db%d' % l] = 1. / m * np.sum(dZ, axis=1, keepdims=True)
            if l > 1:
                dA = p['W%d' % l].T @ dZ
                D = cache[l - 1][1]
                if D is not None: dA = dA * D; dA = dA / keep_prob
                dZ = np.multiply(dA, np.int64(Aprev > 0))
        for k in list(p): p[k] = p[k] - lr * g['d' + k]
        if i % every == 0: costs.append({'iteration': i, 'cost': float(c)})
    acc = lambda X, Y: float(np.mean((forward(X, p, L, 1.0)[0] > 0.5).astype(int)[0] == Y[0]))
    return {'dataset': dataset, 'layers': dims, 'init': kind, 'seed': seed, 'lr': lr, 'iterations': iters, 'printEvery': every,
            'lambd': lambd, 'keepProb': keep_prob, 'costs': costs, 'accuracy': {'train': acc(X, Y), 'test': acc(tX, tY)}}

runs = [
    train('circles', [2, 6, 3, 1], 'he', 7, 0.05, 3000, 500),
    train('circles', [2, 8, 1], 'glorot', 11, 0.1, 2000, 500),
    train('circles', [2, 5, 5, 4, 1], 'xavier', 0, 0.02, 2500, 500),
    train('football', [2, 20, 3, 1], 'xavier', 3, 0.3, 4000, 1000, lambd=0.3),
    train('football', [2, 12, 4, 1], 'he', 5, 0.1, 3000, 1000, keep_prob=0.7),
    train('football', [2, 10, 5, 1], 'xavier', 2, 0.2, 3000, 1000, lambd=0.05, keep_prob=0.8),
]
with open(OUT, 'w') as f:
    json.dump({'numpy': np.__version__, 'runs': runs}, f, indent=1)
    f.write('\n')
print('wrote', OUT)
