"""Activations beyond relu/sigmoid/tanh (those live with the elementwise ops).
Notation: y is the output, g = dL/dy."""
import numpy as np

from ..autograd.function import Function
from .elementwise import where


class LeakyRelu(Function):
    """y = x for x > 0, slope * x otherwise;  dL/dx = g for x > 0, slope * g otherwise
    (at x = 0 the slope side, as in PyTorch)"""
    node_name = "LeakyReluBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx, x, negative_slope):
        ctx.save_for_backward(x)
        ctx.negative_slope = negative_slope
        data = x._data
        return np.where(data > 0, data, data * data.dtype.type(negative_slope))

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return where(x > 0, g, g * ctx.negative_slope), None


def leaky_relu(input, negative_slope=0.01, inplace=False):
    if inplace:
        return input._inplace(LeakyRelu.apply, negative_slope)
    return LeakyRelu.apply(input, negative_slope)
