"""Smaller ops that learner programs use, against PyTorch 2.13: values, dtypes, grad_fn names,
gradients and errors; gradients also against finite differences."""
import numpy as np
import pytest

import autograd_edu as ae
from both_engines import assert_same_outcome


def _grads(make_inputs, f, weights=None):
    """Run f on fresh inputs, backpropagate sum(f * weights), return (output, input grads)."""
    def program(t):
        inputs = make_inputs(t)
        out = f(t, *inputs)
        w = t.arange(1., out.numel() + 1.).reshape(out.shape) if weights is None else weights(t)
        (out * w).sum().backward()
        return out, [x.grad for x in inputs]
    return program


@pytest.mark.torch
@pytest.mark.parametrize("case", [
    lambda t: t.nn.functional.one_hot(t.tensor([0, 2, 1])),
    lambda t: t.nn.functional.one_hot(t.tensor([0, 2]), num_classes=4),
    lambda t: t.nn.functional.one_hot(t.tensor([[0, 2], [1, 1]]), 3),
    lambda t: t.nn.functional.one_hot(t.tensor(1), 3),
    lambda t: t.nn.functional.one_hot(t.tensor([], dtype=t.int64), 3),
    lambda t: t.nn.functional.one_hot(t.tensor([1, 0]), num_classes=2).float() @ t.ones(2, 3),
    lambda t: t.nn.functional.one_hot(t.tensor([0., 1.])),
    lambda t: t.nn.functional.one_hot(t.tensor([1], dtype=t.int32), 3),
    lambda t: t.nn.functional.one_hot(t.tensor([-1, 1])),
    lambda t: t.nn.functional.one_hot(t.tensor([3]), 2),
    lambda t: t.nn.functional.one_hot(t.tensor([], dtype=t.int64)),
], ids=["infer", "num_classes", "2d", "0d", "empty", "as_float_matmul", "float", "int32", "negative", "too_big",
        "empty_infer"])
def test_one_hot_matches_pytorch(case):
    assert_same_outcome(case)


@pytest.mark.torch
@pytest.mark.parametrize("case", [
    lambda t: t.ones(2, 3).all(), lambda t: t.tensor([1, 0]).all(),
    lambda t: t.tensor([[True, False], [True, True]]).all(dim=1),
    lambda t: t.tensor([[True, False], [True, True]]).all(0, keepdim=True),
    lambda t: t.all(t.tensor([1., 0.])), lambda t: t.tensor([1., 0.]).any(),
    lambda t: t.any(t.tensor([[0, 0], [0, 1]]), dim=1), lambda t: t.tensor([]).all(),
    lambda t: (t.arange(4.) < 10).all(),
    lambda t: t.tensor([1., 2.]).equal(t.tensor([1., 2.])), lambda t: t.equal(t.tensor([1., 2.]), t.tensor([1., 3.])),
    lambda t: t.equal(t.tensor([1, 2]), t.tensor([1., 2.])), lambda t: t.equal(t.tensor([1.]), t.tensor([1., 1.])),
    lambda t: t.tensor([1., 2.]).equal([1., 2.]),
], ids=["all", "all_int", "all_dim", "all_keepdim", "torch_all", "any", "any_dim", "all_empty", "all_compare",
        "equal", "not_equal", "equal_dtypes", "equal_shapes", "equal_list"])
def test_all_any_equal_match_pytorch(case):
    assert_same_outcome(case)


@pytest.mark.torch
@pytest.mark.parametrize("case", [
    _grads(lambda t: [t.tensor([0.5, -1., 2.], requires_grad=True)], lambda t, x: t.sinh(x)),
    _grads(lambda t: [t.tensor([0.5, -1., 2.], requires_grad=True)], lambda t, x: x.cosh()),
    _grads(lambda t: [t.arange(9.).reshape(3, 3).requires_grad_()], lambda t, x: x.diagonal()),
    _grads(lambda t: [t.arange(12.).reshape(3, 4).requires_grad_()], lambda t, x: t.diagonal(x, offset=1)),
    _grads(lambda t: [t.arange(12.).reshape(3, 4).requires_grad_()], lambda t, x: x.diagonal(-1)),
    _grads(lambda t: [t.arange(24.).reshape(2, 3, 4).requires_grad_()], lambda t, x: x.diagonal(dim1=1, dim2=2)),
    _grads(lambda t: [t.tensor([1., 2.], requires_grad=True)], lambda t, x: t.diag(x)),
    _grads(lambda t: [t.tensor([1., 2.], requires_grad=True)], lambda t, x: t.diag(x, 1)),
    _grads(lambda t: [t.arange(4.).reshape(2, 2).requires_grad_()], lambda t, x: t.diag(x)),
], ids=["sinh", "cosh", "diagonal", "diagonal_offset", "diagonal_below", "diagonal_dims", "diag_1d",
        "diag_1d_offset", "diag_2d"])
def test_hyperbolic_and_diagonal_match_pytorch(case):
    assert_same_outcome(case)


@pytest.mark.torch
@pytest.mark.parametrize("case", [
    lambda t: t.diagonal(t.ones(3)), lambda t: t.diagonal(t.ones(2, 2), 0, 1, 1), lambda t: t.diag(t.ones(2, 2, 2)),
], ids=["1d", "same_dims", "3d"])
def test_diagonal_errors_match_pytorch(case):
    assert_same_outcome(case)


@pytest.mark.torch
def test_unbind_is_one_node_with_an_output_per_slice():
    def program(t):
        x = t.arange(6.).reshape(2, 3).requires_grad_()
        rows = x.unbind()
        cols = t.unbind(x, dim=-1)
        (rows[0] * 2 + cols[2] * 10).sum().backward()
        return rows, cols, rows[0].grad_fn is rows[1].grad_fn, x.grad
    assert_same_outcome(program)



@pytest.mark.torch
def test_unbind_of_a_vector_gives_zero_dim_tensors():
    def program(t):
        a = t.tensor([1., 2.], requires_grad=True)
        x, y = a.unbind()
        out = x * 2 + y * 3
        out.backward()
        return x, y, out, a.grad
    assert_same_outcome(program)


def test_new_ops_pass_gradcheck():
    rng = np.random.default_rng(1)
    x = ae.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    v = ae.tensor(rng.standard_normal(3), requires_grad=True)
    for f, inputs in [(ae.sinh, (x,)), (ae.cosh, (x,)), (lambda x: x.diagonal(1), (x,)), (ae.diag, (v,)),
                      (lambda x: ae.unbind(x, 1)[2] * ae.unbind(x, 1)[0], (x,))]:
        assert ae.autograd.gradcheck(f, inputs)
        assert ae.autograd.gradgradcheck(lambda *a: f(*a) ** 2, inputs)
