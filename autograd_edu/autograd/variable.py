"""`Variable`: PyTorch's legacy wrapper, today an alias that returns a plain Tensor."""


class _VariableMeta(type):
    def __instancecheck__(cls, obj):
        from ..tensor import Tensor

        return isinstance(obj, Tensor)


class Variable(metaclass=_VariableMeta):
    """Deprecated, as in PyTorch: `Variable(t, requires_grad=True)` gives a Tensor sharing t's
    data. Every Tensor is a Variable (`isinstance(t, Variable)` is True)."""

    def __new__(cls, data, requires_grad=False, volatile=False):
        from ..tensor import Tensor

        tensor = data.detach() if isinstance(data, Tensor) else Tensor._from_data(data)
        return tensor.requires_grad_(requires_grad) if requires_grad else tensor
