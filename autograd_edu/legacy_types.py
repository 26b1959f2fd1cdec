"""PyTorch's legacy tensor types: `torch.FloatTensor`, `torch.LongTensor`, ... and `torch.Tensor(...)`.

Old tutorials build tensors as `torch.FloatTensor([1, 2])` or `torch.Tensor(2, 3)`, test them
with `isinstance(x, torch.LongTensor)` and convert with `x.type(torch.DoubleTensor)`. Each name
is a class whose call makes a plain Tensor of its dtype and whose isinstance check looks at the
dtype, as in PyTorch (there is only one tensor class; these are names for dtypes).
"""
import numbers

import numpy as np

from . import dtypes
from .device import check_cpu
from .tensor import Size, Tensor, _to_array


class _LegacyTensorType(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj.dtype is cls.dtype

    def __call__(cls, *args, **kwargs):
        return Tensor._make(legacy_array(cls.dtype, args, kwargs))

    def __repr__(cls):
        return f"<class 'torch.{cls.__name__}'>"


LEGACY_TYPES = {d.legacy_name: _LegacyTensorType(d.legacy_name, (), {"dtype": d, "__doc__": f"Makes {d!r} tensors."})
                for d in dtypes.ALL}


def legacy_array(dtype, args, kwargs, share_any_tensor=False):
    """The array behind `XTensor(*args)`: no argument gives an empty tensor, ints give a shape
    (PyTorch leaves the values uninitialised; here they are zeros), a sequence or array gives
    the values converted to `dtype`, a tensor of that dtype is shared."""
    unknown = set(kwargs) - {"device"}
    if unknown:
        got = ", ".join([type(a).__name__ for a in args] + [f"{k}={type(kwargs[k]).__name__}" for k in kwargs])
        raise TypeError(f"new() received an invalid combination of arguments - got ({got}), but expected one of:\n"
                        " * (*, torch.device device = None)\n"
                        f"      didn't match because some of the keywords were incorrect: {', '.join(sorted(unknown))}\n"
                        " * (torch.Storage storage)\n * (Tensor other)\n"
                        " * (tuple of ints size, *, torch.device device = None)\n"
                        " * (object data, *, torch.device device = None)\n")
    check_cpu(kwargs.get("device"))
    if not args:
        return np.empty(0, dtype.numpy)
    if len(args) == 1 and isinstance(args[0], Tensor):
        other = args[0]
        if share_any_tensor or other.dtype is dtype:
            return other._data
        raise TypeError(f"expected {_options(dtype)} (got {_options(other.dtype)})")
    if len(args) == 1 and isinstance(args[0], Size):
        return np.zeros(tuple(args[0]), dtype.numpy)
    if all(_is_int(a) for a in args):
        from .creation import _size
        return np.zeros(_size(args), dtype.numpy)
    if len(args) == 1 and isinstance(args[0], (list, tuple, np.ndarray)):
        return _to_array(args[0], None).astype(dtype.numpy)
    if len(args) == 1 and isinstance(args[0], numbers.Number):
        raise TypeError(f"new(): data must be a sequence (got {type(args[0]).__name__})")
    if len(args) == 1:
        raise TypeError(f"new(): invalid data type '{type(args[0]).__name__}'")
    position, bad = next((i, a) for i, a in enumerate(args, 1) if not _is_int(a))
    raise TypeError(f"new(): argument 'size' failed to unpack the object at pos {position} with error "
                    f"\"type must be tuple of ints,but got {type(bad).__name__}\"")


def _options(dtype):
    return (f"TensorOptions(dtype={dtype.cpp_name}, device=cpu, layout=Strided, requires_grad=false (default), "
            "pinned_memory=false (default), memory_format=(nullopt))")


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def dtype_of_type_argument(value):
    """The dtype named by `x.type(...)`'s argument: a dtype, a legacy class or its name."""
    if isinstance(value, dtypes.dtype):
        return value
    if isinstance(value, _LegacyTensorType):
        return value.dtype
    if isinstance(value, str):
        name = value[len("torch."):] if value.startswith("torch.") else None
        if name in LEGACY_TYPES:
            return LEGACY_TYPES[name].dtype
        if value.startswith("torch.cuda."):
            check_cpu("cuda")
        raise ValueError(f"invalid type: {value!r}")
    raise TypeError("dtype must be a type, str, or dtype object")
