"""Making tensors: tensor(), zeros(), ones(), arange(), linspace(), rand(), randn(), ...

Random numbers and linspace/arange reproduce PyTorch CPU's values bit for bit after the same
`manual_seed` (see `_random.py`), so a lesson prints the numbers the PyTorch tutorial prints.
"""
import functools

import numpy as np

from . import _random, dtypes
from .device import check_new_tensor_device
from .tensor import Tensor, _numpy_dtype, _to_array


def _size(size):
    """Accept zeros(2, 3), zeros((2, 3)) and zeros([2, 3])."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    if len(size) == 1 and isinstance(size[0], Tensor):
        raise TypeError("size must be a tuple of ints, but got a Tensor (pass x.shape, or x.tolist() for its values)")
    for n in size:
        if not isinstance(n, (int, np.integer)):
            raise TypeError(f"size must be a tuple of ints, but got an element of type {type(n).__name__}")
        if n < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {n}: {list(size)}")
    return tuple(int(n) for n in size)


def _shape(name, positional, size):
    """The shape asked for, positionally (`zeros(2, 3)`, `zeros((2, 3))`) or by keyword
    (`zeros(size=(2, 3))`), with PyTorch's TypeErrors for both or neither."""
    if size is None:
        if not positional:
            raise TypeError(f'{name}() missing 1 required positional arguments: "size"')
        return _size(positional)
    if positional:
        raise TypeError(f"{name}() got multiple values for argument 'size'")
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"{name}(): argument 'size' must be tuple of ints, not {type(size).__name__}")
    return _size((size,))


def _finish(array, requires_grad, device=None):
    check_new_tensor_device(device)
    t = Tensor._make(array)
    return t.requires_grad_(True, _construct=True) if requires_grad else t


def _dtype_name(dtype):
    return (dtype or dtypes.DEFAULT_FLOAT).name


def tensor(data, dtype=None, device=None, requires_grad=False):
    """A new tensor holding a copy of `data` (a number, nested lists, a NumPy array or a tensor)."""
    return _finish(_to_array(data, dtype), requires_grad, device)


def as_tensor(data, dtype=None, device=None):
    """Like tensor(), but shares memory with a NumPy array or tensor when no conversion is needed."""
    if isinstance(data, Tensor) and (dtype is None or dtype is data.dtype):
        return data
    if isinstance(data, np.ndarray) and (dtype is None or _numpy_dtype(dtype) == data.dtype):
        return from_numpy(data)
    return _finish(_to_array(data, dtype), False, device)


def from_numpy(array):
    """A tensor sharing memory with a NumPy array (changing one changes the other)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    dtypes.from_numpy_dtype(array.dtype)
    return Tensor._make(array)


def _filled(name, value, shape, size, dtype, device, requires_grad):
    shape = _shape(name, shape, size)
    return _finish(np.full(shape, value, dtype=_numpy_dtype(dtype or dtypes.DEFAULT_FLOAT)), requires_grad, device)


def zeros(*shape, size=None, dtype=None, device=None, requires_grad=False):
    return _filled("zeros", 0, shape, size, dtype, device, requires_grad)


def ones(*shape, size=None, dtype=None, device=None, requires_grad=False):
    return _filled("ones", 1, shape, size, dtype, device, requires_grad)


def empty(*shape, size=None, dtype=None, device=None, requires_grad=False):
    """A new tensor whose values are not to be relied on (here: zeros)."""
    return _filled("empty", 0, shape, size, dtype, device, requires_grad)


def full(size, fill_value, dtype=None, device=None, requires_grad=False):
    dtype = dtype or dtypes.scalar_dtype(fill_value)
    return _finish(np.full(_size((size,)), fill_value, dtype=_numpy_dtype(dtype)), requires_grad, device)


def eye(n, m=None, dtype=None, device=None, requires_grad=False):
    array = np.eye(n, n if m is None else m, dtype=_numpy_dtype(dtype or dtypes.DEFAULT_FLOAT))
    return _finish(array, requires_grad, device)


def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False):
    array = _random.arange(start, end, step, None if dtype is None else dtype.name)
    if dtype is not None:
        array = array.astype(dtype.numpy)
    return _finish(array, requires_grad, device)


def linspace(start, end, steps, dtype=None, device=None, requires_grad=False):
    return _finish(_linspace(float(start), float(end), steps, _dtype_name(dtype)).copy(), requires_grad, device)


@functools.lru_cache(maxsize=64)
def _linspace(start, end, steps, dtype_name):
    """PyTorch's exact linspace is slow to emulate in NumPy (a fused multiply-add per element);
    a lesson or loop asks for the same one again and again, so remember recent ones."""
    return _random.linspace(start, end, steps, dtype_name)


def manual_seed(seed):
    """Seed the random numbers: afterwards rand/randn/randint/... give PyTorch's values."""
    return _random.manual_seed(seed)


def initial_seed():
    return _random.initial_seed()


def _generator(generator):
    return generator if generator is not None else _random.default_generator


def rand(*shape, size=None, generator=None, dtype=None, device=None, requires_grad=False):
    """Uniform on [0, 1)."""
    return _finish(_generator(generator).rand(_shape("rand", shape, size), _dtype_name(dtype)), requires_grad, device)


def randn(*shape, size=None, generator=None, dtype=None, device=None, requires_grad=False):
    """Standard normal."""
    return _finish(_generator(generator).randn(_shape("randn", shape, size), _dtype_name(dtype)), requires_grad, device)


def randint(low=0, high=None, size=None, *, generator=None, dtype=None, device=None, requires_grad=False):
    """Integers in [low, high); `randint(high, size)` as in PyTorch."""
    if size is None:
        low, high, size = 0, low, high
    array = _generator(generator).randint(low, high, _size((size,)))
    return _finish(array if dtype is None else array.astype(dtype.numpy), requires_grad, device)


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False):
    array = _generator(generator).randperm(n)
    return _finish(array if dtype is None else array.astype(dtype.numpy), requires_grad, device)


def _like(maker):
    def like(x, dtype=None, device=None, requires_grad=False, **kwargs):
        return maker(size=tuple(x.shape), dtype=dtype or x.dtype, device=device, requires_grad=requires_grad, **kwargs)
    like.__name__ = maker.__name__ + "_like"
    like.__doc__ = f"{maker.__name__} with the shape (and dtype) of another tensor."
    return like


zeros_like, ones_like, empty_like, rand_like, randn_like = (
    _like(zeros), _like(ones), _like(empty), _like(rand), _like(randn))


def full_like(x, fill_value, dtype=None, device=None, requires_grad=False):
    return full(x.shape, fill_value, dtype=dtype or x.dtype, requires_grad=requires_grad)


def uniform_(x, a=0.0, b=1.0, generator=None):
    """Fill x in place with U(a, b) values (PyTorch's stream)."""
    values = _generator(generator).uniform(x._data.shape, a, b, x.dtype.name)
    return x._inplace(lambda source: Tensor._make(values))


def normal_(x, mean=0.0, std=1.0, generator=None):
    """Fill x in place with N(mean, std²) values (PyTorch's stream)."""
    values = _generator(generator).normal(x._data.shape, mean, std, x.dtype.name)
    return x._inplace(lambda source: Tensor._make(values))


Tensor.uniform_ = uniform_
Tensor.normal_ = normal_
