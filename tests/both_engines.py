"""Run one snippet under PyTorch and under autograd_edu and compare what a learner would see.

`outcome(fn, lib)` calls `fn(lib)` and records either the printed form of what it returned
(tensors via repr, tuples and lists element by element, other values via repr) or the type and
message of the exception it raised. `assert_same_outcome(fn)` asserts both engines agree: identical text
for results; the same exception type, with PyTorch's message at the start of ours (the engine may
append a hint after PyTorch's sentence, never change it).
"""
import pytest

from oracle import TORCH_REASON, mask_addresses


def outcome(fn, lib):
    try:
        result = fn(lib)
    except Exception as error:  # noqa: BLE001  (the error IS the behaviour under test)
        return ("raises", type(error).__name__, str(error))
    return ("returns", mask_addresses(_text(result)))


def _text(value):
    if isinstance(value, (tuple, list)):
        inner = ", ".join(_text(v) for v in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    return repr(value)


def assert_same_outcome(fn):
    torch = pytest.importorskip("torch", reason=TORCH_REASON)
    import autograd_edu

    expected, got = outcome(fn, torch), outcome(fn, autograd_edu)
    if expected[0] == "raises" and got[0] == "raises":
        assert got[1] == expected[1], f"exception type: torch {expected}, autograd_edu {got}"
        assert got[2].startswith(expected[2]), f"message: torch {expected[2]!r}, autograd_edu {got[2]!r}"
    else:
        assert got == expected
    return expected
