"""Elementwise functions (exp, log, sin, ..., relu, clamp, where). Each class is one op: forward on
NumPy arrays, backward in Tensor ops. (Arithmetic is in arithmetic.py.)

Binary ops (maximum, where) broadcast in forward; the engine sums their gradients back to each
input's shape (see `engine._sum_to_shape`). Notation: y is the output, g = dL/dy the gradient arriving from above.
"""
import numpy as np

from .. import dtypes
from ..autograd.function import Function
from ..tensor import Tensor
from .operands import _wrap_scalar, arrays, as_tensor_operands, check_broadcast, floating


class Exp(Function):
    """y = e**x;  dL/dx = g * y"""
    node_name = "ExpBackward0"
    saved_names = ("result",)

    @staticmethod
    def forward(ctx, x):
        with np.errstate(over="ignore"):
            y = np.exp(floating(x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * y


class Log(Function):
    """y = ln x;  dL/dx = g / x   (inf at 0)"""
    node_name = "LogBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(floating(x))

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g / x


class Sqrt(Function):
    """y = sqrt(x);  dL/dx = g / (2 y)   (inf at 0)"""
    node_name = "SqrtBackward0"
    saved_names = ("result",)

    @staticmethod
    def forward(ctx, x):
        with np.errstate(invalid="ignore"):
            y = np.sqrt(floating(x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g / (2 * y)


class Sin(Function):
    """y = sin x;  dL/dx = g * cos x"""
    node_name = "SinBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.sin(floating(x))

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * cos(x)


class Cos(Function):
    """y = cos x;  dL/dx = -g * sin x"""
    node_name = "CosBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.cos(floating(x))

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return -g * sin(x)


class Tan(Function):
    """y = tan x;  dL/dx = g * (1 + y**2)"""
    node_name = "TanBackward0"
    saved_names = ("result",)

    @staticmethod
    def forward(ctx, x):
        y = np.tan(floating(x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * (1 + y * y)


class Tanh(Function):
    """y = tanh x;  dL/dx = g * (1 - y**2)"""
    node_name = "TanhBackward0"
    saved_names = ("result",)

    @staticmethod
    def forward(ctx, x):
        y = np.tanh(floating(x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * (1 - y * y)


class Sigmoid(Function):
    """y = 1 / (1 + e**-x);  dL/dx = g * y * (1 - y)"""
    node_name = "SigmoidBackward0"
    saved_names = ("result",)

    @staticmethod
    def forward(ctx, x):
        data = floating(x)
        with np.errstate(over="ignore"):
            y = 1 / (1 + np.exp(-data))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * y * (1 - y)


class Relu(Function):
    """y = max(x, 0);  dL/dx = g where x > 0, else 0   (relu'(0) = 0, PyTorch's choice)"""
    node_name = "ReluBackward0"
    saved_names = ("result",)

    @staticmethod
    def forward(ctx, x):
        y = np.maximum(x._data, 0)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * (y > 0)


class Abs(Function):
    """y = |x|;  dL/dx = g * sign(x)   (abs'(0) = 0)"""
    node_name = "AbsBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.abs(x._data)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * sign(x)


class Clamp(Function):
    """y = min(max(x, lo), hi) for numbers lo, hi;  dL/dx = g where lo <= x <= hi, else 0.
    At x == lo or x == hi the gradient is 1: PyTorch 2.13's convention."""
    node_name = "ClampBackward1"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, x, lo, hi):
        ctx.save_for_backward(x)
        ctx.min, ctx.max = lo, hi
        return np.clip(x._data, lo, hi).astype(x._data.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        inside = Tensor._make(np.ones(x._data.shape, dtype=bool))
        if ctx.min is not None:
            inside = inside & (x >= ctx.min)
        if ctx.max is not None:
            inside = inside & (x <= ctx.max)
        return g * inside, None, None


class ClampTensor(Function):
    """y = min(max(x, lo), hi) with tensor bounds;  x gets g where lo <= x <= hi,
    lo gets g where x < lo, hi gets g where x > hi (a tie goes to x)."""
    node_name = "ClampBackward0"
    saved_names = ("self", "min", "max")

    @staticmethod
    def forward(ctx, x, lo, hi):
        ctx.save_for_backward(x, lo, hi)
        return np.minimum(np.maximum(x._data, lo._data), hi._data)

    @staticmethod
    def backward(ctx, g):
        x, lo, hi = ctx.saved_tensors
        below, above = x < lo, x > hi
        inside = ~(below | above)
        return g * inside, g * (below & ~above), g * above


class Maximum(Function):
    """y = max(a, b) elementwise;  the larger side gets g, ties give g/2 to each (PyTorch)."""
    node_name = "MaximumBackward0"
    saved_names = ("self", "other")
    pick = staticmethod(np.maximum)

    @classmethod
    def forward(cls, ctx, a, b):
        ctx.save_for_backward(a, b)
        x, y = arrays(a, b)
        return cls.pick(x, y)

    @classmethod
    def backward(cls, ctx, g):
        a, b = ctx.saved_tensors
        a_wins = Tensor._make(cls.pick(a._data, b._data) == a._data) & (a != b)
        share_a = a_wins + 0.5 * (a == b)
        return g * share_a, g * (1 - share_a)


class Minimum(Maximum):
    """y = min(a, b) elementwise;  the smaller side gets g, ties give g/2 to each."""
    node_name = "MinimumBackward0"
    pick = staticmethod(np.minimum)


class Where(Function):
    """y = a where cond else b;  dL/da = g where cond, dL/db = g elsewhere."""
    node_name = "WhereBackward0"

    @staticmethod
    def forward(ctx, cond, a, b):
        ctx.cond = cond  # a bool array, not an input: no edge for it (as in PyTorch)
        x, y = arrays(a, b)
        return np.where(cond, x, y)

    @staticmethod
    def backward(ctx, g):
        zero = g * 0
        return (None,
                where(ctx.cond, g, zero) if ctx.needs_input_grad[1] else None,
                where(ctx.cond, zero, g) if ctx.needs_input_grad[2] else None)


# ---- the functions the package exposes --------------------------------------------------------
class Sign(Function):
    """y = sign(x), -1, 0 or 1;  dL/dx = 0 everywhere (PyTorch still records SignBackward0)"""
    node_name = "SignBackward0"

    @staticmethod
    def forward(ctx, x):
        return np.sign(x._data)

    @staticmethod
    def backward(ctx, g):
        return g * 0


# An op with nothing to prepare is its Function's apply: torch.sin(x) is Sin.apply(x).
exp, log, sqrt, sin, cos, tan = Exp.apply, Log.apply, Sqrt.apply, Sin.apply, Cos.apply, Tan.apply
tanh, sigmoid, relu, abs, sign = Tanh.apply, Sigmoid.apply, Relu.apply, Abs.apply, Sign.apply
maximum, minimum = Maximum.apply, Minimum.apply


def clamp(x, min=None, max=None):
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        lo = min if isinstance(min, Tensor) else full_like_value(x, -np.inf if min is None else min)
        hi = max if isinstance(max, Tensor) else full_like_value(x, np.inf if max is None else max)
        return ClampTensor.apply(x, lo, hi)
    return Clamp.apply(x, min, max)


clip = clamp


def full_like_value(x, value):
    return Tensor._make(np.full((), value, dtype=x._data.dtype))


def where(condition, a, b):
    """Pick from a where condition holds, else from b (numbers allowed for a or b)."""
    if not isinstance(condition, Tensor):
        condition = Tensor._make(np.asarray(condition))
    if condition._data.dtype != np.bool_:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{condition.dtype.legacy_name[:-len('Tensor')]}")
    a, b = as_tensor_operands(a, b)
    return Where.apply(condition._data, a, b)


def compare(ufunc, a, b):
    """A comparison: a bool tensor, never part of the graph."""
    if b is None:
        return False
    if not isinstance(b, Tensor):
        b = _wrap_scalar(b, dtypes.result_type(a, b))
    x, y = a._data, b._data
    if x.shape != y.shape and x.ndim and y.ndim:
        check_broadcast(x.shape, y.shape)
    return Tensor._make(ufunc(x, y))


class Fill(Function):
    """y = a constant everywhere (`x.fill_(v)`, `x.zero_()`);  dL/dx = 0"""
    node_name = "FillBackward0"

    @staticmethod
    def forward(ctx, x, value):
        return np.full_like(x._data, value)

    @staticmethod
    def backward(ctx, g):
        return g * 0, None


class Zero(Fill):
    node_name = "ZeroBackward0"
