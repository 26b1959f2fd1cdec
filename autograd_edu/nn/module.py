"""Module: the base class of every layer and model, as in PyTorch.

A Module holds Parameters and other Modules as attributes; assigning one registers it, in
order, so `parameters()`, `state_dict()` and the printed form list them the way PyTorch does:

    class TinyModel(nn.Module):
        def __init__(self):
            super().__init__()
            self.layer1 = nn.Linear(4, 3)     # registered in self._modules
        def forward(self, x):
            return self.layer1(x)

Calling the module (`model(x)`) runs `forward`.
"""
from collections import OrderedDict, namedtuple

import numpy as np

from .. import dtypes
from ..autograd import no_grad
from ..tensor import Tensor
from .parameter import Parameter


def zero_grad(parameters, set_to_none=True):
    """Forget accumulated gradients: `.grad = None` (the default since PyTorch 2.0), or fill
    the existing `.grad` with zeros when `set_to_none=False`."""
    for p in parameters:
        if p._grad is None:
            continue
        if set_to_none:
            p._grad = None
        else:
            if p._grad.grad_fn is not None:  # a grad made under create_graph: cut it from its graph
                p._grad = p._grad.detach()
            p._grad.zero_()


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What `load_state_dict` returns: the keys it could not match."""

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return f"_IncompatibleKeys(missing_keys={self.missing_keys}, unexpected_keys={self.unexpected_keys})"


def _indent(text, spaces):
    """Indent every line but the first (how a child module's repr nests in its parent's)."""
    first, *rest = text.split("\n")
    return "\n".join([first] + [" " * spaces + line for line in rest])


class Module:
    training = True

    def __init__(self):
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_modules", OrderedDict())

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    # ---- registration: attributes that are Parameters or Modules --------------------------
    def __setattr__(self, name, value):
        params, modules = self.__dict__.get("_parameters"), self.__dict__.get("_modules")
        if isinstance(value, (Parameter, Module)) and params is None:
            raise AttributeError(f"cannot assign {'parameters' if isinstance(value, Parameter) else 'module'} "
                                 "before Module.__init__() call")
        if isinstance(value, Parameter):
            self.register_parameter(name, value)
        elif isinstance(value, Module):
            self.add_module(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' object to parameter '{name}' "
                                "(torch.nn.Parameter or None required)")
            params[name] = None
        elif modules is not None and name in modules:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as child module '{name}' "
                                "(torch.nn.Module or None expected)")
            modules[name] = None
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        # Only called when ordinary lookup fails: the registered parameters and submodules.
        for table in ("_parameters", "_modules"):
            entries = self.__dict__.get(table)
            if entries is not None and name in entries:
                return entries[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def register_parameter(self, name, param):
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter '{name}' "
                            "(torch.nn.Parameter or None required)")
        self.__dict__.pop(name, None)
        self._modules.pop(name, None)
        self._parameters[name] = param

    def add_module(self, name, module):
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        self.__dict__.pop(name, None)
        self._parameters.pop(name, None)
        self._modules[name] = module

    # ---- walking the tree ------------------------------------------------------------------
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        """This module and every module inside it, depth first, each once."""
        memo = set() if memo is None else memo
        if remove_duplicate:
            if self in memo:
                return
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is not None:
                yield from module.named_modules(memo, f"{prefix}.{name}" if prefix else name, remove_duplicate)

    def modules(self):
        return (module for _, module in self.named_modules())

    def named_children(self):
        seen = set()
        for name, module in self._modules.items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self):
        return (module for _, module in self.named_children())

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """(name, parameter) pairs: a module's own first, then its children's ("layer1.weight")."""
        seen = set()
        owners = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse else [(prefix, self)]
        for owner_name, owner in owners:
            for name, param in owner._parameters.items():
                if param is None or (remove_duplicate and param in seen):
                    continue
                seen.add(param)
                yield (f"{owner_name}.{name}" if owner_name else name), param

    def parameters(self, recurse=True):
        return (param for _, param in self.named_parameters(recurse=recurse))

    def apply(self, fn):
        """Call fn on every submodule, then on this module (e.g. to re-initialise weights)."""
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # ---- modes and gradients ------------------------------------------------------------------
    def train(self, mode=True):
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self):
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        zero_grad(self.parameters(), set_to_none)

    def to(self, *args, **kwargs):
        """Devices are accepted and ignored (everything is on the CPU); a dtype converts the parameters."""
        dtype = next((a for a in list(args) + [kwargs.get("dtype")] if isinstance(a, dtypes.dtype)), None)
        if dtype is not None:
            for param in self.parameters():
                param._data = param._data.astype(dtype.numpy)
        return self

    def cpu(self):
        return self

    # ---- saving and loading -------------------------------------------------------------------
    def state_dict(self, destination=None, prefix="", keep_vars=False):
        """An OrderedDict name -> tensor, in registration order (detached unless keep_vars)."""
        destination = OrderedDict() if destination is None else destination
        for name, param in self.named_parameters(prefix=prefix.rstrip("."), remove_duplicate=False):
            destination[name] = param if keep_vars else param.detach()
        return destination

    def load_state_dict(self, state_dict, strict=True):
        """Copy values from `state_dict` into the parameters (same names, same shapes)."""
        own = self.state_dict(keep_vars=True)
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors = []
        with no_grad():
            for name, param in own.items():
                if name not in state_dict:
                    continue
                value = state_dict[name]
                value = value._data if isinstance(value, Tensor) else np.asarray(value)
                if value.shape != param._data.shape:
                    errors.append(f"size mismatch for {name}: copying a param with shape {Tensor._make(value).shape} "
                                  f"from checkpoint, the shape in current model is {param.shape}.")
                    continue
                param._data[...] = value
                param._version_counter[0] += 1
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: {}. ".format(", ".join(f'"{k}"' for k in unexpected)))
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: {}. ".format(", ".join(f'"{k}"' for k in missing)))
        if errors:
            raise RuntimeError("Error(s) in loading state_dict for {}:\n\t{}".format(type(self).__name__,
                                                                                     "\n\t".join(errors)))
        return _IncompatibleKeys(missing, unexpected)

    # ---- printing -------------------------------------------------------------------------------
    def extra_repr(self):
        """The text between the parentheses of this module's repr (e.g. Linear's sizes)."""
        return ""

    def _get_name(self):
        return type(self).__name__

    def __repr__(self):
        extra_lines = self.extra_repr().split("\n") if self.extra_repr() else []
        child_lines = [f"({key}): {_indent(repr(module), 2)}" for key, module in self._modules.items()]
        lines = extra_lines + child_lines
        body = ""
        if len(extra_lines) == 1 and not child_lines:
            body = extra_lines[0]
        elif lines:
            body = "\n  " + "\n  ".join(lines) + "\n"
        return f"{self._get_name()}({body})"
