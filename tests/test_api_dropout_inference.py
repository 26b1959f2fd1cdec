"""nn.Dropout / F.dropout and inference mode, each against PyTorch 2.13.

Dropout's mask comes from `bernoulli_(1 - p)`; after `manual_seed` PyTorch's portable CPU kernel
draws one 53-bit uniform per value. PyTorch runs that kernel except on Intel CPUs (where it asks
MKL), so the bit-exact mask tests skip there; the distribution test runs everywhere.
"""
import platform

import numpy as np
import pytest

import autograd_edu as ae
from both_engines import assert_same_outcome


def _intel_cpu():
    try:
        with open("/proc/cpuinfo") as info:
            return "GenuineIntel" in info.read()
    except OSError:
        return "Intel" in platform.processor()


portable_bernoulli = pytest.mark.skipif(_intel_cpu(), reason="on Intel CPUs PyTorch draws dropout masks with MKL")


def seeded(fn, seed=0):
    def run(lib):
        lib.manual_seed(seed)
        return fn(lib)
    return run


# ---- dropout ------------------------------------------------------------------------------------
@portable_bernoulli
@pytest.mark.torch
@pytest.mark.parametrize("p", [0.1, 0.2, 0.5, 0.8])
@pytest.mark.parametrize("shape", [(10,), (3, 7), (2, 3, 40)])
def test_dropout_mask_is_pytorchs_after_manual_seed(p, shape):
    assert_same_outcome(seeded(lambda t: t.nn.functional.dropout(t.ones(*shape), p)))


@portable_bernoulli
@pytest.mark.torch
def test_dropout_module_trains_then_passes_through_in_eval():
    def program(t):
        t.manual_seed(3)
        x = t.arange(12.).reshape(3, 4).requires_grad_()
        drop = t.nn.Dropout(0.25)
        y = drop(x)
        y.sum().backward()
        eval_out = drop.eval()(x)
        return repr(drop), drop.training, y, x.grad, eval_out is x
    assert_same_outcome(program)


@portable_bernoulli
@pytest.mark.torch
def test_dropout_on_float64_and_in_place_match_pytorch():
    assert_same_outcome(seeded(lambda t: t.nn.functional.dropout(t.ones(5, dtype=t.float64), 0.3)))
    assert_same_outcome(seeded(lambda t: t.nn.functional.dropout(t.ones(5, requires_grad=True).clone(), 0.3,
                                                          inplace=True)))
    assert_same_outcome(seeded(lambda t: t.nn.Dropout(0.4, inplace=True)(t.ones(6))))


@pytest.mark.torch
@pytest.mark.parametrize("case", [
    lambda t: t.nn.functional.dropout(t.ones(3, requires_grad=True), 1.0),
    lambda t: t.nn.functional.dropout(t.ones(3), 0.0),
    lambda t: t.nn.functional.dropout(t.ones(3), 1.5),
    lambda t: t.nn.Dropout(-0.1),
    lambda t: t.nn.Dropout(),
    lambda t: t.nn.functional.dropout(t.ones(3, dtype=t.int64), 0.3),
    lambda t: t.nn.functional.dropout(t.ones(3, requires_grad=True), 0.3, inplace=True),
    lambda t: t.nn.functional.dropout(t.ones(0, 3), 0.3),
], ids=["p1", "p0", "p_too_big", "p_negative", "default_repr", "int_input", "leaf_inplace", "empty"])
def test_dropout_edges_match_pytorch(case):
    assert_same_outcome(case)


def test_dropout_identity_cases_return_the_input_itself():
    x = ae.ones(4, requires_grad=True)
    assert ae.nn.functional.dropout(x, 0.0) is x
    assert ae.nn.functional.dropout(x, 0.5, training=False) is x
    assert ae.nn.Dropout(0.5).eval()(x) is x


def test_dropout_keeps_about_1_minus_p_and_preserves_the_mean():
    ae.manual_seed(1)
    p = 0.3
    y = ae.nn.functional.dropout(ae.ones(200_000), p).numpy()
    kept = (y != 0).mean()
    assert abs(kept - (1 - p)) < 4 * np.sqrt(p * (1 - p) / y.size)  # within 4 standard errors
    assert np.allclose(y[y != 0], 1 / np.float32(1 - p))
    assert abs(y.mean() - 1.0) < 0.01


def test_dropout_gradient_is_the_mask():
    ae.manual_seed(5)
    x = ae.randn(50, requires_grad=True)
    y = ae.nn.functional.dropout(x, 0.4)
    y.backward(ae.ones(50))
    assert y.grad_fn.name() == "MulBackward0"
    kept = y.detach().numpy() != 0
    np.testing.assert_array_equal(x.grad.numpy(), np.where(kept, np.float32(1) / np.float32(0.6), 0))


# ---- inference mode -----------------------------------------------------------------------------
def _made_inside(t, make):
    with t.inference_mode():
        return make(t)


@pytest.mark.torch
@pytest.mark.parametrize("case", [
    lambda t: _made_inside(t, lambda t: t.ones(3)).is_inference(),
    lambda t: _made_inside(t, lambda t: t.ones(3, requires_grad=True) * 2),
    lambda t: _made_inside(t, lambda t: (t.ones(3, requires_grad=True) * 2).is_inference()),
    lambda t: _made_inside(t, lambda t: t.ones(3, requires_grad=True)),
    lambda t: _made_inside(t, lambda t: (t.is_inference_mode_enabled(), t.is_grad_enabled())),
    lambda t: (t.is_inference_mode_enabled(), t.ones(2).is_inference()),
    lambda t: _made_inside(t, lambda t: t.ones(3))._version,
    lambda t: _made_inside(t, lambda t: t.ones(3)).add_(1),
    lambda t: _made_inside(t, lambda t: t.ones(3)).__setitem__(0, 5.),
    lambda t: _made_inside(t, lambda t: t.ones(3)).requires_grad_(),
    lambda t: t.ones(3, requires_grad=True) * _made_inside(t, lambda t: t.ones(3)),
    lambda t: _made_inside(t, lambda t: t.ones(3)) @ t.ones(3, requires_grad=True),
    lambda t: t.ones(3, requires_grad=True).exp() + _made_inside(t, lambda t: t.ones(3)),
    lambda t: _made_inside(t, lambda t: t.ones(3)) * 2,
    lambda t: (_made_inside(t, lambda t: t.ones(3)) * 2).is_inference(),
    lambda t: _made_inside(t, lambda t: t.ones(3)).clone().is_inference(),
    lambda t: _made_inside(t, lambda t: t.ones(3)).clone().add_(1),
    lambda t: _made_inside(t, lambda t: t.ones(3)).detach().is_inference(),
    lambda t: _made_inside(t, lambda t: t.ones(3)).data.is_inference(),
    lambda t: _made_inside(t, lambda t: t.ones(4)).view(2, 2).is_inference(),
    lambda t: _made_inside(t, lambda t: t.ones(4))[1:].is_inference(),
], ids=["is_inference", "no_graph", "result_is_inference", "leaf_keeps_requires_grad", "flags_inside",
        "flags_outside", "version_raises", "inplace_outside", "setitem_outside", "requires_grad_outside",
        "saved_for_mul", "saved_for_matmul", "unsaved_add_is_fine", "plain_use_is_fine",
        "plain_result_is_normal", "clone_is_normal", "clone_inplace_is_fine", "detach_stays_inference",
        "data_stays_inference", "view_stays_inference", "slice_stays_inference"])
def test_inference_tensors_match_pytorch(case):
    assert_same_outcome(case)


@pytest.mark.torch
def test_inside_inference_mode_normal_tensors_change_in_place_and_views_stay_normal():
    def program(t):
        w = t.ones(4, requires_grad=True)
        with t.inference_mode():
            w.add_(1)                      # allowed inside, like no_grad
            view = w.view(2, 2)
            detached = w.detach()
            made = t.zeros(2)
            made.add_(1)                   # an inference tensor changes in place inside the block
        return w, w._version, view.is_inference(), detached.is_inference(), made
    assert_same_outcome(program)


@pytest.mark.torch
def test_inference_mode_as_decorator_and_switched_off():
    def program(t):
        w = t.ones(2, requires_grad=True)

        @t.inference_mode()
        def with_parens(x):
            return x * 2

        @t.inference_mode
        def bare(x):
            return x * 3

        @t.inference_mode(False)
        def switched_off(x):
            return x * 4

        with t.inference_mode():
            with t.inference_mode(False):
                inner = w * 5
                inner_flags = (t.is_inference_mode_enabled(), t.is_grad_enabled())
        return (with_parens(w), with_parens(w).is_inference(), bare(w), bare(w).is_inference(), switched_off(w),
                inner, inner.is_inference(), inner_flags, t.is_inference_mode_enabled())
    assert_same_outcome(program)


@pytest.mark.torch
def test_no_grad_tensors_are_not_inference_tensors():
    def program(t):
        with t.no_grad():
            n = t.ones(2)
        n.add_(1)
        return n.is_inference(), n._version
    assert_same_outcome(program)


@portable_bernoulli
@pytest.mark.torch
@pytest.mark.parametrize("case", [
    lambda t: t.empty(10).bernoulli_(0.3), lambda t: t.empty(3).bernoulli_(),
    lambda t: t.empty(3, dtype=t.float64).bernoulli_(0.5), lambda t: t.empty(3, dtype=t.int64).bernoulli_(0.5),
    lambda t: t.empty(3).bernoulli_(1.5), lambda t: t.empty(3).bernoulli_(-0.1),
], ids=["p", "default_p", "float64", "int64", "p_too_big", "p_negative"])
def test_bernoulli_fill_matches_pytorch(case):
    assert_same_outcome(seeded(case))
