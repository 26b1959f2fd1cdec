"""The matplotlib plots: the right curves, labels and kink markers, and the engine's gradients."""
import math

import numpy as np
import pytest

import autograd_edu as torch
from autograd_edu.viz import plot_function_and_grad, plot_loss_curve, plot_tangent


def lines(fig, gid):
    return [line for ax in fig.axes for line in ax.get_lines() if line.get_gid() == gid]


def one(fig, gid):
    (line,) = lines(fig, gid)
    return line


def finite(line):
    x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
    keep = np.isfinite(y)
    return x[keep], y[keep]


def test_sin_and_its_gradient_cos():
    fig = plot_function_and_grad(torch.sin, 0, 2 * math.pi, steps=101)
    x, y = finite(one(fig, "f"))
    np.testing.assert_allclose(x, np.linspace(0, 2 * math.pi, 101))
    np.testing.assert_allclose(y, np.sin(x), atol=1e-12)
    gx, gy = finite(one(fig, "grad"))
    np.testing.assert_allclose(gy, np.cos(gx), atol=1e-12)  # d sin / dx = cos, from the engine
    assert not lines(fig, "kink") and not lines(fig, "undefined")  # smooth: nothing to mark


def test_plotted_gradient_is_the_engines_backward():
    f = lambda t: 2 * torch.sin(t) + 1  # the seed-002 chain
    fig = plot_function_and_grad(f, 0, 2 * math.pi, steps=25)
    a = torch.linspace(0., 2. * math.pi, steps=25, dtype=torch.float64, requires_grad=True)
    f(a).sum().backward()
    np.testing.assert_allclose(finite(one(fig, "grad"))[1], a.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(a.grad.numpy(), 2 * np.cos(a.detach().numpy()), atol=1e-12)


def test_title_labels_legend_zero_line():
    fig = plot_function_and_grad(torch.sin, 0, 6, name="sin")
    ax = fig.axes[0]
    assert ax.get_title() == "sin(x) and its gradient dsin/dx"
    assert ax.get_xlabel() == "x" and ax.get_ylabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["sin(x)", "dsin/dx (autograd)"]
    zero = one(fig, "zero")
    assert list(zero.get_ydata()) == [0, 0]


def test_twin_axes_put_the_gradient_on_the_right():
    fig = plot_function_and_grad(torch.exp, -1, 1, twin=True)
    assert len(fig.axes) == 2
    assert one(fig, "grad").axes is fig.axes[1] and one(fig, "f").axes is fig.axes[0]
    assert fig.axes[1].get_ylabel() == "df/dx"
    assert len(fig.axes[0].get_legend().get_texts()) == 2  # one legend for both axes


def kinks(fig):
    """[(x, left, right, value at x)] from the markers."""
    limits, values = lines(fig, "kink-limits"), lines(fig, "kink-convention")
    return [(float(v.get_xdata()[0]), *map(float, l.get_ydata()), float(v.get_ydata()[0]))
            for l, v in zip(limits, values)]


@pytest.mark.parametrize("f, lo, hi, expected", [
    (torch.relu, -2, 2, [(0.0, 0.0, 1.0, 0.0)]),  # relu'(0) = 0 (C11)
    (torch.abs, -2, 2, [(0.0, -1.0, 1.0, 0.0)]),  # abs'(0) = 0
    (lambda x: torch.clamp(x, -1, 1), -2, 2, [(-1.0, 0.0, 1.0, 1.0), (1.0, 1.0, 0.0, 1.0)]),  # 1 at the bounds (C10)
    (lambda x: torch.maximum(x, 1 - x), -1, 2, [(0.5, -1.0, 1.0, 0.0)]),  # a tie: g/2 each side, 1/2 - 1/2 (C9)
    (lambda x: torch.relu(x - 0.3), -1.05, 2.05, [(0.3, 0.0, 1.0, 0.0)]),  # a kink between two samples
])
def test_kinks_are_marked_with_the_engines_convention(f, lo, hi, expected):
    fig = plot_function_and_grad(f, lo, hi, steps=200)
    np.testing.assert_allclose(kinks(fig), expected, atol=1e-9)
    gx, gy = one(fig, "grad").get_xdata(), one(fig, "grad").get_ydata()
    for x, *_ in expected:  # the curve is broken at the kink: no steep line joins the two sides
        i = int(np.argmin(np.abs(gx - x)))
        assert np.isnan(gy[i])
    assert len(lines(fig, "kink")) == len(expected)


def test_smooth_steep_gradient_is_not_a_kink():
    fig = plot_function_and_grad(lambda x: x ** 3, -2, 2, steps=50)
    assert not lines(fig, "kink")


def test_infinite_gradient_is_marked_not_drawn():
    fig = plot_function_and_grad(torch.sqrt, 0, 4, steps=41)  # d sqrt/dx = inf at 0 (C11)
    (x,) = one(fig, "undefined").get_xdata()
    assert x == 0
    assert np.isnan(one(fig, "grad").get_ydata()[0])


def test_tangent_slope_is_the_derivative():
    fig = plot_tangent(torch.sin, 1.0)
    x, y = one(fig, "tangent").get_xdata(), one(fig, "tangent").get_ydata()
    np.testing.assert_allclose(np.diff(y) / np.diff(x), math.cos(1.0), rtol=1e-9)
    np.testing.assert_allclose(np.interp(1.0, x, y), math.sin(1.0), rtol=1e-9)
    assert "slope 0.5403" in one(fig, "tangent").get_label()


def test_loss_curve_takes_numbers_and_tensors():
    losses = [torch.tensor(4.0), 2.0, torch.tensor([1.0]), 0.5]
    fig = plot_loss_curve(losses)
    np.testing.assert_allclose(one(fig, "loss").get_ydata(), [4, 2, 1, 0.5])
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_yscale()) == ("step", "loss", "linear")
    assert plot_loss_curve([1000, 10, 0.1]).axes[0].get_yscale() == "log"


def test_ax_argument_draws_into_it_and_returns_its_figure():
    from matplotlib.figure import Figure

    fig = Figure()
    left, right = fig.subplots(1, 2)
    assert plot_function_and_grad(torch.relu, -1, 1, ax=left) is fig
    assert plot_tangent(torch.exp, 0.0, ax=right) is fig
    assert lines(fig, "f")[0].axes is left


def test_text_is_readable_on_a_projector():
    fig = plot_function_and_grad(torch.relu, -1, 1)
    fig.canvas.draw()
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
             if t.get_text()]
    assert texts and min(t.get_fontsize() for t in texts) >= 12
