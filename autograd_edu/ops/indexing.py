"""Ops that move values by integer indices: sort, index_select, index_add.
Notation: y is the output, g = dL/dy."""
import numpy as np

from ..autograd.function import Function
from ..tensor import Tensor, _type_word
from .reduce import ReturnTypes, normalize_dim


class Sort(Function):
    """values = x sorted along dim (order = the indices);  dL/dx = g put back where each value
    came from"""
    node_name = "SortBackward0"

    @staticmethod
    def forward(ctx, x, dim, order):
        ctx.dim, ctx.order = dim, order
        return np.take_along_axis(x._data, order, axis=dim)

    @staticmethod
    def backward(ctx, g):
        return IndexScatter.apply(g, ctx.dim, ctx.order), None, None


class IndexScatter(Function):
    """y[..., order[i], ...] = v[..., i, ...] along dim (a permutation's inverse);
    dL/dv = g gathered by the same order"""
    node_name = "ScatterBackward0"

    @staticmethod
    def forward(ctx, v, dim, order):
        ctx.dim, ctx.order = dim, order
        out = np.empty_like(v._data)
        np.put_along_axis(out, order, v._data, axis=dim)
        return out

    @staticmethod
    def backward(ctx, g):
        return Sort.apply(g, ctx.dim, ctx.order), None, None


def sort(input, dim=-1, descending=False, stable=False):
    """(values, indices) sorted along dim; equal values keep their order."""
    d = normalize_dim(dim, input.ndim)
    data = input._data if input.ndim else input._data.reshape(1)
    keys = data.astype(np.int64) if data.dtype.kind in "bu" else data
    order = np.argsort(-keys if descending else keys, axis=d, kind="stable").reshape(input._data.shape)
    return ReturnTypes("sort", Sort.apply(input, d, order), Tensor._make(order.astype(np.int64)))


class IndexSelect(Function):
    """y = x[..., index, ...] along dim;  dL/dx = zeros with g added at index (index_add)"""
    node_name = "IndexSelectBackward0"

    @staticmethod
    def forward(ctx, x, dim, index):
        ctx.dim, ctx.index, ctx.shape = dim, index, x._data.shape
        return np.take(x._data, index, axis=dim)

    @staticmethod
    def backward(ctx, g):
        zeros = Tensor._make(np.zeros(ctx.shape, g._data.dtype))
        return index_add(zeros, ctx.dim, Tensor._make(ctx.index), g), None, None


class IndexAdd(Function):
    """y = x with alpha * source added at index along dim (repeats add up);
    dL/dx = g,  dL/dsource = alpha * index_select(g, dim, index)"""
    node_name = "IndexAddBackward0"

    @staticmethod
    def forward(ctx, x, dim, index, source, alpha):
        ctx.dim, ctx.index, ctx.alpha = dim, index, alpha
        out = x._data.copy()
        moved = np.moveaxis(out, dim, 0)
        np.add.at(moved, index, np.moveaxis(source._data * alpha, dim, 0).astype(out.dtype))
        return out

    @staticmethod
    def backward(ctx, g):
        grad_source = IndexSelect.apply(g, ctx.dim, ctx.index)
        return g, None, None, (grad_source if ctx.alpha == 1 else grad_source * ctx.alpha), None


def _check_index(name, index, size):
    if index.dtype.name not in ("int64", "int32"):
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index but got: {_type_word(index.dtype)}")
    values = index._data.reshape(-1)
    if values.size and (values.min() < -size or values.max() >= size):
        raise IndexError("index out of range in self")
    return values % size if size else values


def index_select(input, dim, index):
    """The slices of input at `index` (a 1-D integer tensor) along dim."""
    d = normalize_dim(dim, input.ndim)
    return IndexSelect.apply(input, d, _check_index("index_select", index, input.shape[d]))


def index_add(input, dim, index, source, *, alpha=1):
    """input with alpha * source[i] added to slice index[i] along dim (out of place)."""
    d = normalize_dim(dim, input.ndim)
    return IndexAdd.apply(input, d, _check_index("index_add_", index, input.shape[d]), source, alpha)
