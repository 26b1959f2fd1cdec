"""`draw_graph(tensor)`: the computation graph behind a tensor, as an inline SVG picture.

Pure Python (no Graphviz): `graph_model` collects the boxes, `layout` places them, `render`
writes SVG or DOT. In JupyterLab the returned object displays itself (`_repr_svg_`).
"""
from . import layout as _layout
from .graph_model import build_model
from .render import to_dot, to_svg


class GraphPicture:
    """A drawn graph: shows inline in Jupyter; `.to_svg()`, `.to_dot()`, `.save(path)`."""

    def __init__(self, model, place=None, states=None, hot_edges=()):
        self.model = model
        self.layout = place or _layout.layout(model)
        self.states, self.hot_edges = states or {}, hot_edges

    def to_svg(self):
        return to_svg(self.model, self.layout, self.states, self.hot_edges)

    def _repr_svg_(self):
        return self.to_svg()

    def to_dot(self):
        return to_dot(self.model)

    def save(self, path):
        """Write the SVG (or DOT, for a path ending in .dot) to `path`."""
        text = self.to_dot() if str(path).endswith(".dot") else self.to_svg()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def __repr__(self):
        shown = sum(b.kind in ("op", "leaf") for b in self.model.boxes.values())
        note = f", collapsed: {self.model.total_nodes - shown} more not shown" if self.model.collapsed else ""
        return f"<graph of {shown} nodes{note}>"


def draw_graph(tensor, show_values=True, show_grads=True, names=None, max_nodes=50):
    """The graph that produced `tensor`: one box per node (grad_fn name and output shape), one per
    leaf (its name from `names={"a": a, ...}` or "leaf 0", shape, value, `.grad`), `None` boxes for
    constant inputs, arrows from inputs to the op that used them. Graphs larger than `max_nodes`
    show the nodes nearest the output and one box saying how many were left out."""
    return GraphPicture(build_model(tensor, names, show_values, show_grads, max_nodes))
