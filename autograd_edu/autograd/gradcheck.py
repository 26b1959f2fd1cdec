"""gradcheck: compare the engine's gradients with central finite differences.

For f: R^n -> R^m the Jacobian J has J[i, j] = d out_j / d in_i (PyTorch's layout: one row per
input element). Numerically, J[i, :] ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), with an error
of order eps**2: in float64 with eps = 1e-6 that is far below the tolerance. Analytically, row
block j is what backward gives for the one-hot output gradient e_j (a vector-Jacobian product).
"""
import warnings

import numpy as np

from .engine import grad


class GradcheckError(RuntimeError):
    """A gradient that does not match finite differences (PyTorch's name for this error)."""


def _as_tuple(x):
    return x if isinstance(x, tuple) else tuple(x) if isinstance(x, list) else (x,)


def _numerical(func, inputs, i, n_out, eps):
    x = inputs[i]
    rows = []
    flat = x._data.reshape(-1)  # a view: perturbing it perturbs x
    # not under no_grad: func may itself need autograd (gradgradcheck differentiates a gradient)
    for k in range(flat.size):
        original = flat[k]
        flat[k] = original + eps
        plus = [o._data.astype(np.float64).ravel() for o in _as_tuple(func(*inputs))]
        flat[k] = original - eps
        minus = [o._data.astype(np.float64).ravel() for o in _as_tuple(func(*inputs))]
        flat[k] = original
        rows.append([(p - m) / (2 * eps) for p, m in zip(plus, minus)])
    return [np.array([row[j] for row in rows]).reshape(flat.size, -1) for j in range(n_out)]


def _analytical(outputs, inputs, i, j):
    from ..tensor import Tensor

    out = outputs[j]
    size = out._data.size
    jac = np.zeros((inputs[i]._data.size, size))
    for k in range(size):
        one_hot = np.zeros(size, dtype=out._data.dtype)
        one_hot[k] = 1
        (g,) = grad(out, inputs[i], Tensor._make(one_hot.reshape(out._data.shape)), retain_graph=True,
                    allow_unused=True)
        if g is not None:
            jac[:, k] = g._data.ravel()
    return jac


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, **_ignored):
    """True if every input's Jacobian from backward matches finite differences, else
    GradcheckError (or False with raise_exception=False)."""
    from ..tensor import Tensor

    inputs = _as_tuple(inputs)
    checked = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    for i in checked:
        if inputs[i].dtype.name != "float64":
            warnings.warn(f"Input #{i} requires gradient and is not a double precision floating point or complex. "
                          "This check will likely fail if all the inputs are not of double precision floating point "
                          "or complex. ", UserWarning, stacklevel=2)
    outputs = _as_tuple(func(*inputs))
    for i in checked:
        numerical = _numerical(func, inputs, i, len(outputs), eps)
        for j, out in enumerate(outputs):
            if not out.requires_grad:
                continue
            analytical = _analytical(outputs, inputs, i, j)
            if not np.allclose(analytical, numerical[j], rtol=rtol, atol=atol):
                if not raise_exception:
                    return False
                raise GradcheckError(f"Jacobian mismatch for output {j} with respect to input {i},\n"
                                     f"numerical:{Tensor._make(numerical[j])}\nanalytical:{Tensor._make(analytical)}\n")
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
                  seed=0, **_ignored):
    """gradcheck of the gradient itself: checks second derivatives (backward with create_graph)."""
    from ..tensor import Tensor

    inputs = _as_tuple(inputs)
    outputs = _as_tuple(func(*inputs))
    if grad_outputs is None:
        rng = np.random.default_rng(seed)
        grad_outputs = tuple(Tensor._make(rng.standard_normal(o._data.shape).astype(o._data.dtype))
                             .requires_grad_() for o in outputs)
    grad_outputs = _as_tuple(grad_outputs)
    differentiable = [x for x in inputs if isinstance(x, Tensor) and x.requires_grad]
    n = len(inputs)

    def first_derivatives(*args):
        outs = _as_tuple(func(*args[:n]))
        grads = grad(outs, [a for a in args[:n] if isinstance(a, Tensor) and a.requires_grad], args[n:],
                     create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    assert differentiable, "gradgradcheck needs at least one input that requires grad"
    return gradcheck(first_derivatives, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
