"""The gradient-descent playground: the path follows x - lr * f'(x), the sliders redraw it."""
import numpy as np

from autograd_edu.viz import GradientDescentPlayground, descend, plot_descent


def test_descend_1d_matches_the_closed_form():
    path = descend(lambda x: (x - 3) ** 2, start=0.0, lr=0.1, steps=10)
    # x_{k+1} = x_k - 0.1 * 2 (x_k - 3)  =>  x_k = 3 + (0 - 3) * 0.8**k
    np.testing.assert_allclose(path[:, 0], 3 - 3 * 0.8 ** np.arange(11), rtol=1e-12)


def test_descend_2d_and_divergence_stops():
    f = lambda x: x[0] ** 2 + 10 * x[1] ** 2
    path = descend(f, start=(1.0, 1.0), lr=0.04, steps=5)
    k = np.arange(6)
    np.testing.assert_allclose(path, np.stack([0.92 ** k, 0.2 ** k], axis=1), rtol=1e-12)
    wild = descend(f, start=(1.0, 1.0), lr=1.0, steps=100)  # |1 - 20| > 1: diverges
    assert len(wild) < 101 and np.abs(wild[-1]).max() > 1e6


def test_gradient_arrow_points_uphill():
    f = lambda x: x[0] ** 2 + 10 * x[1] ** 2
    fig = plot_descent(f, descend(f, (1.0, 1.0), 0.04, 5), (-1.5, -1.5), (1.5, 1.5))
    (arrow,) = [t for t in fig.axes[0].texts if getattr(t, "arrow_patch", None) is not None]
    direction = np.subtract(arrow.xy, arrow.xyann)
    np.testing.assert_allclose(direction / np.linalg.norm(direction), np.array([2., 20.]) / np.hypot(2, 20))
    assert "uphill" in " ".join(t.get_text() for t in fig.axes[0].get_legend().get_texts())


def test_widget_sliders_redraw():
    playground = GradientDescentPlayground(lambda x: (x - 1) ** 2, start=-2.0, lo=-3, hi=3, lr=0.1, steps=5)
    first = playground.picture.value
    assert first[:4] == b"\x89PNG"
    playground.steps_slider.value = 30
    assert playground.picture.value != first
    np.testing.assert_allclose(playground.path()[-1], 1 - 3 * 0.8 ** 30)
    playground.lr_slider.value = 0.5  # x - 0.5 * 2 (x - 1) = 1: one step to the minimum
    assert playground.path()[1].tolist() == [1.0]
    assert repr(playground).startswith("GradientDescentPlayground: lr = 0.5, 30 steps from [-2.0] to [1.0]")


def test_the_function_is_named_in_title_label_and_legend():
    g = lambda x: (x - 1) ** 2
    ax = plot_descent(g, descend(g, 2.5, 0.5, 1), -1, 3, lr=0.5, name="g").axes[0]
    assert ax.get_title() == "1 step: g = 0 at the end"  # one step of lr 0.5 lands on the minimum
    assert ax.get_ylabel() == "g(x)"
    assert "g(x)" in [t.get_text() for t in ax.get_legend().get_texts()]
