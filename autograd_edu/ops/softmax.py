"""softmax, log_softmax and logsumexp: exponentials normalised along a dimension, computed
stably (the largest value is subtracted before exponentiating)."""
import numpy as np

from ..autograd.function import Function
from .elementwise import exp
from .operands import floating
from .reduce import _spread, normalize_dim, normalize_dims


class Softmax(Function):
    """y_i = e**x_i / sum_j e**x_j along dim;  dL/dx = y * (g - sum(g * y))"""
    node_name = "SoftmaxBackward0"
    saved_names = ("result",)

    @staticmethod
    def forward(ctx, x, dim):
        data = floating(x)
        shifted = np.exp(data - np.max(data, axis=dim, keepdims=True))
        y = shifted / np.sum(shifted, axis=dim, keepdims=True)
        ctx.save_for_backward(y)
        ctx.dim = dim
        return y

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return y * (g - (g * y).sum(dim=ctx.dim, keepdim=True)), None


class LogSoftmax(Function):
    """y = x - logsumexp(x) along dim;  dL/dx = g - softmax(x) * sum(g)"""
    node_name = "LogSoftmaxBackward0"
    saved_names = ("result",)

    @staticmethod
    def forward(ctx, x, dim):
        data = floating(x)
        shifted = data - np.max(data, axis=dim, keepdims=True)
        y = shifted - np.log(np.sum(np.exp(shifted), axis=dim, keepdims=True))
        ctx.save_for_backward(y)
        ctx.dim = dim
        return y

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g - exp(y) * g.sum(dim=ctx.dim, keepdim=True), None


class LogSumExp(Function):
    """y = log(sum(e**x)) along dims;  dL/dx = g * e**(x - y)  (that is, g * softmax(x))"""
    node_name = "LogsumexpBackward0"
    saved_names = ("self", "result")

    @staticmethod
    def forward(ctx, x, dims, keepdim):
        data = floating(x)
        top = np.max(data, axis=dims, keepdims=True)
        top = np.where(np.isfinite(top), top, 0)
        y = np.log(np.sum(np.exp(data - top), axis=dims, keepdims=True)) + top
        y = y if keepdim else np.squeeze(y, axis=dims)
        ctx.save_for_backward(x, y)
        ctx.dims, ctx.keepdim = dims, keepdim
        return y

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        return (_spread(g, x.shape, ctx.dims, ctx.keepdim) * exp(x - _spread(y, x.shape, ctx.dims, ctx.keepdim)),
                None, None)


def softmax(x, dim, dtype=None):
    return Softmax.apply(x if dtype is None else x.to(dtype), normalize_dim(dim, x.ndim))


def log_softmax(x, dim, dtype=None):
    return LogSoftmax.apply(x if dtype is None else x.to(dtype), normalize_dim(dim, x.ndim))


def logsumexp(x, dim, keepdim=False):
    return LogSumExp.apply(x, normalize_dims(dim, x.ndim), keepdim)
