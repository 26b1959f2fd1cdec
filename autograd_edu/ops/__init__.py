"""All ops, and the table that makes them Tensor methods (`x.sin()`, `x.sum(0)`, `x.add_(1)`)."""
import types

from .. import dtypes
from ..tensor import Tensor
from .arithmetic import add, div, mul, neg, pow, reciprocal, rsub, square, sub
from .division import floor_divide, fmod, remainder
from .einsum import einsum
from .elementwise import (Fill, Zero, abs, clamp, clip, compare, cos, exp, log, maximum, minimum, relu, sigmoid, sign,
                          sin, sqrt, tan, tanh, where)
from .hyperbolic import cosh, sinh
from .indexing import index, index_add, index_put, index_select, narrow, normalize_index, select, sort
from .linalg import bmm, dot, matmul, mm, mv
from .logical import all, any, equal
from .masking import masked_fill, masked_fill_, tril, triu
from .norms import norm
from .operators import TensorOperators
from .reduce import amax, amin, argmax, argmin, max, mean, min, normalize_dim, prod, std, sum, var
from .sampling import bernoulli_, multinomial, normal
from .shape import (cat, clone, concat, copy_, concatenate, expand, expand_as, flatten, mT, matrix_T, permute, reshape,
                    squeeze, stack, t, to, transpose, unsqueeze, view)
from .signatures import torch_style
from .softmax import log_softmax, logsumexp, softmax
from .views import diag, diagonal, unbind

# PyTorch's names for each op's leading parameters, so `torch.mul(input=a, other=b)` works.
_PARAMETER_NAMES = {
    ("input", "mat2"): "mm bmm",
    ("input", "vec"): "mv",
    ("input", "tensor"): "dot",
    ("input", "exponent"): "pow",
    ("condition", "input", "other"): "where",
    ("input", "mask", "value"): "masked_fill",
    ("tensors",): "cat concat concatenate stack",
    ("input",): "neg exp log sqrt sin cos tan tanh sigmoid relu abs sign reciprocal square clamp clip sum mean max "
                "min amax amin argmax argmin prod var std softmax log_softmax logsumexp norm triu tril flatten sort index_select index_add "
                "transpose t squeeze unsqueeze clone select narrow multinomial sinh cosh all any diagonal diag unbind",
    ("input", "other"): "add sub mul div maximum minimum matmul equal remainder fmod floor_divide",
}
for _params, _names in _PARAMETER_NAMES.items():
    for _name in _names.split():
        globals()[_name] = torch_style(globals()[_name], _name, _params)

METHODS = {
    "add": add, "sub": sub, "mul": mul, "div": div, "pow": pow, "neg": neg, "reciprocal": reciprocal,
    "exp": exp, "log": log, "sqrt": sqrt, "sin": sin, "cos": cos, "tan": tan, "tanh": tanh, "sigmoid": sigmoid,
    "relu": relu, "abs": abs, "square": square, "sign": sign, "clamp": clamp, "clip": clip,
    "maximum": maximum, "minimum": minimum, "norm": norm,
    "sum": sum, "mean": mean, "max": max, "min": min, "amax": amax, "amin": amin, "argmax": argmax,
    "argmin": argmin, "prod": prod, "var": var, "std": std, "softmax": softmax, "log_softmax": log_softmax,
    "logsumexp": logsumexp,
    "matmul": matmul, "mm": mm, "mv": mv, "dot": dot,
    "reshape": reshape, "view": view, "flatten": flatten, "permute": permute, "transpose": transpose, "t": t,
    "squeeze": squeeze, "unsqueeze": unsqueeze, "expand": expand, "expand_as": expand_as, "narrow": narrow,
    "select": select, "clone": clone, "to": to, "multinomial": multinomial,
    "masked_fill": masked_fill, "triu": triu, "tril": tril, "sinh": sinh, "cosh": cosh, "all": all, "any": any,
    "equal": equal, "diagonal": diagonal, "diag": diag, "unbind": unbind, "remainder": remainder, "fmod": fmod,
    "floor_divide": floor_divide, "bmm": bmm, "sort": sort, "index_select": index_select, "index_add": index_add,
}
INPLACE = ("add", "sub", "mul", "div", "pow", "neg", "reciprocal", "exp", "log", "sqrt", "sin", "cos", "tan",
           "tanh", "sigmoid", "relu", "abs", "clamp", "clip", "triu", "tril", "sinh", "cosh",
           "remainder", "fmod", "floor_divide", "index_add")


def _inplace_method(name, op):
    def method(self, *args, **kwargs):
        return self._inplace(op, *args, **kwargs)
    method.__name__ = name + "_"
    method.__doc__ = f"In-place `{name}`: writes the result into this tensor."
    return method


def _as_method(op):
    """A plain function is already a method; an op that is a Function's apply needs a wrapper
    to receive the tensor as its first argument."""
    if isinstance(op, types.FunctionType):
        return op

    def method(self, *args, **kwargs):
        return op(self, *args, **kwargs)
    return method


def _install_methods():
    for name, operator in vars(TensorOperators).items():
        if name.startswith("__") and callable(operator):
            setattr(Tensor, name, operator)
    for name, op in METHODS.items():
        setattr(Tensor, name, _as_method(op))
    for name in INPLACE:
        setattr(Tensor, name + "_", _inplace_method(name, METHODS[name]))
    Tensor.zero_ = lambda self: self._inplace(Zero.apply, 0)
    Tensor.copy_ = copy_
    Tensor.bernoulli_ = bernoulli_
    Tensor.masked_fill_ = masked_fill_
    Tensor.fill_ = lambda self, value: self._inplace(Fill.apply, value)
    Tensor.T = property(matrix_T)
    Tensor.mT = property(mT)
    Tensor.where = lambda self, condition, other: where(condition, self, other)
    Tensor.view_as = Tensor.reshape_as = lambda self, other: reshape(self, *other.shape)
    Tensor.type_as = lambda self, other: to(self, other.dtype)
    Tensor.contiguous = Tensor.cpu = lambda self, *args, **kwargs: self
    for name, dtype in (("float", dtypes.float32), ("double", dtypes.float64), ("half", dtypes.float16),
                        ("long", dtypes.int64), ("int", dtypes.int32), ("bool", dtypes.bool_)):
        setattr(Tensor, name, lambda self, _dtype=dtype: to(self, _dtype))


_install_methods()
# torch.sin_(a) and friends: the in-place methods as functions
INPLACE_FUNCTIONS = {name + "_": getattr(Tensor, name + "_") for name in INPLACE}
