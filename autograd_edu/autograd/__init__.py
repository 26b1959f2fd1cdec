"""torch.autograd's public face: Function, backward, grad, grad modes, gradcheck, Variable."""
from .engine import backward, grad
from .function import Function
from . import function
from .grad_mode import (enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad,
                        set_grad_enabled)
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .variable import Variable
from . import functional, profiler

__all__ = ["Function", "GradcheckError", "Variable", "backward", "enable_grad", "grad", "gradcheck",
           "gradgradcheck", "inference_mode", "is_grad_enabled", "is_inference_mode_enabled", "no_grad",
           "set_grad_enabled"]
