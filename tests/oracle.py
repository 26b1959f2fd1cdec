"""What several test modules share: the reason differential tests skip, address masking, and
the tutorial's seed-002 graph."""
import math
import re

import autograd_edu as torch

TORCH_REASON = "differential tests need torch==2.13.0 (pip install torch==2.13.0)"
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")


def mask_addresses(text):
    """`<MulBackward0 object at 0x7f...>` -> `<MulBackward0 object at 0x…>`."""
    return ADDRESS.sub(" at 0x…>", text)


def seed_002():
    """The tutorial's chain: a = linspace(0, 2 pi, 25) -> sin -> *2 -> +1 -> sum; returns (a, out)."""
    a = torch.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
    b = torch.sin(a)
    c = 2 * b
    d = c + 1
    return a, d.sum()
