"""Elementwise ops. Each class is one op: forward on NumPy arrays, backward in Tensor ops.

Binary ops broadcast in forward; their backward returns gradients of the broadcast shape and
the engine sums them back to each input's shape (see `engine._sum_to_shape`).
Notation: y is the output, g = dL/dy the gradient arriving from above.
"""
import numpy as np

from .. import dtypes, messages
from ..autograd.function import Function
from ..tensor import Tensor


# ---- helpers: operands, result dtypes, broadcasting -------------------------------------------
def as_tensor_operands(a, b):
    """Two tensors for a binary op; a Python scalar becomes a 0-d tensor of the result dtype
    (so `float32 * 2.5` stays float32, as in PyTorch)."""
    if isinstance(a, Tensor):
        if isinstance(b, Tensor):
            return a, b
        if (type(b) is float or type(b) is int) and a._data.dtype.kind == "f":  # float tensor and a number
            return a, Tensor._make(np.array(b, dtype=a._data.dtype))
    elif not isinstance(b, Tensor):
        raise TypeError(f"expected at least one Tensor, got {type(a).__name__} and {type(b).__name__}")
    common = dtypes.result_type(a, b)
    if not isinstance(a, Tensor):
        a = _wrap_scalar(a, common)
    if not isinstance(b, Tensor):
        b = _wrap_scalar(b, common)
    return a, b


def _wrap_scalar(value, dtype):
    if isinstance(value, np.ndarray):
        return Tensor._make(value)
    if not isinstance(value, (int, float, bool, np.number, np.bool_)):
        raise TypeError(f"unsupported operand type: expected a Tensor or a number, got {type(value).__name__}")
    return Tensor._make(np.array(value, dtype=dtype.numpy))


def arrays(a, b, true_division=False):
    """The two arrays, cast to PyTorch's common dtype, after checking they broadcast."""
    x, y = a._data, b._data
    if x.shape != y.shape and x.ndim and y.ndim:
        check_broadcast(x.shape, y.shape)
    if x.dtype != y.dtype or (true_division and x.dtype.kind in "iub"):
        common = dtypes.result_type(a, b).numpy
        if true_division and common.kind in "iub":
            common = dtypes.DEFAULT_FLOAT.numpy
        x, y = x.astype(common, copy=False), y.astype(common, copy=False)
    return x, y


def check_broadcast(shape_a, shape_b):
    message = messages.broadcast_mismatch(shape_a, shape_b)
    if message:
        raise RuntimeError(message)


def floating(x):
    """Unary float ops on an integer tensor compute in the default float dtype, like PyTorch."""
    data = x._data
    return data if data.dtype.kind == "f" else data.astype(dtypes.DEFAULT_FLOAT.numpy)


# ---- arithmetic ---------------------------------------------------------------------------------
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
neg, exp, log, sqrt, sin, cos, tan = Neg.apply, Exp.apply, Log.apply, Sqrt.apply, Sin.apply, Cos.apply, Tan.apply
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
