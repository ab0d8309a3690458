#!/usr/bin/env python3
"""The course's gradient-checking case as a user would hand it to nnlab: the parameters as a plain JSON
model ({"W1": [[...]], ...}, numpy's tolist()), the examples as a CSV (x1..x4,y, one example per row), and
numpy's correct backward pass (backward_propagation_n without the planted mistakes) at those parameters.

gradient_check_n_test_case: np.random.seed(1); x = randn(4, 3); y = [1, 1, 0]; then W1 (5, 4), b1 (5, 1),
W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1) drawn with randn in that order.
Writes test/fixtures/models/gradcheck-case.{json,csv} and gradcheck-case-grads.json.

Also the planar classification exercise's network as its notebook leaves it: 4 tanh units trained on the
flower (nn_model with W = randn·0.01 from seed 2, learning rate 1.2, 10000 iterations), dumped as plain
JSON, with numpy's output A2 and predictions (A2 > 0.5) on the flower's training split:
test/fixtures/models/planar-tanh.json and planar-tanh-predictions.json."""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gen_train_fixtures import fit, forward, load  # the course's loop, any hidden activation

OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'models')
os.makedirs(OUT, exist_ok=True)

np.random.seed(1)
x = np.random.randn(4, 3)
y = np.array([1, 1, 0])
W1 = np.random.randn(5, 4); b1 = np.random.randn(5, 1)
W2 = np.random.randn(3, 5); b2 = np.random.randn(3, 1)
W3 = np.random.randn(1, 3); b3 = np.random.randn(1, 1)
params = {'W1': W1, 'b1': b1, 'W2': W2, 'b2': b2, 'W3': W3, 'b3': b3}

relu = lambda z: np.maximum(0, z)
sigmoid = lambda z: 1 / (1 + np.exp(-z))

# forward_propagation_n and backward_propagation_n as the course corrects them.
m = x.shape[1]
Z1 = np.dot(W1, x) + b1; A1 = relu(Z1)
Z2 = np.dot(W2, A1) + b2; A2 = relu(Z2)
Z3 = np.dot(W3, A2) + b3; A3 = sigmoid(Z3)
logprobs = np.multiply(-np.log(A3), y) + np.multiply(-np.log(1 - A3), 1 - y)
cost = 1. / m * np.sum(logprobs)
dZ3 = A3 - y
dW3 = 1. / m * np.dot(dZ3, A2.T); db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
dA2 = np.dot(W3.T, dZ3); dZ2 = np.multiply(dA2, np.int64(A2 > 0))
dW2 = 1. / m * np.dot(dZ2, A1.T); db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
dA1 = np.dot(W2.T, dZ2); dZ1 = np.multiply(dA1, np.int64(A1 > 0))
dW1 = 1. / m * np.dot(dZ1, x.T); db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
grads = {'dW1': dW1, 'db1': db1, 'dW2': dW2, 'db2': db2, 'dW3': dW3, 'db3': db3}

with open(os.path.join(OUT, 'gradcheck-case.json'), 'w') as f:
    json.dump({k: v.tolist() for k, v in params.items()}, f)
    f.write('\n')
with open(os.path.join(OUT, 'gradcheck-case.csv'), 'w') as f:
    f.write('x1,x2,x3,x4,y\n')
    for j in range(m):
        f.write(','.join([repr(float(v)) for v in x[:, j]] + [str(y[j])]) + '\n')
with open(os.path.join(OUT, 'gradcheck-case-grads.json'), 'w') as f:
    json.dump({'numpy': np.__version__, 'cost': float(cost), 'grads': {k: v.tolist() for k, v in grads.items()}}, f)
    f.write('\n')

(X, Y), _ = load('flower')
planar, _ = fit(X, Y, [2, 4, 1], 'small', 2, 1.2, 10000, 1000, act='tanh')
A2 = forward(X, planar, 2, 1.0, 'tanh')[0]
with open(os.path.join(OUT, 'planar-tanh.json'), 'w') as f:
    json.dump({k: v.tolist() for k, v in planar.items()}, f)
    f.write('\n')
with open(os.path.join(OUT, 'planar-tanh-predictions.json'), 'w') as f:
    json.dump({'numpy': np.__version__, 'dataset': 'flower', 'split': 'train', 'probabilities': A2[0].tolist(),
               'predictions': (A2[0] > 0.5).astype(int).tolist(), 'accuracy': float(np.mean((A2[0] > 0.5) == Y[0]))}, f)
    f.write('\n')
print('wrote', os.path.normpath(OUT))
