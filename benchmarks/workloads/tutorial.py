"""tutorial: the seed-002 chain of the PyTorch autograd tutorial, one iteration per call.

    a = linspace(0, 2π, steps=25, requires_grad=True); b = sin(a); c = 2 * b; d = c + 1
    out = d.sum(); out.backward()          # a.grad == 2 cos(a)

Tiny tensors: this is almost pure per-op overhead (creating a leaf, four ops, a backward),
exactly what a student runs cell after cell in the first lesson.
"""
import math

import numpy as np

from ..contenders import load
from ..harness import Case

NAME = "tutorial"
DESCRIPTION = "seed-002 chain: linspace(25) -> sin -> *2 -> +1 -> sum -> backward, per iteration"
UNIT = "iter"
RTOL, ATOL = 1e-5, 1e-6
TARGETS = [
    ("autograd_edu", "torch", 1.5, "autograd_edu <= 1.5x PyTorch"),
    ("autograd_edu", "mygrad", 2 / 3, "autograd_edu well under MyGrad (<= 0.67x)"),
]


def cases(quick):
    return [Case("", {})]


def numpy_floor():
    def run():
        a = np.linspace(0.0, 2.0 * math.pi, 25, dtype=np.float32)
        b = np.sin(a)
        c = 2 * b
        d = c + 1
        d.sum()
        # backward: d(sum)/dd = 1, dd/dc = 1, dc/db = 2, db/da = cos(a)
        grad_d = np.ones_like(d)
        grad_b = 2 * grad_d
        return grad_b * np.cos(a)

    return run


def _torch_like(torch):
    """The same code for autograd_edu and PyTorch (`import autograd_edu as torch`)."""

    def run():
        a = torch.linspace(0.0, 2.0 * math.pi, steps=25, requires_grad=True)
        b = torch.sin(a)
        c = 2 * b
        d = c + 1
        out = d.sum()
        out.backward()
        return a.grad

    return run


def autograd_edu():
    return _torch_like(load("autograd_edu"))


def pytorch():
    return _torch_like(load("torch"))


def mygrad():
    mg = load("mygrad")

    def run():
        a = mg.linspace(0.0, 2.0 * math.pi, 25, dtype=np.float32)
        b = mg.sin(a)
        c = 2 * b
        d = c + 1
        out = d.sum()
        out.backward()
        return a.grad

    return run


CONTENDERS = {"numpy": numpy_floor, "autograd_edu": autograd_edu, "torch": pytorch, "mygrad": mygrad}
