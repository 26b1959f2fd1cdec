"""The ops behind nn.functional that PyTorch runs as single nodes: addmm (F.linear with a bias)
and the fused losses. Same style as `autograd_edu/ops`: forward on NumPy arrays, backward in
Tensor ops (so create_graph works), node names as PyTorch names them.

Notation: x the input, t the target, n the number of elements (or of counted rows), g = dL/dy.
`reduction` is "none" (one loss per element), "sum", or "mean" (the sum divided by n).
"""
import numpy as np

from ..autograd.function import Function
from ..ops.operands import arrays
from ..tensor import Tensor


def _reduce(losses, reduction, count):
    """Reduce the per-element losses (a NumPy array) as `reduction` asks; `count` divides the mean."""
    if reduction == "none":
        return losses
    total = np.sum(losses, dtype=losses.dtype)
    return total / losses.dtype.type(count) if reduction == "mean" else total


def _scale(reduction, count):
    """d(reduced loss)/d(each element loss): 1/count for the mean (nan if nothing was counted), else 1."""
    if reduction != "mean":
        return 1.0
    return 1.0 / float(count) if count else float("nan")


class Addmm(Function):
    """Y = b + X W  (F.linear passes W = weightᵀ);  dL/db = g (summed over rows by the engine),
    dL/dX = g Wᵀ,  dL/dW = Xᵀ g"""
    node_name = "AddmmBackward0"
    saved_names = ("mat1", "mat2")

    @staticmethod
    def forward(ctx, bias, mat1, mat2):
        ctx.save_for_backward(mat1, mat2)
        return mat1._data @ mat2._data + bias._data

    @staticmethod
    def backward(ctx, g):
        mat1, mat2 = ctx.saved_tensors
        return (g if ctx.needs_input_grad[0] else None,
                g.mm(mat2.t()) if ctx.needs_input_grad[1] else None,
                mat1.t().mm(g) if ctx.needs_input_grad[2] else None)


class MseLoss(Function):
    """l_i = (x_i - t_i)²;  dl_i/dx_i = 2 (x_i - t_i) = -dl_i/dt_i  (times 1/n for the mean)"""
    node_name = "MseLossBackward0"
    saved_names = ("self", "target")

    @staticmethod
    def forward(ctx, x, t, reduction):
        ctx.save_for_backward(x, t)
        ctx.reduction = reduction
        a, b = arrays(x, t)
        diff = a - b
        ctx.count = diff.size
        return _reduce(diff * diff, reduction, diff.size)

    @staticmethod
    def backward(ctx, g):
        x, t = ctx.saved_tensors
        grad = g * (x - t) * (2.0 * _scale(ctx.reduction, ctx.count))
        return (grad if ctx.needs_input_grad[0] else None,
                -grad if ctx.needs_input_grad[1] else None, None)


class BinaryCrossEntropy(Function):
    """l_i = -(t_i log x_i + (1 - t_i) log(1 - x_i)), each log clamped at -100 as PyTorch does;
    dl_i/dx_i = (x_i - t_i) / (x_i (1 - x_i)),  dl_i/dt_i = log(1 - x_i) - log x_i
    (the denominator is kept >= 1e-12, PyTorch's EPSILON)"""
    node_name = "BinaryCrossEntropyBackward0"
    saved_names = ("self", "target")

    @staticmethod
    def forward(ctx, x, t, reduction):
        ctx.save_for_backward(x, t)
        ctx.reduction, ctx.count = reduction, x._data.size
        p, y = arrays(x, t)
        with np.errstate(divide="ignore"):
            log_p, log_q = np.maximum(np.log(p), -100), np.maximum(np.log1p(-p), -100)
        return _reduce(-(y * log_p + (1 - y) * log_q), reduction, p.size)

    @staticmethod
    def backward(ctx, g):
        x, t = ctx.saved_tensors
        g = g * _scale(ctx.reduction, ctx.count)
        grad_x = grad_t = None
        if ctx.needs_input_grad[0]:
            grad_x = g * (x - t) / ((1 - x) * x).clamp(min=1e-12)
        if ctx.needs_input_grad[1]:
            grad_t = g * ((1 - x).log().clamp(min=-100) - x.log().clamp(min=-100))
        return grad_x, grad_t, None


class BinaryCrossEntropyWithLogits(Function):
    """BCE on σ(x), computed stably: l_i = (1 - t_i) x_i - log σ(x_i),
    with log σ(x) = min(x, 0) - log(1 + e^-|x|);  dl_i/dx_i = σ(x_i) - t_i,  dl_i/dt_i = -x_i"""
    node_name = "BinaryCrossEntropyWithLogitsBackward0"
    saved_names = ("self", "target")

    @staticmethod
    def forward(ctx, x, t, reduction):
        ctx.save_for_backward(x, t)
        ctx.reduction, ctx.count = reduction, x._data.size
        z, y = arrays(x, t)
        log_sigmoid = np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))
        return _reduce((1 - y) * z - log_sigmoid, reduction, z.size)

    @staticmethod
    def backward(ctx, g):
        x, t = ctx.saved_tensors
        g = g * _scale(ctx.reduction, ctx.count)
        return (g * (x.sigmoid() - t) if ctx.needs_input_grad[0] else None,
                -g * x if ctx.needs_input_grad[1] else None, None)


class NllLoss(Function):
    """Negative log likelihood of the target class: x holds log-probabilities, one row per
    sample (or one row), t the class indices, w the class weights (1 by default).
    l_i = -w[t_i] x[i, t_i] (0 where t_i == ignore_index); the mean divides by sum_i w[t_i].
    dl/dx[i, c] = -w[t_i] where c == t_i, else 0 (x enters linearly)."""
    node_name = "NllLossBackward0"

    @staticmethod
    def forward(ctx, x, t, weight, reduction, ignore_index):
        # t and weight arrive as NumPy arrays: not differentiable, so no edge (as in PyTorch)
        rows = x._data.reshape(-1, x._data.shape[-1])
        targets = t.reshape(-1).astype(np.int64)
        kept = targets != ignore_index
        picked = np.where(kept, targets, 0)
        w = np.ones(rows.shape[1], rows.dtype) if weight is None else weight.astype(rows.dtype)
        row_weight = np.where(kept, w[picked], 0).astype(rows.dtype)
        # coefficient of each x[i, c] in the per-row losses: -w[t_i] at the target class
        coefficients = np.zeros_like(rows)
        coefficients[np.arange(len(rows)), picked] = -row_weight
        count = row_weight.sum(dtype=rows.dtype)
        ctx.coefficients = coefficients.reshape(x._data.shape)
        ctx.reduction, ctx.count = reduction, count
        losses = -row_weight * rows[np.arange(len(rows)), picked]
        return _reduce(losses.reshape(t.shape), reduction, count)

    @staticmethod
    def backward(ctx, g):
        if ctx.reduction == "none" and g.ndim:
            g = g.unsqueeze(-1)
        grad = g * _scale(ctx.reduction, ctx.count) * Tensor._make(ctx.coefficients)
        return grad, None, None, None, None
