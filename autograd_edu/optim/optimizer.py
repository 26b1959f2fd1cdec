"""Optimizer: the parameter groups, their options, per-parameter state, zero_grad and the repr.

Subclasses write `step()`: read each parameter's `.grad`, update its values in place under
no_grad (an update is not part of the model's graph). Nothing here depends on the algorithm.
"""
from collections import defaultdict

from ..autograd import enable_grad
from ..nn.module import zero_grad
from ..tensor import Tensor

# PyTorch's words for each hyperparameter that must not be negative.
_NAMES = {"lr": "learning rate", "eps": "epsilon value", "momentum": "momentum value",
          "weight_decay": "weight_decay value", "alpha": "alpha value"}


def require_non_negative(**values):
    """The constructors' checks, in the order given: `ValueError: Invalid learning rate: -1`."""
    for name, value in values.items():
        if value < 0.0:
            raise ValueError(f"Invalid {_NAMES[name]}: {value}")


class Optimizer:
    def __init__(self, params, defaults):
        self.defaults = defaults
        self.state = defaultdict(dict)  # parameter -> its buffers (momentum, Adam's averages, ...)
        self.param_groups = []
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, "
                            f"but got torch.{params.dtype.legacy_name}")
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        """Add a group of parameters with its own options (missing options come from the defaults)."""
        params = param_group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        for param in params:
            if not isinstance(param, Tensor):
                raise TypeError(f"optimizer can only optimize Tensors, but one of the params is {type(param).__name__}")
            if not (param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        group = {"params": params, **{k: v for k, v in param_group.items() if k != "params"}}
        for name, default in self.defaults.items():
            group.setdefault(name, default)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none=True):
        """Reset every parameter's `.grad` (to None by default, as in PyTorch 2.x)."""
        zero_grad((p for group in self.param_groups for p in group["params"]), set_to_none)

    def step(self, closure=None):
        """Update the parameters once. `closure`, if given, recomputes and returns the loss."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            for param in group["params"]:
                if param.grad is not None:
                    self._update(param._data, param.grad._data, group, self.state[param])
                    param._version_counter[0] += 1  # an in-place change, as p.add_() would count it
        return loss

    def _update(self, param, grad, group, state):
        """Change `param` (a parameter's NumPy array) in place, given its gradient (an array), its
        group's options and its state (a dict this method may fill)."""
        raise NotImplementedError

    def __repr__(self):
        text = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            for key in sorted(group):
                if key != "params":
                    text += f"    {key}: {group[key]}\n"
        return text + ")"
