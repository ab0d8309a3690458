#!/usr/bin/python3
"""Writes test/fixtures/datasets.json: the generated datasets as numpy and scikit-learn draw them.

- moons: scikit-learn's make_moons after np.random.seed(seed);
- flower: the planar classification exercise's load_planar_dataset (planar_utils.py), with m, the seed
  and the 0.2 noise as parameters;
- xor, spiral, gaussian: TensorFlow Playground's formulas as nnlab's docstrings and README write them in numpy.

Run with Debian's python3 (apt-get install python3-sklearn): /usr/bin/python3 tools/gen_dataset_fixtures.py
Debian's numpy 1.24 computes float64 sin/cos with AVX-512 kernels that differ from libm in the last bit;
numpy 2.x (and Debian's with those kernels disabled) returns libm's. So the script re-runs itself with
NPY_DISABLE_CPU_FEATURES naming the AVX-512 features, and checks np.sin/np.cos against math.sin/math.cos.
"""
import json, math, os, subprocess, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'fixtures', 'datasets.json')


def features():
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:
        from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    return [f for f in __cpu_dispatch__ if f.startswith('AVX512') and __cpu_features__.get(f)]


def trig_is_libm():
    xs = np.concatenate([np.linspace(0, np.pi, 1001), np.linspace(0, 6.24, 1001), np.random.RandomState(0).randn(1000) * 3])
    return (np.array_equal(np.sin(xs), [math.sin(x) for x in xs]) and np.array_equal(np.cos(xs), [math.cos(x) for x in xs]))


def load_planar_dataset(m=400, seed=1, noise=0.2):
    # planar_utils.load_planar_dataset, with m, the seed and the noise (0.2 there) as parameters
    np.random.seed(seed)
    N = int(m / 2)  # number of points per class
    D = 2  # dimensionality
    X = np.zeros((m, D))  # data matrix where each row is a single example
    Y = np.zeros((m, 1), dtype='uint8')  # labels vector (0 for red, 1 for blue)
    a = 4  # maximum ray of the flower
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * noise  # theta
        r = a * np.sin(4 * t) + np.random.randn(N) * noise  # radius
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X, Y.ravel()


def xor(samples, noise, seed):
    np.random.seed(seed)
    P = np.random.uniform(-5, 5, (samples, 2)); P += np.where(P > 0, 0.3, -0.3)
    E = np.random.uniform(-5, 5, (samples, 2)) * noise
    y = ((P[:, 0] + E[:, 0]) * (P[:, 1] + E[:, 1]) >= 0)
    return P, y.astype(int)


def spiral(samples, noise, seed):
    np.random.seed(seed)
    arms = []
    for c, delta in [(samples - samples // 2, 0), (samples // 2, np.pi)]:
        i = np.arange(c)
        r = i / c * 5; t = 1.75 * i / c * 2 * np.pi + delta
        U = np.random.uniform(-1, 1, (c, 2)) * noise
        arms.append(np.c_[r * np.sin(t) + U[:, 0], r * np.cos(t) + U[:, 1]])
    return np.r_[arms[0], arms[1]], np.r_[np.ones(samples - samples // 2, dtype=int), np.zeros(samples // 2, dtype=int)]


def gaussian(samples, noise, seed):
    np.random.seed(seed)
    s = np.sqrt(0.5 + 3.5 * (noise / 0.5))
    X = np.r_[np.random.normal(2, s, (samples - samples // 2, 2)), np.random.normal(-2, s, (samples // 2, 2))]
    return X, np.r_[np.ones(samples - samples // 2, dtype=int), np.zeros(samples // 2, dtype=int)]


def moons(samples, noise, seed):
    from sklearn.datasets import make_moons
    np.random.seed(seed)
    return make_moons(n_samples=samples, noise=noise)


CASES = {
    # samples, noise, seed: the defaults (train and test seeds) first, then edge cases
    'moons': [(300, 0.2, 3), (100, 0.2, 4), (7, 0.1, 0), (1, 0.05, 5), (2, 0.0, 42), (51, 0.3, 4294967295), (1000, 0.05, 2**31 + 5)],
    'flower': [(400, 0.2, 1), (200, 0.2, 2), (2, 0.2, 1), (4, 0.0, 7), (100, 0.5, 4294967295), (1000, 0.1, 3)],
    'xor': [(250, 0.0, 1), (250, 0.0, 2), (1, 0.3, 0), (101, 0.5, 9), (500, 0.25, 4294967295)],
    'spiral': [(250, 0.0, 1), (250, 0.0, 2), (1, 0.3, 0), (3, 0.1, 5), (101, 0.5, 9), (500, 0.25, 4294967295)],
    'gaussian': [(250, 0.0, 1), (250, 0.0, 2), (1, 0.3, 0), (101, 0.5, 9), (500, 2.0, 4294967295)],
}
MAKE = {'moons': moons, 'flower': lambda n, s, seed: load_planar_dataset(n, seed, s), 'xor': xor, 'spiral': spiral, 'gaussian': gaussian}

if __name__ == '__main__':
    avx512 = features()
    if avx512 and 'NPY_DISABLE_CPU_FEATURES' not in os.environ:
        env = dict(os.environ, NPY_DISABLE_CPU_FEATURES=' '.join(avx512))
        sys.exit(subprocess.run([sys.executable, os.path.abspath(__file__)], env=env).returncode)
    assert trig_is_libm(), "numpy's sin/cos are not libm's here"
    # The exercise's defaults equal its own function's output.
    X, Y = load_planar_dataset()
    assert X.shape == (400, 2) and Y.sum() == 200
    import sklearn
    out = {'numpy': np.__version__, 'sklearn': sklearn.__version__, 'trig': 'libm', 'datasets': {}}
    for name, cases in CASES.items():
        out['datasets'][name] = []
        for samples, noise, seed in cases:
            X, y = MAKE[name](samples, noise, seed)
            out['datasets'][name].append({'samples': samples, 'noise': noise, 'seed': seed, 'X': np.asarray(X).tolist(), 'y': np.asarray(y).astype(int).tolist()})
    with open(OUT, 'w') as f:
        json.dump(out, f)
        f.write('\n')
    print('wrote', OUT)
