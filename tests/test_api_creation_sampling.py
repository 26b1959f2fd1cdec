"""Creation with `size=`, torch.normal and torch.multinomial, each against PyTorch 2.13.

normal and multinomial consume the generator as PyTorch's CPU kernels do, so after the same
`manual_seed` (or `Generator().manual_seed`) the printed samples are PyTorch's, bit for bit.
"""
import numpy as np
import pytest

import autograd_edu as ae
from both_engines import assert_same_outcome

pytestmark = pytest.mark.torch


def seeded(fn, seed=0):
    def run(t):
        t.manual_seed(seed)
        return fn(t)
    return run


@pytest.mark.parametrize("case", [
    lambda t: t.rand(size=(2, 3)),
    lambda t: t.randn(size=[2]),
    lambda t: t.randn(size=(4, 5), dtype=t.float64),
    lambda t: t.zeros(size=(2,)),
    lambda t: t.ones(size=(1, 2), dtype=t.float64),
    lambda t: t.empty(size=(2, 0)).shape,
    lambda t: t.rand(size=t.Size([2])),
    lambda t: t.randn(size=(3,), requires_grad=True),
    lambda t: t.ones(2, size=(3,)),
    lambda t: t.zeros(),
    lambda t: t.zeros(size=3),
    lambda t: t.randint(0, 5, size=(3,)),
], ids=["rand", "randn", "randn_f64", "zeros", "ones_f64", "empty", "Size", "requires_grad", "both", "neither",
        "int_size", "randint"])
def test_size_keyword_matches_pytorch(case):
    assert_same_outcome(seeded(case))


@pytest.mark.parametrize("case", [
    lambda t: t.normal(0., 1., size=(3,)),
    lambda t: t.normal(2., 3., (20,)),
    lambda t: t.normal(0, 1, size=(3,)),
    lambda t: t.normal(0., 1., size=(3,), dtype=t.float64),
    lambda t: t.normal(t.zeros(3), t.ones(3)),
    lambda t: t.normal(t.arange(4.), 0.5),
    lambda t: t.normal(1., t.ones(5)),
    lambda t: t.normal(mean=t.zeros(2, 2), std=2.),
    lambda t: t.normal(t.zeros(1, 3), t.ones(2, 1)),
    lambda t: t.normal(t.zeros(20, dtype=t.float64), 1.),
    lambda t: t.normal(t.zeros(40), t.linspace(0.5, 2., 40)),
    lambda t: t.normal(t.zeros(3, requires_grad=True), 1.),
    lambda t: t.normal(1., t.ones(3, requires_grad=True)),
    lambda t: t.normal(t.zeros(3, requires_grad=True), t.ones(3, requires_grad=True)),
    lambda t: t.normal(t.zeros(3), -1.),
    lambda t: t.normal(0., -1., (2,)),
    lambda t: t.normal(t.zeros(3), t.tensor([1., -1., 1.])),
    lambda t: t.normal(t.zeros(2), t.ones(3)),
    lambda t: t.normal(t.zeros(3, dtype=t.int64), 1.),
    lambda t: t.normal(0., 1.),
], ids=["numbers", "numbers_20", "ints", "f64", "tensor_tensor", "tensor_float", "float_tensor", "keywords",
        "broadcast", "f64_tensor", "std_varies", "grad_fn_1", "grad_fn_2", "grad_fn_3", "negative_std",
        "negative_std_size", "negative_std_tensor", "shape_mismatch", "int_mean", "no_size"])
def test_normal_matches_pytorch(case):
    assert_same_outcome(seeded(case))


def test_normal_gradients_are_zero_as_in_pytorch():
    def program(t):
        mean, std = t.zeros(3, requires_grad=True), t.ones(3, requires_grad=True)
        t.normal(mean, std).sum().backward()
        return mean.grad, std.grad
    assert_same_outcome(seeded(program))


def test_normal_with_a_generator_object():
    assert_same_outcome(lambda t: t.normal(0., 1., size=(5,), generator=t.Generator().manual_seed(42)))


@pytest.mark.parametrize("case", [
    lambda t: t.multinomial(t.tensor([0.2, 0.3, 0.5]), 1),
    lambda t: t.multinomial(t.tensor([0.2, 0.3, 0.5]), 4, replacement=True),
    lambda t: t.multinomial(t.tensor([0.2, 0.3, 0.5]), 3),
    lambda t: t.multinomial(t.rand(27), 1, replacement=True),
    lambda t: t.multinomial(t.rand(4, 27), 5),
    lambda t: t.multinomial(t.rand(4, 27), 30, replacement=True),
    lambda t: t.multinomial(t.rand(3, 5, dtype=t.float64), 2, replacement=True),
    lambda t: t.tensor([1., 2., 3.]).multinomial(2),
    lambda t: t.multinomial(t.tensor([0., 0., 1.]), 2, True),
    lambda t: t.multinomial(t.tensor([0.2, 0.3, 0.5]), 4),
    lambda t: t.multinomial(t.tensor([-0.1, 1.]), 1),
    lambda t: t.multinomial(t.tensor([-0.1, 1.]), 2, True),
    lambda t: t.multinomial(t.zeros(3), 1),
    lambda t: t.multinomial(t.tensor([[0., 0.], [1., 1.]]), 2, True),
    lambda t: t.multinomial(t.tensor([1, 2]), 1),
    lambda t: t.multinomial(t.ones(2, 2, 2), 1),
    lambda t: t.multinomial(t.tensor([float("inf"), 1.]), 1),
    lambda t: t.multinomial(t.tensor([0.5, 0.5]), 0),
], ids=["one", "replacement", "all_without", "27_one", "rows_without", "rows_with", "f64", "method",
        "zero_weights", "too_many", "negative", "negative_with", "zero_sum", "zero_sum_row", "int", "3d", "inf",
        "zero_samples"])
def test_multinomial_matches_pytorch(case):
    assert_same_outcome(seeded(case, seed=3))


def test_makemore_style_sampling_with_a_generator():
    def program(t):
        g = t.Generator().manual_seed(2147483647)
        p = t.rand(27, generator=g)
        p = p / p.sum()
        return [t.multinomial(p, num_samples=1, replacement=True, generator=g).item() for _ in range(20)]
    assert_same_outcome(program)


def test_multinomial_frequencies_follow_the_weights():
    ae.manual_seed(0)
    weights = ae.tensor([1., 2., 7.])
    draws = ae.multinomial(weights, 30_000, replacement=True).numpy()
    freq = np.bincount(draws, minlength=3) / draws.size
    assert np.allclose(freq, [0.1, 0.2, 0.7], atol=0.01)
