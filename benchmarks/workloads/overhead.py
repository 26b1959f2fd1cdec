"""overhead: a chain of 100 elementwise ops on a 10-element tensor, then backward; time per op.

With 10 elements the arithmetic costs next to nothing, so this measures what an engine adds per
op: making the output tensor, recording the node, and, in backward, scheduling the node and
calling its derivative. The ops cycle through x * c, x + 0.5, sin, tanh (see `_chain.py`).
Reference points (issue): PyTorch ~6 µs per op, MyGrad ~16 µs, the NumPy floor ~1.2 µs.
"""

from . import _chain
from ..harness import Case

NAME = "overhead"
DESCRIPTION = "chain of 100 elementwise ops (x*c, x+0.5, sin, tanh) on 10 elements, then backward; per op"
UNIT = "op"
N_OPS, SIZE = 100, 10
RTOL, ATOL = 1e-4, 1e-6
TARGETS = [
    ("autograd_edu", "torch", 1.5, "autograd_edu <= 1.5x PyTorch per op"),
    ("autograd_edu", "mygrad", 2 / 3, "autograd_edu well under MyGrad (<= 0.67x)"),
]


def cases(quick):
    return [Case("", {"n": N_OPS, "size": SIZE}, per_call=N_OPS)]


CONTENDERS = {
    "numpy": _chain.numpy_floor,
    "autograd_edu": _chain.autograd_edu,
    "torch": _chain.pytorch,
    "mygrad": _chain.mygrad,
}
