"""The five source tutorials (shared/seeds/INDEX.md) and the official tutorial steps
(shared/reference/tutorial_checklist.md T1.2-T1.4, T1.6, T2.2), run with
`import autograd_edu as torch`.

Every expected string below is what PyTorch 2.13 printed, as quoted in INDEX.md,
tutorial_checklist.md or pytorch_behaviour.md, or follows from mathematics. Where a reference
only quotes part of a print (e.g. the e-notation entries of sin(linspace)), the full string is
also compared with live PyTorch when it is installed.
"""
import math
import warnings

import numpy as np
import pytest

import autograd_edu as torch
from oracle import TORCH_REASON, mask_addresses

SCALAR_SENTENCE = "grad can be implicitly created only for scalar outputs"


def _real_torch():
    return pytest.importorskip("torch", reason=TORCH_REASON)


def _grad_no_warning(t):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return t.grad


# ---- seed 000: backward basics ---------------------------------------------------------------
def test_seed000_mean_of_quotient():
    x = torch.ones(3, 3)
    assert x.requires_grad is False
    x.requires_grad_(True)
    assert x.requires_grad is True
    y = x ** 2 / (x - 2)
    assert type(y.grad_fn).__name__ == "DivBackward0"
    assert "grad_fn=<DivBackward0>" in repr(y)
    out = y.mean()
    assert repr(out) == "tensor(-1., grad_fn=<MeanBackward0>)"
    assert _grad_no_warning(x) is None
    out.backward()
    row = "[-0.3333, -0.3333, -0.3333]"
    assert repr(x.grad) == f"tensor([{row},\n        {row},\n        {row}])"
    # d/dx (1/9) x^2/(x-2) = (1/9)(x^2 - 4x)/(x-2)^2 = -1/3 at x = 1
    np.testing.assert_allclose(x.grad.numpy(), np.full((3, 3), -1 / 3), rtol=1e-6)


def test_seed000_non_scalar_backward_and_vjp():
    x = torch.ones(3, requires_grad=True)
    y = x * 2 * 2
    assert repr(y) == "tensor([4., 4., 4.], grad_fn=<MulBackward0>)"
    with pytest.raises(RuntimeError) as info:
        y.backward()
    assert str(info.value).startswith(SCALAR_SENTENCE)
    assert "[3]" in str(info.value)  # the engine's hint names the shape
    v = torch.tensor([0.1, 1.0, 0.0001])
    y.backward(v)
    assert repr(x.grad) == "tensor([4.0000e-01, 4.0000e+00, 4.0000e-04])"


def test_seed000_no_grad():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    with torch.no_grad():
        z = y * 2
    assert z.requires_grad is False
    assert z.grad_fn is None
    assert (y * 2).requires_grad is True


# ---- seed 001: Variable, data, grad, grad_fn, accumulation -----------------------------------
def test_seed001_accumulation_and_zero():
    x = torch.autograd.Variable(torch.ones(2, 2), requires_grad=True)
    assert isinstance(x, torch.Tensor)
    y = x.sum()
    assert repr(y) == "tensor(4., grad_fn=<SumBackward0>)"
    assert type(y.grad_fn).__name__ == "SumBackward0"
    assert mask_addresses(repr(y.grad_fn)) == "<SumBackward0 object at 0x…>"
    expected = ["tensor([[1., 1.],\n        [1., 1.]])", "tensor([[2., 2.],\n        [2., 2.]])",
                "tensor([[3., 3.],\n        [3., 3.]])"]
    for want in expected:
        y.backward()  # SumBackward0 saved no tensor: no retain_graph needed
        assert repr(x.grad) == want
    x.grad.data.zero_()
    assert repr(x.grad) == "tensor([[0., 0.],\n        [0., 0.]])"
    y.backward()
    assert repr(x.grad) == expected[0]


def test_seed001_cos_through_tensor_and_data():
    x = torch.ones(4, 5)
    row = "[" + ", ".join(["0.5403"] * 5) + "]"
    want = "tensor([" + ",\n        ".join([row] * 4) + "])"
    assert repr(torch.cos(x)) == want
    assert repr(torch.cos(x.data)) == want
    np.testing.assert_allclose(torch.cos(x).numpy(), np.full((4, 5), math.cos(1.0)), rtol=1e-6)


# ---- seed 002 / T1.2: linspace -> sin -> 2b -> +1 -> sum ---------------------------------------
A_REPR = ("tensor([0.0000, 0.2618, 0.5236, 0.7854, 1.0472, 1.3090, 1.5708, 1.8326, 2.0944,\n"
          "        2.3562, 2.6180, 2.8798, 3.1416, 3.4034, 3.6652, 3.9270, 4.1888, 4.4506,\n"
          "        4.7124, 4.9742, 5.2360, 5.4978, 5.7596, 6.0214, 6.2832],\n"
          "       requires_grad=True)")


def _sin_chain(lib):
    a = lib.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
    b = lib.sin(a)
    c = 2 * b
    d = c + 1
    out = d.sum()
    return a, b, c, d, out


def _walk(d):
    """T1.2 step 7: d.grad_fn, its next_functions, and three more levels (as printed)."""
    lines = [repr(d.grad_fn), repr(d.grad_fn.next_functions)]
    node = d.grad_fn.next_functions[0][0]
    lines.append(repr(node.next_functions))
    node = node.next_functions[0][0]
    lines.append(repr(node.next_functions))
    node = node.next_functions[0][0]
    lines.append(repr(node.next_functions))
    return [mask_addresses(line) for line in lines]


def test_seed002_prints():
    a, b, c, d, out = _sin_chain(torch)
    assert repr(a) == A_REPR
    rb = repr(b)
    assert "grad_fn=<SinBackward0>" in rb
    assert "-8.7423e-08" in rb and rb.endswith("1.7485e-07],\n       grad_fn=<SinBackward0>)")
    assert "grad_fn=<MulBackward0>" in repr(c)
    assert "grad_fn=<AddBackward0>" in repr(d)
    assert repr(out) == "tensor(25., grad_fn=<SumBackward0>)"


def test_seed002_grad_fn_walk():
    a, b, c, d, out = _sin_chain(torch)
    assert _walk(d) == [
        "<AddBackward0 object at 0x…>",
        "((<MulBackward0 object at 0x…>, 0), (None, 0))",
        "((<SinBackward0 object at 0x…>, 0), (None, 0))",
        "((<AccumulateGrad object at 0x…>, 0),)",
        "()",
    ]
    acc = d.grad_fn.next_functions[0][0].next_functions[0][0].next_functions[0][0]
    assert acc.variable is a
    assert "MulBackward0" in repr(c.grad_fn) and "SinBackward0" in repr(b.grad_fn)
    assert a.grad_fn is None


def test_seed002_backward_gives_two_cos():
    a, b, c, d, out = _sin_chain(torch)
    out.backward()
    assert torch.allclose(a.grad, 2 * torch.cos(a))
    np.testing.assert_allclose(a.grad.numpy(), 2 * np.cos(a.detach().numpy().astype(np.float64)), atol=1e-6)
    ra = repr(a.grad)
    assert ra.startswith("tensor([ 2.0000e+00,  1.9319e+00,  1.7321e+00,")  # T1.2.8: 2.0000, 1.9319, 1.7321, ...
    assert "2.3850e-08" in ra  # C22: the 3π/2 entry that switches the print to e-notation
    with pytest.warns(UserWarning, match="is not a leaf Tensor"):
        assert c.grad is None  # T1.2.9: only leaves get .grad


def test_seed002_matches_live_torch():
    real = _real_torch()
    ours, theirs = _sin_chain(torch), _sin_chain(real)
    for o, t in zip(ours, theirs):
        assert repr(o) == repr(t)
    assert _walk(ours[3]) == _walk(theirs[3])
    ours[4].backward()
    theirs[4].backward()
    assert repr(ours[0].grad) == repr(theirs[0].grad)


# ---- seed 003: backward versus autograd.grad ---------------------------------------------------
def test_seed003_autograd_grad():
    x = torch.tensor([2.0], requires_grad=True)
    y = x ** 2 + 3 * x + 1
    assert repr(y) == "tensor([11.], grad_fn=<AddBackward0>)"
    g = torch.autograd.grad(y, x)
    assert isinstance(g, tuple)
    assert repr(g) == "(tensor([7.]),)"  # 2x + 3 at x = 2
    assert x.grad is None  # autograd.grad touches no .grad


# ---- seed 004: special functions ---------------------------------------------------------------
def test_seed004_pow_sum():
    x = torch.tensor([1., 1., 1.], requires_grad=True)
    y = torch.tensor([2., 2., 2.], requires_grad=True)
    z = torch.pow(x, 2) + torch.pow(y, 2)
    z.sum().backward()
    assert repr((x.grad, y.grad)) == "(tensor([2., 2., 2.]), tensor([4., 4., 4.]))"


def test_seed004_max_ties_share():
    x = torch.tensor([1., 2., 3., 4., 4., 0.], requires_grad=True)
    m = torch.max(x)
    assert repr(m) == "tensor(4., grad_fn=<MaxBackward1>)"
    m.backward()
    assert repr(x.grad) == "tensor([0.0000, 0.0000, 0.0000, 0.5000, 0.5000, 0.0000])"


def test_seed004_clip():
    x = torch.tensor([1., 2., 3., 4., 5., 6., 7.], requires_grad=True)
    y = torch.clip(x, 1.5, 5.5)
    assert type(y.grad_fn).__name__ == "ClampBackward1"
    assert repr(y).startswith("tensor([1.5000, 2.0000, 3.0000, 4.0000, 5.0000, 5.5000, 5.5000]")
    assert repr(y).endswith("grad_fn=<ClampBackward1>)")
    y.sum().backward()
    assert repr(x.grad) == "tensor([0., 1., 1., 1., 1., 0., 0.])"


def test_seed004_clip_repr_matches_live_torch():
    real = _real_torch()
    y = torch.clip(torch.tensor([1., 2., 3., 4., 5., 6., 7.], requires_grad=True), 1.5, 5.5)
    t = real.clip(real.tensor([1., 2., 3., 4., 5., 6., 7.], requires_grad=True), 1.5, 5.5)
    assert repr(y) == repr(t)


# ---- T1.3 without nn/optim: a hand-written two-layer model -----------------------------------
def _tiny_model(lib, arrays):
    w1, w2, x, target = (lib.tensor(a) for a in arrays)
    w1.requires_grad_()
    w2.requires_grad_()
    return w1, w2, x, target


def _tiny_loss(lib, w1, w2, x, target):
    h = lib.relu(x @ w1.t())
    pred = h @ w2.t()
    return (target - pred).pow(2).sum()


def test_t1_3_training_by_hand():
    rng = np.random.default_rng(3)
    arrays = [rng.standard_normal((10, 20)).astype(np.float32) * 0.1,
              rng.standard_normal((4, 10)).astype(np.float32) * 0.1,
              rng.standard_normal((6, 20)).astype(np.float32), rng.standard_normal((6, 4)).astype(np.float32)]
    w1, w2, x, target = _tiny_model(torch, arrays)
    piece = w2[0][0:10]
    assert "grad_fn=<SliceBackward0>" in repr(piece)
    assert w2.grad is None
    loss = _tiny_loss(torch, w1, w2, x, target)
    assert "grad_fn=<SumBackward0>" in repr(loss)
    before = w2.detach().clone()
    loss.backward()
    assert torch.equal(w2.detach(), before)  # backward alone does not change the weights
    first = w2.grad.clone()
    with torch.no_grad():  # the SGD step
        w2 -= 0.001 * w2.grad
    assert not torch.equal(w2.detach(), before) and w2.is_leaf
    # accumulation: 5 more backward passes without zeroing keep adding up
    for _ in range(5):
        _tiny_loss(torch, w1, w2, x, target).backward()
    assert float(w2.grad.abs().sum()) > 3 * float(first.abs().sum())
    w2.grad.zero_()
    assert repr(w2.grad[0][0:3]) == "tensor([0., 0., 0.])"


def test_t1_3_matches_live_torch():
    real = _real_torch()
    rng = np.random.default_rng(4)
    arrays = [rng.standard_normal((10, 20)) * 0.1, rng.standard_normal((4, 10)) * 0.1,
              rng.standard_normal((6, 20)), rng.standard_normal((6, 4))]
    arrays = [a.astype(np.float32) for a in arrays]
    grads = []
    for lib in (torch, real):
        w1, w2, x, target = _tiny_model(lib, arrays)
        loss = _tiny_loss(lib, w1, w2, x, target)
        loss.backward()
        grads.append((loss.item(), w1.grad.numpy().copy(), w2.grad.numpy().copy()))
    np.testing.assert_allclose(grads[0][0], grads[1][0], rtol=1e-5)
    for a, b in zip(grads[0][1:], grads[1][1:]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


# ---- T1.4: turning autograd off and on -------------------------------------------------------
ONES_23 = "tensor([[1., 1., 1.],\n        [1., 1., 1.]]"


def test_t1_4_requires_grad_flag():
    a = torch.ones(2, 3, requires_grad=True)
    assert repr(a) == ONES_23 + ", requires_grad=True)"
    b1 = 2 * a
    assert repr(b1) == "tensor([[2., 2., 2.],\n        [2., 2., 2.]], grad_fn=<MulBackward0>)"
    a.requires_grad = False
    b2 = 2 * a
    assert repr(b2) == "tensor([[2., 2., 2.],\n        [2., 2., 2.]])"


def test_t1_4_no_grad_context():
    a = torch.ones(2, 3, requires_grad=True) * 2
    b = torch.ones(2, 3, requires_grad=True) * 3
    c1 = a + b
    assert repr(c1) == "tensor([[5., 5., 5.],\n        [5., 5., 5.]], grad_fn=<AddBackward0>)"
    with torch.no_grad():
        c2 = a + b
    assert repr(c2) == "tensor([[5., 5., 5.],\n        [5., 5., 5.]])"
    c3 = a * b
    assert repr(c3) == "tensor([[6., 6., 6.],\n        [6., 6., 6.]], grad_fn=<MulBackward0>)"


def test_t1_4_no_grad_decorator():
    def add_tensors1(x, y):
        return x + y

    @torch.no_grad()
    def add_tensors2(x, y):
        return x + y

    a = torch.ones(2, 3, requires_grad=True) * 2
    b = torch.ones(2, 3, requires_grad=True) * 3
    c1 = add_tensors1(a, b)
    c2 = add_tensors2(a, b)
    assert repr(c1).endswith("grad_fn=<AddBackward0>)")
    assert repr(c2) == "tensor([[5., 5., 5.],\n        [5., 5., 5.]])"
    assert torch.is_grad_enabled()


def test_t1_4_detach():
    torch.manual_seed(0)
    x = torch.rand(5, requires_grad=True)
    y = x.detach()
    assert repr(x).endswith(", requires_grad=True)")
    assert repr(y) == repr(x)[: -len(", requires_grad=True)")] + ")"
    assert y.requires_grad is False and y.is_leaf


def test_t1_4_inplace_on_leaf():
    a = torch.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        torch.sin_(a) if hasattr(torch, "sin_") else a.sin_()
    assert str(info.value).startswith("a leaf Variable that requires grad is being used in an in-place operation.")


# ---- T1.6: the doubling loop and backward(v) -------------------------------------------------
def test_t1_6_vector_jacobian_product():
    torch.manual_seed(1)
    x = torch.randn(3, requires_grad=True)
    y = x * 2
    doublings = 1
    while y.data.norm() < 1000:
        y = y * 2
        doublings += 1
    assert "grad_fn=<MulBackward0>" in repr(y)
    with pytest.raises(RuntimeError) as info:
        y.backward()
    assert str(info.value).startswith(SCALAR_SENTENCE)
    v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
    y.backward(v)
    np.testing.assert_allclose(x.grad.numpy(), np.array([0.1, 1.0, 0.0001], np.float32) * 2 ** doublings,
                               rtol=1e-6)


# ---- T2.2: differentiation in autograd -------------------------------------------------------
def test_t2_2_q():
    a = torch.tensor([2., 3.], requires_grad=True)
    b = torch.tensor([6., 4.], requires_grad=True)
    Q = 3 * a ** 3 - b ** 2
    assert repr(Q) == "tensor([-12.,  65.], grad_fn=<SubBackward0>)"
    Q.backward(gradient=torch.tensor([1., 1.]))
    assert repr(9 * a ** 2 == a.grad) == "tensor([True, True])"
    assert repr(-2 * b == b.grad) == "tensor([True, True])"
    assert repr(a.grad) == "tensor([36., 81.])" and repr(b.grad) == "tensor([-12.,  -8.])"


def test_t2_2_sum_backward_is_the_same():
    a = torch.tensor([2., 3.], requires_grad=True)
    b = torch.tensor([6., 4.], requires_grad=True)
    (3 * a ** 3 - b ** 2).sum().backward()
    assert repr(a.grad) == "tensor([36., 81.])" and repr(b.grad) == "tensor([-12.,  -8.])"


def test_t2_4_exclusion_from_the_dag():
    x, y = torch.rand(5, 5), torch.rand(5, 5)
    z = torch.rand((5, 5), requires_grad=True)
    a = x + y
    b = x + z
    assert f"Does `a` require gradients? : {a.requires_grad}" == "Does `a` require gradients? : False"
    assert f"Does `b` require gradients?: {b.requires_grad}" == "Does `b` require gradients?: True"
