"""Indexing: x[key], x[key] = v, select, narrow, and the ops that move values by integer
indices (sort, index_select, index_add). The backward of reading at an index writes g back at
that index (zeros elsewhere). Notation: y is the output, g = dL/dy."""
import numpy as np

from ..autograd.function import Function
from ..tensor import Tensor, _type_word
from .reduce import ReturnTypes, normalize_dim
from .shape import expand


class Index(Function):
    """y = x[index] (one int, one slice, or advanced indexing);
    dL/dx = zeros of x's shape with g added at the indexed places"""
    node_name = "IndexBackward0"

    @staticmethod
    def forward(ctx, x, index):
        ctx.shape, ctx.index = x._data.shape, index
        return x._data[index]

    @staticmethod
    def backward(ctx, g):
        return scatter_add(g, ctx.index, ctx.shape), None


class Select(Index):
    node_name = "SelectBackward0"
    is_view = True


class Slice(Index):
    node_name = "SliceBackward0"
    is_view = True


class ScatterAdd(Function):
    """y = zeros(shape) with v added at `index` (the backward of indexing);  dL/dv = g[index]"""
    node_name = "IndexPutBackward0"

    @staticmethod
    def forward(ctx, v, index, shape):
        ctx.index = index
        out = np.zeros(shape, dtype=v._data.dtype)
        np.add.at(out, index, v._data)
        return out

    @staticmethod
    def backward(ctx, g):
        return g[ctx.index], None, None


class IndexPut(Function):
    """y = x with y[index] = v (`x[index] = v`);  dL/dx = g with zeros at index,  dL/dv = g[index]"""
    node_name = "CopySlices"

    @staticmethod
    def forward(ctx, x, index, v):
        ctx.index = index
        out = x._data.copy()
        out[index] = v._data
        return out

    @staticmethod
    def backward(ctx, g):
        keep = np.ones(g.shape, dtype=bool)
        keep[ctx.index] = False
        return (g * Tensor._make(keep) if ctx.needs_input_grad[0] else None, None,
                g[ctx.index] if ctx.needs_input_grad[2] else None)


class IndexPutAdvanced(IndexPut):
    """`x[index] = v` with a tensor, list or mask index: PyTorch records IndexPutBackward0"""
    node_name = "IndexPutBackward0"


def normalize_index(index):
    """An index as NumPy takes it: tensors become arrays, a lone index becomes a tuple."""
    items = index if isinstance(index, tuple) else (index,)
    return tuple(i._data if isinstance(i, Tensor) else np.asarray(i) if isinstance(i, list) else i for i in items)


def _is_basic(item):
    return isinstance(item, (int, np.integer, slice)) and not isinstance(item, bool)


def index(x, key):
    """x[key]. Ints and slices become a chain of SelectBackward0 / SliceBackward0 nodes, as in
    PyTorch; anything else (tensors, lists, masks, None, ...) one IndexBackward0 node."""
    items = normalize_index(key)
    ellipses = [k for k, i in enumerate(items) if i is Ellipsis]
    if len(ellipses) == 1 and all(_is_basic(i) for i in items if i is not Ellipsis):
        k = ellipses[0]  # x[..., 1] is x[:, :, 1]: a SelectBackward0, as in PyTorch
        items = items[:k] + (slice(None),) * (x.ndim - len(items) + 1) + items[k + 1:]
    if not all(_is_basic(i) for i in items):
        if any(getattr(i, "dtype", None) is not None and i.dtype.kind == "f" for i in items):
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        return Index.apply(x, items)
    if x.ndim == 0 and items:  # old code's `loss.data[0]`
        if isinstance(items[0], slice):
            raise IndexError("slice() cannot be applied to a 0-dim tensor.")
        raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in "
                         "C++ to convert a 0-dim tensor to a number")
    if len(items) > x.ndim:
        raise IndexError(f"too many indices for tensor of dimension {x.ndim}")
    out, dim = x, 0
    for item in items:
        if isinstance(item, slice):
            if item != slice(None):
                start, stop, step = item.indices(out._data.shape[dim])
                if step <= 0:
                    raise ValueError("step must be greater than zero")
                out = Slice.apply(out, (slice(None),) * dim + (slice(start, stop, step),))
            dim += 1
        else:
            size = out._data.shape[dim]
            if not -size <= item < size:
                raise IndexError(f"index {item} is out of bounds for dimension {dim} with size {size}")
            out = Select.apply(out, (slice(None),) * dim + (int(item),))
    return out


def select(x, dim, i):
    d = normalize_dim(dim, x.ndim)
    return Select.apply(x, (slice(None),) * d + (i,))


def narrow(x, dim, start, length):
    d = normalize_dim(dim, x.ndim)
    return Slice.apply(x, (slice(None),) * d + (slice(start, start + length),))


def scatter_add(v, index, shape):
    return ScatterAdd.apply(v, index, shape)


def index_put(x, index, value):
    if not isinstance(value, Tensor):
        value = Tensor._make(np.asarray(value, dtype=x._data.dtype))
    if not all(_is_basic(i) for i in index):
        return IndexPutAdvanced.apply(x, index, value)
    target = x._data[index].shape
    if value.shape != target and value.requires_grad:  # PyTorch expands the value first
        value = expand(value, *target)
    return IndexPut.apply(x, index, value)


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
