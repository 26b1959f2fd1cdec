"""masked_fill(_), triu, tril against PyTorch 2.13: values, grad_fn names, gradients, errors."""
import numpy as np
import pytest

import autograd_edu as ae
from both_engines import assert_same_outcome

MASK = [[True, False, True], [False, False, True]]


def _x(t):
    return t.tensor([[0., 1., 2.], [3., 4., 5.]], requires_grad=True)


@pytest.mark.torch
@pytest.mark.parametrize("case", [
    lambda t: _x(t).masked_fill(t.tensor(MASK), 0.),
    lambda t: _x(t).masked_fill(t.tensor(MASK), float("-inf")),
    lambda t: _x(t).masked_fill(t.tensor(MASK), t.tensor(5.)),
    lambda t: _x(t).masked_fill(t.tensor(MASK)[0], -1),
    lambda t: _x(t).masked_fill(t.tensor(MASK), True),
    lambda t: t.masked_fill(_x(t), t.tensor(MASK), 2.),
    lambda t: _x(t).clone().masked_fill_(t.tensor(MASK), 3.),
    lambda t: _x(t).detach().masked_fill_(t.tensor(MASK), 7.),
    lambda t: t.ones(3).masked_fill(t.tensor(MASK), 0.),
    lambda t: t.ones(3).masked_fill(t.tensor(True), 2.),
    lambda t: t.arange(6).masked_fill(t.tensor(MASK).view(6), 1.5),
    lambda t: t.ones(2, 3, dtype=t.bool).masked_fill(t.tensor(MASK), 0.5),
    lambda t: _x(t).masked_fill(t.tensor(MASK), t.tensor(5, dtype=t.int64)),
    lambda t: _x(t).masked_fill(t.tensor(MASK).long(), 0.),
    lambda t: _x(t).masked_fill(t.tensor(MASK).float(), 0.),
    lambda t: _x(t).masked_fill(t.tensor(MASK), t.ones(2)),
    lambda t: _x(t).masked_fill(t.ones(4, dtype=t.bool), 0.),
    lambda t: t.ones(3).masked_fill_(t.tensor(MASK), 0.),
    lambda t: _x(t).masked_fill(t.tensor(MASK), None),
    lambda t: t.tensor([1., 2.], requires_grad=True).masked_fill_(t.tensor([True, False]), 0.),
], ids=["zero", "minus_inf", "tensor_value", "broadcast_mask", "bool_value", "function", "inplace_nonleaf",
        "inplace_detached", "broadcast_x", "0d_mask", "int_tensor", "bool_tensor", "int_value_tensor",
        "long_mask", "float_mask", "1d_value", "bad_broadcast", "inplace_bad_broadcast", "none_value", "leaf_inplace"])
def test_masked_fill_matches_pytorch(case):
    assert_same_outcome(case)


@pytest.mark.torch
def test_masked_fill_gradients_match_pytorch():
    def program(t):
        x, value = _x(t), t.tensor(5., requires_grad=True)
        y = x.masked_fill(t.tensor(MASK), value)
        (y * t.arange(6.).reshape(2, 3)).sum().backward()
        x2 = _x(t)
        (x2.masked_fill(t.tensor(MASK), 0.) ** 2).sum().backward()
        return x.grad, value.grad, len(y.grad_fn.next_functions), x2.grad
    assert_same_outcome(program)


@pytest.mark.torch
@pytest.mark.parametrize("case", [
    lambda t: t.triu(_x(t)), lambda t: t.tril(_x(t)), lambda t: _x(t).triu(1), lambda t: _x(t).tril(-1),
    lambda t: t.tril(t.ones(2, 3, 3), diagonal=0), lambda t: t.tril(t.ones(3, 3)) == 0,
    lambda t: t.ones(3, 3).tril_(), lambda t: t.tril(t.arange(9).reshape(3, 3)),
    lambda t: t.triu(t.ones(3, 3), diagonal=5), lambda t: t.tril(t.ones(3, 3), diagonal=-5),
    lambda t: t.triu(t.ones(3)), lambda t: t.tril(t.tensor(1.)),
], ids=["triu", "tril", "triu_1", "tril_m1", "batched", "causal_mask", "inplace", "int", "far_above",
        "far_below", "1d", "0d"])
def test_triangles_match_pytorch(case):
    assert_same_outcome(case)


@pytest.mark.torch
def test_triangle_gradients_match_pytorch():
    def program(t):
        x = t.arange(12., requires_grad=True)
        (t.tril(x.view(3, 4), 1) * x.view(3, 4)).sum().backward()
        return x.grad
    assert_same_outcome(program)


def test_masking_ops_pass_gradcheck():
    rng = np.random.default_rng(0)
    x = ae.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    v = ae.tensor(0.7, dtype=ae.float64, requires_grad=True)
    mask = ae.tensor(rng.random((3, 4)) > 0.5)
    assert ae.autograd.gradcheck(lambda x, v: x.masked_fill(mask, v), (x, v))
    assert ae.autograd.gradcheck(lambda x: x.masked_fill(mask[0], -2.0), (x,))
    assert ae.autograd.gradcheck(lambda x: ae.triu(x, 1), (x,))
    assert ae.autograd.gradgradcheck(lambda x: ae.tril(x) ** 2, (x,))
