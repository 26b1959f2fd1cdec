"""Arithmetic: + - * / and powers. Each class is one op: forward on NumPy arrays, backward in
Tensor ops. Binary ops broadcast in forward; the engine sums their gradients back to each
input's shape (see `engine._sum_to_shape`). Notation: y is the output, g = dL/dy.
"""
import numpy as np

from ..autograd.function import Function
from ..tensor import Tensor
from .elementwise import log, where
from .operands import arrays, as_tensor_operands, floating


class Add(Function):
    """y = a + alpha * b;  dL/da = g,  dL/db = alpha * g"""
    node_name = "AddBackward0"

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        x, y = arrays(a, b)
        return x + y if alpha == 1 else x + y * alpha

    @staticmethod
    def backward(ctx, g):
        return g, (g if ctx.alpha == 1 else g * ctx.alpha), None


class Sub(Function):
    """y = a - alpha * b;  dL/da = g,  dL/db = -alpha * g"""
    node_name = "SubBackward0"

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        x, y = arrays(a, b)
        return x - y if alpha == 1 else x - y * alpha

    @staticmethod
    def backward(ctx, g):
        if not ctx.needs_input_grad[1]:
            return g, None, None
        return g, (-g if ctx.alpha == 1 else g * -ctx.alpha), None


class Rsub(Function):
    """y = b - a for a Python number b (`1 - x`);  dL/da = -g
    (b is a number, not an input: the node has one edge, as PyTorch's RsubBackward1)"""
    node_name = "RsubBackward1"

    @staticmethod
    def forward(ctx, a, b):
        x, y = arrays(*as_tensor_operands(a, b))
        return y - x

    @staticmethod
    def backward(ctx, g):
        return -g, None


class Mul(Function):
    """y = a * b;  dL/da = g * b,  dL/db = g * a
    (as PyTorch, a is saved only when b needs a gradient and b only when a does, so an in-place
    change to a tensor that no formula needs raises no error)"""
    node_name = "MulBackward0"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a if b.requires_grad else None, b if a.requires_grad else None)
        x, y = arrays(a, b)
        return x * y

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return (g * b if ctx.needs_input_grad[0] else None,
                g * a if ctx.needs_input_grad[1] else None)


class Div(Function):
    """y = a / b;  dL/da = g / b,  dL/db = -g * a / b**2   (a is saved only when b needs a gradient)"""
    node_name = "DivBackward0"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a if b.requires_grad else None, b)
        x, y = arrays(a, b, true_division=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            return x / y

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return (g / b if ctx.needs_input_grad[0] else None,
                -g * a / (b * b) if ctx.needs_input_grad[1] else None)


class Reciprocal(Function):
    """y = 1 / x;  dL/dx = -g * y**2   (`2 / x` is reciprocal(x) * 2, as in PyTorch)"""
    node_name = "ReciprocalBackward0"
    saved_names = ("result",)

    @staticmethod
    def forward(ctx, x):
        with np.errstate(divide="ignore"):
            y = 1 / floating(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return -g * y * y


class Neg(Function):
    """y = -x;  dL/dx = -g"""
    node_name = "NegBackward0"

    @staticmethod
    def forward(ctx, x):
        return -x._data

    @staticmethod
    def backward(ctx, g):
        return -g


class Pow(Function):
    """y = x ** p for a number p;  dL/dx = g * p * x**(p-1)   (0 when p == 0, as in PyTorch)"""
    node_name = "PowBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, x, p):
        ctx.save_for_backward(x)
        ctx.exponent = p
        data = x._data
        if data.dtype.kind in "iub" and (isinstance(p, float) or p < 0):
            data = floating(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.power(data, np.array(p, dtype=data.dtype) if data.dtype.kind == "f" else p)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        p = ctx.exponent
        if p == 0:
            return g * 0, None
        return g * p * x ** (p - 1), None


class PowTensor(Function):
    """y = a ** b, both tensors;  dL/da = g * b * a**(b-1),  dL/db = g * y * log(a)
    (where a == 0 and b >= 0 the second is taken as 0, PyTorch's convention)"""
    node_name = "PowBackward1"
    saved_names = ("self", "exponent", "result")

    @staticmethod
    def forward(ctx, a, b):
        x, y = arrays(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.power(x, y)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, b, y = ctx.saved_tensors
        grad_a = g * b * a ** (b - 1) if ctx.needs_input_grad[0] else None
        grad_b = None
        if ctx.needs_input_grad[1]:
            a_wide = a if a.dtype is y.dtype else a.to(y.dtype)  # log in the result's precision
            grad_b = where((a == 0) & (b >= 0), 0.0, g * y * log(a_wide))
        return grad_a, grad_b


class PowScalarBase(Function):
    """y = c ** x for a number c (`2 ** x`);  dL/dx = g * y * log(c)
    (0 where c == 0 and x >= 0, as PowBackward1; c is a number, so the node has one edge)"""
    node_name = "PowBackward2"
    saved_names = ("exponent", "result")

    @staticmethod
    def forward(ctx, c, x):
        base, exponent = arrays(*as_tensor_operands(c, x))
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.power(base, exponent)
        ctx.save_for_backward(x, out)
        ctx.base = c
        return out

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        c = ctx.base
        log_c = float(np.log(c)) if c > 0 else (-np.inf if c == 0 else np.nan)
        with np.errstate(invalid="ignore"):  # 0 * -inf where c == 0 and x >= 0, replaced by 0 below
            grad = g * y * log_c
        return None, (where(x >= 0, 0.0, grad) if c == 0 else grad)


def add(a, b, *, alpha=1):
    return Add.apply(*as_tensor_operands(a, b), alpha)


def sub(a, b, *, alpha=1):
    return Sub.apply(*as_tensor_operands(a, b), alpha)


def rsub(a, b):
    """b - a, for `number - tensor`."""
    return Rsub.apply(a, b)


def mul(a, b):
    return Mul.apply(*as_tensor_operands(a, b))


def div(a, b):
    return Div.apply(*as_tensor_operands(a, b))


def reciprocal(x):
    return Reciprocal.apply(x)


def pow(base, exponent):
    if isinstance(base, Tensor) and not isinstance(exponent, Tensor):
        return Pow.apply(base, exponent)
    if not isinstance(base, Tensor):
        return PowScalarBase.apply(base, exponent)
    return PowTensor.apply(base, exponent)


def square(x):
    return Pow.apply(x, 2)


neg = Neg.apply
