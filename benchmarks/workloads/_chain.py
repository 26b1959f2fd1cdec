"""A chain of n elementwise ops on a small tensor, then sum and backward (overhead and scaling).

The ops cycle through four kinds, so each contender does the same mix:

    i % 4 == 0   x = x * c        c: a constant tensor (no gradient wanted for it)
    i % 4 == 1   x = x + 0.5      a Python scalar
    i % 4 == 2   x = sin(x)
    i % 4 == 3   x = tanh(x)

Values stay in [-1.5, 1.5] however long the chain. Every iteration creates its leaf, builds the
chain, calls backward and returns the leaf's gradient (checked against the floor's).
"""
import numpy as np

from ..contenders import load


def data(size, seed=0):
    rng = np.random.default_rng(seed)
    x0 = rng.uniform(-1.0, 1.0, size).astype(np.float32)
    c = rng.uniform(0.5, 1.5, size).astype(np.float32)
    return x0, c


def numpy_floor(n, size):
    x0, c = data(size)

    def run():
        saved = []
        x = x0.copy()
        for i in range(n):
            k = i % 4
            if k == 0:
                x = x * c
            elif k == 1:
                x = x + 0.5
            elif k == 2:
                saved.append(x)
                x = np.sin(x)
            else:
                x = np.tanh(x)
                saved.append(x)
        x.sum()
        g = np.ones_like(x)  # d(sum)/dx
        for i in range(n - 1, -1, -1):
            k = i % 4
            if k == 0:
                g = g * c
            elif k == 2:
                g = g * np.cos(saved.pop())
            elif k == 3:
                y = saved.pop()
                g = g * (1 - y * y)
        return g

    return run


def _torch_like(torch, n, size):
    """The same code for autograd_edu and PyTorch (`import autograd_edu as torch`)."""
    x0, c_np = data(size)
    c = torch.tensor(c_np)

    def run():
        leaf = torch.tensor(x0, requires_grad=True)
        x = leaf
        for i in range(n):
            k = i % 4
            if k == 0:
                x = x * c
            elif k == 1:
                x = x + 0.5
            elif k == 2:
                x = torch.sin(x)
            else:
                x = torch.tanh(x)
        x.sum().backward()
        return leaf.grad

    return run


def autograd_edu(n, size):
    return _torch_like(load("autograd_edu"), n, size)


def pytorch(n, size):
    return _torch_like(load("torch"), n, size)


def mygrad(n, size):
    mg = load("mygrad")
    x0, c = data(size)  # MyGrad treats a NumPy array as a constant

    def run():
        leaf = mg.tensor(x0)
        x = leaf
        for i in range(n):
            k = i % 4
            if k == 0:
                x = x * c
            elif k == 1:
                x = x + 0.5
            elif k == 2:
                x = mg.sin(x)
            else:
                x = mg.tanh(x)
        x.sum().backward()
        return leaf.grad

    return run
