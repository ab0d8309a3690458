#!/usr/bin/env python3
"""Writes test/fixtures/train.json: training runs beyond the course's settings, computed in numpy the
way the course computes them (any depth; cost every iteration, reported every print_every), so that
other seeds, layer lists, learning rates, λ and keep-prob can be checked against numpy. The loop takes
any hidden activation (relu here; tools/gen_activation_fixtures.py runs the others)."""
import json, os, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'train.json')

def load(name):
    if name == 'flower':
        # the planar exercise's data (tools/gen_dataset_fixtures.py): train from seed 1, the test split from seed 2
        from gen_dataset_fixtures import load_planar_dataset
        (X, y), (tX, ty) = load_planar_dataset(400, 1), load_planar_dataset(200, 2)
        return (X.T.copy(), y.reshape(1, -1).astype(float)), (tX.T.copy(), ty.reshape(1, -1).astype(float))
    if name == 'football':
        tr = np.loadtxt(os.path.join(HERE, '..', 'datasets', 'football-train.csv'), delimiter=',', skiprows=1)
        te = np.loadtxt(os.path.join(HERE, '..', 'datasets', 'football-test.csv'), delimiter=',', skiprows=1)
    else:
        tr = np.loadtxt(os.path.join(HERE, '..', 'test', 'fixtures', 'circles-train.csv'), delimiter=',', skiprows=1)
        te = np.loadtxt(os.path.join(HERE, '..', 'test', 'fixtures', 'circles-test.csv'), delimiter=',', skiprows=1)
    return (tr[:, :2].T.copy(), tr[:, 2].reshape(1, -1)), (te[:, :2].T.copy(), te[:, 2].reshape(1, -1))

def init(dims, kind, seed):
    # 'small' is the planar exercise's W = randn·0.01
    np.random.seed(seed)
    p = {}
    for l in range(1, len(dims)):
        z = np.random.randn(dims[l], dims[l - 1])
        fi, fo = dims[l - 1], dims[l]
        p['W%d' % l] = {'he': z * np.sqrt(2. / fi), 'xavier': z / np.sqrt(fi), 'glorot': z * np.sqrt(2. / (fi + fo)), 'random': z * 10,
                        'small': z * 0.01}[kind]
        p['b%d' % l] = np.zeros((dims[l], 1))
    return p

def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))

FORWARD = {
    'relu': lambda Z: np.maximum(0, Z),
    'tanh': np.tanh,
    'sigmoid': sigmoid,
    'leaky_relu': lambda Z: np.where(Z > 0, Z, 0.01 * Z),
}
# dZ from dA and A = g(Z) before dropout, as the course writes each backward
BACKWARD = {
    'relu': lambda dA, A: np.multiply(dA, np.int64(A > 0)),
    'tanh': lambda dA, A: dA * (1 - np.power(A, 2)),
    'sigmoid': lambda dA, A: dA * A * (1 - A),
    'leaky_relu': lambda dA, A: dA * np.where(A > 0, 1, 0.01),
}

def forward(X, p, L, keep_prob, act='relu'):
    # cache[l] = (A after dropout, the dropout mask, A before dropout)
    if keep_prob < 1: np.random.seed(1)
    A = X; cache = [(X, None, X)]
    for l in range(1, L + 1):
        Z = p['W%d' % l] @ A + p['b%d' % l]
        if l == L:
            A = sigmoid(Z); cache.append((A, None, A))
        else:
            A = FORWARD[act](Z); before = A; D = None
            if keep_prob < 1:
                D = np.random.rand(*A.shape) < keep_prob; A = A * D; A = A / keep_prob
            cache.append((A, D, before))
    return A, cache

def cost_of(AL, Y, p, L, lambd, m):
    with np.errstate(divide='ignore', invalid='ignore'):
        c = 1. / m * np.nansum(np.multiply(-np.log(AL), Y) + np.multiply(-np.log(1 - AL), 1 - Y))
    if lambd: c += (1. / m * lambd / 2) * sum(np.sum(np.square(p['W%d' % l])) for l in range(1, L + 1))
    return float(c)

def fit(X, Y, dims, kind, seed, lr, iters, every, lambd=0.0, keep_prob=1.0, act='relu'):
    """The trained parameters and the costs reported every `every` iterations."""
    L = len(dims) - 1; m = X.shape[1]
    p = init(dims, kind, seed); costs = []
    for i in range(iters):
        AL, cache = forward(X, p, L, keep_prob, act)
        c = cost_of(AL, Y, p, L, lambd, m)
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
                dZ = BACKWARD[act](dA, cache[l - 1][2])
        for k in list(p): p[k] = p[k] - lr * g['d' + k]
        if i % every == 0: costs.append({'iteration': i, 'cost': c})
    return p, costs

def train(dataset, dims, kind, seed, lr, iters, every, lambd=0.0, keep_prob=1.0, act='relu'):
    (X, Y), (tX, tY) = load(dataset)
    L = len(dims) - 1; m = X.shape[1]
    p, costs = fit(X, Y, dims, kind, seed, lr, iters, every, lambd, keep_prob, act)
    final = cost_of(forward(X, p, L, keep_prob, act)[0], Y, p, L, lambd, m)
    acc = lambda X, Y: float(np.mean((forward(X, p, L, 1.0, act)[0] > 0.5).astype(int)[0] == Y[0]))
    return {'dataset': dataset, 'layers': dims, 'activation': act, 'init': kind, 'seed': seed, 'lr': lr, 'iterations': iters,
            'printEvery': every, 'lambd': lambd, 'keepProb': keep_prob, 'costs': costs, 'finalCost': final,
            'accuracy': {'train': acc(X, Y), 'test': acc(tX, tY)}}

if __name__ == '__main__':
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
