"""plot_broadcast_backward: the numbers it shows are the engine's, and they are the sums that
broadcasting's backward must give (checked by hand and against PyTorch)."""
import numpy as np
import pytest

from autograd_edu.viz import plot_broadcast_backward
from autograd_edu.viz.broadcast import broadcast_grad


def table(ax):
    """The numbers written in one panel's cells, row by row."""
    return [float(t.get_text()) for t in ax.texts]


def panels(fig):
    return {ax.get_title(): ax for ax in fig.axes if ax.get_title()}


def test_a_row_added_to_every_row_gets_the_column_sums():
    fig = plot_broadcast_backward([10., 20., 30.], np.zeros((2, 3)), name="b")
    shown = panels(fig)
    assert table(shown["b: shape [3]"]) == [10., 20., 30.]
    assert table(shown["forward: b copied to shape [2, 3]"]) == [10., 20., 30.] * 2
    assert table(shown["backward: grad_out, shape [2, 3]"]) == [1., 2., 3., 4., 5., 6.]
    assert table(shown["b.grad = grad_out summed over dim 0"]) == [1. + 4., 2. + 5., 3. + 6.]
    assert fig._suptitle.get_text().startswith("Broadcasting in backward")
    for ax in shown.values():
        assert ax.get_xlabel() and ax.get_ylabel()
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "b's numbers (forward)", "copies made by broadcasting (no new memory)", "gradients (backward)"]


def test_a_column_is_summed_over_the_last_dim_with_a_given_grad_out():
    grad_out = [[1., 0., 2.], [3., 3., 3.]]
    fig = plot_broadcast_backward([[10.], [20.]], np.zeros((2, 3)), grad_out=grad_out, name="c")
    assert table(panels(fig)["c.grad = grad_out summed over dim 1"]) == [3., 9.]


def test_broadcast_grad_matches_pytorch():
    torch = pytest.importorskip("torch")
    x, other, g = np.array([[1.], [2.]]), np.arange(6.).reshape(2, 3), np.arange(6.).reshape(2, 3) + 1
    out, grad = broadcast_grad(x, other, g)
    tx = torch.tensor(x, requires_grad=True)
    tout = tx + torch.tensor(other)
    tout.backward(torch.tensor(g))
    np.testing.assert_array_equal(out, tout.detach().numpy())
    np.testing.assert_array_equal(grad, tx.grad.numpy())


def test_more_than_two_dimensions_is_refused():
    with pytest.raises(ValueError, match="at most 2-D"):
        plot_broadcast_backward(np.ones(3), np.ones((2, 2, 3)))
