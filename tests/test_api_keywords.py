"""PyTorch's keyword arguments: input=/other=/... names, keepdims=, and out=, against PyTorch 2.13."""
import warnings

import pytest

from both_engines import assert_same_outcome

pytestmark = pytest.mark.torch


def _a(t):
    return t.tensor([[1., 2., 3.], [4., 5., 6.]])


def _b(t):
    return t.tensor([[1., 0.], [0., 1.], [1., 1.]])


def _w(t):
    return t.tensor([0.5, 1., 2.], requires_grad=True)


@pytest.mark.parametrize("case", [
    lambda t: t.matmul(input=_a(t), other=_b(t)), lambda t: t.mul(_a(t), other=2),
    lambda t: t.mul(input=_a(t), other=_a(t)), lambda t: t.add(input=_a(t), other=_a(t), alpha=2),
    lambda t: t.sub(_a(t), other=1), lambda t: t.div(input=_a(t), other=2), lambda t: t.sum(input=_a(t), dim=0),
    lambda t: t.sin(input=_w(t)), lambda t: t.exp(input=_w(t)), lambda t: t.mean(input=_a(t)),
    lambda t: t.pow(input=_a(t), exponent=2), lambda t: t.mm(input=_a(t), mat2=_b(t)),
    lambda t: t.dot(input=_w(t), tensor=_w(t)), lambda t: t.clamp(input=_w(t), min=1),
    lambda t: t.maximum(input=_a(t), other=_a(t) - 3), lambda t: t.where(condition=_a(t) > 2, input=_a(t), other=0.),
    lambda t: t.max(input=_a(t)), lambda t: t.relu(input=_w(t) - 1), lambda t: t.nn.functional.relu(input=_w(t) - 1),
    lambda t: t.cat(tensors=[_a(t), _a(t)]), lambda t: _a(t).mul(other=2), lambda t: _a(t).matmul(other=_b(t)),
    lambda t: _a(t).add(other=1, alpha=3), lambda t: _a(t).pow(exponent=2), lambda t: _a(t).clamp(min=2.5),
    lambda t: t.masked_fill(input=_a(t), mask=_a(t) > 3, value=0.),
    lambda t: t.dot(_w(t), other=_w(t)), lambda t: t.mul(_a(t), 2, other=2), lambda t: t.mul(_a(t), x=2),
], ids=["matmul", "mul_other", "mul_both", "add_alpha", "sub", "div", "sum_dim", "sin", "exp", "mean", "pow",
        "mm_mat2", "dot_tensor", "clamp", "maximum", "where", "max", "relu", "F_relu", "cat_tensors", "method_mul",
        "method_matmul", "method_add", "method_pow", "method_clamp", "masked_fill", "dot_wrong_name", "twice",
        "unknown_name"])
def test_pytorch_parameter_names_are_accepted(case):
    assert_same_outcome(case)


@pytest.mark.parametrize("case", [
    lambda t: _a(t).sum(1, keepdims=True), lambda t: _a(t).mean(dim=0, keepdims=True),
    lambda t: t.mean(_a(t), 1, keepdims=True), lambda t: _a(t).max(dim=1, keepdims=True),
    lambda t: _a(t).std(0, keepdims=True), lambda t: _a(t).amax(1, keepdims=True),
    lambda t: _a(t).prod(1, keepdims=True), lambda t: _a(t).var(keepdims=True),
    lambda t: _a(t).logsumexp(1, keepdims=True), lambda t: _a(t).argmax(1, keepdims=True),
], ids=["sum", "mean", "torch_mean", "max", "std", "amax", "prod", "var", "logsumexp", "argmax"])
def test_keepdims_is_an_alias_of_keepdim(case):
    assert_same_outcome(case)


def _out_case(make_out, call):
    def program(t):
        out = make_out(t)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = call(t, out)
        return result is out, out, out._version, [str(w.message)[:120] for w in caught]
    return program


@pytest.mark.parametrize("case", [
    _out_case(lambda t: t.empty(2, 2), lambda t, o: t.matmul(_a(t), _b(t), out=o)),
    _out_case(lambda t: t.empty(0), lambda t, o: t.matmul(_a(t), _b(t), out=o)),
    _out_case(lambda t: t.zeros(5), lambda t, o: t.add(_a(t), _a(t), out=o)),
    _out_case(lambda t: t.empty(3), lambda t, o: t.sum(_a(t), 0, out=o)),
    _out_case(lambda t: t.empty(3, dtype=t.float64), lambda t, o: t.exp(_w(t).detach(), out=o)),
    _out_case(lambda t: t.empty(4, 3), lambda t, o: t.cat([_a(t), _a(t)], out=o)),
    _out_case(lambda t: t.zeros(3), lambda t, o: t.sin(_w(t), out=o)),
    _out_case(lambda t: t.zeros(2, 3, dtype=t.int64), lambda t, o: t.add(_a(t), 1, out=o)),
], ids=["matmul", "empty_out", "resized_with_warning", "sum", "into_float64", "cat", "requires_grad",
        "float_into_long"])
def test_out_keyword_matches_pytorch(case):
    assert_same_outcome(case)


def test_out_keyword_is_allowed_under_no_grad():
    def program(t):
        w, out = _w(t), t.empty(3)
        with t.no_grad():
            t.sin(w, out=out)
        return out
    assert_same_outcome(program)
