"""Parameter: a tensor that a Module owns and an optimizer updates."""
import numpy as np

from ..tensor import Tensor


class Parameter(Tensor):
    """A leaf tensor that requires grad (by default) and that `Module` registers when assigned
    as an attribute: `self.w = Parameter(torch.zeros(3))` puts it into `parameters()`.

    It shares memory with `data`, as in PyTorch. Ops on a Parameter give plain Tensors.
    """

    def __init__(self, data=None, requires_grad=True):
        self._init(np.empty(0, np.float32) if data is None else data._data)
        if requires_grad:
            self.requires_grad_(True, _construct=True)

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__
