"""autograd_edu: automatic differentiation the way PyTorch does it, in plain NumPy.

`import autograd_edu as torch` runs the PyTorch autograd tutorials unchanged: the same values,
shapes, dtypes, `grad_fn` names, printed tensors and errors. Start reading at `tensor.py`, then
`autograd/function.py` (how an op records itself), `autograd/engine.py` (the backward pass) and
any op in `ops/` (each with its derivative written beside it).
"""
import builtins as _builtins
import math as _math

import numpy as _np

from . import accelerator, autograd, cuda, dtypes
from ._printing import get_printoptions, set_printoptions
from ._random import Generator
from .autograd import (enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad,
                       set_grad_enabled)
from .creation import (arange, as_tensor, empty, empty_like, eye, from_numpy, full, full_like, initial_seed,
                       linspace, manual_seed, ones, ones_like, rand, rand_like, randint, randn, randn_like, randperm,
                       tensor, zeros, zeros_like)
from .device import device, get_default_device, set_default_device
from .legacy_types import LEGACY_TYPES as _LEGACY_TYPES
from .dtypes import get_default_dtype, promote_types
from .ops import (abs, add, all, amax, amin, any, argmax, argmin, bmm, cat, clamp, clip, clone, concat, concatenate,
                  cos, cosh, diag, diagonal, div, dot, einsum, equal, exp, flatten, floor_divide, fmod, index_add,
                  index_select, log, log_softmax, logsumexp, masked_fill, matmul, max, maximum, mean, min, minimum,
                  mm, mul, multinomial, mv, narrow, neg, norm, normal, permute, pow, prod, reciprocal, relu,
                  remainder, reshape, select, sigmoid, sign, sin, sinh, softmax, sort, sqrt, square, squeeze, stack,
                  std, sub, sum, t, tan, tanh, transpose, tril, triu, unbind, unsqueeze, var, where)
from .ops import INPLACE_FUNCTIONS as _INPLACE_FUNCTIONS
from .tensor import Size, Tensor
from . import data, nn, optim, utils

__version__ = "0.1.0"

pi, e, inf, nan = _math.pi, _math.e, _math.inf, _math.nan
float32 = float = dtypes.float32
float64 = double = dtypes.float64
float16 = half = dtypes.float16
int64 = long = dtypes.int64
int32 = int = dtypes.int32
int16 = short = dtypes.int16
int8 = dtypes.int8
uint8 = dtypes.uint8
dtype = dtypes.dtype


globals().update(_INPLACE_FUNCTIONS)  # torch.sin_(a), torch.exp_(a), ...
globals().update(_LEGACY_TYPES)  # torch.FloatTensor, torch.LongTensor, ...


def is_tensor(obj):
    return isinstance(obj, Tensor)


def numel(x):
    return x.numel()


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when |a - b| <= atol + rtol * |b| everywhere (a Python bool, like PyTorch)."""
    return _builtins.bool(_np.allclose(_np.asarray(a), _np.asarray(b), rtol=rtol, atol=atol, equal_nan=equal_nan))


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    return Tensor._make(_np.isclose(_np.asarray(a), _np.asarray(b), rtol=rtol, atol=atol, equal_nan=equal_nan))


bool = dtypes.bool_  # last: from here on `bool` in this module is the dtype, as in PyTorch
