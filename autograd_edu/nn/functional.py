"""torch.nn.functional: layers and losses as plain functions (`import autograd_edu.nn.functional as F`).

Each function checks its arguments the way PyTorch does (same exception types and words), then
runs one op: `linear` is addmm (`AddmmBackward0`), the losses are the fused ops of
`loss_ops.py` (`MseLossBackward0`, `NllLossBackward0`, ...) or, where PyTorch composes them,
the same composition (`l1_loss` is `(x - t).abs().mean()`; `cross_entropy` is
`nll_loss(log_softmax(x))`), so the recorded graph is the one PyTorch records.
"""
import warnings

import numpy as np

from .. import _random, ops
from ..ops import relu, sigmoid, tanh  # noqa: F401  (F.relu, F.sigmoid, F.tanh)
from ..ops.activations import leaky_relu  # noqa: F401
from ..tensor import Tensor, _type_word
from .loss_ops import Addmm, BinaryCrossEntropy, BinaryCrossEntropyWithLogits, MseLoss, NllLoss

REDUCTIONS = ("none", "mean", "sum")


# ---- layers -------------------------------------------------------------------------------------
def linear(input, weight, bias=None):
    """y = x Wᵀ + b over the last dimension of x (any leading dimensions are batch dimensions)."""
    if input.ndim == 0 or weight.ndim == 0:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are {input.ndim}D and "
                           f"{weight.ndim}D")
    if input.dtype is not weight.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {_type_word(input.dtype)} and "
                           f"{_type_word(weight.dtype)}")
    rows = input if input.ndim == 2 else input.reshape(-1, input.shape[-1])
    if rows.shape[1] != weight.shape[-1]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows.shape[0]}x{rows.shape[1]} and "
                           f"{weight.shape[-1]}x{weight.shape[0]})")
    out = rows.mm(weight.t()) if bias is None else Addmm.apply(bias, rows, weight.t())
    return out if input.ndim == 2 else out.reshape(*input.shape[:-1], weight.shape[0])


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each value with probability p and scale the survivors by 1/(1-p), so the expected
    output is the input: y = x * m, m_i = Bernoulli(1-p) / (1-p);  dL/dx = dL/dy * m.

    PyTorch records it as that multiplication (`MulBackward0`). The mask is drawn with
    `bernoulli_(1 - p)` from the default generator, so after `manual_seed` it is PyTorch's mask
    (on CPUs where PyTorch uses its portable kernel; see `Generator.bernoulli`). In eval mode, or
    with p = 0, the input itself comes back.
    """
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if p == 0 or not training or input.numel() == 0:
        return input
    if not input.is_floating_point():  # PyTorch fails dividing the integer mask by 1 - p
        raise RuntimeError(f"result type Float can't be cast to the desired output type {_type_word(input.dtype)}")
    numpy_dtype = input._data.dtype
    if p == 1:
        mask = np.zeros((), numpy_dtype)
    else:
        keep = _random.default_generator.bernoulli(input._data.shape, 1.0 - p)
        mask = keep.astype(numpy_dtype) / numpy_dtype.type(1.0 - p)
    mask = Tensor._make(mask)
    return input.mul_(mask) if inplace else input * mask


def one_hot(tensor, num_classes=-1):
    """Class indices -> int64 rows of zeros with a 1 at each index (a new last dimension of size
    num_classes, or 1 + the largest index). Not differentiable: indices have no gradient."""
    if tensor.dtype.name != "int64":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    indices = tensor._data
    if num_classes == -1:
        if indices.size == 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(indices.max()) + 1
    if indices.size and indices.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if indices.size and indices.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    return Tensor._make((indices[..., None] == np.arange(num_classes)).astype(np.int64))


def _softmax_dim(ndim):
    warnings.warn("Implicit dimension choice for softmax has been deprecated. Change the call to include dim=X "
                  "as an argument.", UserWarning, stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, dtype=None):
    """e^x_i / Σ_j e^x_j along `dim`."""
    return ops.softmax(input, _softmax_dim(input.ndim) if dim is None else dim, dtype)


def log_softmax(input, dim=None, dtype=None):
    """x_i - log Σ_j e^x_j along `dim` (computed stably, without forming the softmax)."""
    return ops.log_softmax(input, _softmax_dim(input.ndim) if dim is None else dim, dtype)


# ---- argument checks shared by the losses -------------------------------------------------------
def _check_reduction(reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _warn_if_broadcast(input, target):
    """MSE and L1 broadcast mismatched shapes, as PyTorch does, but warn: it is rarely meant."""
    if target.shape != input.shape:
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
                      "This will likely lead to incorrect results due to broadcasting. Please ensure they have "
                      "the same size.", UserWarning, stacklevel=3)


# ---- regression losses --------------------------------------------------------------------------
def mse_loss(input, target, reduction="mean"):
    """Mean squared error: mean_i (x_i - t_i)²."""
    _check_reduction(reduction)
    _warn_if_broadcast(input, target)
    return MseLoss.apply(input, target, reduction)


def l1_loss(input, target, reduction="mean"):
    """Mean absolute error: mean_i |x_i - t_i| (PyTorch composes it from sub, abs and mean)."""
    _check_reduction(reduction)
    _warn_if_broadcast(input, target)
    losses = (input - target).abs()
    return losses if reduction == "none" else getattr(losses, reduction)()


# ---- binary classification ----------------------------------------------------------------------
def binary_cross_entropy(input, target, reduction="mean"):
    """-mean_i [t_i log x_i + (1 - t_i) log(1 - x_i)] for probabilities x in [0, 1]."""
    _check_reduction(reduction)
    if target.shape != input.shape:
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input size "
                         f"({input.shape}) is deprecated. Please ensure they have the same size.")
    if ((input._data < 0) | (input._data > 1)).any():
        raise RuntimeError("all elements of input should be between 0 and 1")
    return BinaryCrossEntropy.apply(input, target, reduction)


def binary_cross_entropy_with_logits(input, target, reduction="mean"):
    """binary_cross_entropy(sigmoid(x), t), computed in one stable step from the logits x."""
    _check_reduction(reduction)
    if target.shape != input.shape:
        raise ValueError(f"Target size ({target.shape}) must be the same as input size ({input.shape})")
    return BinaryCrossEntropyWithLogits.apply(input, target, reduction)


# ---- multi-class classification -----------------------------------------------------------------
def _check_class_targets(input, target, weight, ignore_index):
    if target.dtype.name not in ("int64", "uint8"):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {_type_word(target.dtype)}")
    if input.ndim not in (1, 2):
        raise NotImplementedError(f"autograd_edu's nll_loss takes input of shape [C] or [N, C], got "
                                  f"{list(input.shape)}; reshape to [N, C] (move the class dimension last)")
    if target.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input.ndim == 2 and target.shape[0] != input.shape[0]:
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
                         f"({target.shape[0]}).")
    classes = input.shape[-1]
    if weight is not None and weight.shape != (classes,):
        raise RuntimeError(f"weight tensor should be defined either for all {classes} classes or no classes but "
                           f"got weight tensor of shape: {list(weight.shape)}")
    values = target._data.reshape(-1)
    bad = (values != ignore_index) & ((values < 0) | (values >= classes))
    if bad.any():
        raise IndexError(f"Target {values[np.argmax(bad)]} is out of bounds.")


def nll_loss(input, target, weight=None, ignore_index=-100, reduction="mean"):
    """-mean_i w[t_i] x[i, t_i] for log-probabilities x and class indices t (mean weighted by w[t_i])."""
    _check_reduction(reduction)
    _check_class_targets(input, target, weight, ignore_index)
    return NllLoss.apply(input, target._data, None if weight is None else weight._data, reduction, ignore_index)


def cross_entropy(input, target, weight=None, ignore_index=-100, reduction="mean"):
    """nll_loss(log_softmax(x, class dim), t): the loss of a classifier that outputs raw scores.

    A float target of x's shape holds class probabilities instead of indices:
    l_i = -Σ_c t[i, c] log_softmax(x)[i, c].
    """
    _check_reduction(reduction)
    class_dim = 0 if input.ndim == 1 else 1
    log_probs = log_softmax(input, class_dim)
    if target.is_floating_point() and target.shape == input.shape:
        weighted = target * log_probs if weight is None else target * weight * log_probs
        if reduction == "none":
            return -weighted.sum(class_dim)
        total = -weighted.sum()
        return total / (input.shape[0] if input.ndim > 1 else 1) if reduction == "mean" else total
    return nll_loss(log_probs, target, weight, ignore_index, reduction)
