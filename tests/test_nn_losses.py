"""Losses and nn.functional: values, gradients (input and target), grad_fn names and errors.

Values are checked against PyTorch where it is installed and against the formulas otherwise."""
import numpy as np
import pytest

import autograd_edu as ae
import autograd_edu.nn.functional as F
from autograd_edu import nn

rng = np.random.default_rng(0)
LOGITS = rng.normal(size=(6, 4)).astype(np.float32)
REAL_TARGET = rng.normal(size=(6, 4)).astype(np.float32)
PROBS = (1 / (1 + np.exp(-LOGITS))).astype(np.float32)
SOFT_LABELS = rng.uniform(size=(6, 4)).astype(np.float32)
CLASSES = np.array([0, 3, 1, 1, 2, 0], np.int64)
CLASS_WEIGHTS = np.array([1.0, 2.0, 0.5, 3.0], np.float32)

# name -> (function name in F, input, target, keyword arguments, is the target differentiable?)
CASES = {
    "mse": ("mse_loss", LOGITS, REAL_TARGET, {}, True),
    "l1": ("l1_loss", LOGITS, REAL_TARGET, {}, True),
    "bce": ("binary_cross_entropy", PROBS, SOFT_LABELS, {}, True),
    "bce_logits": ("binary_cross_entropy_with_logits", LOGITS, SOFT_LABELS, {}, True),
    "nll": ("nll_loss", LOGITS, CLASSES, {}, False),
    "nll_ignore": ("nll_loss", LOGITS, np.array([0, -100, 1, 1, 2, -100]), {}, False),
    "cross_entropy": ("cross_entropy", LOGITS, CLASSES, {}, False),
    "cross_entropy_weighted": ("cross_entropy", LOGITS, CLASSES, {"weight": CLASS_WEIGHTS}, False),
    "cross_entropy_one_sample": ("cross_entropy", LOGITS[0], np.array(2), {}, False),
    "cross_entropy_probabilities": ("cross_entropy", LOGITS, SOFT_LABELS / SOFT_LABELS.sum(1, keepdims=True), {},
                                    True),
}


def _run(lib, fn_name, x, t, kwargs, reduction, target_grad):
    x = lib.tensor(x, requires_grad=True)
    t = lib.tensor(t, requires_grad=target_grad)
    kwargs = {k: lib.tensor(v) for k, v in kwargs.items()}
    functional = F if lib is ae else lib.nn.functional
    loss = getattr(functional, fn_name)(x, t, reduction=reduction, **kwargs)
    upstream = np.linspace(0.5, 1.5, loss.numel(), dtype=np.float32).reshape(tuple(loss.shape))
    (loss * lib.tensor(upstream)).sum().backward()
    return loss, x.grad.numpy(), (t.grad.numpy() if target_grad else None)


@pytest.mark.torch
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_loss_matches_pytorch(case, reduction):
    torch = pytest.importorskip("torch", reason="differential test needs torch==2.13.0")
    fn_name, x, t, kwargs, target_grad = CASES[case]
    ours = _run(ae, fn_name, x, t, kwargs, reduction, target_grad)
    theirs = _run(torch, fn_name, x, t, kwargs, reduction, target_grad)
    assert ours[0].shape == theirs[0].shape
    if not (case == "cross_entropy_probabilities" and reduction == "mean"):  # PyTorch: DivBackward1 (a Scalar op)
        assert type(ours[0].grad_fn).__name__ == type(theirs[0].grad_fn).__name__
    np.testing.assert_allclose(ours[0].detach().numpy(), theirs[0].detach().numpy(), rtol=1e-5, atol=1e-6)
    for got, want in zip(ours[1:], theirs[1:]):
        if want is not None:
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_loss_node_names_and_edges():
    x = ae.tensor(LOGITS, requires_grad=True)
    names = {
        "MseLossBackward0": F.mse_loss(x, ae.tensor(REAL_TARGET)),
        "MeanBackward0": F.l1_loss(x, ae.tensor(REAL_TARGET)),
        "BinaryCrossEntropyBackward0": F.binary_cross_entropy(x.sigmoid(), ae.tensor(SOFT_LABELS)),
        "BinaryCrossEntropyWithLogitsBackward0": F.binary_cross_entropy_with_logits(x, ae.tensor(SOFT_LABELS)),
        "NllLossBackward0": F.cross_entropy(x, ae.tensor(CLASSES)),
    }
    for name, loss in names.items():
        assert type(loss.grad_fn).__name__ == name
    # as in PyTorch: cross_entropy is nll_loss over log_softmax, and the class indices get no edge
    ce = names["NllLossBackward0"].grad_fn
    assert [type(n).__name__ for n, _ in ce.next_functions] == ["LogSoftmaxBackward0"]
    assert names["MseLossBackward0"].grad_fn.next_functions[1] == (None, 0)


def test_loss_values_from_the_formulas():
    x, t = ae.tensor([0.5, -1.0, 2.0]), ae.tensor([1.0, 1.0, 1.0])
    assert F.mse_loss(x, t).item() == pytest.approx((0.25 + 4 + 1) / 3)
    assert F.l1_loss(x, t, reduction="sum").item() == pytest.approx(0.5 + 2 + 1)
    p = ae.tensor([0.25, 0.5])
    assert F.binary_cross_entropy(p, ae.tensor([1.0, 0.0])).item() == pytest.approx(
        -(np.log(0.25) + np.log(0.5)) / 2, rel=1e-6)
    # log(0) is clamped at -100, as in PyTorch
    assert F.binary_cross_entropy(ae.tensor([0.0]), ae.tensor([1.0])).item() == pytest.approx(100.0)
    scores = ae.tensor([[0.0, np.log(3.0)]])
    assert F.cross_entropy(scores, ae.tensor([1])).item() == pytest.approx(-np.log(0.75), rel=1e-6)
    # large logits stay finite in the fused BCE-with-logits
    assert F.binary_cross_entropy_with_logits(ae.tensor([100.0]), ae.tensor([0.0])).item() == pytest.approx(100.0)


def test_gradients_reach_second_order():
    x = ae.tensor([0.5, -1.0, 2.0], requires_grad=True)
    loss = F.mse_loss(x, ae.zeros(3))
    (g,) = ae.autograd.grad(loss, x, create_graph=True)
    (gg,) = ae.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(gg.numpy(), np.full(3, 2 / 3, np.float32), rtol=1e-6)


def test_loss_modules_pass_options():
    x = ae.tensor(LOGITS)
    loss = nn.CrossEntropyLoss(reduction="none")(x, ae.tensor(CLASSES))
    assert loss.shape == ae.Size([6])
    assert nn.MSELoss(reduction="sum")(x, x).item() == 0.0
    ignored = nn.NLLLoss(ignore_index=1)(x, ae.tensor([1, 1, 0, 1, 1, 1]))
    assert ignored.item() == pytest.approx(-LOGITS[2, 0], rel=1e-6)


# ---- bad input: PyTorch's exception types and words ---------------------------------------------
def test_class_index_out_of_range():
    with pytest.raises(IndexError, match="Target 5 is out of bounds."):
        nn.CrossEntropyLoss()(ae.zeros(4, 3), ae.tensor([0, 1, 5, 0]))
    with pytest.raises(IndexError, match="Target -2 is out of bounds."):
        F.nll_loss(ae.zeros(4, 3), ae.tensor([0, 1, -2, 0]))


def test_class_target_checks():
    with pytest.raises(ValueError, match=r"Expected input batch_size \(4\) to match target batch_size \(3\)."):
        F.cross_entropy(ae.zeros(4, 3), ae.tensor([0, 1, 2]))
    with pytest.raises(RuntimeError, match="expected target dtype to be Long or Byte, but got Float"):
        F.nll_loss(ae.zeros(4, 3), ae.tensor([0., 1., 2., 0.]))
    with pytest.raises(RuntimeError, match="0D or 1D target tensor expected, multi-target not supported"):
        F.nll_loss(ae.zeros(4, 3), ae.tensor([[0], [1], [2], [0]]))
    with pytest.raises(RuntimeError, match=r"for all 3 classes or no classes but got weight tensor of shape: \[2\]"):
        F.nll_loss(ae.zeros(4, 3), ae.tensor([0, 1, 2, 0]), weight=ae.ones(2))


def test_mismatched_regression_shapes_warn_then_broadcast_like_pytorch():
    message = (r"Using a target size \(torch.Size\(\[3\]\)\) that is different to the input size "
               r"\(torch.Size\(\[3, 1\]\)\). This will likely lead to incorrect results due to broadcasting.")
    x, t = ae.tensor([[1.0], [2.0], [3.0]]), ae.tensor([1.0, 2.0, 3.0])
    with pytest.warns(UserWarning, match=message):
        loss = nn.MSELoss()(x, t)
    # broadcast to 3x3: mean of (i - j)² over i, j in 1..3 = 12 / 9
    assert loss.item() == pytest.approx(12 / 9)
    with pytest.warns(UserWarning, match=message):
        F.l1_loss(x, t)
    with pytest.warns(UserWarning), pytest.raises(
            RuntimeError, match=r"The size of tensor a \(3\) must match the size of tensor b \(4\)"):
        F.mse_loss(ae.zeros(3), ae.zeros(4))


def test_binary_losses_refuse_mismatched_shapes():
    with pytest.raises(ValueError, match=r"Using a target size \(torch.Size\(\[3\]\)\) that is different to the input "
                                         r"size \(torch.Size\(\[3, 1\]\)\) is deprecated"):
        F.binary_cross_entropy(ae.full((3, 1), 0.5), ae.zeros(3))
    with pytest.raises(ValueError, match=r"Target size \(torch.Size\(\[3\]\)\) must be the same as input size "
                                         r"\(torch.Size\(\[3, 1\]\)\)"):
        nn.BCEWithLogitsLoss()(ae.zeros(3, 1), ae.zeros(3))
    with pytest.raises(RuntimeError, match="all elements of input should be between 0 and 1"):
        nn.BCELoss()(ae.tensor([1.5]), ae.tensor([1.0]))


def test_unknown_reduction():
    with pytest.raises(ValueError, match="avg is not a valid value for reduction"):
        nn.MSELoss(reduction="avg")(ae.zeros(2), ae.zeros(2))
    with pytest.raises(ValueError, match="avg is not a valid value for reduction"):
        F.cross_entropy(ae.zeros(2, 2), ae.tensor([0, 1]), reduction="avg")
