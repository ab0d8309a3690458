"""MAT-file fixtures for the MAT reader's tests: files scipy writes (level 5, compressed or not; level 4),
a v7.3 (HDF5) file written with h5py, and a big-endian level-5 file written by hand.

Needs Debian's python3-scipy and python3-h5py (apt-get install python3-scipy python3-h5py), run with
/usr/bin/python3 tools/gen_mat_fixtures.py. Writes test/fixtures/mat/*.mat and expected.json."""
import json
import os
import struct

import h5py
import numpy as np
import scipy.io as sio

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'mat')
os.makedirs(OUT, exist_ok=True)

rng = np.random.RandomState(7)
X = np.round(rng.randn(6, 3), 6)
y = np.array([[1], [0], [1], [1], [0], [0]], dtype=np.uint8)
Xval = np.round(rng.randn(4, 3), 6)
yval = np.array([[0], [1], [1], [0]], dtype=np.float64)
expected = {}


def save(name, data, **kw):
    sio.savemat(os.path.join(OUT, name), data, **kw)


def expect(name, train, test=None):
    """The dataset nnlab should read: points as rows, labels as a list."""
    def ds(Xm, ym):
        return {'X': np.asarray(Xm, dtype=np.float64).tolist(), 'y': np.asarray(ym, dtype=np.float64).ravel().tolist()}
    expected[name] = {'train': ds(*train), 'test': None if test is None else ds(*test)}


# Accepted: the course's layout (y uint8, yval double), compressed and not, with and without a test set.
full = {'X': X, 'y': y, 'Xval': Xval, 'yval': yval, 'notes': 'a char array nnlab skips', 'extra': {'a': 1}}
save('plain.mat', full, do_compression=False)
expect('plain.mat', (X, y), (Xval, yval))
save('compressed.mat', full, do_compression=True)
expect('compressed.mat', (X, y), (Xval, yval))
save('train-only.mat', {'X': X, 'y': y.astype(np.float64)}, do_compression=True)
expect('train-only.mat', (X, y))
# Labels as a row vector and as logical; features as single and int16.
save('row-labels.mat', {'X': X, 'y': y.T.astype(bool)}, do_compression=False)
expect('row-labels.mat', (X, y))
Xs = X.astype(np.float32)
save('single.mat', {'X': Xs, 'y': y.astype(np.int32)}, do_compression=True)
expect('single.mat', (Xs, y))
Xi = np.array([[1, -2], [300, 4], [-5, 6]], dtype=np.int16)
yi = np.array([[0], [1], [1]], dtype=np.int64)
save('int16.mat', {'X': Xi, 'y': yi}, do_compression=False)
expect('int16.mat', (Xi, yi))

# Refused, each for a reason the message names.
save('no-y.mat', {'X': X, 'labels': y})
save('transposed.mat', {'X': X.T, 'y': y})
save('bad-label.mat', {'X': X, 'y': np.array([[1], [0], [2], [1], [0], [0]], dtype=np.float64)})
Xn = X.copy()
Xn[2, 1] = np.nan
save('nan.mat', {'X': Xn, 'y': y})
save('complex.mat', {'X': X + 1j, 'y': y})
save('cell.mat', {'X': np.array([[X]], dtype=object), 'y': y})
save('three-d.mat', {'X': np.zeros((6, 3, 2)), 'y': y})
save('xval-only.mat', {'X': X, 'y': y, 'Xval': Xval})
save('v4.mat', {'X': X, 'y': y.astype(np.float64)}, format='4')

# v7.3: an HDF5 file with MATLAB's 512-byte user block, whose first 128 bytes are the MAT header.
v73 = os.path.join(OUT, 'v73.mat')
with h5py.File(v73, 'w', userblock_size=512) as f:
    f.create_dataset('X', data=X.T)
    f.create_dataset('y', data=y.T.astype(np.float64))
header = b'MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 .'
with open(v73, 'r+b') as f:
    f.write(header.ljust(116, b' ') + b'\0' * 8 + struct.pack('<H', 0x0200) + b'IM')


# Big-endian level 5, uncompressed, written element by element as the format describes.
def element(dtype, payload):
    pad = (-len(payload)) % 8
    return struct.pack('>II', dtype, len(payload)) + payload + b'\0' * pad


def matrix(name, arr, cls, mi, fmt):
    flags = element(6, struct.pack('>II', cls, 0))
    dims = element(5, struct.pack('>ii', *arr.shape))
    nm = element(1, name.encode())
    data = element(mi, struct.pack('>' + fmt * arr.size, *arr.ravel(order='F')))
    body = flags + dims + nm + data
    return struct.pack('>II', 14, len(body)) + body


be = b'MATLAB 5.0 MAT-file, written big-endian by hand'.ljust(116, b' ') + b'\0' * 8 + struct.pack('>H', 0x0100) + b'MI'
be += matrix('X', X, 6, 9, 'd') + matrix('y', y, 6, 2, 'B')
with open(os.path.join(OUT, 'big-endian.mat'), 'wb') as f:
    f.write(be)
expect('big-endian.mat', (X, y))

with open(os.path.join(OUT, 'expected.json'), 'w') as f:
    json.dump(expected, f, indent=1)
    f.write('\n')
print('wrote', len(os.listdir(OUT)), 'files to', os.path.normpath(OUT))
