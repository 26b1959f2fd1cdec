"""Tensor: a NumPy array plus what autograd needs to know about it.

    _data           the values (a NumPy array; `.data` gives them as a Tensor without history)
    grad            dL/d(this tensor), filled by backward() for leaves
    grad_fn         the Node that made this tensor (None for leaves: tensors you created)
    requires_grad   whether ops on this tensor are recorded
    _version        how many in-place changes it has had; backward checks saved tensors with it

Ops live in `autograd_edu/ops/` (one Function class per op, derivative beside it); the methods
here only call them, and so do Python's operators (`a + b`, `a @ b`, `a[i]`), which
`ops/operators.py` defines and puts on Tensor.
"""
import warnings
import weakref

import numpy as np

from . import dtypes, messages
from ._printing import format_tensor
from .autograd import grad_mode
from .autograd.function import AccumulateGrad, RemovableHandle
from .device import CPU


class Size(tuple):
    """A shape, printed as PyTorch prints it: `torch.Size([2, 3])`."""

    def __repr__(self):
        return f"torch.Size({list(self)})"

    def numel(self):
        return int(np.prod(self, dtype=np.int64))


class Tensor:
    __array_priority__ = 1000  # `ndarray * tensor` defers to Tensor.__rmul__

    def __init__(self, *args, **kwargs):
        """`torch.Tensor(...)`, PyTorch's legacy constructor (use `torch.tensor(data)` instead):
        `Tensor(2, 3)` has shape (2, 3), `Tensor([1, 2])` holds float32 values, `Tensor(t)`
        shares t's memory. See `legacy_types.py`."""
        self._init(legacy_array(dtypes.float32, args, kwargs, share_any_tensor=True))

    @classmethod
    def _from_data(cls, data, dtype=None):
        """A new tensor from a number, nested lists, an array or a tensor (`torch.tensor`'s rules)."""
        return cls._make(_to_array(data, dtype))

    # Defaults for what most tensors never set (an instance attribute is made on first write).
    _grad = None
    _requires_grad = False
    _base = None  # for a view: the tensor whose memory it shares
    _hooks = None
    _accumulator = None  # weak reference to this leaf's AccumulateGrad node
    _retains_grad = False
    _inference = False  # made inside `inference_mode` (see is_inference)
    _output_nr = 0  # which output of its grad_fn this tensor is (a custom Function may have several)

    def _init(self, array, grad_fn=None, version_counter=None):
        self._data = array
        self._grad_fn = grad_fn
        self._version_counter = version_counter if version_counter is not None else [0]
        if grad_mode._state["inference"]:
            self._inference = True

    @classmethod
    def _make(cls, array, grad_fn=None, version_counter=None):
        """Wrap an array without copying or checking it (the ops' fast path)."""
        t = object.__new__(cls)
        t._data = array if type(array) is np.ndarray else np.asarray(array)
        t._grad_fn = grad_fn
        t._version_counter = version_counter if version_counter is not None else [0]
        if grad_mode._state["inference"]:
            t._inference = True
        return t

    # ---- what autograd knows about the tensor -------------------------------------------------
    @property
    def grad_fn(self):
        return self._grad_fn

    @property
    def is_leaf(self):
        return self._grad_fn is None

    @property
    def requires_grad(self):
        return self._requires_grad or self._grad_fn is not None

    @requires_grad.setter
    def requires_grad(self, flag):
        self.requires_grad_(flag)

    def requires_grad_(self, requires_grad=True, _construct=False):
        if self._grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(messages.NON_LEAF_REQUIRES_GRAD)
            return self
        if requires_grad and self._inference and not grad_mode._state["inference"]:
            raise RuntimeError(messages.INFERENCE_REQUIRES_GRAD)
        if requires_grad and not self.dtype.is_floating_point:
            message = messages.INT_REQUIRES_GRAD if _construct else messages.INT_REQUIRES_GRAD_
            raise RuntimeError(f"{message} (this tensor's dtype is {self.dtype}; make it a float tensor, "
                               f"e.g. with .float() or a literal like 1. instead of 1)")
        self._requires_grad = bool(requires_grad)
        return self

    @property
    def grad(self):
        if self._grad_fn is not None and not self._retains_grad:
            warnings.warn(messages.NON_LEAF_GRAD, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None and not isinstance(value, Tensor):
            raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type "
                            f"{type(value).__name__}")
        if value is self:
            raise RuntimeError("can't assign Variable as its own grad")
        if value is not None and value.dtype is not self.dtype:
            raise RuntimeError(f"attempting to assign a gradient with dtype '{value.dtype.cpp_name}' to a tensor with "
                               f"grad_dtype '{_type_word(self.dtype)}'. The gradient must match the tensor's "
                               "grad_dtype (defaults to the tensor's dtype). You can set the tensor's grad_dtype "
                               "attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with "
                               "caution. Diverging the dtypes of a tensor and its gradient may break downstream "
                               "systems that assume they match.")
        if value is not None and value.shape != self.shape:
            raise RuntimeError(f"attempting to assign a gradient of size '{messages.shape_list(value.shape)}' to a "
                               f"tensor of size '{messages.shape_list(self.shape)}'. Please ensure that the "
                               "gradient and the tensor are the same size")
        self._grad = value

    @property
    def retains_grad(self):
        return self._retains_grad

    def retain_grad(self):
        """Keep `.grad` for this non-leaf tensor too (a leaf keeps it anyway)."""
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        self._check_single_output("retain_grad")
        if self._grad_fn is not None and not self._retains_grad:
            self._retains_grad = True
            self._grad_fn._retained_output = weakref.ref(self)

    def register_hook(self, hook):
        """Call `hook(grad)` when the gradient of this tensor is computed; a returned tensor replaces it."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        self._check_single_output("register_hook")
        if self._grad_fn is not None:
            return self._grad_fn.register_prehook(hook)
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(hook)
        return RemovableHandle(self._hooks, hook)

    def _check_single_output(self, what):
        if self._grad_fn is not None and self._grad_fn._n_outputs > 1:
            raise NotImplementedError(f"autograd_edu does not support {what} on an output of a Function with several "
                                      "outputs; use autograd.grad or compute a single-output tensor from it")

    def _gradient_edge(self):
        """Where a gradient for this tensor goes: its grad_fn, its AccumulateGrad, or nowhere."""
        if self._grad_fn is not None:
            return self._grad_fn
        if not self._requires_grad:
            return None
        node = self._accumulator() if self._accumulator is not None else None
        if node is None:  # held weakly: the graph keeps it alive, the leaf does not
            node = AccumulateGrad(self)
            self._accumulator = weakref.ref(node)
        return node

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate d(self)/d(leaf) into each leaf's `.grad` (a vector-Jacobian product with
        `gradient` when self is not a scalar)."""
        from .autograd.engine import backward

        backward(self, gradient, retain_graph, create_graph, inputs)

    @property
    def _version(self):
        if self._inference:
            raise RuntimeError("Inference tensors do not track version counter.")
        return self._version_counter[0]

    def is_inference(self):
        """Was this tensor made inside `inference_mode` (or is it a view of one that was)?"""
        return self._inference

    def _share_inference(self, other):
        """A view or detached copy is an inference tensor exactly when its source is."""
        if self._inference != other._inference:
            self._inference = other._inference
        return self

    @property
    def data(self):
        """The same values as a tensor with no history (and its own version counter)."""
        return Tensor._make(self._data)._share_inference(self)

    @data.setter
    def data(self, value):
        self._data = _to_array(value, None)

    def detach(self):
        """The same values, cut from the graph; shares memory and version counter."""
        return Tensor._make(self._data, version_counter=self._version_counter)._share_inference(self)

    def detach_(self):
        self._grad_fn = None
        self._requires_grad = False
        return self

    # ---- shape, dtype and conversions ---------------------------------------------------------
    @property
    def shape(self):
        return Size(self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[_ops.normalize_dim(dim, self.ndim)]

    @property
    def dtype(self):
        return dtypes.from_numpy_dtype(self._data.dtype)

    @property
    def ndim(self):
        return self._data.ndim

    def dim(self):
        return self._data.ndim

    def numel(self):
        return self._data.size

    nelement = numel

    def element_size(self):
        return self._data.itemsize

    @property
    def device(self):
        return CPU

    def type(self, dtype=None, non_blocking=False, **kwargs):
        """With no argument, the legacy type name ('torch.FloatTensor'); otherwise this tensor
        converted to the dtype named by a dtype, a legacy type or its name."""
        if dtype is None:
            return "torch." + self.dtype.legacy_name
        return self.to(dtype_of_type_argument(dtype))

    def is_floating_point(self):
        return self.dtype.is_floating_point

    def item(self):
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return self._data.reshape(()).item()

    def tolist(self):
        return self._data.tolist()

    def numpy(self):
        if self.requires_grad:
            raise RuntimeError(messages.NUMPY_REQUIRES_GRAD)
        return self._data

    def __array__(self, dtype=None, copy=None):
        return self._data if dtype is None else self._data.astype(dtype)

    def __len__(self):
        if not self._data.ndim:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if not self._data.ndim:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    def _scalar(self, convert):
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        if self.requires_grad:
            warnings.warn(messages.FLOAT_REQUIRES_GRAD_WARNING, UserWarning, stacklevel=3)
        return convert(self._data.reshape(()).item())

    def __float__(self):
        return self._scalar(float)

    def __int__(self):
        return self._scalar(int)

    def __index__(self):
        if self.dtype.is_floating_point:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return self._scalar(int)

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self._data.reshape(()).item())

    __hash__ = object.__hash__

    def __repr__(self):
        grad_fn = self._grad_fn
        return format_tensor(self._data, self.dtype.name,
                             grad_fn_name=type(grad_fn).__name__ if grad_fn is not None else None,
                             requires_grad=self.requires_grad)

    __str__ = __repr__

    def __format__(self, spec):
        if self._data.ndim == 0 and spec:
            return format(self._data.item(), spec)
        return repr(self)

    def __deepcopy__(self, memo):
        if not self.is_leaf:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                               "protocol at the moment.  If you were attempting to deepcopy a module, this may be "
                               "because of a torch.nn.utils.weight_norm usage, see "
                               "https://github.com/pytorch/pytorch/pull/103001")
        copy = type(self)._make(self._data.copy())
        copy._requires_grad = self._requires_grad
        if self._grad is not None:
            copy._grad = Tensor._make(self._grad._data.copy())
        memo[id(self)] = copy
        return copy

    def __reduce_ex__(self, protocol):
        return (_rebuild, (type(self), self._data, self._requires_grad))

    # ---- in-place changes ---------------------------------------------------------------------
    def _check_inplace(self, leaf_message=messages.LEAF_INPLACE):
        """PyTorch's rules: a leaf that requires grad may change in place only under no_grad; an
        inference tensor only inside inference_mode."""
        if self._inference and not grad_mode._state["inference"]:
            raise RuntimeError(messages.INFERENCE_INPLACE)
        if not grad_mode._state["enabled"]:
            return
        if self._grad_fn is None and self._requires_grad:
            raise RuntimeError(leaf_message + " (update it inside `with torch.no_grad():`, or work on a copy: "
                                              "y = x.clone())")
        base = self._base
        if base is not None and base.requires_grad:
            if base.is_leaf:
                raise RuntimeError(messages.LEAF_VIEW_INPLACE)
            raise RuntimeError("autograd_edu does not record in-place changes made through a view of a tensor "
                               f"with history (the view's base was made by {base.grad_fn.name()}); assign into "
                               "the base tensor instead (base[index] = value) or compute a new tensor.")

    def _inplace(self, op, *args, leaf_message=messages.LEAF_INPLACE, **kwargs):
        """Run the out-of-place `op(self, *args)` and write the result into this tensor.

        When the change is recorded, `op` receives a copy of the old value (with this tensor's
        history), because backward may need the value the change overwrites; this tensor's
        grad_fn then becomes the op's node, as in PyTorch (`add_` leaves `AddBackward0`).
        """
        self._check_inplace(leaf_message)
        record = grad_mode._state["enabled"] and (
            self.requires_grad or any(isinstance(a, Tensor) and a.requires_grad for a in args))
        source = self
        if record:
            source = Tensor._make(self._data.copy(), grad_fn=self._grad_fn)
            source._requires_grad = self._requires_grad
        result = op(source, *args, **kwargs)
        if not np.can_cast(result._data.dtype, self._data.dtype, casting="same_kind"):
            raise RuntimeError(f"result type {_type_word(result.dtype)} can't be cast to the desired output type "
                               f"{_type_word(self.dtype)}")
        self._data[...] = result._data
        self._version_counter[0] += 1
        if record:
            self._grad_fn = result._grad_fn
        return self

    def __setitem__(self, index, value):
        self._inplace(_ops.index_put, _ops.normalize_index(index), value, leaf_message=messages.LEAF_VIEW_INPLACE)


def _rebuild(cls, array, requires_grad):
    t = cls._make(array)
    t._requires_grad = requires_grad
    return t


def _type_word(dtype):
    """PyTorch's word for a dtype in casting errors: Float, Double, Long, Bool, ..."""
    return {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
            "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}[dtype.name]


def _to_array(data, dtype):
    """Make the NumPy array behind a new tensor, with PyTorch's dtype rules.

    Python floats give float32, ints give int64, bools give bool; a NumPy array keeps its dtype
    (float64 stays float64). A ragged nested list is PyTorch's ValueError.
    """
    if isinstance(data, Tensor):
        array = data._data.copy()
    elif isinstance(data, np.ndarray):
        array = data.copy()
    elif isinstance(data, np.generic):
        array = np.array(data)
    else:
        _check_rectangular(data)
        array = np.array(data)
        if array.dtype == object or array.dtype.kind not in "fbiu":
            raise TypeError(f"Could not infer dtype of {type(data).__name__}")
        if dtype is None and array.dtype == np.float64:  # with a dtype, cast once (0.3 stays 0.3 in float64)
            array = array.astype(np.float32)
        elif dtype is None and array.dtype.kind in "iu":
            array = array.astype(np.int64)
    if dtype is not None:
        array = array.astype(_numpy_dtype(dtype))
    else:
        dtypes.from_numpy_dtype(array.dtype)  # raises for unsupported types
    return array


def _numpy_dtype(dtype):
    return dtype.numpy if isinstance(dtype, dtypes.dtype) else np.dtype(dtype)


def _check_rectangular(data, depth=0):
    """Raise PyTorch's ValueError for ragged nested lists, e.g. [[1, 2], [3]]."""
    if not isinstance(data, (list, tuple)) or not data:
        return
    first = data[0]
    if isinstance(first, (list, tuple, Tensor)):
        expected = len(first)
        for item in data:
            got = len(item) if isinstance(item, (list, tuple, Tensor)) else None
            if got != expected:
                raise ValueError(f"expected sequence of length {expected} at dim {depth + 1} (got {got})")
            _check_rectangular(item, depth + 1)


from . import ops as _ops  # noqa: E402  (ops need Tensor defined first)
from .legacy_types import dtype_of_type_argument, legacy_array  # noqa: E402
