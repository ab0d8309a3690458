#!/usr/bin/env python3
"""Writes test/fixtures/nn.json: one forward/backward pass of the course's 3-layer net in numpy,
with and without L2 and dropout (course masks: numpy re-seeded with 1 before the pass)."""
import json, os
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'nn.json')
HERE = os.path.dirname(__file__)
relu = lambda x: np.maximum(0, x)
sigmoid = lambda x: 1 / (1 + np.exp(-x))

def case(lambd, keep_prob):
    data = np.loadtxt(os.path.join(HERE, '..', 'datasets', 'football-train.csv'), delimiter=',', skiprows=1)[:13]
    X, Y = data[:, :2].T.copy(), data[:, 2].reshape(1, -1)
    np.random.seed(3)
    dims = [2, 4, 3, 1]
    p = {}
    for l in range(1, 4):
        p['W%d' % l] = np.random.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])
        p['b%d' % l] = np.random.randn(dims[l], 1) * 0.1
    if keep_prob < 1: np.random.seed(1)
    Z1 = p['W1'] @ X + p['b1']; A1 = relu(Z1); D1 = np.ones_like(A1)
    if keep_prob < 1: D1 = (np.random.rand(*A1.shape) < keep_prob).astype(float); A1 = A1 * D1; A1 = A1 / keep_prob
    Z2 = p['W2'] @ A1 + p['b2']; A2 = relu(Z2); D2 = np.ones_like(A2)
    if keep_prob < 1: D2 = (np.random.rand(*A2.shape) < keep_prob).astype(float); A2 = A2 * D2; A2 = A2 / keep_prob
    A3 = sigmoid(p['W3'] @ A2 + p['b3'])
    m = X.shape[1]
    cost = 1. / m * np.nansum(np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y))
    cost += (1. / m * lambd / 2) * sum(np.sum(np.square(p['W%d' % l])) for l in (1, 2, 3))
    g = {}
    dZ3 = A3 - Y
    g['dW3'] = 1. / m * dZ3 @ A2.T + lambd / m * p['W3']; g['db3'] = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = p['W3'].T @ dZ3
    if keep_prob < 1: dA2 = dA2 * D2; dA2 = dA2 / keep_prob
    dZ2 = dA2 * (A2 > 0)
    g['dW2'] = 1. / m * dZ2 @ A1.T + lambd / m * p['W2']; g['db2'] = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = p['W2'].T @ dZ2
    if keep_prob < 1: dA1 = dA1 * D1; dA1 = dA1 / keep_prob
    dZ1 = dA1 * (A1 > 0)
    g['dW1'] = 1. / m * dZ1 @ X.T + lambd / m * p['W1']; g['db1'] = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    t = lambda a: a.tolist()
    return {'lambd': lambd, 'keepProb': keep_prob, 'layers': dims, 'params': {k: t(v) for k, v in p.items()},
            'A1': t(A1), 'A2': t(A2), 'A3': t(A3), 'D1': t(D1), 'D2': t(D2), 'cost': float(cost),
            'grads': {k: t(v) for k, v in g.items()}}

with open(OUT, 'w') as f:
    json.dump({'numpy': np.__version__, 'examples': 13, 'cases': [case(0, 1), case(0.7, 1), case(0, 0.8), case(0.3, 0.6)]}, f)
    f.write('\n')
print('wrote', OUT)
