"""Switching graph recording off and on: no_grad, enable_grad, set_grad_enabled, inference_mode.

One flag decides whether ops record a `grad_fn`. Each class below is a context manager and a
decorator (`@no_grad()` and `@no_grad` both work, as in PyTorch).
"""
import functools
import inspect

_state = {"enabled": True}


def is_grad_enabled():
    return _state["enabled"]


class _GradMode:
    """Base: set the flag on enter, restore the previous value on exit."""

    mode = True

    def __new__(cls, func=None):
        self = super().__new__(cls)
        if callable(func) and not isinstance(func, bool):  # used as @no_grad without parentheses
            self.__init__()
            return self(func)
        return self

    def __init__(self, *args):
        self.previous = []

    def __enter__(self):
        self.previous.append(_state["enabled"])
        _state["enabled"] = self.mode

    def __exit__(self, *exc):
        _state["enabled"] = self.previous.pop()
        return False

    def __call__(self, func):
        if inspect.isgeneratorfunction(func):
            raise TypeError(f"{type(self).__name__} does not decorate generator functions")

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with type(self)():
                return func(*args, **kwargs)

        return wrapper


class no_grad(_GradMode):
    """Ops inside record no graph: results have `requires_grad=False` and no `grad_fn`."""

    mode = False


class enable_grad(_GradMode):
    """Turn recording back on inside a `no_grad` block."""

    mode = True


class inference_mode(_GradMode):
    """Like `no_grad` (this engine has no separate inference tensors)."""

    def __init__(self, mode=True):
        super().__init__()
        self.mode = not mode


class set_grad_enabled(_GradMode):
    """`set_grad_enabled(False)` works as a plain call, a context manager and a decorator."""

    def __new__(cls, mode):
        return object.__new__(cls)

    def __init__(self, mode):
        super().__init__()
        self.mode = bool(mode)
        self.previous.append(_state["enabled"])
        _state["enabled"] = self.mode  # a plain call takes effect at once

    def __enter__(self):
        pass  # already set by __init__

    def __repr__(self):
        return f"torch.autograd.grad_mode.set_grad_enabled(mode={self.mode})"

    def __call__(self, func):
        _state["enabled"] = self.previous.pop()  # as a decorator, it must not change the mode now
        mode = self.mode

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return func(*args, **kwargs)

        return wrapper
