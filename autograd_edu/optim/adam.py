"""Adam and AdamW, step for step as PyTorch computes them (single-tensor, CPU)."""
import numpy as np

from ..tensor import Tensor
from .optimizer import Optimizer, require_non_negative


class Adam(Optimizer):
    """One step t, for each parameter p with gradient g:

        g ← g + weight_decay · p              (Adam: L2 penalty in the gradient)
        p ← p · (1 - lr · weight_decay)       (AdamW, "decoupled": shrink p directly instead)
        m ← m + (1 - β1)(g - m)               (running mean of g, PyTorch's lerp)
        v ← β2 v + (1 - β2) g²                (running mean of g²)
        p ← p - lr/(1 - β1^t) · m / (√v / √(1 - β2^t) + eps)

    The division by 1 - β^t corrects m and v for starting at zero. With amsgrad, v is replaced
    by the largest v seen so far. The state of p holds `step`, `exp_avg` (m), `exp_avg_sq` (v).
    `foreach`, `capturable`, `differentiable` and `fused` are accepted (and shown) only.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None,
                 decoupled_weight_decay=False):
        require_non_negative(lr=lr, eps=eps)
        for i, beta in enumerate(betas):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"Invalid beta parameter at index {i}: {beta}")
        require_non_negative(weight_decay=weight_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, maximize=maximize,
                        foreach=foreach, capturable=capturable, differentiable=differentiable, fused=fused,
                        decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    def _update(self, param, grad, group, state):
        lr, (beta1, beta2), eps, weight_decay = group["lr"], group["betas"], group["eps"], group["weight_decay"]
        grad = -grad if group["maximize"] else grad
        if not state:
            state["step"] = Tensor._make(np.array(0.0, np.float32))
            state["exp_avg"] = Tensor._make(np.zeros_like(param))
            state["exp_avg_sq"] = Tensor._make(np.zeros_like(param))
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = Tensor._make(np.zeros_like(param))
        state["step"]._data += 1
        step = state["step"].item()
        if weight_decay != 0:
            if group["decoupled_weight_decay"]:
                param *= 1 - lr * weight_decay
            else:
                grad = grad + weight_decay * param
        exp_avg, exp_avg_sq = state["exp_avg"]._data, state["exp_avg_sq"]._data
        exp_avg += (1 - beta1) * (grad - exp_avg)
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * (grad * grad)
        if group["amsgrad"]:
            np.maximum(state["max_exp_avg_sq"]._data, exp_avg_sq, out=state["max_exp_avg_sq"]._data)
            exp_avg_sq = state["max_exp_avg_sq"]._data
        step_size = lr / (1 - beta1**step)
        denom = np.sqrt(exp_avg_sq) / (1 - beta2**step) ** 0.5 + eps
        param -= step_size * (exp_avg / denom)


class AdamW(Adam):
    """Adam with decoupled weight decay (p shrinks by lr · weight_decay each step); weight_decay 0.01."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False, foreach=None, capturable=False, differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)
