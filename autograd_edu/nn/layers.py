"""Layers: Linear, the activations, Flatten and the Sequential container."""
import math
from collections import OrderedDict

import numpy as np

from ..tensor import Tensor
from . import functional as F, init
from .module import Module, _indent
from .parameter import Parameter


class Linear(Module):
    """y = x Wᵀ + b, with W of shape (out_features, in_features).

    Initialised as PyTorch does (so `manual_seed(s)` gives PyTorch's weights): W from
    kaiming_uniform_(a=√5), i.e. U(-1/√in, 1/√in), then b from U(-1/√in, 1/√in).
    """

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        numpy_dtype = np.float32 if dtype is None else dtype.numpy
        self.weight = Parameter(_empty((out_features, in_features), numpy_dtype))
        self.bias = Parameter(_empty((out_features,), numpy_dtype)) if bias else None
        self.reset_parameters()

    def reset_parameters(self):
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_features
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


def _empty(shape, dtype):
    return Tensor._make(np.empty(shape, dtype))


class Dropout(Module):
    """During training, zero each value with probability p and scale the rest by 1/(1-p);
    in eval mode (`model.eval()`), pass the input through unchanged (see `F.dropout`)."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class LeakyReLU(Module):
    """x for x > 0, negative_slope * x otherwise: a small gradient even where relu has none."""

    def __init__(self, negative_slope=0.01, inplace=False):
        super().__init__()
        self.negative_slope, self.inplace = negative_slope, inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self):
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class ReLU(Module):
    """max(0, x), elementwise."""

    def forward(self, input):
        return F.relu(input)


class Tanh(Module):
    def forward(self, input):
        return F.tanh(input)


class Sigmoid(Module):
    """1 / (1 + e^-x), elementwise."""

    def forward(self, input):
        return F.sigmoid(input)


class Softmax(Module):
    """e^x_i / Σ_j e^x_j along `dim`."""

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmax(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    def forward(self, input):
        return F.log_softmax(input, self.dim)


class Flatten(Module):
    """Merge dimensions start_dim..end_dim into one (by default: all but the batch dimension)."""

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class _Container(Module):
    """What Sequential and ModuleList share: numbered children, len, iteration, append."""

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __setitem__(self, index, module):
        """`model[2] = nn.Linear(3, 5)` replaces a layer, keeping its name."""
        names = list(self._modules)
        if not -len(names) <= index < len(names):
            raise IndexError(f"index {index} is out of range")
        self.add_module(names[index], module)

    def append(self, module):
        self.add_module(str(len(self)), module)
        return self


class Sequential(_Container):
    """Modules applied one after another: `Sequential(Linear(2, 16), ReLU(), Linear(16, 1))`.

    Also built from an OrderedDict of named modules. Indexing gives a module; a slice gives a
    Sequential that keeps the original names.
    """

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, module in args[0].items():
                self.add_module(name, module)
        else:
            for index, module in enumerate(args):
                self.add_module(str(index), module)

    def __getitem__(self, index):
        items = list(self._modules.items())
        if isinstance(index, slice):
            return type(self)(OrderedDict(items[index]))
        if not -len(items) <= index < len(items):
            raise IndexError(f"index {index} is out of range")
        return items[index][1]

    def forward(self, input):
        for module in self:
            input = module(input)
        return input


class ModuleList(_Container):
    """A list of modules whose parameters the owner registers (a plain list would hide them)."""

    def __init__(self, modules=None):
        super().__init__()
        for module in modules or ():
            self.append(module)

    def __getitem__(self, index):
        modules = list(self._modules.values())
        if isinstance(index, slice):
            return type(self)(modules[index])
        if not -len(modules) <= index < len(modules):
            raise IndexError(f"index {index} is out of range")
        return modules[index]

    def extend(self, modules):
        for module in modules:
            self.append(module)
        return self

    def __repr__(self):
        """Like Module's, but a run of identical modules prints once: `(0-2): 3 x Linear(...)`."""
        runs = []  # [first index, last index, repr]
        for i, module in enumerate(self):
            text = repr(module)
            if runs and runs[-1][2] == text:
                runs[-1][1] = i
            else:
                runs.append([i, i, text])
        if not runs:
            return f"{self._get_name()}()"
        lines = [f"({first}): {_indent(text, 2)}" if first == last else
                 f"({first}-{last}): {last - first + 1} x {_indent(text, 2)}" for first, last, text in runs]
        return f"{self._get_name()}(\n  " + "\n  ".join(lines) + "\n)"
