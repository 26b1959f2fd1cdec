"""matplotlib pictures of a function and its gradient, computed by the engine.

Every function returns the Figure (and draws into `ax=` when given), styled for a projector.
"""
import numpy as np

from .kinks import find_kinks
from .style import COLORS, PROJECTOR_RC, finish_axes, new_figure, projector_style


def engine_grad(f, points):
    """(f(x), df/dx) at each point, the derivative from the engine (f must act elementwise)."""
    from .. import autograd, float64, tensor

    x = tensor(np.asarray(points, dtype=np.float64), dtype=float64, requires_grad=True)
    y = f(x)
    (g,) = autograd.grad(y.sum(), x, allow_unused=True, materialize_grads=True)
    return y.detach().numpy().astype(np.float64), g.numpy().astype(np.float64)


def plot_function_and_grad(f, lo, hi, steps=401, ax=None, twin=False, name="f", title=None):
    """f(x) and df/dx (from the engine's backward) over [lo, hi], on shared axes (or twin y axes).

    Where the gradient jumps (a kink: relu and abs at 0, clamp bounds, max ties) the curve is
    broken rather than joined by a misleading steep line, the one-sided values are open circles,
    and a filled dot shows what the engine returns at the point itself (PyTorch's convention).
    Where the gradient is infinite or NaN (sqrt and log at 0) a marker says so.
    """
    xs = np.linspace(lo, hi, steps)
    ys, gs = engine_grad(f, xs)
    kinks = find_kinks(lambda p: engine_grad(f, p)[1], lambda p: engine_grad(f, p)[0], xs, gs)
    with projector_style():
        fig, ax = new_figure(ax)
        gax = ax.twinx() if twin else ax
        ax.axhline(0, color="black", linewidth=1, gid="zero")
        ax.plot(xs, ys, color=COLORS["f"], label=f"{name}(x)", gid="f")
        gx, gy = _broken(xs, gs, [k.x for k in kinks])
        gax.plot(gx, gy, color=COLORS["grad"], linestyle="--", label=f"d{name}/dx (autograd)", gid="grad")
        _mark_kinks(ax, gax, kinks, name)
        _mark_undefined(gax, xs, gs, name)
        if twin:
            gax.set_ylabel(f"d{name}/dx", color=COLORS["grad"], fontsize=PROJECTOR_RC["axes.labelsize"])
        finish_axes(ax, title or f"{name}(x) and its gradient d{name}/dx", "x", f"{name}(x)" if twin else "value",
                    legend_axes=[ax, gax] if twin else [ax])
    return fig


def _broken(xs, gs, kink_xs):
    """The gradient curve with a gap (NaN) at each kink and non-finite values removed."""
    gy = np.where(np.isfinite(gs), gs, np.nan)
    for x in kink_xs:
        gy[np.isclose(xs, x, rtol=0, atol=1e-9 * np.ptp(xs))] = np.nan  # the value there is the dot
    at = np.searchsorted(xs, kink_xs)
    return np.insert(xs, at, kink_xs), np.insert(gy, at, np.nan)


def _mark_kinks(ax, gax, kinks, name):
    for n, k in enumerate(kinks):
        first = n == 0
        ax.axvline(k.x, color=COLORS["kink"], linestyle=":", linewidth=1.5)
        ax.plot([k.x], [k.f], "D", color=COLORS["kink"], markersize=9,
                label=f"kink: d{name}/dx jumps" if first else "_kink", gid="kink")
        gax.plot([k.x, k.x], [k.left, k.right], "o", markerfacecolor="white", markeredgecolor=COLORS["grad"],
                 markersize=9, markeredgewidth=2, label="one-sided limits" if first else "_limits", gid="kink-limits")
        gax.plot([k.x], [k.at], "o", color=COLORS["kink"], markersize=9,
                 label="autograd's value there (a convention)" if first else "_convention",
                 gid="kink-convention")
        # the label goes below the dot, on the side where the gradient line does not go on at the dot's
        # height (the right, unless only the right does): so two kinks of one plot (clamp) label outwards
        right = not (k.right == k.at and k.left != k.at)
        gax.annotate(f"d{name}/dx({k.x:g}) = {k.at:g}", (k.x, k.at), xytext=(10 if right else -10, -18),
                     textcoords="offset points", ha="left" if right else "right", fontsize=12, color=COLORS["kink"])
        low, high = gax.get_ylim()
        if k.at - low < 0.12 * (high - low):  # room for the label below the dot, inside the axes
            gax.set_ylim(k.at - 0.12 * (high - low), high)


def _mark_undefined(gax, xs, gs, name):
    bad = ~np.isfinite(gs)
    if bad.any():
        finite = gs[~bad]
        y = float(np.nanmax(np.abs(finite))) if finite.size else 1.0
        gax.plot(xs[bad], np.full(bad.sum(), y), "x", color=COLORS["grad"], markersize=12, markeredgewidth=3,
                 label=f"d{name}/dx not finite (inf or nan)", gid="undefined")
        for x, g in zip(xs[bad][:3], gs[bad][:3]):
            gax.annotate(f"d{name}/dx({x:g}) = {g}", (x, y), xytext=(8, 6), textcoords="offset points", fontsize=12)


def plot_tangent(f, x0, lo=None, hi=None, ax=None, name="f", steps=201):
    """f around x0 and its tangent line y = f(x0) + f'(x0) (x - x0), the slope from the engine."""
    lo = x0 - 2 if lo is None else lo
    hi = x0 + 2 if hi is None else hi
    xs = np.linspace(lo, hi, steps)
    ys, _ = engine_grad(f, xs)
    (y0,), (slope,) = engine_grad(f, [x0])
    with projector_style():
        fig, ax = new_figure(ax)
        ax.axhline(0, color="black", linewidth=1)
        ax.plot(xs, ys, color=COLORS["f"], label=f"{name}(x)", gid="f")
        ax.plot(xs, y0 + slope * (xs - x0), color=COLORS["grad"], linestyle="--", gid="tangent",
                label=f"tangent at x = {x0:g}: slope {slope:.4g}")
        ax.plot([x0], [y0], "o", color=COLORS["grad"], markersize=10, label=f"({x0:g}, {y0:.4g})")
        span = float(np.ptp(ys)) or 1.0
        ax.set_ylim(float(np.min(ys)) - 0.15 * span, float(np.max(ys)) + 0.15 * span)
        finish_axes(ax, f"The tangent of {name} at x = {x0:g}: slope = d{name}/dx", "x", f"{name}(x)")
    return fig


def plot_loss_curve(losses, ax=None, log=None, title="Training loss"):
    """The loss after each step (numbers or one-element tensors); log scale by default when the
    losses span more than two orders of magnitude and are all positive."""
    values = np.array([float(v.item()) if hasattr(v, "item") else float(v) for v in losses])
    with projector_style():
        fig, ax = new_figure(ax)
        ax.plot(np.arange(len(values)), values, marker="o" if len(values) <= 50 else None,
                color=COLORS["f"], label="loss", gid="loss")
        positive = values.size and (values > 0).all()
        if log or (log is None and positive and values.max() / values.min() > 100):
            ax.set_yscale("log")
        else:
            ax.axhline(0, color="black", linewidth=1)
        finish_axes(ax, title, "step", "loss")
    return fig
