"""Ops that move values around without arithmetic: views, joins, copies (indexing is in
indexing.py).

Their backward moves g back to where each value came from: the inverse reshape or permutation,
a sum over expanded copies, or the pieces of g that each joined tensor contributed.
"""
import numpy as np

from .. import dtypes, messages
from ..autograd.function import Function
from ..device import check_cpu
from ..tensor import Tensor
from .reduce import normalize_dim


class View(Function):
    """y = x with another shape (same values, same memory);  dL/dx = g reshaped back"""
    node_name = "ViewBackward0"
    is_view = True

    @staticmethod
    def forward(ctx, x, shape):
        ctx.shape = x._data.shape
        return x._data.reshape(shape)

    @staticmethod
    def backward(ctx, g):
        return g.reshape(ctx.shape), None


class Permute(Function):
    """y = x with its dimensions reordered;  dL/dx = g with the inverse order"""
    node_name = "PermuteBackward0"
    is_view = True

    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        return np.transpose(x._data, dims)

    @staticmethod
    def backward(ctx, g):
        return g.permute(*np.argsort(ctx.dims).tolist()), None


class Transpose(Function):
    """y = x with dims d0 and d1 swapped;  dL/dx = g with them swapped back"""
    node_name = "TransposeBackward0"
    is_view = True

    @staticmethod
    def forward(ctx, x, d0, d1):
        ctx.d0, ctx.d1 = d0, d1
        return np.swapaxes(x._data, d0, d1)

    @staticmethod
    def backward(ctx, g):
        return g.transpose(ctx.d0, ctx.d1), None, None


class T(Function):
    """`x.t()`: a matrix transposed; a vector or 0-d tensor as it is (still a TBackward0 node);
    dL/dx = g.t()"""
    node_name = "TBackward0"
    is_view = True

    @staticmethod
    def forward(ctx, x):
        return x._data.T

    @staticmethod
    def backward(ctx, g):
        return g.t()


class Unsqueeze(Function):
    """y = x with a new dimension of size 1 at `dim`;  dL/dx = g without it"""
    node_name = "UnsqueezeBackward0"
    is_view = True

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        return np.expand_dims(x._data, dim)

    @staticmethod
    def backward(ctx, g):
        return g.squeeze(ctx.dim), None


class Squeeze(Function):
    """y = x without size-1 dimensions;  dL/dx = g reshaped back"""
    node_name = "SqueezeBackward0"
    is_view = True

    @staticmethod
    def forward(ctx, x, dims):
        ctx.shape = x._data.shape
        return np.squeeze(x._data, axis=dims)

    @staticmethod
    def backward(ctx, g):
        return g.reshape(ctx.shape), None


class SqueezeDim(Squeeze):
    node_name = "SqueezeBackward1"


class MatmulSqueeze(Squeeze):
    """The squeeze that ends `vector @ matrix` (PyTorch computes it as (1, n) @ matrix)"""
    node_name = "SqueezeBackward4"


class Expand(Function):
    """y = x repeated along size-1 (or new leading) dims, without copying;
    dL/dx = g summed over the copies"""
    node_name = "ExpandBackward0"
    is_view = True

    @staticmethod
    def forward(ctx, x, shape):
        ctx.shape = x._data.shape
        return np.broadcast_to(x._data, shape)

    @staticmethod
    def backward(ctx, g):
        return g, None  # the engine sums g back to x's shape


class Cat(Function):
    """y = the inputs joined along `dim`;  each input gets its slice of g"""
    node_name = "CatBackward0"

    @staticmethod
    def forward(ctx, dim, *tensors):
        ctx.dim = dim
        ctx.sizes = [t._data.shape[dim] for t in tensors]
        common = dtypes.result_type(*tensors).numpy
        return np.concatenate([t._data.astype(common, copy=False) for t in tensors], axis=dim)

    @staticmethod
    def backward(ctx, g):
        ends = np.cumsum(ctx.sizes).tolist()
        return (None, *(g.narrow(ctx.dim, end - size, size) for end, size in zip(ends, ctx.sizes)))


class Stack(Function):
    """y = the inputs stacked along a new dim;  input i gets g[..., i, ...]"""
    node_name = "StackBackward0"

    @staticmethod
    def forward(ctx, dim, *tensors):
        ctx.dim = dim
        common = dtypes.result_type(*tensors).numpy
        return np.stack([t._data.astype(common, copy=False) for t in tensors], axis=dim)

    @staticmethod
    def backward(ctx, g):
        return (None, *(g.select(ctx.dim, i) for i in range(g.shape[ctx.dim])))


class Clone(Function):
    """y = a copy of x;  dL/dx = g"""
    node_name = "CloneBackward0"

    @staticmethod
    def forward(ctx, x):
        return x._data.copy()

    @staticmethod
    def backward(ctx, g):
        return g


class GradCopy(Clone):
    """The copy of a gradient that `backward(create_graph=True)` stores in `.grad`"""
    node_name = "CopyBackwards"


class CopyFrom(Function):
    """y = src broadcast to x's shape, in x's dtype (`x.copy_(src)`);  dL/dsrc = g (summed back),
    and x's old values get no gradient: they were overwritten"""
    node_name = "CopyBackwards"

    @staticmethod
    def forward(ctx, x, src):
        return np.broadcast_to(src._data, x._data.shape).astype(x._data.dtype)

    @staticmethod
    def backward(ctx, g):
        return None, g


class ToDtype(Function):
    """y = x converted to another dtype;  dL/dx = g converted back (by the engine)"""
    node_name = "ToCopyBackward0"

    @staticmethod
    def forward(ctx, x, dtype):
        return x._data.astype(dtype.numpy)

    @staticmethod
    def backward(ctx, g):
        return g, None


# ---- the functions the package exposes --------------------------------------------------------
def reshape(x, *shape):
    shape = _shape_arg(shape)
    size = x._data.size
    known = int(np.prod([n for n in shape if n != -1]))
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    if (-1 in shape and (known == 0 or size % known)) or (-1 not in shape and known != size):
        raise RuntimeError(f"shape '{messages.shape_list(shape)}' is invalid for input of size {size}")
    return View.apply(x, shape)


view = reshape


def flatten(x, start_dim=0, end_dim=-1):
    if x.ndim == 0:
        return reshape(x, 1)
    start, end = normalize_dim(start_dim, x.ndim), normalize_dim(end_dim, x.ndim)
    if start == end:
        return x
    shape = x.shape
    return reshape(x, *shape[:start], -1, *shape[end + 1:])


def permute(x, *dims):
    dims = tuple(normalize_dim(d, x.ndim) for d in _shape_arg(dims))
    if sorted(dims) != list(range(x.ndim)):
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not match the length "
                           f"of the desired ordering of dimensions i.e. input.dim() = {x.ndim} is not equal to "
                           f"len(dims) = {len(dims)}" if len(dims) != x.ndim else "permute(): duplicate dims are not allowed.")
    return Permute.apply(x, dims)


def transpose(x, dim0, dim1):
    return Transpose.apply(x, normalize_dim(dim0, x.ndim), normalize_dim(dim1, x.ndim))


def t(x):
    if x.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {x.ndim}D")
    return T.apply(x)


def matrix_T(x):
    """`x.T`: all dimensions reversed (PyTorch records it as a permute)."""
    return Permute.apply(x, tuple(reversed(range(x.ndim))))


def mT(x):
    return transpose(x, -2, -1)


def unsqueeze(x, dim):
    size = x.ndim + 1
    if not -size <= dim < size:
        raise IndexError(messages.dim_out_of_range(dim, size))
    return Unsqueeze.apply(x, dim % size)


def squeeze(x, dim=None):
    if dim is None:
        return Squeeze.apply(x, tuple(i for i, n in enumerate(x._data.shape) if n == 1))
    dims = tuple(normalize_dim(d, x.ndim) for d in ((dim,) if isinstance(dim, int) else dim))
    return SqueezeDim.apply(x, tuple(d for d in dims if x._data.shape[d] == 1) if x.ndim else ())


def expand(x, *shape):
    shape = _shape_arg(shape)
    lead = len(shape) - x.ndim
    if lead < 0:
        raise RuntimeError(f"expand({x.dtype.legacy_name.replace('Tensor', '')}Type{{{messages.shape_list(x.shape)}}}, "
                           f"size={messages.shape_list(shape)}): the number of sizes provided ({len(shape)}) must be "
                           f"greater or equal to the number of dimensions in the tensor ({x.ndim})")
    full = tuple(x._data.shape[i - lead] if n == -1 else n for i, n in enumerate(shape))
    for i, n in enumerate(x._data.shape):
        if n != 1 and n != full[lead + i]:
            raise RuntimeError(f"The expanded size of the tensor ({full[lead + i]}) must match the existing size ({n}) "
                               f"at non-singleton dimension {lead + i}.  Target sizes: {messages.shape_list(shape)}.  "
                               f"Tensor sizes: {messages.shape_list(x.shape)}")
    if full == x._data.shape:
        return Expand.apply(x, full) if x.requires_grad else x
    return Expand.apply(x, full)


def expand_as(x, other):
    return expand(x, *other.shape)


def cat(tensors, dim=0):
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
    d = normalize_dim(dim, tensors[0].ndim)
    first = tensors[0].shape
    for k, t in enumerate(tensors[1:], 1):
        if t.ndim != len(first):
            raise RuntimeError(f"Tensors must have same number of dimensions: got {len(first)} and {t.ndim}")
        for i, (a, b) in enumerate(zip(first, t.shape)):
            if i != d and a != b:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. Expected size {a} but got "
                                   f"size {b} for tensor number {k} in the list.")
    return Cat.apply(d, *tensors)


concat = concatenate = cat


def stack(tensors, dim=0):
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    for k, t in enumerate(tensors[1:], 1):
        if t.shape != tensors[0].shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {messages.shape_list(tensors[0].shape)} "
                               f"at entry 0 and {messages.shape_list(t.shape)} at entry {k}")
    size = tensors[0].ndim + 1
    if not -size <= dim < size:
        raise IndexError(messages.dim_out_of_range(dim, size))
    return Stack.apply(dim % size, *tensors)


def clone(x, memory_format=None):
    return Clone.apply(x)


def copy_(x, src):
    """x.copy_(src): write src's values into x (broadcast and cast to x's dtype), in place."""
    if not isinstance(src, Tensor):
        src = Tensor._make(np.asarray(src, dtype=x._data.dtype))
    return x._inplace(CopyFrom.apply, src)


def copy_with_history(grad):
    return GradCopy.apply(grad)


def to(x, *args, **kwargs):
    """x.to(dtype) (devices are accepted and ignored: everything here is on the CPU)."""
    dtype = kwargs.get("dtype")
    check_cpu(kwargs.get("device"))
    for a in args:
        if isinstance(a, dtypes.dtype):
            dtype = a
        elif isinstance(a, Tensor):
            dtype = a.dtype
        else:
            check_cpu(a)
    if dtype is None or dtype is x.dtype:
        return x
    if not dtype.is_floating_point:  # integer results are not differentiable: no history
        return Tensor._make(x._data.astype(dtype.numpy))
    return ToDtype.apply(x, dtype)


def _shape_arg(shape):
    """Accept both f(2, 3) and f((2, 3))."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    return tuple(int(n) for n in shape)
