"""More views of a tensor's memory: diagonal (and diag), unbind.
Notation: y is the output, g = dL/dy."""
import numpy as np

from ..autograd.function import Function
from .reduce import normalize_dim
from .shape import stack


class Diagonal(Function):
    """y = the diagonal of x in dims (d1, d2), shifted by `offset` (moved to the last dim);
    dL/dx = zeros with g written on that diagonal"""
    node_name = "DiagonalBackward0"
    is_view = True

    @staticmethod
    def forward(ctx, x, offset, dim1, dim2):
        ctx.args, ctx.shape = (offset, dim1, dim2), x._data.shape
        return _writable_diagonal(x._data, offset, dim1, dim2)

    @staticmethod
    def backward(ctx, g):
        return DiagonalScatter.apply(g, ctx.shape, *ctx.args), None, None, None


class DiagonalCopy(Diagonal):
    """`diag` of a matrix: the diagonal as a new tensor, not a view (PyTorch's node name)."""
    node_name = "DiagonalBackward0_copy"
    is_view = False

    @staticmethod
    def forward(ctx, x, offset, dim1, dim2):
        return Diagonal.forward(ctx, x, offset, dim1, dim2).copy()


class DiagonalScatter(Function):
    """y = zeros(shape) with v on the diagonal (the backward of diagonal);  dL/dv = diagonal(g)"""
    node_name = "DiagonalBackwardBackward0"

    @staticmethod
    def forward(ctx, v, shape, offset, dim1, dim2):
        ctx.args = (offset, dim1, dim2)
        out = np.zeros(shape, v._data.dtype)
        _writable_diagonal(out, offset, dim1, dim2)[...] = v._data
        return out

    @staticmethod
    def backward(ctx, g):
        return Diagonal.apply(g, *ctx.args), None, None, None, None


class DiagEmbed(DiagonalScatter):
    """y = the square matrix with v on its diagonal (`diag` of a 1-D tensor);  dL/dv = diagonal(g)"""
    node_name = "DiagEmbedBackward0"


def _writable_diagonal(array, offset, dim1, dim2):
    """NumPy's diagonal view, which it hands out read-only; the tensor's view must be writable."""
    view = np.diagonal(array, offset, dim1, dim2)
    if array.flags.writeable:
        view.setflags(write=True)
    return view


class Unbind(Function):
    """(y_0, y_1, ...) = the slices of x along dim;  dL/dx = stack(g_0, g_1, ...) along dim"""
    node_name = "UnbindBackward0"

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        return tuple(np.take(x._data, i, axis=dim) for i in range(x._data.shape[dim]))

    @staticmethod
    def backward(ctx, *grads):
        return stack(grads, ctx.dim), None


def diagonal(input, offset=0, dim1=0, dim2=1):
    """The diagonal of a matrix (or of dims dim1, dim2), `offset` above (> 0) or below (< 0) it."""
    d1, d2 = normalize_dim(dim1, input.ndim), normalize_dim(dim2, input.ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return Diagonal.apply(input, int(offset), d1, d2)


def diag(input, diagonal=0):
    """A 1-D tensor gives the square matrix with it on the diagonal; a matrix gives its diagonal."""
    if input.ndim == 1:
        n = input.shape[0] + abs(diagonal)
        return DiagEmbed.apply(input, (n, n), int(diagonal), 0, 1)
    if input.ndim != 2:
        raise RuntimeError("diag(): Supports 1D or 2D tensors. Got " f"{input.ndim}D")
    return DiagonalCopy.apply(input, int(diagonal), 0, 1)


def unbind(input, dim=0):
    """The slices along `dim`, as a tuple of outputs of one UnbindBackward0 node."""
    return Unbind.apply(input, normalize_dim(dim, input.ndim))
