"""torch.autograd.functional: Jacobians, Hessians and their products with vectors, for a whole
function `func(*inputs)`, each built on `autograd.grad`.

- `vjp(f, x, v)`  = vᵀ J      one backward pass (this is what `y.backward(v)` computes)
- `jvp(f, x, v)`  = J v       the "double backward trick": vᵀJ is linear in v, so J v is the
                              gradient of (uᵀJ)·v with respect to a dummy u
- `jacobian(f, x)`            one vjp per output element, with v running over the unit vectors
- `vhp(f, x, v)`  = vᵀ H      vjp of the gradient function ∇f
- `hvp(f, x, v)`  = H v       jvp of the gradient function ∇f
- `hessian(f, x)`             the jacobian of the gradient function ∇f

Inputs and outputs are a Tensor or a tuple of Tensors, and the results have the matching
structure, as in PyTorch: `jacobian` of a function of (x, y) gives a tuple (dF/dx, dF/dy).
Results are detached unless `create_graph=True`.
"""
from . import engine
from .grad_mode import enable_grad


# ---- arguments and results ---------------------------------------------------------------------
def _as_tuple(value, arg_name, fn_name):
    """(was it a tuple?, the tensors as a tuple), with PyTorch's TypeError for anything else."""
    from ..tensor import Tensor

    is_tuple = isinstance(value, tuple)
    values = value if is_tuple else (value,)
    for i, item in enumerate(values):
        if not isinstance(item, Tensor):
            where = f"value at index {i}" if is_tuple else f"given {arg_name}"
            raise TypeError(f"The {arg_name} given to {fn_name} must be either a Tensor or a tuple of Tensors but "
                            f"the {where} has type {type(item)}.")
    return is_tuple, values


def _unpack(result, is_tuple):
    return result if is_tuple else result[0]


def _prepare_inputs(inputs, create_graph):
    """Fresh tensors that require grad, so func's graph starts at them (and, with create_graph,
    still reaches the caller's inputs)."""
    return tuple(x.view_as(x) if create_graph and x.requires_grad else x.detach().requires_grad_(True)
                 for x in inputs)


def _finish(tensors, create_graph):
    return tuple(t if create_graph else t.detach() for t in tensors)


def _validate_v(v, others, is_tuple):
    if len(v) != len(others):
        raise RuntimeError(f"v is a tuple of invalid length: should be {len(others)} but got {len(v)}."
                           if is_tuple else "The given v should contain a single Tensor.")
    for i, (a, b) in enumerate(zip(v, others)):
        if a.shape != b.shape:
            raise RuntimeError(f"{f'Entry {i} in ' if is_tuple else ''}v has invalid size: should be {b.shape} "
                               f"but got {a.shape}.")


def _grads(outputs, inputs, grad_outputs, create_graph, strict):
    """autograd.grad over the outputs that require grad; a missing gradient becomes zeros
    (or, with strict=True, an error: that output does not depend on that input)."""
    from ..creation import zeros_like

    used = [(o, g) for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    found = [None] * len(inputs)
    if used:
        found = engine.grad([o for o, _ in used], inputs, [g for _, g in used], retain_graph=True,
                            create_graph=create_graph, allow_unused=True)
    if strict and any(g is None for g in found):
        i = next(i for i, g in enumerate(found) if g is None)
        raise RuntimeError(f"The output of the user-provided function is independent of input {i}. This is not "
                           "allowed in strict mode.")
    return tuple(zeros_like(x) if g is None else g for g, x in zip(found, inputs))


def _call(func, inputs, fn_name):
    """(did func return a tuple?, its outputs as a tuple)"""
    return _as_tuple(func(*inputs), "outputs of the user-provided function", fn_name)


def _gradient_function(func, fn_name):
    """x -> ∇f(x) (one tensor per input), differentiable again: what hessian/vhp/hvp differentiate.
    The last value of f is kept in `gradient.output`."""
    def gradient(*inputs):
        is_tuple, outputs = _call(func, inputs, fn_name)
        if is_tuple:
            raise RuntimeError(f"The function given to {fn_name} should return a single Tensor")
        if outputs[0].numel() != 1:
            raise RuntimeError(f"The Tensor returned by the function given to {fn_name} should contain a single "
                               "element")
        gradient.output = outputs[0]
        return _grads(outputs, inputs, (None,), create_graph=True, strict=False)
    return gradient


# ---- products with a vector ---------------------------------------------------------------------
def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), vᵀ J): the gradient of Σ v·func(inputs) with respect to each input."""
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _prepare_inputs(inputs, create_graph)
        is_outputs_tuple, outputs = _call(func, inputs, "vjp")
        if v is None:
            if len(outputs) != 1 or outputs[0].numel() != 1:
                raise RuntimeError("The vector v can only be None if the user-provided function returns a single "
                                   "Tensor with a single element.")
            v = (None,)
        else:
            v = _as_tuple(v, "v", "vjp")[1]
            _validate_v(v, outputs, is_outputs_tuple)
        result = _grads(outputs, inputs, v, create_graph, strict)
    return (_unpack(_finish(outputs, create_graph), is_outputs_tuple),
            _unpack(_finish(result, create_graph), is_inputs_tuple))


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J v) by the double backward trick: g(u) = uᵀJ is linear in u, and J v is
    the gradient of g(u)·v with respect to u (u's value does not matter; zeros are used)."""
    from ..creation import zeros_like

    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _prepare_inputs(inputs, create_graph)
        if v is None:
            if len(inputs) != 1 or inputs[0].numel() != 1:
                raise RuntimeError("The vector v can only be None if the input to the user-provided function is a "
                                   "single Tensor with a single element.")
            v = (None,)
        else:
            v = _as_tuple(v, "v", "jvp")[1]
            _validate_v(v, inputs, is_inputs_tuple)
        is_outputs_tuple, outputs = _call(func, inputs, "jvp")
        dummies = tuple(zeros_like(out, requires_grad=True) for out in outputs)
        vector_jacobian = _grads(outputs, inputs, dummies, create_graph=True, strict=strict)
        result = _grads(vector_jacobian, dummies, v, create_graph, strict)
    return (_unpack(_finish(outputs, create_graph), is_outputs_tuple),
            _unpack(_finish(result, create_graph), is_outputs_tuple))


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(f(inputs), vᵀ H) for a scalar function f: the vjp of its gradient."""
    gradient = _gradient_function(func, "vhp")
    result = vjp(gradient, inputs, v, create_graph, strict)[1]
    return _finish((gradient.output,), create_graph)[0], result


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(f(inputs), H v) for a scalar function f: the jvp of its gradient."""
    gradient = _gradient_function(func, "hvp")
    result = jvp(gradient, inputs, v, create_graph, strict)[1]  # a tuple: gradient returns one
    result = _unpack(result, isinstance(inputs, tuple))
    return _finish((gradient.output,), create_graph)[0], result


# ---- whole matrices -------------------------------------------------------------------------
def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """dfunc/dinputs: for one output and one input, a tensor of shape output.shape + input.shape;
    tuples of these for tuple inputs and/or outputs ([output][input])."""
    from ..creation import zeros
    from ..ops import stack

    if strategy != "reverse-mode":
        raise NotImplementedError("autograd_edu computes Jacobians in reverse mode only (strategy='reverse-mode')")
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _prepare_inputs(inputs, create_graph)
        is_outputs_tuple, outputs = _call(func, inputs, "jacobian")
        blocks = []
        for out in outputs:
            rows = [_grads((out,), inputs, (_unit(out, k),), create_graph, strict) for k in range(out.numel())]
            blocks.append(tuple((stack([row[j] for row in rows]) if rows else zeros(0, dtype=x.dtype))
                                .reshape(*out.shape, *x.shape) for j, x in enumerate(inputs)))
    blocks = tuple(_finish(block, create_graph) for block in blocks)
    return _unpack(tuple(_unpack(block, is_inputs_tuple) for block in blocks), is_outputs_tuple)


def _unit(out, k):
    """The k-th unit vector, shaped like out: selects row k of the Jacobian."""
    from ..creation import zeros_like

    e = zeros_like(out)
    e._data.reshape(-1)[k] = 1
    return e


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"):
    """d²f/dinputs² for a scalar function f: the jacobian of its gradient. For one input of
    shape S, a tensor of shape S + S; for tuple inputs, a tuple of tuples ([i][j] = d²f/dx_i dx_j)."""
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    result = jacobian(_gradient_function(func, "hessian"), inputs, create_graph, strict,
                      strategy=outer_jacobian_strategy)
    if not is_inputs_tuple:
        return result[0][0]
    return result
