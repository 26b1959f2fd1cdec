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
import functools
import itertools
import warnings

import numpy as np

from . import grad_mode, profiler
from .. import messages

_creation_order = itertools.count()
_FREED = object()  # what a node's saved tensors become after a backward without retain_graph


class Node:
    """One step of the backward pass (a tensor's `grad_fn`), and the `ctx` of its forward."""

    next_functions = ()  # ((node or None, 0), ...), one pair per tensor input
    saved_names = ()  # the op's names for what it saved (`_saved_self`, ...)
    _saved = ()  # ((tensor, version), ...) packed by Function.apply
    _pre_hooks = None  # hooks registered on the output tensor: hook(grad) -> grad or None
    _retained_output = None  # weakref to the output tensor when it called retain_grad()
    _order = 0  # creation order: the engine runs later nodes first
    _n_outputs = 1  # a Function whose forward returns a tuple has one output per element
    _output_meta = ()  # for several outputs: (shape, dtype) of each, to make zeros for an unused one
    _materialize_grads = True

    def name(self):
        return type(self).__name__

    @property
    def needs_input_grad(self):
        """One bool per argument of forward: does that input need a gradient? (PyTorch's
        `ctx.needs_input_grad`; a backward can skip computing the others.)"""
        needs = self.__dict__.get("_needs_input_grad")
        if needs is None:
            flags = [False] * self._n_args
            for i, (edge, _) in zip(self._input_positions, self.next_functions):
                flags[i] = edge is not None
            needs = self._needs_input_grad = tuple(flags)
        return needs

    def __repr__(self):
        # PyTorch names the node of a Function you write by its Python path; built-in nodes by name alone.
        where = "" if type(self).__module__.startswith("autograd_edu.") else "torch.autograd.function."
        return f"<{where}{type(self).__name__} object at {id(self):#x}>"

    def save_for_backward(self, *tensors):
        """Keep tensors (or the array forward returns) for backward; checked on unpack."""
        self._to_save = tensors

    def mark_non_differentiable(self, *tensors):
        """Outputs of forward that get no gradient (indices, masks): they do not require grad,
        and backward receives zeros for them."""
        self._non_differentiable = tensors

    def set_materialize_grads(self, value):
        """With False, backward receives None (not zeros) for an output that got no gradient."""
        self._materialize_grads = bool(value)

    @property
    def saved_tensors(self):
        """The saved tensors, after checking they were not freed or modified in place."""
        if self._saved is _FREED:
            raise RuntimeError(messages.SECOND_BACKWARD)
        tensors = []
        for saved in self._saved:  # (tensor, version when saved), a SavedOutput, or None
            if type(saved) is tuple:
                tensor, version = saved
                if tensor._version_counter[0] != version:  # named by its current grad_fn
                    raise RuntimeError(messages.modified_inplace(tensor, tensor._version_counter[0], version))
                saved = tensor
            elif saved is not None:
                saved = saved.unpack(self)
            tensors.append(saved)
        return tuple(tensors)

    def __getattr__(self, name):
        # PyTorch exposes saved values as `_saved_self`, `_saved_other`, ... (see `saved_names`).
        names = type(self).saved_names
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


FunctionCtx = Node  # PyTorch's name for the type of `ctx`


class SavedOutput:
    """A node's own output, saved for its backward (exp, sigmoid, tanh, sqrt save their result).

    Holding the output tensor would make a cycle (tensor -> grad_fn -> tensor), so only its
    array and version counter are kept; unpacking rebuilds a tensor on that array whose
    grad_fn is the node itself, as PyTorch does.
    """

    __slots__ = ("array", "version_counter", "output_nr")

    def __init__(self, out):
        self.array, self.version_counter, self.output_nr = out._data, out._version_counter, out._output_nr

    def unpack(self, node):
        tensor = Tensor._make(self.array, grad_fn=node, version_counter=self.version_counter)
        if self.output_nr:
            tensor._output_nr = self.output_nr
        if self.version_counter[0] != 0:  # an output starts at version 0; named by the node that made it
            raise RuntimeError(messages.modified_inplace(tensor, self.version_counter[0], 0))
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

    def __init__(self, *args, **kwargs):
        warnings.warn(f"{type(self)} should not be instantiated. Methods on autograd functions are all static, so "
                      "you should invoke them on the class itself. Instantiating an autograd function will raise an "
                      "error in a future version of PyTorch.", DeprecationWarning, stacklevel=2)

    def __call__(self, *args, **kwargs):
        raise RuntimeError("Legacy autograd function with non-static forward method is deprecated. Please use "
                           "new-style autograd function with static forward method. (Example: "
                           "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function) (call "
                           f"{type(self).__name__}.apply(...), with forward and backward as @staticmethods "
                           "taking ctx first)")

    def __init_subclass__(cls, **kwargs):
        """Give each op its node class, named as PyTorch names it (`SinBackward0`; a custom
        `MySin` gets `MySinBackward`)."""
        super().__init_subclass__(**kwargs)
        name = cls.__dict__.get("node_name") or f"{cls.__name__}Backward"
        cls._node = type(name, (Node,), {"function": cls, "saved_names": cls.saved_names,
                                         "__module__": cls.__module__})

    @classmethod
    def apply(cls, *args):
        call = profiler.active and profiler.active.begin(cls.__name__)  # timed inside a profile() block
        ctx = object.__new__(cls._node)
        state = grad_mode._state
        record = False
        if state["enabled"]:
            for a in args:
                if isinstance(a, Tensor) and (a._requires_grad or a._grad_fn is not None):
                    record = True
                    break
            state["enabled"] = False  # what forward computes is never itself recorded
            try:
                result = cls.forward(ctx, *args)
            finally:
                state["enabled"] = True
        else:
            result = cls.forward(ctx, *args)
        if type(result) is tuple:
            out = _several_outputs(ctx, result, args, record)
        else:
            out = Tensor._make(result._data if isinstance(result, Tensor) else result)
            if cls.is_view:
                out._version_counter = args[0]._version_counter
                out._base = args[0]._base if args[0]._base is not None else args[0]
                out._share_inference(args[0])
            if record:
                _connect(ctx, args, ((0, out, result),))
        if call:
            call.end()
        return out


def _several_outputs(ctx, results, args, record):
    """A forward that returned a tuple: every tensor in it becomes an output of the same node
    (`output_nr` 0, 1, ...); other values come back as they are."""
    outs = tuple(Tensor._make(r._data if isinstance(r, Tensor) else r) if isinstance(r, (Tensor, np.ndarray)) else r
                 for r in results)
    ctx._n_outputs = len(outs)
    ctx._output_meta = tuple((o._data.shape, o._data.dtype) if isinstance(o, Tensor) else None for o in outs)
    if record:
        skipped = {id(t) for t in ctx.__dict__.pop("_non_differentiable", ())}
        _connect(ctx, args, tuple((nr, out, r) for nr, (out, r) in enumerate(zip(outs, results))
                                  if isinstance(out, Tensor) and id(r) not in skipped))
    return outs


def once_differentiable(backward):
    """Decorate a custom backward whose formula is not itself differentiable: it runs without
    recording, so its result has no history even under create_graph."""
    @functools.wraps(backward)
    def wrapper(ctx, *grads):
        with grad_mode.no_grad():
            return backward(ctx, *grads)
    return wrapper


def _connect(ctx, args, outputs):
    """Record `ctx` as the grad_fn of each output: its edges to the inputs and what forward
    saved. `outputs` holds (output_nr, output tensor, what forward returned for it)."""
    ctx._order = next(_creation_order)
    ctx._n_args = len(args)
    edges, positions, meta, constants = [], [], [], {}
    for i, a in enumerate(args):
        if isinstance(a, Tensor):
            edges.append((a._gradient_edge(), a._output_nr))
            positions.append(i)
            meta.append((a._data.shape, a._data.dtype))
            if edges[-1][0] is None and a._data.ndim == 0:  # a number: kept for pictures of the graph
                constants[len(edges) - 1] = a._data.item()
    ctx.next_functions = tuple(edges)
    if constants:
        ctx._constants = constants
    ctx._input_positions = positions
    ctx._input_meta = meta
    for output_nr, out, _ in outputs:
        out._grad_fn = ctx
        if output_nr:
            out._output_nr = output_nr
    to_save = ctx.__dict__.pop("_to_save", None)
    if to_save:
        ctx._saved = tuple([_pack(t, outputs) for t in to_save])


def _pack(t, outputs):
    """What a node keeps of a saved tensor: (tensor, its version now), or the output's record."""
    if t is None:
        return None
    for _, out, returned in outputs:
        if t is returned or t is out:
            return SavedOutput(out)
    if t._inference:
        raise RuntimeError(messages.INFERENCE_SAVED)
    return t, t._version_counter[0]


class AccumulateGrad(Node):
    """The node of a leaf tensor: adds the incoming gradient into `variable.grad`."""

    _order = float("inf")  # run as soon as ready, like PyTorch

    def __init__(self, variable):
        self.variable = variable

    @property
    def _pre_hooks(self):  # the hooks registered on the leaf tensor
        return self.variable._hooks

    def name(self):
        return "torch::autograd::AccumulateGrad"


class RemovableHandle:
    """What `register_hook` returns: `handle.remove()` unregisters the hook."""

    def __init__(self, hooks, hook):
        self._hooks, self._hook = hooks, hook

    def remove(self):
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


from ..tensor import Tensor  # noqa: E402  (last: tensor.py needs the classes above)
