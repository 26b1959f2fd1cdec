"""The stepper and the graph on nodes with several outputs (unbind, a custom Function that returns
two tensors): one gradient arrives per output, and the final state is what backward() gives."""
import numpy as np

import autograd_edu as torch
from autograd_edu.viz import BackpropStepper, draw_graph


class SumAndDifference(torch.autograd.Function):
    """(s, d) = (x + y, x - y);  dL/dx = g_s + g_d, dL/dy = g_s - g_d"""
    @staticmethod
    def forward(ctx, x, y):
        return x + y, x - y

    @staticmethod
    def backward(ctx, g_s, g_d):
        return g_s + g_d, g_s - g_d


def test_unbind_is_stepped_with_one_gradient_per_output():
    a = torch.tensor([1., 2.], requires_grad=True)
    first, second = a.unbind()
    stepper = BackpropStepper(first * 2 + second * 3)
    text = stepper.trace.text()
    assert "UnbindBackward0" in text
    assert "one per output: output 0: 2., output 1: 3." in text
    final = list(stepper.trace.leaf_grads(len(stepper.trace)).values())
    np.testing.assert_array_equal(final[0], [2., 3.])  # d/da of 2 a_0 + 3 a_1
    assert a.grad is None  # stepping never touches .grad
    assert "UnbindBackward0" in draw_graph(first * 2 + second * 3)._repr_svg_()


def test_custom_function_with_two_outputs_steps_to_what_backward_gives():
    x = torch.tensor([1., 2.], requires_grad=True)
    y = torch.tensor([5., 7.], requires_grad=True)
    s, d = SumAndDifference.apply(x, y)
    out = (s * 10 + d).sum()
    stepper = BackpropStepper(out, names={"x": x, "y": y})
    stepper.go(len(stepper.trace))
    stepped = stepper.leaf_grads()
    out.backward()
    np.testing.assert_array_equal(x.grad.numpy(), [11., 11.])   # 10 * 1 + 1
    np.testing.assert_array_equal(y.grad.numpy(), [9., 9.])     # 10 * 1 - 1
    assert {k: v.tolist() for k, v in stepped.items()} == {"x": [11., 11.], "y": [9., 9.]}
