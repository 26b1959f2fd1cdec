"""large: (1024x1024) @ (1024x1024), relu, sum, backward; time per iteration.

    out = relu(X @ W).sum();  out.backward()      # only W requires a gradient

Here the arithmetic dominates (two 1024^3 matmuls: X @ W forward, X.T @ grad backward), so
every contender should be close to the floor, provided it computes only the gradients that are
needed: also computing grad X (a third matmul) would cost 1.5x. Float32, single-threaded BLAS
(NumPy: OpenBLAS; PyTorch: MKL). The gradient is cleared before each iteration.
"""
import numpy as np

from ..contenders import load
from ..harness import Case

NAME = "large"
DESCRIPTION = "(1024x1024) @ (1024x1024) -> relu -> sum -> backward (grad for W only), per iteration"
UNIT = "iter"
SIZE = 1024
RTOL, ATOL = 1e-3, 1e-2
TARGETS = [("autograd_edu", "numpy", 1.05, "autograd_edu within 1.05x the NumPy floor")]


def cases(quick):
    return [Case("", {})]


def data(size=SIZE, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((size, size), dtype=np.float32),
            rng.standard_normal((size, size), dtype=np.float32) / np.float32(np.sqrt(size)))


def numpy_floor():
    X, W = data()

    def run():
        Z = X @ W
        np.maximum(Z, 0).sum()
        grad_z = (Z > 0).astype(np.float32)   # d(sum)/d(relu) = 1, times relu' = [Z > 0]
        return X.T @ grad_z

    return run


def _torch_like(torch):
    """The same code for autograd_edu and PyTorch (`import autograd_edu as torch`)."""
    X_np, W_np = data()
    X, W = torch.tensor(X_np), torch.tensor(W_np, requires_grad=True)

    def run():
        W.grad = None
        torch.relu(X @ W).sum().backward()
        return W.grad

    return run


def autograd_edu():
    return _torch_like(load("autograd_edu"))


def pytorch():
    return _torch_like(load("torch"))


def mygrad():
    mg = load("mygrad")
    from mygrad.nnet.activations import relu

    X, W_np = data()
    W = mg.tensor(W_np)

    def run():
        W.null_grad()
        relu(mg.matmul(X, W)).sum().backward()
        return W.grad

    return run


CONTENDERS = {"numpy": numpy_floor, "autograd_edu": autograd_edu, "torch": pytorch, "mygrad": mygrad}
