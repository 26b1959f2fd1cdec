"""Small seeded data sets made with NumPy, for lessons and exercises (nothing is downloaded).

Every function takes `n` (the number of points), `noise` (the standard deviation of Gaussian
noise added to each coordinate) and `seed` (NumPy's `default_rng(seed)`: the same seed gives the
same points), and returns `(X, y)` as tensors:

- classification sets (moons, circles, spirals): X float32 of shape [n, 2], y **int64** class
  indices of shape [n], ready for `CrossEntropyLoss`; for `BCELoss`/`BCEWithLogitsLoss` use
  `y.float().unsqueeze(1)`;
- `make_line`: X float32 [n, 1] and y float32 [n, 1] with y = slope·x + intercept + noise,
  ready for `MSELoss`.
"""
import numpy as np

from .tensor import Tensor


def _finish(points, labels, rng):
    """Shuffle (so classes are interleaved) and wrap as tensors."""
    order = rng.permutation(len(points))
    return Tensor._make(points[order].astype(np.float32)), Tensor._make(labels[order].astype(np.int64))


def make_moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles: class 0 the upper arc (centre (0, 0)), class 1 the lower arc
    (centre (1, 0.5)). Not separable by a line: a model needs a hidden layer."""
    rng = np.random.default_rng(seed)
    n_upper = n // 2
    upper = np.linspace(0, np.pi, n_upper)
    lower = np.linspace(0, np.pi, n - n_upper)
    points = np.concatenate([np.stack([np.cos(upper), np.sin(upper)], 1),
                             np.stack([1 - np.cos(lower), 0.5 - np.sin(lower)], 1)])
    labels = np.repeat([0, 1], [n_upper, n - n_upper])
    return _finish(points + rng.normal(0, noise, points.shape), labels, rng)


def make_circles(n=200, noise=0.05, factor=0.5, seed=0):
    """Two concentric circles: class 0 of radius 1, class 1 of radius `factor`."""
    rng = np.random.default_rng(seed)
    n_outer = n // 2
    angles = np.concatenate([np.linspace(0, 2 * np.pi, n_outer, endpoint=False),
                             np.linspace(0, 2 * np.pi, n - n_outer, endpoint=False)])
    labels = np.repeat([0, 1], [n_outer, n - n_outer])
    radius = np.where(labels == 0, 1.0, factor)
    points = np.stack([radius * np.cos(angles), radius * np.sin(angles)], 1)
    return _finish(points + rng.normal(0, noise, points.shape), labels, rng)


def make_spirals(n=300, noise=0.2, classes=3, seed=0):
    """`classes` interleaved spiral arms (point i belongs to arm i % classes); the radius grows
    from 0 to 1 along each arm, which turns through 4 radians. `noise` jitters the angle."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % classes
    position = np.linspace(0, 1, n)
    angles = labels * (2 * np.pi / classes) + 4 * position + rng.normal(0, noise, n)
    points = np.stack([position * np.sin(angles), position * np.cos(angles)], 1)
    return _finish(points, labels, rng)


def make_line(n=100, slope=2.0, intercept=-1.0, noise=0.1, seed=0):
    """Noisy points on a line, x uniform in [-1, 1]: a first regression problem."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, 1))
    y = slope * x + intercept + rng.normal(0, noise, (n, 1))
    return Tensor._make(x.astype(np.float32)), Tensor._make(y.astype(np.float32))
