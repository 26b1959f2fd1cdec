"""What the backward pass does, step by step, recorded from the engine's own `steps()` generator.

`BackwardTrace(output)` runs `autograd.engine.steps` once, with `accumulate=set()` (no leaf's
`.grad` is written) and `retain_graph=True` (the graph stays usable), and keeps a copy of what
each node received and sent. The order is therefore the engine's real order, and a node reached
by two paths shows both gradients that were summed into it.
"""
from dataclasses import dataclass

import numpy as np

from ..autograd import engine
from ..autograd.function import AccumulateGrad
from .formatting import derivative_rule, shape_text, short_array
from .graph_model import constant_text, node_labels, reachable_nodes

SEED = "seed"  # the source of the gradient the output starts with


@dataclass
class StepRecord:
    index: int
    node: object
    grad_in: object  # array: the gradient that arrived (the sum of `arrived`), or None;
                     # a tuple of them, one per output, for a node with several outputs
    sends: list  # [(input node or None, input position, array or None)], one per next_functions entry
    arrived: list  # [(source node or SEED, array)]: the contributions summed into grad_in


class BackwardTrace:
    """The recorded backward pass of `output` (`gradient` as in `output.backward(gradient)`).

    `inputs`: the leaves whose `.grad` the trace follows (as `backward(inputs=...)`; default: all).
    `names`: {"a": a, ...} to name tensors in the text.
    """

    def __init__(self, output, gradient=None, inputs=None, names=None):
        if not output.requires_grad:
            raise RuntimeError("this tensor does not require grad and has no grad_fn: there is no backward pass "
                               "to step through (create the leaves with requires_grad=True)")
        self.output = output
        nodes = reachable_nodes(output._gradient_edge())
        self.labels = node_labels(nodes, names)
        all_leaves = [n for n in nodes if isinstance(n, AccumulateGrad)]
        if inputs is None:
            self.leaves = all_leaves
        else:
            if any(not t.is_leaf for t in inputs):
                raise ValueError("BackpropStepper(inputs=...) takes leaf tensors (created with requires_grad=True)")
            self.leaves = [t._gradient_edge() for t in inputs]
        self.initial = {leaf: None if leaf.variable._grad is None else leaf.variable._grad._data.copy()
                        for leaf in self.leaves}
        self.records = _record(output, gradient, nodes)

    def __len__(self):
        return len(self.records)

    def name(self, node):
        """A node's label for the text: `AddBackward0`, `AccumulateGrad (a)`, `b = SinBackward0`."""
        if node is SEED:
            return "the seed"
        if node is None:
            return "None (a constant)"
        label = self.labels.get(node)
        if isinstance(node, AccumulateGrad):
            return f"AccumulateGrad ({label})"
        return f"{label} = {node.name()}" if label else node.name()

    def leaf_grads(self, position):
        """{leaf node: array or None}: each followed leaf's `.grad` once `position` steps have run."""
        grads = dict(self.initial)
        for record in self.records[:position]:
            if record.node in grads and record.grad_in is not None:
                old = grads[record.node]
                grads[record.node] = record.grad_in.copy() if old is None else old + record.grad_in
        return grads

    def apply(self):
        """Write the gradients into the leaves' `.grad`, exactly as `backward()` would (the engine's
        own accumulation rule)."""
        from ..tensor import Tensor

        for record in self.records:
            if record.node in self.initial and record.grad_in is not None:
                engine._accumulate(record.node.variable, Tensor._make(record.grad_in.copy()), False)

    def step_text(self, record):
        """The lines describing one step: the rule, what arrived, what was sent or accumulated."""
        lines = [f"step {record.index + 1}  {self.name(record.node)}:  {derivative_rule(record.node)}",
                 f"    grad_out arrives: {arrival_text(record)}"]
        if isinstance(record.node, AccumulateGrad):
            if record.node in self.initial:
                after = self.leaf_grads(record.index + 1)[record.node]
                lines.append(f"    {self.labels[record.node]}.grad = {short_array(after)}")
            else:
                lines.append(f"    {self.labels[record.node]} is not in inputs: its .grad is left alone")
        for child, k, grad in record.sends:
            if child is None:
                lines.append(f"    input {k} is the constant {constant_text(record.node, k)} (None): nothing to send")
            else:
                lines.append(f"    sends to input {k}, {self.name(child)}: {short_array(grad)}")
        return lines

    def text(self, marker=None):
        """The whole trace as text; `marker` = a position (0..len) to point at."""
        lines = [f"Backward pass of {self.name(self.output._gradient_edge())} (shape "
                 f"{shape_text(self.output.shape)}): {len(self)} steps, in the engine's order"]
        for record in self.records:
            step_lines = self.step_text(record)
            if marker == record.index + 1:
                step_lines[0] = "=> " + step_lines[0] + "   <= current step"
            lines.extend(step_lines)
        final = self.leaf_grads(len(self))
        lines.append("After the last step (what backward() gives): " +
                     "; ".join(f"{self.labels[leaf]}.grad = {short_array(g)}" for leaf, g in final.items()))
        return "\n".join(lines)


def arrival_text(record):
    """`[4., 8.] + [4., 8.] = [8., 16.] (summed from 2 paths)`, or just the gradient; for a node
    with several outputs (unbind, a custom Function returning two tensors), one per output."""
    if isinstance(record.grad_in, tuple):
        return "one per output: " + ", ".join(f"output {k}: {short_array(g)}" for k, g in enumerate(record.grad_in))
    if len(record.arrived) < 2:
        seed = " (the seed: the gradient of the output itself)" if record.arrived and record.arrived[0][0] is SEED else ""
        return short_array(record.grad_in) + seed
    parts = " + ".join(short_array(g) for _, g in record.arrived)
    return f"{parts} = {short_array(record.grad_in)} (summed from {len(record.arrived)} paths)"


def _numpy(grad):
    """A gradient as NumPy: an array, or a tuple of arrays for a node with several outputs."""
    if isinstance(grad, (list, tuple)):
        return tuple(_numpy(g) for g in grad)
    return None if grad is None else np.array(grad._data)


def _record(output, gradient, nodes):
    """Run the engine's steps without touching any `.grad`, copying what each node got and sent."""
    retained = [n._retained_output() for n in nodes if n._retained_output is not None]
    kept = [(t, t._grad) for t in retained if t is not None]  # steps() fills retain_grad() tensors
    arrived = {}
    records = []
    try:
        for step in engine.steps([output], [gradient], retain_graph=True, accumulate=set()):
            grad_in = _numpy(step.grad_in)
            came = arrived.pop(step.node, None) or ([(SEED, grad_in)] if grad_in is not None else [])
            grads_out = step.grads_out or [None] * len(step.node.next_functions)
            sends = []
            for k, ((child, _), g) in enumerate(zip(step.node.next_functions, grads_out)):
                g = None if g is None or child is None else np.array(g._data)  # a constant receives nothing
                sends.append((child, k, g))
                if child is not None and g is not None:
                    arrived.setdefault(child, []).append((step.node, g))
            records.append(StepRecord(step.index, step.node, grad_in, sends, came))
    finally:
        for tensor, grad in kept:
            tensor._grad = grad
    return records
