"""Division with a whole-number quotient: remainder (`%`), fmod, floor_divide (`//`).
Notation: y is the output, g = dL/dy."""
import numpy as np

from ..autograd.function import Function
from ..tensor import Tensor
from .operands import arrays, as_tensor_operands


def _integer_divisor_check(x, y):
    if x.dtype.kind in "iub" and y.dtype.kind in "iub" and (y == 0).any():
        raise RuntimeError("ZeroDivisionError")


def _remainder(x, y):
    """PyTorch's float remainder: fmod, then shifted by y where the signs differ (so -5 % 2.5
    is -0., as in PyTorch; NumPy's remainder gives +0.)."""
    if x.dtype.kind != "f":
        return np.remainder(x, y)
    mod = np.fmod(x, y)
    return np.where((mod != 0) & ((y < 0) != (mod < 0)), mod + y, mod)


def _divide(numpy_op, a, b):
    x, y = arrays(*as_tensor_operands(a, b))
    _integer_divisor_check(x, y)
    with np.errstate(divide="ignore", invalid="ignore"):
        return numpy_op(x, y)


class _ByNumber(Function):
    """y = x - other * q(x / other) with `other` a number;  dL/dx = g"""
    numpy_op = None

    @staticmethod
    def forward(ctx, x, other):
        return _divide(ctx.function.numpy_op, x, other)

    @staticmethod
    def backward(ctx, g):
        return g, None


class _ByTensor(Function):
    """y = x - other * q(x / other);  dL/dx = g,  dL/dother = -g * q(x / other)"""
    numpy_op = quotient = None

    @staticmethod
    def forward(ctx, x, other):
        ctx.save_for_backward(x, other)
        return _divide(ctx.function.numpy_op, x, other)

    @staticmethod
    def backward(ctx, g):
        x, other = ctx.saved_tensors
        return g, -g * Tensor._make(_divide(ctx.function.quotient, x.detach(), other.detach()))


class Remainder(_ByNumber):
    """Python's %: q = floor, so y has the sign of other"""
    node_name = "RemainderBackward0"
    numpy_op = staticmethod(_remainder)


class RemainderTensor(_ByTensor):
    """Python's %: q = floor, so y has the sign of other"""
    node_name = "RemainderBackward1"
    numpy_op, quotient = staticmethod(_remainder), staticmethod(np.floor_divide)


class Fmod(_ByNumber):
    """C's fmod: q = trunc, so y has the sign of x"""
    node_name = "FmodBackward0"
    numpy_op = staticmethod(np.fmod)


class FmodTensor(_ByTensor):
    """C's fmod: q = trunc, so y has the sign of x"""
    node_name = "FmodBackward1"
    numpy_op, quotient = staticmethod(np.fmod), staticmethod(lambda x, y: np.trunc(x / y))


class NotDifferentiable(Function):
    """An op PyTorch records but cannot differentiate (its node is `NotImplemented`):
    `x // y`, and `number % tensor`. Backward through it raises PyTorch's error."""
    node_name = "NotImplemented"

    @staticmethod
    def forward(ctx, numpy_op, op_name, a, b):
        ctx.op_name = op_name
        return _divide(numpy_op, a, b)

    @staticmethod
    def backward(ctx, g):
        raise RuntimeError(f"derivative for aten::{ctx.op_name} is not implemented")


NotDifferentiable._node.name = lambda self: "torch::autograd::NotImplemented"


def remainder(input, other):
    """Python's %: the remainder with the sign of the divisor."""
    if not isinstance(input, Tensor):
        return NotDifferentiable.apply(_remainder, "remainder", input, other)
    if isinstance(other, Tensor):
        return RemainderTensor.apply(input, other)
    return Remainder.apply(input, other)


def fmod(input, other):
    """C's fmod: the remainder with the sign of the dividend."""
    if isinstance(other, Tensor):
        return FmodTensor.apply(input, other)
    return Fmod.apply(input, other)


def floor_divide(input, other):
    """Python's //: the quotient rounded down (recorded, but not differentiable, as in PyTorch)."""
    return NotDifferentiable.apply(np.floor_divide, "floor_divide", input, other)
