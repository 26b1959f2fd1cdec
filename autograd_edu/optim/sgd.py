"""Stochastic gradient descent, with PyTorch's momentum, dampening, Nesterov and weight decay."""
import numpy as np

from ..tensor import Tensor
from .optimizer import Optimizer, require_non_negative


class SGD(Optimizer):
    """One step, for each parameter p with gradient g (exactly PyTorch's order of operations):

        g ← g + weight_decay · p                       (L2 penalty weight_decay/2 · |p|²)
        b ← g at the first step, then momentum · b + (1 - dampening) · g
        g ← g + momentum · b  (nesterov)   or   g ← b
        p ← p - lr · g

    The momentum buffer b is kept in `optimizer.state[p]["momentum_buffer"]`.
    `foreach`, `differentiable` and `fused` are accepted (and shown) for compatibility only.
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False, foreach=None, differentiable=False, fused=None):
        require_non_negative(lr=lr, momentum=momentum, weight_decay=weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay, nesterov=nesterov,
                        maximize=maximize, foreach=foreach, differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)

    def _update(self, param, grad, group, state):
        grad = -grad if group["maximize"] else grad
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * param
        momentum = group["momentum"]
        if momentum != 0:
            if "momentum_buffer" not in state:
                state["momentum_buffer"] = Tensor._make(np.array(grad, copy=True))
            else:
                buffer = state["momentum_buffer"]._data
                buffer *= momentum
                buffer += (1 - group["dampening"]) * grad
            buffer = state["momentum_buffer"]._data
            grad = grad + momentum * buffer if group["nesterov"] else buffer
        param -= group["lr"] * grad
