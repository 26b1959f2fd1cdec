"""Optimizers: PyTorch's update rules step for step, reprs, zero_grad and errors; and a whole
training run on two moons whose loss curve equals PyTorch's."""
import time

import numpy as np
import pytest

import autograd_edu as ae
from autograd_edu import nn, optim

SGD_REPR = """SGD (
Parameter Group 0
    dampening: 0
    differentiable: False
    foreach: None
    fused: None
    lr: 0.1
    maximize: False
    momentum: 0
    nesterov: False
    weight_decay: 0
)"""


def test_sgd_repr_and_default_lr():
    assert repr(optim.SGD([nn.Parameter(ae.zeros(1))], lr=0.1)) == SGD_REPR
    assert optim.SGD([nn.Parameter(ae.zeros(1))]).param_groups[0]["lr"] == 0.001


def test_adam_and_group_reprs():
    p, q = nn.Parameter(ae.zeros(1)), nn.Parameter(ae.zeros(1))
    assert repr(optim.AdamW([p])) == """AdamW (
Parameter Group 0
    amsgrad: False
    betas: (0.9, 0.999)
    capturable: False
    decoupled_weight_decay: True
    differentiable: False
    eps: 1e-08
    foreach: None
    fused: None
    lr: 0.001
    maximize: False
    weight_decay: 0.01
)"""
    two = repr(optim.SGD([{"params": [p]}, {"params": [q], "lr": 0.5}], lr=0.1))
    assert two.startswith(SGD_REPR[:-1] + "\nParameter Group 1\n") and "    lr: 0.5\n" in two


def test_momentum_numbers_from_pytorch_c18():
    """w² from w = 1, lr 0.1, momentum 0.9: w = 0.8, 0.46, 0.062; buffer 2, 3.4, 3.98."""
    w = nn.Parameter(ae.tensor([1.0]))
    opt = optim.SGD([w], lr=0.1, momentum=0.9)
    for expected_w, expected_buffer in [(0.8, 2.0), (0.46, 3.4), (0.062, 3.98)]:
        opt.zero_grad()
        (w ** 2).sum().backward()
        opt.step()
        assert w.item() == pytest.approx(expected_w, abs=1e-6)
        assert opt.state[w]["momentum_buffer"].item() == pytest.approx(expected_buffer, abs=1e-6)


def test_zero_grad_none_by_default_and_zeros_on_request():
    w = nn.Parameter(ae.tensor([1.0]))
    opt = optim.SGD([w], lr=0.1)
    (w * 3).sum().backward()
    opt.zero_grad(set_to_none=False)
    assert repr(w.grad) == "tensor([0.])"
    opt.zero_grad()
    assert w.grad is None
    opt.step()  # no gradient: nothing changes
    assert w.item() == 1.0


def test_step_is_an_in_place_change_under_no_grad():
    w = nn.Parameter(ae.tensor([1.0, 2.0]))
    opt = optim.SGD([w], lr=0.5)
    (w * w).sum().backward()
    version = w._version
    opt.step()
    assert w.requires_grad and w.is_leaf and w.grad_fn is None and w._version == version + 1
    np.testing.assert_array_equal(w.detach().numpy(), [0.0, 0.0])


def test_closure_is_called_and_its_loss_returned():
    w = nn.Parameter(ae.tensor([2.0]))
    opt = optim.SGD([w], lr=0.25)

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss
    assert opt.step(closure).item() == 4.0 and w.item() == 1.0


@pytest.mark.parametrize("make, error, message", [
    (lambda: optim.SGD([], lr=0.1), ValueError, "optimizer got an empty parameter list"),
    (lambda: optim.Adam([]), ValueError, "optimizer got an empty parameter list"),
    (lambda: optim.SGD([ae.ones(2, requires_grad=True) * 2], lr=0.1), ValueError, "can't optimize a non-leaf Tensor"),
    (lambda: optim.SGD(ae.ones(2, requires_grad=True), lr=0.1), TypeError,
     "params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor"),
    (lambda: optim.SGD([ae.ones(1, requires_grad=True)], lr=-0.1), ValueError, "Invalid learning rate: -0.1"),
    (lambda: optim.SGD([ae.ones(1, requires_grad=True)], lr=0.1, momentum=-1), ValueError,
     "Invalid momentum value: -1"),
    (lambda: optim.SGD([ae.ones(1, requires_grad=True)], lr=0.1, nesterov=True), ValueError,
     "Nesterov momentum requires a momentum and zero dampening"),
    (lambda: optim.Adam([ae.ones(1, requires_grad=True)], betas=(1.0, 0.999)), ValueError,
     "Invalid beta parameter at index 0: 1.0"),
    (lambda: optim.Adam([ae.ones(1, requires_grad=True)], eps=-1), ValueError, "Invalid epsilon value: -1"),
])
def test_optimizer_errors(make, error, message):
    with pytest.raises(error) as raised:
        make()
    assert str(raised.value) == message


# ---- against PyTorch ------------------------------------------------------------------------------
OPTIMIZERS = {
    "sgd": ("SGD", dict(lr=0.1)),
    "sgd_momentum": ("SGD", dict(lr=0.1, momentum=0.9)),
    "sgd_dampening_wd": ("SGD", dict(lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.01)),
    "sgd_nesterov": ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.1)),
    "sgd_maximize": ("SGD", dict(lr=0.01, momentum=0.5, maximize=True)),
    "adam": ("Adam", dict(lr=0.01)),
    "adam_wd_amsgrad": ("Adam", dict(lr=0.02, betas=(0.8, 0.99), weight_decay=0.1, amsgrad=True)),
    "adamw": ("AdamW", dict(lr=0.01, weight_decay=0.05)),
    "adam_maximize": ("Adam", dict(lr=0.001, maximize=True)),
}


def _ten_steps(lib, name, kwargs, x, y):
    lib.manual_seed(1)
    model = lib.nn.Sequential(lib.nn.Linear(3, 8), lib.nn.Tanh(), lib.nn.Linear(8, 1))
    opt = getattr(lib.optim, name)(model.parameters(), **kwargs)
    for _ in range(10):
        opt.zero_grad()
        lib.nn.functional.mse_loss(model(lib.tensor(x)), lib.tensor(y)).backward()
        opt.step()
    return [p.detach().numpy().copy() for p in model.parameters()], repr(opt)


@pytest.mark.torch
@pytest.mark.parametrize("case", sorted(OPTIMIZERS))
def test_ten_steps_match_pytorch(case):
    torch = pytest.importorskip("torch", reason="differential test needs torch==2.13.0")
    name, kwargs = OPTIMIZERS[case]
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(16, 3)).astype(np.float32), rng.normal(size=(16, 1)).astype(np.float32)
    ours, ours_repr = _ten_steps(ae, name, kwargs, x, y)
    theirs, theirs_repr = _ten_steps(torch, name, kwargs, x, y)
    assert ours_repr == theirs_repr
    for got, want in zip(ours, theirs):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def _train_moons(lib, X, y, steps=200):
    lib.manual_seed(0)
    model = lib.nn.Sequential(lib.nn.Linear(2, 16), lib.nn.Tanh(), lib.nn.Linear(16, 2))
    opt = lib.optim.Adam(model.parameters(), lr=0.05)
    loss_fn = lib.nn.CrossEntropyLoss()
    X, y = lib.tensor(X), lib.tensor(y)
    losses = []
    start = time.perf_counter()
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    seconds = time.perf_counter() - start
    with lib.no_grad():
        accuracy = (model(X).argmax(1) == y).float().mean().item()
    return np.array(losses), accuracy, seconds


def test_two_moons_trains_fast_and_well():
    X, y = ae.data.make_moons(200, noise=0.1, seed=0)
    losses, accuracy, seconds = _train_moons(ae, X.numpy(), y.numpy())
    assert accuracy >= 0.97
    assert seconds < 1.0
    assert losses[-1] < 0.1 * losses[0]


@pytest.mark.torch
def test_two_moons_loss_curve_equals_pytorch():
    torch = pytest.importorskip("torch", reason="differential test needs torch==2.13.0")
    X, y = ae.data.make_moons(200, noise=0.1, seed=0)
    ours, our_accuracy, _ = _train_moons(ae, X.numpy(), y.numpy())
    theirs, their_accuracy, _ = _train_moons(torch, X.numpy(), y.numpy())
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6)
    assert our_accuracy == their_accuracy
