"""Ops that keep some values and replace the others: masked_fill, triu, tril.

Notation: y is the output, g = dL/dy, mask a bool array (True where the value is replaced).
"""
import numbers

import numpy as np

from ..autograd.function import Function
from ..tensor import Tensor
from .operands import check_broadcast

class MaskedFill(Function):
    """y = value where mask else x (value a number);  dL/dx = g where not mask, else 0."""
    node_name = "MaskedFillBackward0"

    @staticmethod
    def forward(ctx, x, mask, value):
        ctx.mask = mask
        shape = np.broadcast_shapes(x._data.shape, mask.shape)
        return np.where(mask, np.asarray(value).astype(x._data.dtype), np.broadcast_to(x._data, shape))

    @staticmethod
    def backward(ctx, g):
        return masked_fill(g, Tensor._make(ctx.mask), 0), None, None


class MaskedFillTensor(Function):
    """y = value where mask else x (value a 0-d tensor);  dL/dx = g where not mask, else 0;
    dL/dvalue = Σ g over the masked positions."""
    node_name = "MaskedFillBackward1"

    @staticmethod
    def forward(ctx, x, mask, value):
        ctx.mask = mask
        shape = np.broadcast_shapes(x._data.shape, mask.shape)
        return np.where(mask, value._data.astype(x._data.dtype), np.broadcast_to(x._data, shape))

    @staticmethod
    def backward(ctx, g):
        mask = Tensor._make(ctx.mask)
        grad_x = masked_fill(g, mask, 0) if ctx.needs_input_grad[0] else None
        grad_value = (g - masked_fill(g, mask, 0)).sum() if ctx.needs_input_grad[2] else None
        return grad_x, None, grad_value


def masked_fill(x, mask, value):
    """Replace the values of x where `mask` (a bool tensor that broadcasts with x) is True by
    `value` (a number or a 0-d tensor): the usual way to set scores to -inf before a softmax."""
    if mask.dtype.name != "bool":
        raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{mask.dtype.cpp_name}")
    check_broadcast(mask._data.shape, x._data.shape)  # PyTorch names the mask "a"
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value.ndim} dimension(s).")
        return MaskedFillTensor.apply(x, mask._data, value)
    if not isinstance(value, numbers.Number):
        got = f"(Tensor, {type(value).__name__})"
        why = f"      didn't match because some of the arguments have invalid types: (Tensor, !{type(value).__name__}!)\n"
        raise TypeError(f"masked_fill() received an invalid combination of arguments - got {got}, but expected one "
                        f"of:\n * (Tensor mask, Tensor value)\n{why} * (Tensor mask, Number value)\n{why}")
    return MaskedFill.apply(x, mask._data, value)


def masked_fill_(x, mask, value):
    """In-place masked_fill: the mask must broadcast to x's own shape."""
    shape = np.broadcast_shapes(x._data.shape, mask._data.shape) if mask.dtype.name == "bool" else x.shape
    if tuple(shape) != tuple(x._data.shape):
        raise RuntimeError(f"output with shape {list(x._data.shape)} doesn't match the broadcast shape "
                           f"{list(shape)}")
    return x._inplace(masked_fill, mask, value)


# ---- triangles ----------------------------------------------------------------------------------
class _Triangle(Function):
    """Keep one triangle of the last two dimensions, zero the rest. The gradient is masked the
    same way: dL/dx = triangle(g, k)."""
    numpy_op = None  # np.triu or np.tril

    @staticmethod
    def forward(ctx, x, diagonal):
        ctx.diagonal = diagonal
        return ctx.function.numpy_op(x._data, diagonal)

    @staticmethod
    def backward(ctx, g):
        return ctx.function.apply(g, ctx.diagonal), None


class Triu(_Triangle):
    """y = x on and above the k-th diagonal (j - i >= k), 0 below;  dL/dx = triu(g, k)"""
    node_name = "TriuBackward0"
    numpy_op = staticmethod(np.triu)


class Tril(_Triangle):
    """y = x on and below the k-th diagonal (j - i <= k), 0 above;  dL/dx = tril(g, k)"""
    node_name = "TrilBackward0"
    numpy_op = staticmethod(np.tril)


def _check_matrix(name, x):
    if x.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")


def triu(x, diagonal=0):
    """The upper triangle of the last two dimensions (a batch of matrices is allowed)."""
    _check_matrix("triu", x)
    return Triu.apply(x, int(diagonal))


def tril(x, diagonal=0):
    """The lower triangle of the last two dimensions: `tril(ones(T, T))` is a causal mask."""
    _check_matrix("tril", x)
    return Tril.apply(x, int(diagonal))
