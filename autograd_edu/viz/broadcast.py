"""`plot_broadcast_backward`: why a broadcast input's gradient is a sum.

In `out = x + other` a small `x` is copied along the dimensions it lacks (forward: broadcast).
Each copy sends its own gradient back, and `x.grad` must have `x`'s shape, so the copies'
gradients are added up (backward: sum back to the input's shape). The picture puts the two side by
side, with numbers; the gradient comes from the engine's own backward pass.
"""
import numpy as np

from .style import COLORS, PROJECTOR_RC, CourseFigure, projector_style


def broadcast_grad(x, other, grad_out):
    """(out, x.grad) for out = x + other and out.backward(grad_out), from the engine."""
    from .. import float64, tensor

    x = tensor(np.asarray(x, dtype=np.float64), dtype=float64, requires_grad=True)
    out = x + tensor(np.asarray(other, dtype=np.float64), dtype=float64)
    out.backward(tensor(np.asarray(grad_out, dtype=np.float64), dtype=float64))
    return out.detach().numpy(), x.grad.numpy()


def plot_broadcast_backward(x, other, grad_out=None, name="x"):
    """Four tables of numbers: `x`; `x` broadcast to the shape of `x + other` (forward); the gradient
    `grad_out` arriving at the sum (default 1, 2, 3, ... so that the sums can be read); and
    `x.grad`, which the engine sums back to `x`'s shape (backward). `x` and `other` are arrays
    or nested lists of at most two dimensions."""
    x = np.asarray(x, dtype=np.float64)
    shape = np.broadcast_shapes(x.shape, np.shape(other))
    if len(shape) > 2:
        raise ValueError(f"plot_broadcast_backward draws at most 2-D tables; the sum has shape {list(shape)}")
    grad_out = np.arange(1.0, np.prod(shape) + 1).reshape(shape) if grad_out is None else np.asarray(grad_out, float)
    _, grad = broadcast_grad(x, other, grad_out)
    summed = tuple(d for d in range(len(shape)) if len(shape) - d > x.ndim or x.shape[d - len(shape) + x.ndim] == 1)
    how = f"summed over dim {', '.join(map(str, summed))}" if summed else "nothing to sum"
    with projector_style():
        fig = CourseFigure(figsize=(13, 8.5), layout="constrained")
        (x_ax, top_arrow, copy_ax), (grad_ax, bottom_arrow, out_ax) = fig.subplots(
            2, 3, gridspec_kw={"width_ratios": [1, 0.42, 1]})
        _table(x_ax, x, f"{name}: shape {list(x.shape)}", COLORS["f"])
        index = np.indices(shape)
        original = np.all([index[d] == 0 for d in summed], axis=0) if summed else np.ones(shape, bool)
        _table(copy_ax, np.broadcast_to(x, shape), f"forward: {name} copied to shape {list(shape)}", COLORS["f"],
               original=original)
        _table(out_ax, grad_out, f"backward: grad_out, shape {list(shape)}", COLORS["grad"])
        _table(grad_ax, grad, f"{name}.grad = grad_out {how}", COLORS["grad"])
        fig.suptitle(f"Broadcasting in backward: {name} is copied forward, so its gradient is summed back",
                     fontsize=PROJECTOR_RC["axes.titlesize"] + 1)
        dims = ", ".join(map(str, summed)) or "-"
        _arrow(top_arrow, f"broadcast:\ncopy along\ndim {dims}", COLORS["f"], rightwards=True)
        _arrow(bottom_arrow, f"backward:\nsum over\ndim {dims}", COLORS["grad"], rightwards=False)
        handles = [_swatch(COLORS["f"], COLORS["f"], f"{name}'s numbers (forward)"),
                   _swatch("white", COLORS["f"], "copies made by broadcasting (no new memory)"),
                   _swatch(COLORS["grad"], COLORS["grad"], "gradients (backward)")]
        fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False,
                   fontsize=PROJECTOR_RC["legend.fontsize"])
    return fig


def _table(ax, values, title, color, original=None):
    """A 1-D or 2-D array as a grid of numbered cells (a 1-D array is one row); cells outside
    `original` (a mask) are drawn hollow: copies."""
    grid = np.atleast_2d(values)
    original = np.ones(grid.shape, bool) if original is None else np.atleast_2d(original)
    rows, cols = grid.shape
    for r in range(rows):
        for c in range(cols):
            face = color if original[r, c] else "white"
            ax.add_patch(_cell(c, r, face, color))
            ax.text(c + 0.5, r + 0.5, f"{grid[r, c]:g}", ha="center", va="center", fontsize=18,
                    color="white" if face == color else color, fontweight="bold")
    ax.set_xlim(0, max(cols, 3))
    ax.set_ylim(max(rows, 2), 0)
    ax.set_xticks(np.arange(cols) + 0.5, [str(c) for c in range(cols)])
    ax.set_yticks(np.arange(rows) + 0.5, [str(r) for r in range(rows)])
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(title, fontsize=PROJECTOR_RC["axes.titlesize"] - 1)
    ax.set_xlabel("last dim (columns)", fontsize=PROJECTOR_RC["axes.labelsize"])
    ax.set_ylabel("rows" if np.ndim(values) == 2 else "(one row)", fontsize=PROJECTOR_RC["axes.labelsize"])


def _arrow(ax, text, color, rightwards):
    """A thick labelled arrow filling the narrow panel `ax` between two tables."""
    ax.set_axis_off()
    ends = ((0.02, 0.5), (0.98, 0.5)) if rightwards else ((0.98, 0.5), (0.02, 0.5))
    ax.annotate("", xy=ends[1], xytext=ends[0], xycoords="axes fraction",
                arrowprops=dict(arrowstyle="-|>,head_length=0.8,head_width=0.5", color=color, linewidth=4))
    ax.text(0.5, 0.58, text, transform=ax.transAxes, ha="center", va="bottom", color=color, fontsize=14,
            fontweight="bold")


def _swatch(face, edge, label):
    from matplotlib.patches import Patch

    return Patch(facecolor=face, edgecolor=edge, linewidth=2.5, label=label)


def _cell(c, r, face, edge):
    from matplotlib.patches import Rectangle

    return Rectangle((c + 0.04, r + 0.04), 0.92, 0.92, facecolor=face, edgecolor=edge, linewidth=2.5)
