"""autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp against the mathematics and PyTorch."""
import numpy as np
import pytest

import autograd_edu as ae
from autograd_edu.autograd import functional as AF

X = np.array([0.1, 0.5, -0.3], np.float32)
Y = np.array([1.0, 2.0, 3.0], np.float32)
V = np.array([1.0, -2.0, 0.5], np.float32)


def test_tutorial_exp_adder_jacobian():
    """T1.6: jacobian of 2·exp(x) + 3·y is (diag(2eˣ), 3·I), a tuple because the inputs are."""
    x, y = ae.tensor(X), ae.tensor(Y)
    dx, dy = AF.jacobian(lambda a, b: 2 * a.exp() + 3 * b, (x, y))
    np.testing.assert_allclose(dx.numpy(), np.diag(2 * np.exp(X)), rtol=1e-6)
    np.testing.assert_array_equal(dy.numpy(), 3 * np.eye(3, dtype=np.float32))
    assert not dx.requires_grad and x.grad is None


def test_output_structure_follows_inputs_and_outputs():
    x, y = ae.tensor(X), ae.tensor(Y)
    assert AF.jacobian(lambda a: a ** 2, x).shape == ae.Size([3, 3])
    assert AF.jacobian(lambda a: a.sum(), x).shape == ae.Size([3])
    assert AF.jacobian(lambda a: a.reshape(3, 1) * a, x).shape == ae.Size([3, 3, 3])
    pair = AF.jacobian(lambda a: (a ** 2, a.sum()), x)
    assert isinstance(pair, tuple) and [p.shape for p in pair] == [ae.Size([3, 3]), ae.Size([3])]
    nested = AF.jacobian(lambda a, b: (a * b, b), (x, y))
    assert len(nested) == 2 and all(len(row) == 2 for row in nested)
    assert isinstance(AF.hessian(lambda a: (a ** 3).sum(), x), ae.Tensor)
    assert len(AF.hessian(lambda a, b: (a * b).sum(), (x, y))) == 2


def test_products_from_the_mathematics():
    x, v = ae.tensor(X), ae.tensor(V)
    # f(x) = Σ x³: gradient 3x², Hessian diag(6x)
    out, hv = AF.hvp(lambda a: (a ** 3).sum(), x, v)
    assert out.item() == pytest.approx(float((X ** 3).sum()), rel=1e-6)
    np.testing.assert_allclose(hv.numpy(), 6 * X * V, rtol=1e-6)
    np.testing.assert_allclose(AF.vhp(lambda a: (a ** 3).sum(), x, v)[1].numpy(), 6 * X * V, rtol=1e-6)
    np.testing.assert_allclose(AF.hessian(lambda a: (a ** 3).sum(), x).numpy(), np.diag(6 * X), rtol=1e-6)
    # g(x) = eˣ elementwise: J = diag(eˣ), so vᵀJ = Jv = v·eˣ
    out, vj = AF.vjp(lambda a: a.exp(), x, v)
    np.testing.assert_allclose(vj.numpy(), V * np.exp(X), rtol=1e-6)
    np.testing.assert_allclose(AF.jvp(lambda a: a.exp(), x, v)[1].numpy(), V * np.exp(X), rtol=1e-6)
    # v may be omitted for a scalar function of a scalar
    assert AF.vjp(lambda a: a * a, ae.tensor(3.0))[1].item() == 6.0
    assert AF.jvp(lambda a: a * a, ae.tensor(3.0))[1].item() == 6.0


def test_independent_output_gives_zeros_or_strict_error():
    x, y = ae.tensor(X), ae.tensor(Y)
    dx, dy = AF.jacobian(lambda a, b: a * 2, (x, y))
    np.testing.assert_array_equal(dy.numpy(), np.zeros((3, 3), np.float32))
    with pytest.raises(RuntimeError, match="independent of input 1. This is not allowed in strict mode."):
        AF.jacobian(lambda a, b: a * 2, (x, y), strict=True)


def test_create_graph_keeps_results_differentiable():
    x = ae.tensor(X, requires_grad=True)
    jac = AF.jacobian(lambda a: (a ** 3).sum(), x, create_graph=True)
    assert jac.requires_grad
    (second,) = ae.autograd.grad(jac.sum(), x)
    np.testing.assert_allclose(second.numpy(), 6 * X, rtol=1e-6)


def test_argument_errors_use_pytorch_words():
    x = ae.tensor(X)
    with pytest.raises(TypeError, match="The inputs given to jacobian must be either a Tensor or a tuple of Tensors "
                                        "but the given inputs has type <class 'list'>."):
        AF.jacobian(lambda a: a, [x])
    with pytest.raises(RuntimeError, match=r"v has invalid size: should be torch.Size\(\[3\]\) but got "
                                           r"torch.Size\(\[2\]\)."):
        AF.vjp(lambda a: a * 2, x, ae.ones(2))
    with pytest.raises(RuntimeError, match="The vector v can only be None if the user-provided function returns a "
                                           "single Tensor with a single element."):
        AF.vjp(lambda a: a * 2, x)
    with pytest.raises(RuntimeError, match="The Tensor returned by the function given to hessian should contain a "
                                           "single element"):
        AF.hessian(lambda a: a * 2, x)


CALLS = {
    "jacobian_tuple": lambda lib, F: F.jacobian(lambda a, b: 2 * a.exp() + 3 * b * a, (lib.tensor(X), lib.tensor(Y))),
    "jacobian_multi_out": lambda lib, F: F.jacobian(lambda a: (a.sin(), (a * a).sum()), lib.tensor(X)),
    "hessian": lambda lib, F: F.hessian(lambda a: (a.exp() * a).sum(), lib.tensor(X)),
    "hessian_tuple": lambda lib, F: F.hessian(lambda a, b: (a * b * b).sum(), (lib.tensor(X), lib.tensor(Y))),
    "vjp": lambda lib, F: F.vjp(lambda a: a.tanh() * 2, lib.tensor(X), lib.tensor(V)),
    "jvp": lambda lib, F: F.jvp(lambda a, b: (a * b, a.exp()), (lib.tensor(X), lib.tensor(Y)),
                                (lib.tensor(V), lib.ones(3))),
    "hvp": lambda lib, F: F.hvp(lambda a: (a.sin() * a).sum(), lib.tensor(X), lib.tensor(V)),
    "vhp": lambda lib, F: F.vhp(lambda a, b: (a * b * b).sum(), (lib.tensor(X), lib.tensor(Y)),
                                (lib.tensor(V), lib.ones(3))),
}


def _flatten(result):
    if isinstance(result, tuple):
        return [leaf for item in result for leaf in _flatten(item)]
    return [result]


@pytest.mark.torch
@pytest.mark.parametrize("call", sorted(CALLS))
def test_matches_pytorch(call):
    torch = pytest.importorskip("torch", reason="differential test needs torch==2.13.0")
    ours = CALLS[call](ae, AF)
    theirs = CALLS[call](torch, torch.autograd.functional)
    ours_flat, theirs_flat = _flatten(ours), _flatten(theirs)
    assert len(ours_flat) == len(theirs_flat)
    for got, want in zip(ours_flat, theirs_flat):
        assert got.shape == tuple(want.shape) and not got.requires_grad
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-5, atol=1e-6)
