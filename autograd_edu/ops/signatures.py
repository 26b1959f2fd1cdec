"""PyTorch's calling conventions for `torch.<op>(...)` and `tensor.<op>(...)`.

The ops are written with short positional parameters; PyTorch also accepts its parameter
names as keywords (`torch.matmul(input=a, other=b)`, `x.mul(other=2)`), `keepdims=` (NumPy's
spelling) for `keepdim=`, and `out=` to write the result into an existing tensor. `torch_style`
wraps an op to accept all three; a call without keywords goes straight to the op.
"""
import warnings

import numpy as np

from .. import messages
from ..autograd import grad_mode
from ..tensor import Tensor, _type_word


def torch_style(op, name, params):
    """`op` callable as PyTorch's `torch.<name>`, whose leading parameters are named `params`."""

    def function(*args, **kwargs):
        if not kwargs:
            return op(*args)
        out = kwargs.pop("out", None)
        if "keepdims" in kwargs:
            kwargs["keepdim"] = kwargs.pop("keepdims")
        args = _bind(name, params, args, kwargs)
        if out is None:
            return op(*args, **kwargs)
        return _into_out(name, out, op, args, kwargs)

    function.__name__ = function.__qualname__ = name
    owner = getattr(op, "__self__", None)  # `Sin.apply` is bound to Sin, whose docstring has the math
    function.__doc__ = owner.__doc__ if isinstance(owner, type) else op.__doc__
    return function


def _bind(name, params, args, kwargs):
    """Move keyword arguments named like PyTorch's leading parameters into their positions."""
    args = list(args)
    for position, param in enumerate(params):
        if param not in kwargs:
            if position >= len(args):
                raise TypeError(f'{name}() missing 1 required positional arguments: "{param}"')
            continue
        if position < len(args):
            raise TypeError(f"{name}() got multiple values for argument '{param}'")
        args.append(kwargs.pop(param))
    return args


def _into_out(name, out, op, args, kwargs):
    """Compute op(...) and write it into `out` (resized if needed), as `torch.<op>(..., out=t)`."""
    if grad_mode.is_grad_enabled() and any(isinstance(a, Tensor) and a.requires_grad
                                           for a in [out, *args, *kwargs.values()]):
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic differentiation, "
                           "but one of the arguments requires grad.")
    result = op(*args, **kwargs)
    values = result._data
    if not np.can_cast(values.dtype, out._data.dtype, casting="same_kind"):
        raise RuntimeError(f"result type {_type_word(result.dtype)} can't be cast to the desired output type "
                           f"{_type_word(out.dtype)}")
    if values.shape == out._data.shape:
        out._data[...] = values
    else:
        if out._data.size:
            warnings.warn(f"An output with one or more elements was resized since it had shape "
                          f"{messages.shape_list(out._data.shape)}, which does not match the required output shape "
                          f"{messages.shape_list(values.shape)}. This behavior is deprecated, and in a future PyTorch "
                          "release outputs will not be resized unless they have zero elements. You can explicitly "
                          "reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0).",
                          UserWarning, stacklevel=3)
        out._data = values.astype(out._data.dtype)
    out._version_counter[0] += 1
    return out
