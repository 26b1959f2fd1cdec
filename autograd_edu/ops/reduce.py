"""Reductions: sum, mean, max/min, prod, var/std (softmax and logsumexp are in softmax.py).

A reduction's backward spreads g back over the elements that were reduced: `_spread` puts
back the reduced dimensions (as size 1) and broadcasts g over them.
"""
import builtins

import numpy as np

from .. import messages
from ..autograd.function import Function
from ..tensor import Tensor
from .elementwise import maximum, minimum, where
from .operands import floating


def normalize_dim(dim, ndim):
    """A dimension index in range, or PyTorch's IndexError."""
    size = builtins.max(ndim, 1)
    if not -size <= dim < size:
        raise IndexError(messages.dim_out_of_range(dim, ndim))
    return dim % size


def normalize_dims(dim, ndim):
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    return tuple(sorted(normalize_dim(d, ndim) for d in dims)) if ndim else ()


def _spread(g, shape, dims, keepdim):
    """g of the reduced shape, broadcast back to `shape` (the reduced dims were `dims`)."""
    if not keepdim and dims:
        g = g.reshape(tuple(1 if i in dims else n for i, n in enumerate(shape)))
    return g.expand(shape)


class Sum(Function):
    """y = sum of all x;  dL/dx = g at every element"""
    node_name = "SumBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.shape = x._data.shape
        return np.sum(x._data)

    @staticmethod
    def backward(ctx, g):
        return g.expand(ctx.shape)


class SumDim(Function):
    """y = sum of x over `dims`;  dL/dx = g spread over the summed dims"""
    node_name = "SumBackward1"

    @staticmethod
    def forward(ctx, x, dims, keepdim):
        ctx.shape, ctx.dims, ctx.keepdim = x._data.shape, dims, keepdim
        return np.sum(x._data, axis=dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, g):
        return _spread(g, ctx.shape, ctx.dims, ctx.keepdim), None, None


class Mean(Function):
    """y = mean of all x (n elements);  dL/dx = g / n"""
    node_name = "MeanBackward0"

    @staticmethod
    def forward(ctx, x):
        ctx.shape = x._data.shape
        return np.mean(floating(x))

    @staticmethod
    def backward(ctx, g):
        return g.expand(ctx.shape) / builtins.max(int(np.prod(ctx.shape)), 1)


class MeanDim(Function):
    """y = mean of x over `dims` (n elements each);  dL/dx = g / n spread over those dims"""
    node_name = "MeanBackward1"

    @staticmethod
    def forward(ctx, x, dims, keepdim):
        ctx.shape, ctx.dims, ctx.keepdim = x._data.shape, dims, keepdim
        return np.mean(floating(x), axis=dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, g):
        n = int(np.prod([ctx.shape[d] for d in ctx.dims]))
        return _spread(g, ctx.shape, ctx.dims, ctx.keepdim) / n, None, None


class Max(Function):
    """y = max of all x;  dL/dx = g / k at each of the k elements equal to y (ties share)."""
    node_name = "MaxBackward1"
    saved_names = ("self", "result")
    reduce = staticmethod(np.max)

    @classmethod
    def forward(cls, ctx, x):
        if x._data.size == 0:
            raise RuntimeError(f"{cls.__name__.lower()}(): Expected reduction dim to be specified for "
                               "input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        y = cls.reduce(x._data)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        ties = x == y
        return g * ties / ties.sum()


class Min(Max):
    """y = min of all x;  dL/dx = g / k at each of the k elements equal to y."""
    node_name = "MinBackward1"
    reduce = staticmethod(np.min)


class Amax(Max):
    """y = amax(x, dims): like max, ties share the gradient evenly, also along a dim."""
    node_name = "AmaxBackward0"

    @classmethod
    def forward(cls, ctx, x, dims, keepdim):
        ctx.shape, ctx.dims, ctx.keepdim = x._data.shape, dims, keepdim
        y = cls.reduce(x._data, axis=dims, keepdims=keepdim)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        ties = x == _spread(y, ctx.shape, ctx.dims, ctx.keepdim)
        counts = ties.sum(dim=ctx.dims, keepdim=True)
        return _spread(g, ctx.shape, ctx.dims, ctx.keepdim) * ties / counts, None, None


class Amin(Amax):
    node_name = "AminBackward0"
    reduce = staticmethod(np.min)


class MaxDim(Function):
    """values = x at `indices` along dim (what max(x, dim) picked);  dL/dx = g at those indices
    only (PyTorch gives a tie's gradient to the one returned index)."""
    node_name = "MaxBackward0"
    saved_names = ("indices",)

    @staticmethod
    def forward(ctx, x, dim, keepdim, indices):  # indices: an int array with the reduced dim kept
        ctx.shape, ctx.dim, ctx.keepdim, ctx.indices = x._data.shape, dim, keepdim, indices
        if not x._data.ndim:
            return x._data
        values = np.take_along_axis(x._data, indices, axis=dim)
        return values if keepdim else np.squeeze(values, axis=dim)

    @staticmethod
    def backward(ctx, g):
        picked = np.zeros(ctx.shape, dtype=bool)
        if ctx.shape:
            np.put_along_axis(picked, ctx.indices, True, axis=ctx.dim)
        else:
            picked[()] = True
        return _spread(g, ctx.shape, (ctx.dim,), ctx.keepdim) * Tensor._make(picked), None, None, None


class MinDim(MaxDim):
    node_name = "MinBackward0"


class Prod(Function):
    """y = product of x (over `dims`, or all);  dL/dx_i = g * product of the other elements.
    Computed without dividing by x_i, so zeros are handled: with one zero in a group, only the
    zero's position gets a gradient (the product of the rest); with two or more, none does.
    Limitation: at an input exactly 0 the *second* derivative (create_graph) misses the terms
    that pass through the zero (PyTorch gets them from exclusive cumulative products)."""
    node_name = "ProdBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, x, dims, keepdim):
        ctx.save_for_backward(x)
        ctx.dims, ctx.keepdim = dims, keepdim
        data = x._data if x._data.dtype != np.bool_ else x._data.astype(np.int64)
        return np.prod(data, axis=dims, keepdims=keepdim)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        dims = ctx.dims if ctx.dims is not None else tuple(range(x.ndim))
        is_zero = x == 0
        nonzero = where(is_zero, 1.0, x)
        product_nonzero = nonzero.prod(dim=dims, keepdim=True) if dims else nonzero
        zeros = is_zero.sum(dim=dims, keepdim=True) if dims else is_zero.long()
        others = where(zeros == 0, product_nonzero / nonzero, where((zeros == 1) & is_zero, product_nonzero, 0.0))
        return _spread(g, x.shape, dims, ctx.keepdim) * others, None, None


class ProdDim(Prod):
    node_name = "ProdBackward1"


def _deviations(x, dims):
    """(the reduced dims, the number of elements in each group, x minus its group's mean)."""
    dims = dims if dims is not None else tuple(range(x.ndim))
    n = int(np.prod([x.shape[d] for d in dims]))
    return dims, n, (x - x.mean(dim=dims, keepdim=True) if dims else x * 0)


class Var(Function):
    """y = sum((x - mean)**2) / (n - c);  dL/dx = g * 2 (x - mean) / (n - c)"""
    node_name = "VarBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, x, dims, correction, keepdim):
        ctx.save_for_backward(x)
        ctx.dims, ctx.correction, ctx.keepdim = dims, correction, keepdim
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.var(floating(x), axis=dims, ddof=correction, keepdims=keepdim)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        dims, n, centred = _deviations(x, ctx.dims)
        return _spread(g, x.shape, dims, ctx.keepdim) * 2 * centred / (n - ctx.correction), None, None, None


class Std(Function):
    """y = sqrt(var(x));  dL/dx = g * (x - mean) / ((n - c) * y)"""
    node_name = "StdBackward0"
    saved_names = ("self", "result")

    @staticmethod
    def forward(ctx, x, dims, correction, keepdim):
        with np.errstate(divide="ignore", invalid="ignore"):
            y = np.std(floating(x), axis=dims, ddof=correction, keepdims=keepdim)
        ctx.save_for_backward(x, y)
        ctx.dims, ctx.correction, ctx.keepdim = dims, correction, keepdim
        return y

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        dims, n, centred = _deviations(x, ctx.dims)
        spread_y = _spread(y, x.shape, dims, ctx.keepdim)
        return _spread(g, x.shape, dims, ctx.keepdim) * centred / ((n - ctx.correction) * spread_y), None, None, None


class ReturnTypes(tuple):
    """(values, indices), printed like PyTorch's `torch.return_types.max(...)`."""

    def __new__(cls, name, values, indices):
        self = super().__new__(cls, (values, indices))
        self.name = name
        return self

    values = property(lambda self: self[0])
    indices = property(lambda self: self[1])

    def __repr__(self):
        return f"torch.return_types.{self.name}(\nvalues={self[0]!r},\nindices={self[1]!r})"


# ---- the functions the package exposes --------------------------------------------------------
def sum(x, dim=None, keepdim=False, *, dtype=None):
    if dtype is not None:
        x = x.to(dtype)
    elif x._data.dtype.kind in "bu" or x._data.dtype in (np.int8, np.int16, np.int32):
        x = x.long()  # PyTorch sums integers and bools as int64
    if dim is None or dim == ():
        return Sum.apply(x)
    return SumDim.apply(x, normalize_dims(dim, x.ndim), keepdim)


def mean(x, dim=None, keepdim=False, *, dtype=None):
    if dtype is not None:
        x = x.to(dtype)
    if not x.dtype.is_floating_point:
        raise RuntimeError(f"mean(): could not infer output dtype. Input dtype must be either a floating point "
                           f"or complex dtype. Got: {x.dtype.legacy_name[:-len('Tensor')]}")
    if dim is None or dim == ():
        return Mean.apply(x)
    return MeanDim.apply(x, normalize_dims(dim, x.ndim), keepdim)


def max(x, dim=None, keepdim=False):
    """max(x): the largest value; max(x, dim): (values, indices); max(x, other): maximum."""
    return _extreme("max", Max, MaxDim, np.argmax, maximum, x, dim, keepdim)


def min(x, dim=None, keepdim=False):
    """min(x): the smallest value; min(x, dim): (values, indices); min(x, other): minimum."""
    return _extreme("min", Min, MinDim, np.argmin, minimum, x, dim, keepdim)


def _extreme(name, whole, along, pick, elementwise, x, dim, keepdim):
    if isinstance(dim, Tensor):
        return elementwise(x, dim)
    if dim is None:
        return whole.apply(x)
    d = normalize_dim(dim, x.ndim)
    kept = _arg(name, pick, x, d, keepdim=True)  # computed once: it selects the values and is returned
    indices = kept if keepdim or not x.ndim else np.squeeze(kept, axis=d)
    return ReturnTypes(name, along.apply(x, d, keepdim, kept), Tensor._make(indices))


def _arg(name, pick, x, dim, keepdim):
    """The int64 index of the largest (or smallest) element along dim."""
    if not x.ndim:
        return np.zeros((), np.int64)
    if x._data.shape[dim] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {dim} to have non-zero size.")
    idx = pick(x._data, axis=dim)
    return np.expand_dims(idx, dim) if keepdim else idx


def amax(x, dim=(), keepdim=False):
    return Amax.apply(x, normalize_dims(dim, x.ndim) or tuple(range(x.ndim)), keepdim)


def amin(x, dim=(), keepdim=False):
    return Amin.apply(x, normalize_dims(dim, x.ndim) or tuple(range(x.ndim)), keepdim)


def argmax(x, dim=None, keepdim=False):
    if dim is None:
        return Tensor._make(np.array(np.argmax(x._data), dtype=np.int64))
    return Tensor._make(_arg("argmax", np.argmax, x, normalize_dim(dim, x.ndim), keepdim))


def argmin(x, dim=None, keepdim=False):
    if dim is None:
        return Tensor._make(np.array(np.argmin(x._data), dtype=np.int64))
    return Tensor._make(_arg("argmin", np.argmin, x, normalize_dim(dim, x.ndim), keepdim))


def prod(x, dim=None, keepdim=False):
    if dim is None:
        return Prod.apply(x, None, False)
    return ProdDim.apply(x, normalize_dims(dim, x.ndim), keepdim)


def _correction(unbiased, correction):
    if correction is not None:
        return correction
    return 1 if unbiased in (None, True) else 0


def var(x, dim=None, unbiased=None, keepdim=False, *, correction=None):
    if isinstance(dim, bool):  # var(x, False) means unbiased=False, as in PyTorch
        dim, unbiased = None, dim
    return Var.apply(x, None if dim is None else normalize_dims(dim, x.ndim), _correction(unbiased, correction),
                     keepdim)


def std(x, dim=None, unbiased=None, keepdim=False, *, correction=None):
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    return Std.apply(x, None if dim is None else normalize_dims(dim, x.ndim), _correction(unbiased, correction),
                     keepdim)
