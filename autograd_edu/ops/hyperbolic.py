"""Hyperbolic functions (tanh, the one activations use, lives with the other elementwise ops).
Notation: y is the output, g = dL/dy."""
import numpy as np

from ..autograd.function import Function
from .operands import floating


class Sinh(Function):
    """y = sinh(x) = (e^x - e^-x) / 2;  dL/dx = g * cosh(x)"""
    node_name = "SinhBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.sinh(floating(x))

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * cosh(x)


class Cosh(Function):
    """y = cosh(x) = (e^x + e^-x) / 2;  dL/dx = g * sinh(x)"""
    node_name = "CoshBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.cosh(floating(x))

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * sinh(x)


sinh, cosh = Sinh.apply, Cosh.apply
