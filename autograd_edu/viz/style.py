"""The look shared by every picture: sizes readable on a projector, one palette."""
import contextlib
import io

import matplotlib
from matplotlib.figure import Figure

PROJECTOR_RC = {
    "font.size": 14,
    "axes.titlesize": 17,
    "axes.labelsize": 15,
    "legend.fontsize": 13,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "lines.linewidth": 2.5,
    "axes.grid": True,
    "grid.alpha": 0.3,
}

COLORS = {
    "f": "#1f5fa8",          # the function
    "grad": "#d9480f",       # its gradient
    "kink": "#7b2cbf",       # non-differentiable points
    "current": "#ffb703",    # the node the stepper is running
    "current_edge": "#e85d04",
    "done": "#d8f3dc",       # nodes already run
    "leaf": "#e7f0fb",
    "op": "#ffffff",
    "const": "#f1f3f5",
    "line": "#343a40",
}


@contextlib.contextmanager
def projector_style():
    """matplotlib settings for figures created inside the block (text sizes >= 13 pt)."""
    with matplotlib.rc_context(PROJECTOR_RC):
        yield


class CourseFigure(Figure):
    """A figure that a notebook shows as a PNG when it is a cell's value, whether or not
    pyplot's inline backend has been loaded yet (matplotlib loads it lazily)."""

    def _repr_png_(self):
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=self.dpi)
        return buffer.getvalue()


def new_figure(ax=None, figsize=(10, 6.5)):
    """(figure, axes): the figure of `ax` when given, else a new figure not managed by pyplot
    (so a notebook shows it once, as the returned value, and tests leak no open figures)."""
    if ax is not None:
        return ax.figure, ax
    figure = CourseFigure(figsize=figsize, layout="constrained")
    return figure, figure.add_subplot()


def finish_axes(ax, title, xlabel, ylabel, legend_axes=None):
    """Title, axis labels, tick labels and one legend (for `legend_axes`, default [ax]) at projector
    sizes, also when `ax` was created outside `projector_style()`."""
    ax.set_title(title, fontsize=PROJECTOR_RC["axes.titlesize"])
    ax.set_xlabel(xlabel, fontsize=PROJECTOR_RC["axes.labelsize"])
    ax.set_ylabel(ylabel, fontsize=PROJECTOR_RC["axes.labelsize"])
    handles = [h for a in (legend_axes or [ax]) for h in a.get_legend_handles_labels()[0]]
    for a in legend_axes or [ax]:
        a.tick_params(labelsize=PROJECTOR_RC["xtick.labelsize"])
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=len(handles) if len(handles) <= 3 else 2,
              frameon=False, fontsize=PROJECTOR_RC["legend.fontsize"])  # below the plot: hides no curve
