"""Custom autograd.Function beyond one output, against PyTorch 2.13: several outputs (one
gradient per output, zeros for an unused one), set_materialize_grads, mark_non_differentiable,
non-tensor outputs, once_differentiable; the legacy-Function and `x.data[0]` errors; and what
`.grad` accepts."""
import warnings

import numpy as np
import pytest

import autograd_edu as ae
from both_engines import assert_same_outcome

pytestmark = pytest.mark.torch


def sin_cos(t):
    class SinCos(t.autograd.Function):
        """(sin x, cos x);  dL/dx = g_sin * cos x - g_cos * sin x"""

        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x.sin(), x.cos()

        @staticmethod
        def backward(ctx, grad_sin, grad_cos):
            x, = ctx.saved_tensors
            ctx.received = (grad_sin, grad_cos)
            return grad_sin * x.cos() - grad_cos * x.sin()
    return SinCos


def _x(t):
    return t.tensor([0.5, 1.0, -2.0], requires_grad=True)


def test_several_outputs_share_one_node():
    def program(t):
        s, c = sin_cos(t).apply(_x(t))
        return s, c, s.grad_fn is c.grad_fn, [n for _, n in (c * 3).grad_fn.next_functions]
    assert_same_outcome(program)


def test_each_output_gets_its_gradient_and_an_unused_one_gets_zeros():
    def program(t):
        x = _x(t)
        s, c = sin_cos(t).apply(x)
        (s * 2 + c).sum().backward()
        both = (x.grad.clone(), s.grad_fn.received)
        x.grad = None
        s, c = sin_cos(t).apply(x)
        s.sum().backward()
        return both, x.grad, s.grad_fn.received
    assert_same_outcome(program)


def test_several_outputs_through_autograd_grad_and_create_graph():
    def program(t):
        x = _x(t)
        s, c = sin_cos(t).apply(x)
        g, = t.autograd.grad((s * c).sum(), x, create_graph=True)
        gg, = t.autograd.grad(g.sum(), x)
        return g, gg
    assert_same_outcome(program)


def test_set_materialize_grads_false_passes_none():
    def program(t):
        class Scale(t.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.set_materialize_grads(False)
                return x * 2, x * 3

            @staticmethod
            def backward(ctx, g2, g3):
                ctx.received = (g2, g3)
                return (g2 * 2 if g2 is not None else 0) + (g3 * 3 if g3 is not None else 0)
        x = _x(t)
        a, b = Scale.apply(x)
        b.sum().backward()
        return x.grad, b.grad_fn.received
    assert_same_outcome(program)


def test_mark_non_differentiable_output_and_a_non_tensor_output():
    def program(t):
        class Order(t.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                idx = t.tensor([1, 2, 0])
                ctx.mark_non_differentiable(idx)
                ctx.save_for_backward(idx)
                return x[idx], idx, "label"

            @staticmethod
            def backward(ctx, g, g_idx, g_label):
                idx, = ctx.saved_tensors
                ctx.received = (g_idx, g_label)
                out = t.zeros_like(g)
                out[idx] = g
                return out
        x = t.tensor([3., 1., 2.], requires_grad=True)
        values, idx, label = Order.apply(x)
        (values * t.tensor([1., 10., 100.])).sum().backward()
        return values, idx, idx.requires_grad, idx.grad_fn, label, x.grad, values.grad_fn.received
    assert_same_outcome(program)


def test_once_differentiable_backward_records_nothing():
    def program(t):
        class Square(t.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x ** 2

            @staticmethod
            @t.autograd.function.once_differentiable
            def backward(ctx, g):
                x, = ctx.saved_tensors
                return 2 * x * g
        w = t.tensor([1., 2.], requires_grad=True)
        g, = t.autograd.grad(Square.apply(w).sum(), w, create_graph=True)
        return g, g.requires_grad
    assert_same_outcome(program)


def test_legacy_function_call_raises_pytorchs_error_after_its_warning():
    def program(t):
        class Double(t.autograd.Function):
            def forward(self, x):
                return x * 2

            def backward(self, g):
                return g * 2
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            instance = Double()
        warning = (caught[0].category.__name__, str(caught[0].message).split("> ")[1])
        try:
            instance(t.ones(2))
        except RuntimeError as error:
            return warning, str(error)[:150], Double.apply(t.ones(2, requires_grad=True))
    assert_same_outcome(program)


@pytest.mark.parametrize("case", [
    lambda t: t.tensor(3.).data[0], lambda t: (t.ones(2, requires_grad=True) * 2).sum().data[0],
    lambda t: t.tensor(3.)[:], lambda t: t.tensor(3.)[None], lambda t: t.tensor(3.)[...],
], ids=["data_0", "loss_data_0", "slice", "none", "ellipsis"])
def test_indexing_a_0d_tensor_matches_pytorch(case):
    assert_same_outcome(case)


def _assign_grad(value):
    def program(t):
        a = t.ones(2, requires_grad=True)
        a.grad = value(t, a)
        return a.grad
    return program


@pytest.mark.parametrize("value", [
    lambda t, a: 0., lambda t, a: 0, lambda t, a: [1., 2.], lambda t, a: None, lambda t, a: t.full((2,), 3.),
    lambda t, a: t.zeros(2, dtype=t.float64), lambda t, a: t.zeros(2, dtype=t.int64), lambda t, a: t.zeros(3),
    lambda t, a: a,
], ids=["float", "int", "list", "none", "tensor", "float64", "int64", "shape", "itself"])
def test_assigning_grad_matches_pytorch(value):
    assert_same_outcome(_assign_grad(value))


def test_several_outputs_pass_gradcheck():
    x = ae.tensor(np.array([0.3, -1.2, 2.0]), requires_grad=True)
    op = sin_cos(ae)
    assert ae.autograd.gradcheck(lambda x: op.apply(x)[0] * op.apply(x)[1], (x,))
    assert ae.autograd.gradgradcheck(lambda x: op.apply(x)[1] ** 2, (x,))
