"""Switching graph recording off and on: no_grad, enable_grad, set_grad_enabled, inference_mode.

Two flags: `enabled` decides whether ops record a `grad_fn`; `inference` marks every tensor made
meanwhile as an inference tensor (see `inference_mode`). Each class below is a context manager
and a decorator (`@no_grad()` and `@no_grad` both work, as in PyTorch).
"""
import functools
import inspect

_state = {"enabled": True, "inference": False}


def is_grad_enabled():
    return _state["enabled"]


def is_inference_mode_enabled():
    return _state["inference"]


class _GradMode:
    """Base: set the flags on enter, restore the previous values on exit."""

    mode = True

    def __new__(cls, func=None):
        self = super().__new__(cls)
        if callable(func) and not isinstance(func, bool):  # used as @no_grad without parentheses
            self.__init__()
            return self(func)
        return self

    def __init__(self, *args):
        self.previous = []

    def _flags(self):
        """The flags this mode sets."""
        return {"enabled": self.mode}

    def __enter__(self):
        self.previous.append(dict(_state))
        _state.update(self._flags())

    def __exit__(self, *exc):
        _state.update(self.previous.pop())
        return False

    def __call__(self, func):
        if inspect.isgeneratorfunction(func):
            raise TypeError(f"{type(self).__name__} does not decorate generator functions")

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self._fresh():
                return func(*args, **kwargs)

        return wrapper

    def _fresh(self):
        return type(self)()


class no_grad(_GradMode):
    """Ops inside record no graph: results have `requires_grad=False` and no `grad_fn`."""

    mode = False


class enable_grad(_GradMode):
    """Turn recording back on inside a `no_grad` block."""

    mode = True


class inference_mode(_GradMode):
    """`no_grad`, plus a promise that what is made inside never enters a graph later.

    Tensors made inside are *inference tensors* (`x.is_inference()` is True): they keep no
    version counter (`x._version` raises), cannot be changed in place outside the block, and an
    op recorded for backward refuses to save them. `inference_mode(False)` turns both off.
    """

    def __init__(self, mode=True):
        super().__init__()
        self.mode = bool(mode)

    def _flags(self):
        return {"enabled": not self.mode, "inference": self.mode}

    def _fresh(self):
        return type(self)(self.mode)

    def clone(self):
        return self._fresh()


class set_grad_enabled(_GradMode):
    """`set_grad_enabled(False)` works as a plain call, a context manager and a decorator."""

    def __new__(cls, mode):
        return object.__new__(cls)

    def __init__(self, mode):
        super().__init__()
        self.mode = bool(mode)
        self.previous.append(dict(_state))
        _state["enabled"] = self.mode  # a plain call takes effect at once

    def __enter__(self):
        pass  # already set by __init__

    def __repr__(self):
        return f"torch.autograd.grad_mode.set_grad_enabled(mode={self.mode})"

    def __call__(self, func):
        _state.update(self.previous.pop())  # as a decorator, it must not change the mode now
        mode = self.mode

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return func(*args, **kwargs)

        return wrapper
