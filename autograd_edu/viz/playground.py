"""A gradient-descent playground: sliders for the learning rate and the number of steps, and the
path x_{k+1} = x_k - lr * grad f(x_k) drawn on a 1-D curve or a 2-D contour map.

The arrow at the start shows the gradient itself: it points uphill (the direction in which f
grows fastest), which is why descent steps go the other way.
"""
import io

import ipywidgets as widgets
import numpy as np

from .style import COLORS, finish_axes, new_figure, projector_style

_ESCAPED = 1e6  # |x| beyond this: the descent diverged, stop drawing it


def descend(f, start, lr, steps):
    """The points visited by gradient descent on f from `start` (a number or a pair), as an array
    of shape (visited, dim); the engine computes each gradient. Stops early if it diverges."""
    from .. import autograd, float64, tensor

    x = tensor(np.asarray(start, dtype=np.float64), dtype=float64, requires_grad=True)
    path = [x.detach().numpy().copy()]
    for _ in range(steps):
        (g,) = autograd.grad(f(x), x)
        x = (x.detach() - lr * g).requires_grad_()
        point = x.detach().numpy().copy()
        path.append(point)
        if not np.all(np.isfinite(point)) or np.abs(point).max() > _ESCAPED:
            break
    return np.array(path, dtype=np.float64).reshape(len(path), -1)


def _values(f, points):
    """f at each row of `points` (shape (n, dim))."""
    from .. import float64, tensor, no_grad

    with no_grad():
        return np.array([float(f(tensor(p if p.size > 1 else p[0], dtype=float64))) for p in points])


def plot_descent(f, path, lo, hi, ax=None, lr=None, name="f"):
    """The function (a curve, or contours for 2-D) with the descent `path` on it and, at the start,
    the gradient arrow (uphill) next to the step actually taken (downhill). `name` is the
    function's name in the title, labels and legend."""
    with projector_style():
        fig, ax = new_figure(ax, figsize=(9, 6.5))
        label = f"descent path (lr = {lr:g})" if lr is not None else "descent path"
        if path.shape[1] == 1:
            _plot_1d(f, path, lo, hi, ax, label, name)
        else:
            _plot_2d(f, path, lo, hi, ax, label)
        final = _values(f, path[-1:])[0]
        steps = len(path) - 1
        title = f"{steps} step{'' if steps == 1 else 's'}: {name} = {final:.4g} at the end"
        finish_axes(ax, title, "x" if path.shape[1] == 1 else "x[0]", f"{name}(x)" if path.shape[1] == 1 else "x[1]")
    return fig


def _plot_1d(f, path, lo, hi, ax, label, name):
    xs = np.linspace(lo, hi, 300)
    ax.plot(xs, _values(f, xs[:, None]), color=COLORS["f"], label=f"{name}(x)")
    shown = path[(path[:, 0] >= lo) & (path[:, 0] <= hi)]
    ys = _values(f, shown)
    ax.plot(shown[:, 0], ys, "o-", color=COLORS["grad"], markersize=7, linewidth=1.5, label=label)
    if len(path) > 1:
        from .plots import engine_grad

        (g,) = engine_grad(f, path[:1, 0])[1]
        y0 = _values(f, path[:1])[0]
        ax.annotate("", xy=(path[0, 0] + 0.15 * (hi - lo) * np.sign(g), y0), xytext=(path[0, 0], y0),
                    arrowprops=dict(arrowstyle="-|>", color=COLORS["kink"], lw=3), annotation_clip=False)
        ax.plot([], [], color=COLORS["kink"], lw=3, label="sign of the gradient: uphill")


def _plot_2d(f, path, lo, hi, ax, label):
    lo, hi = np.broadcast_to(lo, 2), np.broadcast_to(hi, 2)
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], 80), np.linspace(lo[1], hi[1], 80))
    z = _values(f, np.stack([g0.ravel(), g1.ravel()], axis=1)).reshape(g0.shape)
    contours = ax.contour(g0, g1, z, levels=15, cmap="viridis")
    ax.clabel(contours, fontsize=10)
    inside = np.all((path >= lo - 1e-12) & (path <= hi + 1e-12), axis=1)
    shown = path[np.cumprod(inside).astype(bool)]
    ax.plot(shown[:, 0], shown[:, 1], "o-", color=COLORS["grad"], markersize=6, linewidth=1.5, label=label)
    if len(path) > 1:
        from .. import autograd, float64, tensor

        x = tensor(path[0], dtype=float64, requires_grad=True)
        (g,) = autograd.grad(f(x), x)
        g = g.numpy()
        length = 0.15 * float(np.max(hi - lo)) / (np.linalg.norm(g) or 1.0)
        ax.annotate("", xy=tuple(path[0] + length * g), xytext=tuple(path[0]),
                    arrowprops=dict(arrowstyle="-|>", color=COLORS["kink"], lw=3), annotation_clip=False)
        ax.plot([], [], color=COLORS["kink"], lw=3, label="gradient at the start: uphill")
    ax.set_aspect("equal", adjustable="box")


class GradientDescentPlayground(widgets.VBox):
    """Sliders for the learning rate and the number of steps; the picture follows them.

    `f` takes a tensor (a 0-d one for 1-D, shape [2] for 2-D) and returns a scalar tensor;
    `start` is a number or a pair; `lo`, `hi` bound the picture (numbers or pairs); `name` names `f`
    in the picture."""

    def __init__(self, f, start, lo, hi, lr=0.1, steps=20, name="f"):
        self.f, self.start, self.lo, self.hi, self.name = f, start, lo, hi, name
        self.lr_slider = widgets.FloatLogSlider(value=lr, base=10, min=-3, max=0.5, step=0.05,
                                                description="learning rate", style={"description_width": "initial"})
        self.steps_slider = widgets.IntSlider(value=steps, min=0, max=100, description="steps")
        # at its own size: a VBox would stretch it to the notebook's width, blurred and taller than the screen
        self.picture = widgets.Image(format="png", layout=widgets.Layout(align_self="flex-start"))
        for slider in (self.lr_slider, self.steps_slider):
            slider.observe(lambda change: self._draw(), names="value")
        super().__init__([widgets.HBox([self.lr_slider, self.steps_slider]), self.picture])
        self._draw()

    def path(self):
        return descend(self.f, self.start, self.lr_slider.value, self.steps_slider.value)

    def _draw(self):
        fig = plot_descent(self.f, self.path(), self.lo, self.hi, lr=self.lr_slider.value, name=self.name)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=80)
        self.picture.value = buffer.getvalue()

    def __repr__(self):
        path = self.path()
        return (f"GradientDescentPlayground: lr = {self.lr_slider.value:g}, {len(path) - 1} steps from "
                f"{path[0].tolist()} to {np.round(path[-1], 4).tolist()} (a widget: move the sliders in JupyterLab)")


