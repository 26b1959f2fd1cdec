"""The computation graph behind a tensor, as boxes and edges ready to be laid out.

Walks `grad_fn.next_functions` from the tensor (iteratively, so deep chains are fine) and makes:
one box per node (its `grad_fn` name and the shape of what it produced), one box per leaf
(`AccumulateGrad`: the variable's name, shape, value and `.grad`), and one box for each
input that is a constant (its value when it is a number), exactly where `next_functions` shows
`(None, 0)`. Edges point in the
direction data flowed in the forward pass: from an input to the op that used it.
"""
from dataclasses import dataclass, field

from ..autograd.function import AccumulateGrad
from .formatting import shape_text, short_array

@dataclass
class Box:
    key: str
    kind: str  # "op", "leaf", "const" or "more"
    lines: list
    node: object = None  # the autograd Node (None for constants and the "more" box)

@dataclass
class Edge:
    source: str  # key of the input's box
    target: str  # key of the box of the op that used it
    index: int  # position of that input in target's next_functions

@dataclass
class GraphModel:
    boxes: dict = field(default_factory=dict)  # key -> Box, in discovery order
    edges: list = field(default_factory=list)
    key_of: dict = field(default_factory=dict)  # autograd Node -> key
    root: str = None
    total_nodes: int = 0  # nodes in the whole graph (more than shown when collapsed)

    @property
    def collapsed(self):
        return self.total_nodes > sum(b.kind in ("op", "leaf") for b in self.boxes.values())

    def inputs_of(self, key):
        return sorted((e for e in self.edges if e.target == key), key=lambda e: e.index)

def reachable_nodes(root):
    """Every node reachable from `root`, breadth first in `next_functions` order."""
    order, seen, queue = [root], {root}, [root]
    while queue:
        nxt = []
        for node in queue:
            for child, _ in node.next_functions:
                if child is not None and child not in seen:
                    seen.add(child)
                    order.append(child)
                    nxt.append(child)
        queue = nxt
    return order

def node_labels(nodes, names=None):
    """{node: label}: every leaf's name ("a" from `names={"a": a}`, else "leaf 0", "leaf 1", ... in
    `nodes` order), and the name of each named non-leaf tensor on its grad_fn."""
    labels = {}
    for name, tensor in (names or {}).items():
        if tensor.requires_grad:
            labels[tensor._gradient_edge()] = name
    unnamed = (n for n in nodes if isinstance(n, AccumulateGrad) and n not in labels)
    for number, node in enumerate(unnamed):
        labels[node] = f"leaf {number}"
    return labels

def build_model(tensor, names=None, show_values=True, show_grads=True, max_nodes=50, leaf_grads=None):
    """The boxes and edges of the graph that produced `tensor` (at most `max_nodes` nodes are shown;
    the rest collapse into one box that says how many were left out).

    `leaf_grads`: {AccumulateGrad node: array or None} to show instead of the leaves' real `.grad`.
    """
    model = GraphModel()
    if not tensor.requires_grad:
        model.root = "n0"
        model.boxes["n0"] = Box("n0", "const", ["tensor (no graph)", shape_text(tensor.shape),
                                                 *([short_array(tensor._data)] if show_values else [])])
        return model
    root = tensor._gradient_edge()
    nodes = reachable_nodes(root)
    model.total_nodes = len(nodes)
    shown = nodes[:max_nodes]
    label = node_labels(nodes, names)
    shapes = _output_shapes(shown, root, tensor)
    for i, node in enumerate(shown):
        key = f"n{i}"
        model.key_of[node] = key
        if isinstance(node, AccumulateGrad):
            name = label[node]
            grad = leaf_grads[node] if leaf_grads is not None and node in leaf_grads else node.variable._grad
            lines = [f"{name}  {shape_text(node.variable.shape)}",
                     *([f"value {short_array(node.variable._data)}"] if show_values else []),
                     *([f"grad  {short_array(grad)}"] if show_grads else [])]
            model.boxes[key] = Box(key, "leaf", lines, node)
        else:
            title = f"{label[node]} = {node.name()}" if node in label else node.name()
            lines = [title, shapes.get(node, "")]
            if node is root and show_values:
                lines.append(f"value {short_array(tensor._data)}")
            model.boxes[key] = Box(key, "op", lines, node)
    model.root = "n0"
    _connect(model, shown, len(nodes) - len(shown))
    return model

def constant_text(node, k):
    """What input k of `node` was when it is a constant (`next_functions` shows `(None, 0)` there):
    its value when it was a number (`2.`), else its shape."""
    value = (getattr(node, "_constants", None) or {}).get(k)
    if value is not None:
        return short_array(value)
    meta = getattr(node, "_input_meta", None)
    return f"tensor {shape_text(meta[k][0])}" if meta and k < len(meta) else "None"

def _output_shapes(nodes, root, tensor):
    """The shape each node produced: the consumer recorded it in `_input_meta` for that edge."""
    shapes = {root: shape_text(tensor.shape)}
    for node in nodes:
        for k, (child, _) in enumerate(node.next_functions):
            if child is not None and child not in shapes and hasattr(node, "_input_meta"):
                shapes[child] = shape_text(node._input_meta[k][0])
    return shapes

def _connect(model, shown, hidden):
    """Edges from each input box to its op; constants get their own `None` box."""
    more_key = None
    for node in shown:
        target = model.key_of[node]
        for k, (child, _) in enumerate(node.next_functions):
            if child is None:
                source = f"{target}.c{k}"
                model.boxes[source] = Box(source, "const", [constant_text(node, k), "(constant: None)"])
            elif child in model.key_of:
                source = model.key_of[child]
            else:
                if more_key is None:
                    more_key = "more"
                    model.boxes[more_key] = Box(more_key, "more", [f"... {hidden} more nodes",
                                                                   "(collapsed: pass max_nodes=...)"])
                source = more_key
            model.edges.append(Edge(source, target, k))
