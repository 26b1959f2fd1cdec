"""`BackpropStepper(output)`: step through the backward pass node by node (ipywidgets 8).

Buttons Step, Back, Reset and a slider choose how many steps have run. The view shows the graph
with the node being processed highlighted (nodes already run in green), the gradient arriving at
it (summed from every path that reached it), what it sends to each input with the op's
derivative rule, and the `.grad` accumulated so far in each leaf. The steps are recorded from
the engine itself (`BackwardTrace`), so the order is the real one and the last step gives what
`backward()` gives. No `.grad` is changed unless `apply=True`. Outside a browser, printing the
stepper shows the same steps as text.
"""
from html import escape

import ipywidgets as widgets

from .formatting import derivative_rule, short_array
from .graph import GraphPicture
from .graph_model import build_model, constant_text
from .layout import box_size, layout
from .trace import BackwardTrace, arrival_text


class BackpropStepper(widgets.VBox):
    """Step through `output.backward()`. `inputs`: the leaves to follow (default: all);
    `names={"a": a, ...}` labels tensors; `apply=True` writes the leaves' `.grad` once the last
    step is reached (as `backward()` would); `gradient` as in `output.backward(gradient)`."""

    def __init__(self, output, inputs=None, names=None, apply=False, gradient=None, max_nodes=50):
        self.trace = BackwardTrace(output, gradient, inputs, names)
        self._apply, self._applied = apply, False
        self._output, self._names, self._max_nodes = output, names, max_nodes
        self._layout = self._stable_layout()
        n = len(self.trace)
        self.back_button = widgets.Button(description="Back", icon="step-backward", tooltip="undo one step")
        self.step_button = widgets.Button(description="Step", icon="step-forward", button_style="primary",
                                          tooltip="run the next node of the backward pass")
        self.reset_button = widgets.Button(description="Reset", icon="undo", tooltip="back to before the first step")
        self.slider = widgets.IntSlider(value=0, min=0, max=n, description="steps run",
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="320px"))
        self.graph_view = widgets.HTML(layout=widgets.Layout(overflow="auto", max_width="60%"))
        self.details = widgets.HTML(layout=widgets.Layout(padding="0 0 0 16px", max_width="40%"))
        self.back_button.on_click(lambda _: self.go(self.position - 1))
        self.step_button.on_click(lambda _: self.go(self.position + 1))
        self.reset_button.on_click(lambda _: self.go(0))
        self.slider.observe(lambda change: self._show(), names="value")
        controls = widgets.HBox([self.back_button, self.step_button, self.reset_button, self.slider])
        super().__init__([controls, widgets.HBox([self.graph_view, self.details])])
        self._show()

    @property
    def position(self):
        """How many steps have run (0: none yet; len(trace): the backward pass is done)."""
        return self.slider.value

    def go(self, position):
        """Show the state after `position` steps (clipped to the valid range)."""
        self.slider.value = max(0, min(len(self.trace), position))

    def leaf_grads(self):
        """{leaf tensor name: array or None}: each followed leaf's `.grad` at the current position."""
        grads = self.trace.leaf_grads(self.position)
        return {self.trace.labels[leaf]: g for leaf, g in grads.items()}

    def current_node(self):
        """The node processed by the latest step (None before the first)."""
        return self.trace.records[self.position - 1].node if self.position else None

    def _stable_layout(self):
        """One layout for every position: boxes sized for the widest text they will ever show."""
        models = [self._model(p) for p in range(len(self.trace) + 1)]
        sizes = {key: tuple(max(box_size(m.boxes[key])[i] for m in models) for i in (0, 1)) for key in models[0].boxes}
        return layout(models[0], sizes)

    def _model(self, position):
        grads = self.trace.leaf_grads(position)
        return build_model(self._output, self._names, show_values=False, show_grads=True,
                           max_nodes=self._max_nodes, leaf_grads=grads)

    def _picture(self):
        model = self._model(self.position)
        states, hot = {}, []
        for record in self.trace.records[:self.position]:
            if record.node in model.key_of:
                states[model.key_of[record.node]] = "done"
        current = self.current_node()
        if current in model.key_of:
            key = model.key_of[current]
            states[key] = "current"
            hot = [e for e in model.edges if e.target == key]
        return GraphPicture(model, self._layout, states, hot)

    def _show(self):
        self.graph_view.value = f'<div class="backprop-graph">{self._picture().to_svg()}</div>'
        self.details.value = self._details_html()
        self.back_button.disabled = self.position == 0
        self.step_button.disabled = self.position == len(self.trace)
        if self._apply and not self._applied and self.position == len(self.trace):
            self.trace.apply()
            self._applied = True

    def _details_html(self):
        trace, position = self.trace, self.position
        if position == 0:
            head = (f"<b>Before the first step.</b> Press <b>Step</b>: the engine starts at "
                    f"{escape(trace.name(trace.output._gradient_edge()))} with the gradient of the output "
                    f"with respect to itself.")
        else:
            record = trace.records[position - 1]
            rows = "".join(f"<li>{escape(self._send_text(record.node, child, k, g))}</li>"
                           for child, k, g in record.sends)
            head = (f'<div class="backprop-current" data-node="{escape(record.node.name())}">'
                    f"<b>Step {position} of {len(trace)}: {escape(trace.name(record.node))}</b></div>"
                    f"<div><code>{escape(derivative_rule(record.node))}</code></div>"
                    f'<div class="backprop-grad-in">grad_out arriving: <code>{escape(arrival_text(record))}</code></div>'
                    + (f"<div>sends (the vector-Jacobian product):<ul>{rows}</ul></div>" if rows else ""))
        leaves = "".join(f"<tr><td><code>{escape(name)}.grad</code></td><td><code>{escape(short_array(g))}</code>"
                         f"</td></tr>" for name, g in self.leaf_grads().items())
        done = " (the last step: this is what backward() gives)" if position == len(trace) else ""
        return (f'<div style="font-size:14px; line-height:1.5">{head}'
                f"<div><b>.grad of the leaves so far{done}</b><table>{leaves}</table></div></div>")

    def _send_text(self, node, child, k, grad):
        if child is None:
            return f"input {k}: the constant {constant_text(node, k)}, nothing sent"
        return f"to input {k}, {self.trace.name(child)}: {short_array(grad)}"

    def __repr__(self):
        return (f"BackpropStepper at step {self.position} of {len(self.trace)} (a widget: run it in "
                f"JupyterLab to click through it)\n" + self.trace.text(marker=self.position))

    def _repr_mimebundle_(self, **kwargs):
        # ipywidgets cuts a widget's text/plain to 110 characters; outside a browser the whole
        # trace is what the reader (and a saved notebook) should see
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/plain"] = repr(self)
        return bundle
