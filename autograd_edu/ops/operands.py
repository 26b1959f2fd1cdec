"""What every elementwise op does first: turn numbers into tensors of PyTorch's result dtype,
check that the shapes broadcast, and pick the arrays to compute on."""
import numpy as np

from .. import dtypes, messages
from ..tensor import Tensor


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
