"""Vector norms: `x.norm()`, `x.norm(p, dim)`, `torch.norm(...)` (PyTorch's linalg_vector_norm).
Notation: y is the output, g = dL/dy."""
import math

import numpy as np

from ..autograd.function import Function
from .elementwise import sign, where
from .operands import floating
from .reduce import normalize_dims


class Norm(Function):
    """y = (Σ |x|^p)^(1/p) over `dims`: p = 2 the length, p = 1 Σ |x|, p = inf max |x|.

    dL/dx = g * sign(x) * |x|^(p-1) / y^(p-1);  for p = 2 that is g * x / y (0 where y = 0),
    for p = 1 g * sign(x), for p = ±inf g * sign(x) shared evenly by the x with |x| = y.
    """
    node_name = "LinalgVectorNormBackward0"
    saved_names = ("self", "result")

    @staticmethod
    def forward(ctx, x, p, dims, keepdim):
        size = np.abs(floating(x))
        axis = dims or None
        if p == math.inf:
            y = size.max(axis=axis, keepdims=True)
        elif p == -math.inf:
            y = size.min(axis=axis, keepdims=True)
        elif p == 0:
            y = (size != 0).sum(axis=axis, keepdims=True).astype(size.dtype)
        elif p == 1:
            y = size.sum(axis=axis, keepdims=True)
        elif p == 2:
            y = np.sqrt((size * size).sum(axis=axis, keepdims=True))
        else:
            y = (size ** p).sum(axis=axis, keepdims=True) ** (1 / p)
        out = y if keepdim else y.reshape(np.sum(size, axis=axis).shape)
        ctx.save_for_backward(x, out)  # the output itself, so that create_graph differentiates through it
        ctx.p, ctx.dims, ctx.keepdim, ctx.kept_shape = p, dims, keepdim, y.shape
        return out

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        if not ctx.keepdim:  # put the reduced dimensions back (size 1) so y and g broadcast against x
            y, g = y.reshape(ctx.kept_shape), g.reshape(ctx.kept_shape)
        p = ctx.p
        if p == 2:
            return where(y == 0, 0.0, g * x / y), None, None, None
        if p == 1:
            return g * sign(x), None, None, None
        if p in (math.inf, -math.inf):
            at_norm = x.abs() == y
            return g * sign(x) * at_norm / at_norm.sum(ctx.dims or None, keepdim=True), None, None, None
        if p == 0:
            return g * 0 * x, None, None, None
        return where(y == 0, 0.0, g * sign(x) * x.abs() ** (p - 1) / y ** (p - 1)), None, None, None


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """The p-norm of all values, or along `dim` (an int or a tuple of ints)."""
    if p == "fro":
        p = 2
    elif isinstance(p, str):
        raise NotImplementedError(f"autograd_edu's norm supports vector p-norms and 'fro', not p={p!r}")
    x = input if dtype is None else input.to(dtype)
    dims = () if dim is None else normalize_dims(dim, x.ndim)
    return Norm.apply(x, float(p), dims, bool(keepdim))
