"""Function and Node: how one operation records itself in the graph.

Every op is a `Function` with two static methods, as in PyTorch:

    class Sin(Function):
        '''y = sin(x);  dL/dx = dL/dy * cos(x)'''
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return np.sin(x._data)          # built-ins may return a NumPy array
        @staticmethod
        def backward(ctx, grad):
            x, = ctx.saved_tensors
            return grad * x.cos()           # Tensor ops, so create_graph can differentiate it

`Sin.apply(x)` runs `forward` without recording, wraps the result in a Tensor and, when `x`
requires grad, attaches a Node to it: `y.grad_fn`. The node is also the `ctx` that forward
saved into, and it is an instance of a class named after the op (`SinBackward0`; a custom
`MySin` gets `MySinBackward`), so printing it shows what PyTorch shows.
"""
import itertools
import weakref

from . import grad_mode, profiler
from .. import messages

_creation_order = itertools.count()
_FREED = object()  # what a node's saved tensors become after a backward without retain_graph


class Node:
    """One step of the backward pass (a tensor's `grad_fn`), and the `ctx` of its forward."""

    next_functions = ()  # ((node or None, 0), ...), one pair per tensor input
    _saved = ()  # ((tensor, version), ...) packed by Function.apply
    _pre_hooks = None  # hooks registered on the output tensor: hook(grad) -> grad or None
    _retained_output = None  # weakref to the output tensor when it called retain_grad()
    _order = 0  # creation order: the engine runs later nodes first

    def name(self):
        return type(self).__name__

    def __repr__(self):
        return f"<{type(self).__name__} object at {id(self):#x}>"

    def save_for_backward(self, *tensors):
        """Keep tensors (or the array forward returns) for backward; checked on unpack."""
        self._to_save = tensors

    @property
    def saved_tensors(self):
        """The saved tensors, after checking they were not freed or modified in place."""
        if self._saved is _FREED:
            raise RuntimeError(messages.SECOND_BACKWARD)
        return tuple(saved.unpack(self) for saved in self._saved)

    def __getattr__(self, name):
        # PyTorch exposes saved values as `_saved_self`, `_saved_other`, ... (see `saved_names`).
        names = type(self).__dict__.get("saved_names") or getattr(type(self), "saved_names", ())
        if name.startswith("_saved_") and name[7:] in names:
            return self.saved_tensors[names.index(name[7:])]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def _release(self):
        """Free what forward saved (backward without retain_graph): a rerun raises."""
        if self._saved:
            self._saved = _FREED

    def register_prehook(self, hook):
        if self._pre_hooks is None:
            self._pre_hooks = []
        self._pre_hooks.append(hook)
        return RemovableHandle(self._pre_hooks, hook)


class SavedTensor:
    """A tensor saved for backward, with the version it had when saved.

    A node that saves its own output keeps only the array and the version counter (holding
    the output tensor would make a cycle: tensor -> grad_fn -> tensor). Unpacking rebuilds a
    tensor on that array whose grad_fn is the node itself, as PyTorch does.
    """

    __slots__ = ("tensor", "version", "output_array", "output_counter", "output_ref")

    def __init__(self, tensor, version, output=None):
        self.tensor, self.version = tensor, version
        self.output_array = self.output_counter = self.output_ref = None
        if output is not None:
            self.output_array, self.output_counter = output._data, output._version_counter
            self.output_ref = weakref.ref(output)

    def unpack(self, node):
        from ..tensor import Tensor

        if self.output_array is None:
            tensor = self.tensor
            if tensor is None:  # forward saved None (a value its backward will not need)
                return None
            version = tensor._version_counter[0]
        else:
            version = self.output_counter[0]
            tensor = Tensor._make(self.output_array, grad_fn=node, version_counter=self.output_counter)
        if version != self.version:
            # a saved input is named by its current grad_fn; a saved output by the node that made it
            current = self.tensor if self.output_array is None else tensor
            raise RuntimeError(messages.modified_inplace(current, version, self.version))
        return tensor


class Function:
    """Base class of every op, built-in or written by a student (`MyOp.apply(x)`)."""

    node_name = None  # PyTorch's name of the backward node; default "<ClassName>Backward"
    saved_names = ()  # names for `grad_fn._saved_<name>`, in save order
    is_view = False  # the result shares memory (and version counter) with input 0

    @staticmethod
    def forward(ctx, *args):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    @classmethod
    def _node_class(cls):
        node_class = cls.__dict__.get("_node")
        if node_class is None:
            name = cls.__dict__.get("node_name") or f"{cls.__name__}Backward"
            node_class = type(name, (Node,), {"function": cls, "saved_names": cls.saved_names,
                                              "__module__": cls.__module__})
            cls._node = node_class
        return node_class

    @classmethod
    def apply(cls, *args):
        from ..tensor import Tensor

        call = profiler.active and profiler.active.begin(cls.__name__)  # timed inside a profile() block
        ctx = cls._node_class().__new__(cls._node_class())
        record = grad_mode._state["enabled"] and any(isinstance(a, Tensor) and a.requires_grad for a in args)
        previous = grad_mode._state["enabled"]
        grad_mode._state["enabled"] = False
        try:
            result = cls.forward(ctx, *args)
        finally:
            grad_mode._state["enabled"] = previous
        out = Tensor._make(result._data if isinstance(result, Tensor) else result)
        if cls.is_view:
            out._version_counter = args[0]._version_counter
            out._base = args[0]._base if args[0]._base is not None else args[0]
        if record:
            _connect(ctx, out, result, args)
        if call:
            call.end()
        return out


def _connect(ctx, out, returned, args):
    """Record `ctx` as `out.grad_fn`: its edges to the inputs and what forward saved."""
    from ..tensor import Tensor

    ctx._order = next(_creation_order)
    ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
    inputs = [(i, a) for i, a in enumerate(args) if isinstance(a, Tensor)]
    ctx.next_functions = tuple((a._gradient_edge(), 0) for _, a in inputs)
    ctx._input_positions = tuple(i for i, _ in inputs)
    ctx._input_meta = tuple((a._data.shape, a._data.dtype) for _, a in inputs)
    to_save = ctx.__dict__.pop("_to_save", ())
    if to_save:
        ctx._saved = tuple(
            SavedTensor(None, 0) if t is None
            else SavedTensor(None, 0, output=out) if t is returned or t is out
            else SavedTensor(t, t._version_counter[0]) for t in to_save)
    out._grad_fn = ctx


class AccumulateGrad(Node):
    """The node of a leaf tensor: adds the incoming gradient into `variable.grad`."""

    _order = float("inf")  # run as soon as ready, like PyTorch

    def __init__(self, variable):
        self.variable = variable

    def name(self):
        return "torch::autograd::AccumulateGrad"


class RemovableHandle:
    """What `register_hook` returns: `handle.remove()` unregisters the hook."""

    def __init__(self, hooks, hook):
        self._hooks, self._hook = hooks, hook

    def remove(self):
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)
