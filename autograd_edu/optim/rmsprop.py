"""RMSprop, step for step as PyTorch computes it (single-tensor, CPU)."""
import numpy as np

from ..tensor import Tensor
from .optimizer import Optimizer, require_non_negative


class RMSprop(Optimizer):
    """One step, for each parameter p with gradient g:

        g ← g + weight_decay · p
        v ← α v + (1 - α) g²                      (running mean of g², `square_avg`)
        d ← √(v - m²) + eps  (centered, with m ← m + (1 - α)(g - m))   or   d ← √v + eps
        b ← momentum · b + g / d,  p ← p - lr · b  (momentum > 0)   or   p ← p - lr · g / d

    Dividing by √v scales each parameter's step by the size of its recent gradients.
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        require_non_negative(lr=lr, eps=eps, momentum=momentum, weight_decay=weight_decay, alpha=alpha)
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered, weight_decay=weight_decay,
                        capturable=capturable, foreach=foreach, maximize=maximize, differentiable=differentiable)
        super().__init__(params, defaults)

    def _update(self, param, grad, group, state):
        alpha, eps, momentum = group["alpha"], group["eps"], group["momentum"]
        grad = -grad if group["maximize"] else grad
        if not state:
            state["step"] = Tensor._make(np.array(0.0, np.float32))
            state["square_avg"] = Tensor._make(np.zeros_like(param))
            if momentum > 0:
                state["momentum_buffer"] = Tensor._make(np.zeros_like(param))
            if group["centered"]:
                state["grad_avg"] = Tensor._make(np.zeros_like(param))
        state["step"]._data += 1
        if group["weight_decay"] != 0:
            grad = grad + group["weight_decay"] * param
        square_avg = state["square_avg"]._data
        square_avg *= alpha
        square_avg += (1 - alpha) * grad * grad
        if group["centered"]:
            grad_avg = state["grad_avg"]._data
            grad_avg += (1 - alpha) * (grad - grad_avg)
            avg = np.sqrt(square_avg - grad_avg * grad_avg) + eps
        else:
            avg = np.sqrt(square_avg) + eps
        if momentum > 0:
            buffer = state["momentum_buffer"]._data
            buffer *= momentum
            buffer += grad / avg
            param -= group["lr"] * buffer
        else:
            param -= group["lr"] * (grad / avg)
