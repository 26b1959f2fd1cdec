"""Questions about values, answered with bools and never recorded: all, any, equal."""
import numpy as np

from ..tensor import Tensor
from .reduce import normalize_dims


def all(x, dim=None, keepdim=False):
    """True where every value (along `dim`) is nonzero; an empty tensor gives True."""
    return _reduce(np.all, x, dim, keepdim)


def any(x, dim=None, keepdim=False):
    """True where some value (along `dim`) is nonzero."""
    return _reduce(np.any, x, dim, keepdim)


def _reduce(test, x, dim, keepdim):
    axes = None if dim is None else normalize_dims(dim, x.ndim)
    return Tensor._make(np.asarray(test(x._data != 0, axis=axes, keepdims=keepdim)))


def equal(input, other):
    """True (a Python bool) when both tensors have the same shape and the same values."""
    if not isinstance(other, Tensor):
        raise TypeError(f"equal(): argument 'other' (position 1) must be Tensor, not {type(other).__name__}")
    return input.shape == other.shape and bool((input._data == other._data).all())
