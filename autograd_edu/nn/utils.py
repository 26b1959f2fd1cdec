"""torch.nn.utils: clipping gradients before an optimizer step."""
import math

import numpy as np

from ..autograd import no_grad
from ..ops import norm, stack
from ..tensor import Tensor


def _grads(parameters):
    parameters = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    return [p.grad for p in parameters if p.grad is not None]


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scale all gradients together so that their joint norm is at most max_norm; returns the
    norm before clipping. scale = min(1, max_norm / (norm + 1e-6))."""
    grads = _grads(parameters)
    norm_type = float(norm_type)
    if not grads:
        return Tensor._make(np.array(0.0, np.float32))
    with no_grad():
        norms = [g.norm(norm_type) for g in grads]
        total = _joint_norm(norms, norm_type)
        if error_if_nonfinite and not math.isfinite(total.item()):
            raise RuntimeError(f"The total norm of order {norm_type} for gradients from `parameters` is "
                               "non-finite, so it cannot be clipped. To disable this error and scale the gradients "
                               "by the non-finite norm anyway, set `error_if_nonfinite=False`")
        scale = (max_norm / (total + 1e-6)).clamp(max=1.0)
        for g in grads:
            g.mul_(scale.to(g.dtype))
    return total


def _joint_norm(norms, norm_type):
    """The norm of all gradients together: the norm of their norms."""
    return norm(stack(norms), norm_type)


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient value into [-clip_value, clip_value], in place."""
    with no_grad():
        for g in _grads(parameters):
            g.clamp_(-clip_value, clip_value)
