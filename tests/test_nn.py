"""nn.Module, Parameter and the layers: structure, printed form, seeded init, errors.

Expected values come from PyTorch 2.13 (measured, or computed by torch where installed)."""
import math
import warnings
from collections import OrderedDict

import numpy as np
import pytest

import autograd_edu as ae
from autograd_edu import nn


class TinyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = nn.Linear(4, 3)
        self.act = nn.ReLU()
        self.seq = nn.Sequential(nn.Linear(3, 2), nn.Tanh())

    def forward(self, x):
        return self.seq(self.act(self.layer1(x)))


# ---- printed form (measured on PyTorch 2.13) ------------------------------------------------------
def test_module_reprs_match_pytorch():
    assert repr(TinyModel()) == (
        "TinyModel(\n"
        "  (layer1): Linear(in_features=4, out_features=3, bias=True)\n"
        "  (act): ReLU()\n"
        "  (seq): Sequential(\n"
        "    (0): Linear(in_features=3, out_features=2, bias=True)\n"
        "    (1): Tanh()\n"
        "  )\n"
        ")")
    model = nn.Sequential(nn.Flatten(), nn.Tanh(), nn.Softmax(dim=1), nn.Softmax(), nn.Linear(3, 4, bias=False))
    assert repr(model) == (
        "Sequential(\n"
        "  (0): Flatten(start_dim=1, end_dim=-1)\n"
        "  (1): Tanh()\n"
        "  (2): Softmax(dim=1)\n"
        "  (3): Softmax(dim=None)\n"
        "  (4): Linear(in_features=3, out_features=4, bias=False)\n"
        ")")
    assert repr(nn.Module()) == "Module()"
    assert [repr(m) for m in (nn.MSELoss(), nn.L1Loss(), nn.BCELoss(), nn.BCEWithLogitsLoss(),
                              nn.CrossEntropyLoss(), nn.NLLLoss(), nn.Sigmoid(), nn.Flatten(0, 2))] == [
        "MSELoss()", "L1Loss()", "BCELoss()", "BCEWithLogitsLoss()", "CrossEntropyLoss()", "NLLLoss()",
        "Sigmoid()", "Flatten(start_dim=0, end_dim=2)"]


def test_parameter_repr_and_semantics():
    p = nn.Parameter(ae.tensor([1., 2.]))
    assert repr(p) == str(p) == "Parameter containing:\ntensor([1., 2.], requires_grad=True)"
    assert repr(nn.Parameter(ae.tensor([1., 2.]), requires_grad=False)) == "Parameter containing:\ntensor([1., 2.])"
    assert p.is_leaf and p.requires_grad
    doubled = p * 2
    assert type(doubled) is ae.Tensor and repr(doubled) == "tensor([2., 4.], grad_fn=<MulBackward0>)"
    with pytest.raises(RuntimeError, match="Only Tensors of floating point and complex dtype can require gradients"):
        nn.Parameter(ae.tensor([1, 2]))


def test_sequential_indexing_slicing_and_errors():
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())
    assert len(model) == 4 and isinstance(model[-1], nn.Sigmoid) and isinstance(model[0], nn.Linear)
    assert repr(model[1:3]) == ("Sequential(\n  (1): ReLU()\n  (2): Linear(in_features=16, out_features=1, "
                                "bias=True)\n)")
    with pytest.raises(IndexError, match="index 4 is out of range"):
        model[4]
    named = nn.Sequential(OrderedDict([("hidden", nn.Linear(2, 3)), ("act", nn.ReLU())]))
    assert [name for name, _ in named.named_children()] == ["hidden", "act"]


# ---- the module tree -----------------------------------------------------------------------------
def test_parameters_modules_children_and_state_dict_order():
    model = TinyModel()
    assert [name for name, _ in model.named_parameters()] == ["layer1.weight", "layer1.bias", "seq.0.weight",
                                                              "seq.0.bias"]
    assert [name for name, _ in model.named_modules()] == ["", "layer1", "act", "seq", "seq.0", "seq.1"]
    assert [type(c).__name__ for c in model.children()] == ["Linear", "ReLU", "Sequential"]
    state = model.state_dict()
    assert type(state) is OrderedDict and list(state) == ["layer1.weight", "layer1.bias", "seq.0.weight", "seq.0.bias"]
    assert not state["layer1.weight"].requires_grad
    assert all(p.requires_grad and p.is_leaf for p in model.parameters())


def test_shared_parameter_listed_once():
    shared = nn.Linear(2, 2)
    model = nn.Sequential(shared, nn.ReLU(), shared)
    assert len(list(model.parameters())) == 2
    assert list(model.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_train_eval_requires_grad_and_zero_grad():
    model = TinyModel()
    assert model.training and not model.eval().training and not model.seq[0].training
    assert model.train().seq[1].training
    with pytest.raises(ValueError, match="training mode is expected to be boolean"):
        model.train("yes")
    model(ae.ones(2, 4)).sum().backward()
    assert model.layer1.weight.grad is not None
    model.zero_grad(set_to_none=False)
    assert np.array_equal(model.layer1.weight.grad.numpy(), np.zeros((3, 4), np.float32))
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())
    model.requires_grad_(False)
    assert not any(p.requires_grad for p in model.parameters())


def test_load_state_dict_copies_and_reports_like_pytorch():
    source, target = nn.Linear(2, 5), nn.Linear(2, 5)
    assert repr(target.load_state_dict(source.state_dict())) == "<All keys matched successfully>"
    assert np.array_equal(target.weight.detach().numpy(), source.weight.detach().numpy())
    with pytest.raises(RuntimeError) as missing:
        target.load_state_dict({"weight": ae.zeros(5, 2)})
    assert str(missing.value) == 'Error(s) in loading state_dict for Linear:\n\tMissing key(s) in state_dict: "bias". '
    with pytest.raises(RuntimeError) as size:
        target.load_state_dict({"weight": ae.zeros(5, 3), "bias": ae.zeros(5)})
    assert str(size.value) == ("Error(s) in loading state_dict for Linear:\n\tsize mismatch for weight: copying a param "
                               "with shape torch.Size([5, 3]) from checkpoint, the shape in current model is "
                               "torch.Size([5, 2]).")
    keys = target.load_state_dict({"weight": ae.zeros(5, 2), "foo": ae.zeros(1)}, strict=False)
    assert repr(keys) == "_IncompatibleKeys(missing_keys=['bias'], unexpected_keys=['foo'])"


def test_module_errors():
    with pytest.raises(AttributeError, match="'Linear' object has no attribute 'foo'"):
        nn.Linear(2, 2).foo

    class Broken(nn.Module):
        pass
    with pytest.raises(NotImplementedError, match=r'Module \[Broken\] is missing the required "forward" function'):
        Broken()(ae.ones(1))


# ---- Linear ---------------------------------------------------------------------------------------
def test_linear_shapes_grad_fn_and_math():
    layer = nn.Linear(3, 2)
    assert layer.weight.shape == ae.Size([2, 3]) and layer.bias.shape == ae.Size([2])
    x = ae.tensor([[1., 2., 3.], [0., -1., 0.5]])
    y = layer(x)
    assert type(y.grad_fn).__name__ == "AddmmBackward0"
    w, b = layer.weight.detach().numpy(), layer.bias.detach().numpy()
    np.testing.assert_allclose(y.detach().numpy(), x.numpy() @ w.T + b, rtol=1e-6)
    assert type(nn.Linear(3, 2, bias=False)(x).grad_fn).__name__ == "MmBackward0"
    assert layer(ae.ones(3)).shape == ae.Size([2]) and layer(ae.ones(4, 5, 3)).shape == ae.Size([4, 5, 2])
    # the init bound: every weight and bias in U(-1/sqrt(in), 1/sqrt(in))
    wide = nn.Linear(400, 30)
    assert np.abs(wide.weight.detach().numpy()).max() <= 1 / math.sqrt(400)
    assert np.abs(wide.weight.detach().numpy()).max() > 0.9 / math.sqrt(400)


@pytest.mark.parametrize("shape, message", [
    ((4, 3), r"mat1 and mat2 shapes cannot be multiplied \(4x3 and 2x5\)"),
    ((3,), r"mat1 and mat2 shapes cannot be multiplied \(1x3 and 2x5\)"),
    ((2, 4, 3), r"mat1 and mat2 shapes cannot be multiplied \(8x3 and 2x5\)"),
])
def test_linear_wrong_width_names_shapes(shape, message):
    with pytest.raises(RuntimeError, match=message):
        nn.Linear(2, 5)(ae.ones(*shape))
    with pytest.raises(RuntimeError, match=message):
        nn.Linear(2, 5, bias=False)(ae.ones(*shape))


def test_linear_other_errors():
    with pytest.raises(RuntimeError, match="both arguments to linear need to be at least 1D, but they are 0D and 2D"):
        nn.Linear(2, 5)(ae.tensor(1.))
    with pytest.raises(RuntimeError, match="mat1 and mat2 must have the same dtype, but got Double and Float"):
        nn.Linear(2, 5)(ae.ones(4, 2, dtype=ae.float64))


def test_softmax_without_dim_warns_and_picks_dim_1():
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax has been deprecated"):
        out = nn.Softmax()(ae.tensor([[0., 0.], [1., 1.]]))
    np.testing.assert_allclose(out.numpy(), np.full((2, 2), 0.5, np.float32))


# ---- against PyTorch ------------------------------------------------------------------------------
torch_mark = pytest.mark.torch


@torch_mark
@pytest.mark.parametrize("seed, sizes", [(0, (2, 16)), (1, (1000, 100)), (42, (3, 7)), (7, (16, 1))])
def test_linear_init_is_bit_identical_to_pytorch(seed, sizes):
    torch = pytest.importorskip("torch", reason="differential test needs torch==2.13.0")
    ae.manual_seed(seed)
    ours = nn.Linear(*sizes)
    torch.manual_seed(seed)
    theirs = torch.nn.Linear(*sizes)
    assert np.array_equal(ours.weight.detach().numpy(), theirs.weight.detach().numpy())
    assert np.array_equal(ours.bias.detach().numpy(), theirs.bias.detach().numpy())
    # the stream continues identically after the layer
    assert np.array_equal(ae.rand(5).numpy(), torch.rand(5).numpy())


@torch_mark
@pytest.mark.parametrize("n", [1, 3, 15, 16, 17, 100])
def test_rand_randn_after_manual_seed_match_pytorch(n):
    torch = pytest.importorskip("torch", reason="differential test needs torch==2.13.0")
    ae.manual_seed(3)
    torch.manual_seed(3)
    assert np.array_equal(ae.rand(n).numpy(), torch.rand(n).numpy())
    np.testing.assert_allclose(ae.randn(n, 2).numpy(), torch.randn(n, 2).numpy(), rtol=0, atol=1e-6)


@torch_mark
def test_init_functions_match_pytorch():
    torch = pytest.importorskip("torch", reason="differential test needs torch==2.13.0")
    ours, theirs = nn.Parameter(ae.zeros(5, 4)), torch.nn.Parameter(torch.zeros(5, 4))
    for ae_fn, torch_fn in [(lambda p: nn.init.uniform_(p, -2, 3), lambda p: torch.nn.init.uniform_(p, -2, 3)),
                            (lambda p: nn.init.normal_(p, 1, 2), lambda p: torch.nn.init.normal_(p, 1, 2)),
                            (nn.init.kaiming_uniform_, torch.nn.init.kaiming_uniform_),
                            (nn.init.xavier_uniform_, torch.nn.init.xavier_uniform_),
                            (nn.init.zeros_, torch.nn.init.zeros_)]:
        ae.manual_seed(5)
        torch.manual_seed(5)
        ae_fn(ours)
        torch_fn(theirs)
        np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=0, atol=1e-6)


@torch_mark
@pytest.mark.parametrize("build", [
    lambda nn_: nn_.Sequential(nn_.Linear(3, 4), nn_.ReLU(), nn_.Linear(4, 2), nn_.Softmax(dim=1)),
    lambda nn_: nn_.Sequential(nn_.Flatten(), nn_.Linear(6, 3), nn_.Tanh(), nn_.Linear(3, 1), nn_.Sigmoid()),
    lambda nn_: nn_.Sequential(nn_.Linear(3, 5, bias=False), nn_.LogSoftmax(dim=1)),
])
def test_modules_forward_backward_match_pytorch(build):
    torch = pytest.importorskip("torch", reason="differential test needs torch==2.13.0")
    ae.manual_seed(11)
    ours = build(nn)
    torch.manual_seed(11)
    theirs = build(torch.nn)
    x = np.random.default_rng(0).normal(size=(5, 3) if "Flatten" not in repr(ours) else (5, 2, 3)).astype(np.float32)
    x_ours, x_theirs = ae.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out_ours, out_theirs = ours(x_ours), theirs(x_theirs)
    assert repr(ours) == repr(theirs)
    assert type(out_ours.grad_fn).__name__ == type(out_theirs.grad_fn).__name__
    np.testing.assert_allclose(out_ours.detach().numpy(), out_theirs.detach().numpy(), rtol=1e-5, atol=1e-6)
    weights = np.linspace(-1, 1, out_theirs.numel(), dtype=np.float32).reshape(tuple(out_theirs.shape))
    (out_ours * ae.tensor(weights)).sum().backward()
    (out_theirs * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(x_ours.grad.numpy(), x_theirs.grad.numpy(), rtol=1e-5, atol=1e-6)
    for (name, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-5, atol=1e-6, err_msg=name)


def test_no_warning_from_normal_use():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        nn.Sequential(nn.Linear(2, 3), nn.ReLU())(ae.ones(4, 2)).sum().backward()
    assert [str(w.message) for w in caught] == []


def _tutorial_t13_prints(lib):
    """The "Autograd in Training" tutorial (T1.3), seeded: everything it prints, as strings."""
    lib.manual_seed(42)

    class TinyModel(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.layer1 = lib.nn.Linear(1000, 100)
            self.relu = lib.nn.ReLU()
            self.layer2 = lib.nn.Linear(100, 10)

        def forward(self, x):
            return self.layer2(self.relu(self.layer1(x)))

    some_input, ideal_output = lib.randn(16, 1000), lib.randn(16, 10)
    model = TinyModel()
    prints = [str(model.layer2.weight[0][0:10]), str(model.layer2.weight.grad)]  # printed when made, as in T1.3
    optimizer = lib.optim.SGD(model.parameters(), lr=0.001)
    loss = (ideal_output - model(some_input)).pow(2).sum()
    loss.backward()
    prints += [str(loss), str(model.layer2.weight.grad[0][0:10])]
    optimizer.step()
    prints.append(str(model.layer2.weight[0][0:10]))
    for _ in range(5):
        (ideal_output - model(some_input)).pow(2).sum().backward()
    prints.append(str(model.layer2.weight.grad[0][0:10]))
    optimizer.zero_grad(set_to_none=False)
    prints += [str(model.layer2.weight.grad[0][0:10]), str(model), str(optimizer)]
    return prints


@torch_mark
def test_seeded_training_tutorial_prints_what_pytorch_prints():
    torch = pytest.importorskip("torch", reason="differential test needs torch==2.13.0")
    assert _tutorial_t13_prints(ae) == _tutorial_t13_prints(torch)
