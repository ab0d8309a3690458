#!/usr/bin/env python3
"""Writes test/fixtures/findings/*.csv: datasets that make nnlab's statements face their counter-examples.

All are built with numpy from the course's circles training set (test/fixtures/circles-train.csv):
  eqfeat.csv    x2 = x1: every unit's two weights get equal gradients (a factor and an added term look alike)
  big.csv       features ×1000: inputs of order 1e3
  huge.csv      features ×1e6
  outliers.csv  the circles plus two points at (±300, 300): two outputs saturate, 0.66% of them
  imbal.csv     the circles with 30 of 300 labels 1: a bias step dominates the first update
"""
import os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, '..', 'test', 'fixtures')
OUT = os.path.join(FIX, 'findings')
data = np.loadtxt(os.path.join(FIX, 'circles-train.csv'), delimiter=',', skiprows=1)
X, y = data[:, :2], data[:, 2]


def write(name, X, y):
    with open(os.path.join(OUT, name), 'w') as f:
        f.write('x1,x2,y\n')
        for (a, b), c in zip(X, y):
            f.write('%r,%r,%d\n' % (float(a), float(b), int(c)))


os.makedirs(OUT, exist_ok=True)
write('eqfeat.csv', np.column_stack([X[:, 0], X[:, 0]]), y)
write('big.csv', X * 1000, y)
write('huge.csv', X * 1e6, y)
write('outliers.csv', np.vstack([X, [[300, 300], [-300, 300]]]), np.concatenate([y, [0, 1]]))
labels = np.zeros_like(y)
labels[np.random.RandomState(0).permutation(len(y))[:30]] = 1
write('imbal.csv', X, labels)
