"""The backward pass: walk the graph from the outputs to the leaves, applying the chain rule.

1. Count, for every node reachable from the outputs, how many edges lead into it (`dependencies`).
2. Start from the outputs with their gradients (1 for a scalar loss).
3. Run a node only when every path into it has delivered its gradient: that is what makes a
   reused value (`b = a + a; c = b * b`) correct, and it is a topological order. Among ready
   nodes, the most recently created runs first, as in PyTorch.
4. A node turns the gradient of its output into gradients of its inputs (a vector-Jacobian
   product); each is summed back to its input's shape (undoing broadcasting) and added to the
   buffer of the next node. Leaves' `AccumulateGrad` nodes add it into `.grad`.

Everything is a loop over a heap and dictionaries: no recursion, so a 100,000-op chain works.
`steps()` yields each step as it happens; `backward()` and `grad()` consume it, and so does the
BackpropStepper widget, which shows the very same steps.
"""
import heapq
import warnings

import numpy as np

from . import grad_mode, profiler
from .function import AccumulateGrad
from .. import dtypes, messages
from ..ops.shape import copy_with_history
from ..tensor import Tensor


class Step:
    """One node run by the engine: what it received and what it sent along each edge."""

    __slots__ = ("index", "node", "grad_in", "grads_out")

    def __init__(self, index, node, grad_in, grads_out):
        self.index, self.node, self.grad_in, self.grads_out = index, node, grad_in, grads_out


def _root_edges(outputs, grad_outputs, create_graph):
    roots = []
    for i, (out, grad) in enumerate(zip(outputs, grad_outputs)):
        if not out.requires_grad:
            raise RuntimeError(messages.no_grad_fn(i))
        if grad is None:
            if out.numel() != 1:
                raise RuntimeError(messages.SCALAR_OUTPUTS + _scalar_hint(out))
            grad = Tensor._make(np.ones_like(out._data))
        else:
            grad = grad if isinstance(grad, Tensor) else Tensor._from_data(grad)
            if grad.shape != out.shape:
                raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of {grad.shape} and "
                                   f"output[{i}] has a shape of {out.shape}.")
            if grad._data.dtype != out._data.dtype:
                grad = Tensor._make(grad._data.astype(out._data.dtype))
            if not create_graph:
                grad = grad.detach()
        roots.append((out._gradient_edge(), grad))
    return roots


def _scalar_hint(out):
    return (f" (the output has shape {list(out.shape)}; call .sum() or .mean() to get a scalar loss, or pass "
            f"gradient=v with v of shape {list(out.shape)} to compute the vector-Jacobian product)")


def _count_dependencies(roots):
    """How many edges lead into each node reachable from the roots (iterative DFS)."""
    dependencies = {}
    stack = [node for node, _ in roots]
    seen = set(stack)
    while stack:
        for child, _ in stack.pop().next_functions:
            if child is not None:
                dependencies[child] = dependencies.get(child, 0) + 1
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
    return dependencies


def steps(outputs, grad_outputs, retain_graph=False, create_graph=False, accumulate=True, capture=None):
    """Run the backward pass, yielding a `Step` after each node.

    `accumulate`: write leaves' `.grad` (True), or only those of the leaves in this set.
    `capture`: a dict {node: None}; the gradient arriving at each of those nodes is stored into it
    (this is how `autograd.grad` reads gradients without touching `.grad`).
    """
    roots = _root_edges(outputs, grad_outputs, create_graph)
    dependencies = _count_dependencies(roots)
    buffers, ready = {}, []
    for (node, grad), out in zip(roots, outputs):
        _add_to_buffer(buffers, node, out._output_nr, grad)
    for node in buffers:
        if not dependencies.get(node):
            heapq.heappush(ready, (-node._order, id(node), node))
    index = 0
    previous = grad_mode._state["enabled"]
    grad_mode._state["enabled"] = create_graph
    try:
        while ready:
            node = heapq.heappop(ready)[2]
            grad = buffers.pop(node, None)
            grads_out = ()
            if grad is not None:
                if node._n_outputs > 1:
                    grad = _materialize(node, grad)
                elif node._pre_hooks or node._retained_output is not None:
                    grad = _run_pre_hooks(node, grad)
                if capture is not None and node in capture:
                    capture[node] = grad
                if type(node) is AccumulateGrad:
                    if accumulate is True or node.variable in accumulate:
                        _accumulate(node.variable, grad, create_graph)
                else:
                    grads_out = _apply(node, grad)
                    if not retain_graph:
                        node._release()
            for k, (child, output_nr) in enumerate(node.next_functions):
                if child is None:
                    continue
                child_grad = grads_out[k] if grads_out else None
                if child_grad is not None:
                    _add_to_buffer(buffers, child, output_nr, child_grad)
                dependencies[child] -= 1
                if dependencies[child] == 0:
                    heapq.heappush(ready, (-child._order, id(child), child))
            yield Step(index, node, grad, grads_out)
            index += 1
    finally:
        grad_mode._state["enabled"] = previous


def _add_to_buffer(buffers, node, output_nr, grad):
    """Sum the gradients arriving at a node; a node with several outputs keeps one per output."""
    if node._n_outputs == 1:
        buffers[node] = buffers[node] + grad if node in buffers else grad
        return
    grads = buffers.setdefault(node, [None] * node._n_outputs)
    grads[output_nr] = grad if grads[output_nr] is None else grads[output_nr] + grad


def _materialize(node, grads):
    """An output that received no gradient gets zeros (or stays None after
    ctx.set_materialize_grads(False))."""
    if not node._materialize_grads:
        return grads
    return [g if g is not None or meta is None else Tensor._make(np.zeros(*meta))
            for g, meta in zip(grads, node._output_meta)]


def _run_pre_hooks(node, grad):
    """Tensor hooks (a leaf's, or those on the node's output); then retain_grad() keeps the result."""
    if node._pre_hooks:
        for hook in list(node._pre_hooks):
            result = hook(grad)
            if result is not None:
                grad = result
    if node._retained_output is not None:
        tensor = node._retained_output()
        if tensor is not None:
            tensor._grad = grad.detach().clone() if tensor._grad is None else tensor._grad + grad.detach()
    return grad


def _apply(node, grad):
    """Call the op's backward and make each input gradient fit its input (shape, dtype)."""
    call = profiler.active and profiler.active.begin(type(node).__name__)  # timed inside a profile() block
    result = node.function.backward(node, *grad) if node._n_outputs > 1 else node.function.backward(node, grad)
    if call:
        call.end()
    if type(result) is not tuple:
        result = (result,)
    expected = node._n_args
    if len(result) != expected and (len(result) < expected or any(g is not None for g in result[expected:])):
        raise RuntimeError(f"function {node.name()} returned an incorrect number of gradients "
                           f"(expected {expected}, got {len(result)})")
    grads = []
    for i, (shape, dtype), (edge, _) in zip(node._input_positions, node._input_meta, node.next_functions):
        g = result[i] if edge is not None else None  # a constant input: its gradient goes nowhere
        if g is not None:
            if not isinstance(g, Tensor):
                g = Tensor._from_data(g)
            if g._data.shape != shape:
                g = _sum_to_shape(g, shape, node, i)
            if g._data.dtype != dtype:  # the gradient has its input's dtype (f32 + f64 -> f32 grad)
                g = g.to(dtypes.from_numpy_dtype(dtype))
        grads.append(g)
    return grads


def _sum_to_shape(grad, shape, node, index):
    """Undo broadcasting: sum the gradient over the dimensions the forward pass expanded.

    If y = f(x) broadcast x from `shape` to grad.shape, every copy of an element of x
    contributed to y, so dL/dx sums dL/dy over the copies: over the leading dimensions that were
    added, and over the dimensions where x had size 1.
    """
    lead = grad.ndim - len(shape)
    if lead < 0 or any(n != 1 and grad.shape[lead + i] != n for i, n in enumerate(shape)):
        raise RuntimeError(f"Function {node.name()} returned an invalid gradient at index {index} - got "
                           f"{messages.shape_list(grad.shape)} but expected shape compatible with "
                           f"{messages.shape_list(shape)}")
    expanded = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1 and grad.shape[lead + i] != 1)
    if expanded:
        grad = grad.sum(dim=expanded, keepdim=True)
    return grad.reshape(shape) if lead else grad


def _accumulate(leaf, grad, create_graph):
    """dL/dleaf += grad, in place as PyTorch does (out of place, recorded, under create_graph)."""
    if leaf._grad is None:
        leaf._grad = copy_with_history(grad) if create_graph else grad.detach().clone()
    elif create_graph:
        leaf._grad = leaf._grad + grad
    else:
        leaf._grad._data += grad._data


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate d(tensors)/d(leaf) into every leaf's `.grad` (or only those in `inputs`)."""
    tensors = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    grad_tensors = _as_list(grad_tensors, len(tensors))
    if create_graph:
        warnings.warn(messages.CREATE_GRAPH_BACKWARD, UserWarning, stacklevel=3)
    accumulate = True
    if inputs is not None:
        inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
        accumulate = set(inputs)
    retain = create_graph if retain_graph is None else retain_graph
    for _ in steps(tensors, grad_tensors, retain, create_graph, accumulate):
        pass


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True,
         allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of `outputs` with respect to `inputs`, as a tuple; no `.grad` is touched."""
    if not only_inputs:
        warnings.warn("only_inputs argument is deprecated and is ignored now (defaults to True). To accumulate "
                      "gradient for other parts of the graph, please use torch.autograd.backward.",
                      FutureWarning, stacklevel=2)
    if is_grads_batched:
        raise NotImplementedError("autograd_edu's grad does not take is_grads_batched=True (call it once per "
                                  "grad_outputs instead)")
    outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    single = isinstance(inputs, Tensor)
    inputs = [inputs] if single else list(inputs)
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    capture = {t._gradient_edge(): None for t in inputs}
    retain = create_graph if retain_graph is None else retain_graph
    for _ in steps(outputs, _as_list(grad_outputs, len(outputs)), retain, create_graph, accumulate=set(),
                   capture=capture):
        pass
    result = []
    for i, t in enumerate(inputs):
        g = capture[t._gradient_edge()]
        if type(g) is list:  # the input is one output of a node with several
            g = g[t._output_nr]
        if g is None and materialize_grads:
            g = t.detach() * 0
        elif g is None and not allow_unused:
            raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have been used in the graph. "
                               "Set allow_unused=True if this is the desired behavior.")
        result.append(g)
    return tuple(result)


def _as_list(grads, n):
    if grads is None:
        return [None] * n
    if isinstance(grads, Tensor) or not isinstance(grads, (list, tuple)):
        return [grads]
    return list(grads)
