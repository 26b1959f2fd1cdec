"""Data types and PyTorch's type-promotion rules.

PyTorch keeps float32 the default: `tensor([1., 2.])` is float32, and a Python scalar never
upcasts a tensor (`float32_tensor * 2.5` stays float32). NumPy would give float64 in several of
those cases, so the engine decides result types here and casts NumPy's answers to them.
"""
import numpy as np


class dtype:
    """A tensor element type, printed as PyTorch prints it: `torch.float32`."""

    def __init__(self, name, numpy_type, category, legacy_name, cpp_name):
        self.name = name
        self.cpp_name = cpp_name  # the C++ type, as some of PyTorch's messages name it
        self.numpy = np.dtype(numpy_type)
        self.category = category  # 0 bool < 1 integer < 2 floating point
        self.legacy_name = legacy_name  # used by PyTorch's in-place error message
        self.is_floating_point = category == 2
        self.itemsize = self.numpy.itemsize

    def __repr__(self):
        return f"torch.{self.name}"

    def __reduce__(self):  # dtypes are singletons, also after pickling
        return (from_numpy_dtype, (self.numpy,))


bool_ = dtype("bool", np.bool_, 0, "BoolTensor", "bool")
uint8 = dtype("uint8", np.uint8, 1, "ByteTensor", "unsigned char")
int8 = dtype("int8", np.int8, 1, "CharTensor", "signed char")
int16 = dtype("int16", np.int16, 1, "ShortTensor", "short int")
int32 = dtype("int32", np.int32, 1, "IntTensor", "int")
int64 = dtype("int64", np.int64, 1, "LongTensor", "long int")
float16 = dtype("float16", np.float16, 2, "HalfTensor", "c10::Half")
float32 = dtype("float32", np.float32, 2, "FloatTensor", "float")
float64 = dtype("float64", np.float64, 2, "DoubleTensor", "double")

ALL = (bool_, uint8, int8, int16, int32, int64, float16, float32, float64)
_BY_NUMPY = {d.numpy: d for d in ALL}
DEFAULT_FLOAT = float32


def from_numpy_dtype(numpy_dtype):
    """The dtype of a NumPy dtype; an unsupported one is a TypeError that names it."""
    try:
        return _BY_NUMPY[np.dtype(numpy_dtype)]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type {np.dtype(numpy_dtype)}. The only supported types are: "
            "float64, float32, float16, int64, int32, int16, int8, uint8, and bool."
        ) from None


def promote_types(a, b):
    """The dtype both promote to, like `torch.promote_types`: within a category the wider one
    (NumPy's rule); across categories the higher category's dtype as it is, so int64 with
    float32 gives float32 (NumPy would say float64)."""
    if a is b:
        return a
    if a.category != b.category:
        return a if a.category > b.category else b
    return from_numpy_dtype(np.promote_types(a.numpy, b.numpy))


def scalar_dtype(value):
    """The dtype PyTorch gives a bare Python scalar: bool, int64 or the default float."""
    if isinstance(value, (bool, np.bool_)):
        return bool_
    if isinstance(value, (int, np.integer)):
        return int64
    return DEFAULT_FLOAT


def _combine(higher, lower):
    """PyTorch's `combine_categories`: a lower-priority dtype only counts if it is a float
    (or the higher one is bool); otherwise the higher-priority dtype wins as it is."""
    if higher is None:
        return lower
    if lower is None or higher.is_floating_point:
        return higher
    if higher is bool_ or lower.is_floating_point:
        return promote_types(higher, lower)
    return higher


def result_type(*operands):
    """PyTorch's result type for an op over tensors and Python scalars.

    Three priority levels: tensors with dimensions, then 0-d tensors, then Python scalars
    (which count as bool, int64 or the default float32). `float32 tensor * 2.5` is float32,
    `int64 tensor * 2.5` is float32, `float32 tensor + float64 0-d tensor` is float32, and
    `float32 tensor + float64 tensor` is float64.
    """
    dimensioned = zero_dim = scalar = None
    for op in operands:
        if hasattr(op, "dtype") and hasattr(op, "ndim"):
            if op.ndim:
                dimensioned = op.dtype if dimensioned is None else promote_types(dimensioned, op.dtype)
            else:
                zero_dim = op.dtype if zero_dim is None else promote_types(zero_dim, op.dtype)
        else:
            d = scalar_dtype(op)
            scalar = d if scalar is None else promote_types(scalar, d)
    return _combine(dimensioned, _combine(zero_dim, scalar))


def get_default_dtype():
    return DEFAULT_FLOAT
