"""Ops that draw random numbers: normal, multinomial, bernoulli.

Each draws from the default generator (or the one passed as `generator=`) exactly as PyTorch's
CPU kernels do, so after `manual_seed` they return PyTorch's values (see `_random.py`).
"""
import numpy as np

from .. import _random, dtypes
from ..autograd.function import Function
from ..tensor import Tensor, _type_word
from ..creation import _finish, _shape
from .operands import check_broadcast


def _generator(generator):
    return generator if generator is not None else _random.default_generator


# ---- normal -------------------------------------------------------------------------------------
class NormalTensorFloat(Function):
    """y = mean + std * z, z ~ N(0, 1) drawn once.  PyTorch does not differentiate through the
    draw (no reparameterisation): dL/dmean = 0."""
    node_name = "NormalBackward1"

    @staticmethod
    def forward(ctx, mean, std, generator):
        return _scaled_noise(mean._data, np.asarray(std, mean._data.dtype), mean._data.shape, generator)

    @staticmethod
    def backward(ctx, g):
        return _zeros(g), None, None


class NormalFloatTensor(Function):
    """y = mean + std * z, z ~ N(0, 1);  dL/dstd = 0 (as in PyTorch)."""
    node_name = "NormalBackward2"

    @staticmethod
    def forward(ctx, mean, std, generator):
        return _scaled_noise(np.asarray(mean, std._data.dtype), std._data, std._data.shape, generator)

    @staticmethod
    def backward(ctx, g):
        return None, _zeros(g), None


class NormalTensorTensor(Function):
    """y = mean + std * z, z ~ N(0, 1) of the broadcast shape;  dL/dmean = 0, dL/dstd = 0."""
    node_name = "NormalBackward3"

    @staticmethod
    def forward(ctx, mean, std, generator):
        check_broadcast(mean._data.shape, std._data.shape)
        shape = np.broadcast_shapes(mean._data.shape, std._data.shape)
        return _scaled_noise(mean._data, std._data.astype(mean._data.dtype), shape, generator)

    @staticmethod
    def backward(ctx, g):
        return _zeros(g), _zeros(g), None


def _zeros(g):
    return Tensor._make(np.zeros_like(g._data))


def _scaled_noise(mean, std, shape, generator):
    """PyTorch fills the output with N(0, 1), then multiplies by std and adds mean in place
    (two roundings in the tensor's dtype)."""
    if mean.dtype.kind != "f":
        word = _type_word(dtypes.from_numpy_dtype(mean.dtype))
        raise NotImplementedError(f'"normal_kernel_cpu" not implemented for \'{word}\'')
    z = _generator(generator).normal(shape, 0.0, 1.0, mean.dtype.name)
    return z * std + mean


def _check_std(std):
    if isinstance(std, Tensor):
        if (std._data < 0).any():
            raise RuntimeError("normal expects all elements of std >= 0.0")
    elif std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")


_NORMAL_SIGNATURES = (
    "normal() received an invalid combination of arguments - got ({got}), but expected one of:\n"
    " * (Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (float mean, float std, tuple of ints size, *, torch.Generator generator = None, Tensor out = None, "
    "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, "
    "bool requires_grad = False)\n")


def normal(mean, std=1.0, size=None, *, generator=None, dtype=None, device=None, requires_grad=False):
    """Samples of N(mean, std²): `normal(mean_tensor, std_tensor)`, `normal(mean_tensor, 0.5)`,
    `normal(0., std_tensor)`, or `normal(0., 1., size=(3,))` for numbers."""
    _check_std(std)
    if isinstance(mean, Tensor):
        if isinstance(std, Tensor):
            return NormalTensorTensor.apply(mean, std, generator)
        return NormalTensorFloat.apply(mean, float(std), generator)
    if isinstance(std, Tensor):
        return NormalFloatTensor.apply(float(mean), std, generator)
    if size is None:
        got = ", ".join(type(v).__name__ for v in (mean, std))
        raise TypeError(_NORMAL_SIGNATURES.format(got=got))
    dtype = dtype or dtypes.DEFAULT_FLOAT
    array = _generator(generator).normal(_shape("normal", (), tuple(size)), mean, std, dtype.name)
    return _finish(array, requires_grad, device)


# ---- multinomial --------------------------------------------------------------------------------
def multinomial(input, num_samples, replacement=False, *, generator=None):
    """Indices drawn from the categories of each row of `input` (weights, not necessarily
    normalised); int64, no gradient.

    PyTorch's CPU algorithms: one sample, or any number without replacement, is the
    "exponential race": q ~ Exp(1) per category, pick the arg-max (top-k) of p / q. Several
    samples with replacement: each is a uniform u looked up in the row's normalised cumulative
    sums (the first category whose cumulative weight reaches u).
    """
    p = input._data
    if p.dtype.kind != "f":
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: {_type_word(input.dtype)}")
    if p.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    if not replacement and num_samples > p.shape[-1]:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    rows = p.reshape(-1, p.shape[-1])
    gen = _generator(generator)
    if not replacement or num_samples == 1:
        if not (np.isfinite(rows).all() and (rows >= 0).all()):
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
        _check_positive_sums(rows)
        q = (-np.log1p(-gen._unit(rows.size, np.float64))).astype(p.dtype).reshape(rows.shape)
        race = rows / q
        picked = np.argsort(-race, axis=-1, kind="stable")[:, :num_samples]
    else:
        if (rows < 0).any():
            raise RuntimeError("invalid multinomial distribution (encountering probability entry < 0)")
        if not np.isfinite(rows).all():
            raise RuntimeError("invalid multinomial distribution (encountering probability entry = infinity or NaN)")
        _check_positive_sums(rows)
        picked = np.empty((rows.shape[0], num_samples), np.int64)
        for i, row in enumerate(rows):
            cumulative = np.cumsum(row, dtype=row.dtype)
            cumulative /= cumulative[-1]
            picked[i] = np.searchsorted(cumulative, gen._unit(num_samples, np.float64), side="left")
    return Tensor._make(picked.astype(np.int64).reshape(p.shape[:-1] + (num_samples,)))


def _check_positive_sums(rows):
    if (rows.sum(axis=-1) <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")


# ---- bernoulli ----------------------------------------------------------------------------------
def bernoulli_(x, p=0.5, *, generator=None):
    """Fill x in place with 1 (probability p) or 0, PyTorch's stream (see `Generator.bernoulli`)."""
    if isinstance(p, Tensor):
        raise NotImplementedError("autograd_edu's bernoulli_ takes a number p; for per-element probabilities "
                                  "use (torch.rand_like(p) < p).float()")
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")
    values = _generator(generator).bernoulli(x._data.shape, p).astype(x._data.dtype)
    return x._inplace(lambda source: Tensor._make(values))

