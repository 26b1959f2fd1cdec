"""Engine behaviour, each case from shared/reference/pytorch_behaviour.md (C1-C22).

Tests that take the `lib` fixture run twice: against autograd_edu and, when installed, against
PyTorch 2.13 itself, so the expected values (quoted from the reference) are checked on the
oracle too. Engine-only tests (messages with the engine's extra hint, deep graphs) take no fixture.
"""
import math
import time
import warnings

import numpy as np
import pytest

import autograd_edu as ae
from oracle import mask_addresses

SECOND_TIME = (
    "Trying to backward through the graph a second time (or directly access saved tensors after they have already "
    "been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). "
    "Specify retain_graph=True if you need to backward through the graph a second time or if you need to access "
    "saved tensors after calling backward.")
HINT = ("Hint: enable anomaly detection to find the operation that failed to compute its gradient, with "
        "torch.autograd.set_detect_anomaly(True, check_nan=False).")
NON_LEAF_GRAD = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be "
    "populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, "
    "use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access "
    "the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information.")
LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
LEAF_VIEW_INPLACE = "a view of a leaf Variable that requires grad is being used in an in-place operation."
SCALAR = "grad can be implicitly created only for scalar outputs"


def name(node):
    return type(node).__name__


def no_warning_grad(t):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return t.grad


# ---- C1 accumulation ---------------------------------------------------------------------------
def test_c1_accumulation_and_zero(lib):
    x = lib.tensor([1., 2., 3.], requires_grad=True)
    assert x.grad is None
    (x * 2).sum().backward()
    assert repr(x.grad) == "tensor([2., 2., 2.])"
    (x * 2).sum().backward()
    assert repr(x.grad) == "tensor([4., 4., 4.])"
    x.grad.zero_()
    assert repr(x.grad) == "tensor([0., 0., 0.])"
    assert x.grad.is_leaf and x.grad.requires_grad is False


def test_c1_retain_graph_three_times(lib):
    a = lib.tensor([1., 2.], requires_grad=True)
    y = (a * a).sum()
    for _ in range(3):
        y.backward(retain_graph=True)
    assert repr(a.grad) == "tensor([ 6., 12.])"


def test_c1_leaf_scalar_backward(lib):
    x = lib.tensor(3., requires_grad=True)
    x.backward()
    assert repr(x.grad) == "tensor(1.)"


def test_backward_twice_accumulates_only_into_leaves():
    """D1: micrograd accumulates into intermediates (a=3; b=a*a; c=b+b: 12 then 36);
    leaf-only accumulation gives 12 then 24."""
    a = ae.tensor(3., requires_grad=True)
    b = a * a
    c = b + b
    c.backward(retain_graph=True)
    assert a.grad.item() == 12.0  # dc/da = 4a
    c.backward()
    assert a.grad.item() == 24.0


def test_reused_node_gradient(lib):
    a = lib.tensor([1., -2., 3.], requires_grad=True)
    b = a + a
    c = b * b  # c = 4 a^2, dc/da = 8 a
    c.sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), 8 * np.array([1., -2., 3.], np.float32))


# ---- C2 retain_graph and "second time" ----------------------------------------------------------
C2_TABLE = [
    ("x+1", lambda L, x, w: x + 1, "AddBackward0", False),
    ("x+w", lambda L, x, w: x + w, "AddBackward0", False),
    ("x-1", lambda L, x, w: x - 1, "SubBackward0", False),
    ("-x", lambda L, x, w: -x, "NegBackward0", False),
    ("1-x", lambda L, x, w: 1 - x, "RsubBackward1", False),
    ("x.sum()", lambda L, x, w: x.sum(), "SumBackward0", False),
    ("x.mean()", lambda L, x, w: x.mean(), "MeanBackward0", False),
    ("x.reshape(3,1)", lambda L, x, w: x.reshape(3, 1), "ViewBackward0", False),
    ("x.expand(2,3)", lambda L, x, w: x.expand(2, 3), "ExpandBackward0", False),
    ("x.clone()", lambda L, x, w: x.clone(), "CloneBackward0", False),
    ("x.unsqueeze(0)", lambda L, x, w: x.unsqueeze(0), "UnsqueezeBackward0", False),
    ("x[:2]", lambda L, x, w: x[:2], "SliceBackward0", False),
    ("x*2", lambda L, x, w: x * 2, "MulBackward0", True),
    ("x*w", lambda L, x, w: x * w, "MulBackward0", True),
    ("x/2", lambda L, x, w: x / 2, "DivBackward0", True),
    ("2/x", lambda L, x, w: 2 / x, "MulBackward0", True),
    ("x**2", lambda L, x, w: x ** 2, "PowBackward0", True),
    ("sin", lambda L, x, w: L.sin(x), "SinBackward0", True),
    ("cos", lambda L, x, w: L.cos(x), "CosBackward0", True),
    ("exp", lambda L, x, w: L.exp(x), "ExpBackward0", True),
    ("relu", lambda L, x, w: L.relu(x), "ReluBackward0", True),
    ("clamp(0,2)", lambda L, x, w: L.clamp(x, 0, 2), "ClampBackward1", True),
    ("max()", lambda L, x, w: x.max(), "MaxBackward1", True),
    ("x @ w", lambda L, x, w: x @ w, "DotBackward0", True),
]


@pytest.mark.parametrize("expr,fn,node,errors", C2_TABLE, ids=[c[0] for c in C2_TABLE])
def test_c2_second_backward_table(lib, expr, fn, node, errors):
    x = lib.tensor([1., 2., 3.], requires_grad=True)
    w = lib.tensor([0.5, 1.5, 2.5])  # no grad
    y = fn(lib, x, w)
    assert name(y.grad_fn) == node
    out = y.sum()
    out.backward()
    if errors:
        with pytest.raises(RuntimeError) as info:
            out.backward()
        assert str(info.value) == SECOND_TIME
    else:
        once = x.grad.clone()
        out.backward()  # nodes that saved no tensor can run again: the gradient accumulates
        np.testing.assert_array_equal(x.grad.numpy(), 2 * once.numpy())


def test_c2_retain_graph_allows_second(lib):
    x = lib.tensor([1., 2.], requires_grad=True)
    y = (x ** 2).sum()
    y.backward(retain_graph=True)
    y.backward()
    assert repr(x.grad) == "tensor([4., 8.])"


def test_c2_autograd_grad_twice_and_saved_attribute(lib):
    x = lib.tensor([1., 2.], requires_grad=True)
    y = (x * x).sum()
    lib.autograd.grad(y, x)
    with pytest.raises(RuntimeError) as info:
        lib.autograd.grad(y, x)
    assert str(info.value) == SECOND_TIME
    z = x ** 2
    z.sum().backward()
    with pytest.raises(RuntimeError) as info:
        z.grad_fn._saved_self
    assert str(info.value) == SECOND_TIME


def test_c22_grad_frees_graph_for_backward(lib):
    x = lib.tensor([1., 2.], requires_grad=True)
    z = (x.sin()).sum()
    lib.autograd.grad(z, x)
    with pytest.raises(RuntimeError, match="second time"):
        z.backward()


def test_c2_saved_attributes(lib):
    x = lib.tensor([1., 2.], requires_grad=True)
    w = lib.tensor([3., 4.])
    m = x * w  # only what the formula needs: dL/dx = g * w
    assert m.grad_fn._saved_self is None
    assert m.grad_fn._saved_other.tolist() == [3., 4.]
    w.requires_grad_()
    m = x * w
    assert m.grad_fn._saved_self.tolist() == [1., 2.] and m.grad_fn._saved_other.tolist() == [3., 4.]
    p = x ** 2
    assert p.grad_fn._saved_self.tolist() == [1., 2.]


@pytest.mark.parametrize("op", ["mul_scalar", "mul_const", "div_scalar"])
def test_c6_unneeded_input_modified_is_fine(lib, op):
    """x*2, x*c and x/2 do not save x: changing x in place afterwards is not an error."""
    x = lib.tensor([1., 2.], requires_grad=True)
    h = x * 1
    y = {"mul_scalar": lambda: h * 2, "mul_const": lambda: h * lib.tensor([2., 2.]), "div_scalar": lambda: h / 0.5}[op]()
    h.add_(1)
    y.sum().backward()
    assert x.grad.tolist() == [2., 2.]


def test_c6_saved_output_named_by_its_node(lib):
    x = lib.tensor([1., 2.], requires_grad=True)
    y = x.exp()  # ExpBackward0 saves its result
    y.mul_(2)
    with pytest.raises(RuntimeError) as info:
        y.sum().backward()
    assert "[torch.FloatTensor [2]], which is output 0 of Exp, is at version 1" in str(info.value)


# ---- C3 scalar outputs, gradient shapes, no grad_fn --------------------------------------------
def test_c3_non_scalar_backward(lib):
    x = lib.tensor([1., 2., 3.], requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        (x * 2).backward()
    assert str(info.value).startswith(SCALAR)
    with pytest.raises(RuntimeError) as info:
        lib.autograd.grad(x * 2, x)
    assert str(info.value).startswith(SCALAR)


def test_c3_engine_hint_names_the_shape():
    x = ae.ones(2, 3, requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        (x * 2).backward()
    message = str(info.value)
    assert message.startswith(SCALAR) and "[2, 3]" in message


def test_c3_one_element_output_allowed(lib):
    x = lib.tensor([1., 2., 3.], requires_grad=True)
    (x * 2)[:1].backward()
    assert repr(x.grad) == "tensor([2., 0., 0.])"


def test_c3_gradient_shape_mismatch(lib):
    x = lib.tensor([1., 2., 3.], requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        (x * 2).backward(lib.ones(2))
    assert str(info.value) == ("Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has "
                               "a shape of torch.Size([3]).")


@pytest.mark.parametrize("dtype", ["float64", "int64"])
def test_c3_gradient_of_other_dtype_accepted(lib, dtype):
    x = lib.tensor([1., 2.], requires_grad=True)
    (x * 2).backward(lib.ones(2, dtype=getattr(lib, dtype)))
    assert repr(x.grad) == "tensor([2., 2.])"


def test_c3_no_grad_fn(lib):
    with pytest.raises(RuntimeError) as info:
        lib.ones(3).sum().backward()
    assert str(info.value) == "element 0 of tensors does not require grad and does not have a grad_fn"


# ---- C4 leaf vs non-leaf, retain_grad ------------------------------------------------------------
def test_c4_non_leaf_grad_warns(lib):
    x = lib.tensor([1., 2., 3.], requires_grad=True)
    y = x * 2
    with pytest.warns(UserWarning) as record:
        assert y.grad is None
    assert str(record[0].message).startswith(NON_LEAF_GRAD)


def test_c4_retain_grad(lib):
    x = lib.tensor([1., 2., 3.], requires_grad=True)
    y = x * 2
    y.retain_grad()
    assert y.retains_grad is True
    y.sum().backward()
    assert repr(no_warning_grad(y)) == "tensor([1., 1., 1.])"
    x.retain_grad()
    assert x.retains_grad is False
    assert no_warning_grad(lib.ones(2)) is None
    with pytest.raises(RuntimeError) as info:
        lib.ones(2).retain_grad()
    assert str(info.value) == "can't retain_grad on Tensor that has requires_grad=False"


@pytest.mark.parametrize("order", ["hook_first", "retain_first"])
def test_c4_retained_grad_sees_hook(lib, order):
    a = lib.tensor([1., 2.], requires_grad=True)
    y = a * 1
    if order == "hook_first":
        y.register_hook(lambda g: g * 10)
        y.retain_grad()
    else:
        y.retain_grad()
        y.register_hook(lambda g: g * 10)
    y.sum().backward()
    assert repr(y.grad) == "tensor([10., 10.])"


# ---- C5 in-place on leaves -----------------------------------------------------------------------
@pytest.mark.parametrize("op", ["add_", "zero_", "iadd", "mul_", "sin_", "clamp_"])
def test_c5_inplace_on_leaf_refused(lib, op):
    x = lib.tensor([1., 2., 3.], requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        if op == "add_":
            x.add_(1)
        elif op == "zero_":
            x.zero_()
        elif op == "iadd":
            x += 1
        elif op == "mul_":
            x.mul_(2)
        elif op == "sin_":
            x.sin_()
        else:
            x.clamp_(0, 1)
    assert str(info.value).startswith(LEAF_INPLACE)
    assert x._version == 0 and x.tolist() == [1., 2., 3.]


def test_c5_view_of_leaf(lib):
    x = lib.tensor([1., 2., 3.], requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        x[0] = 5.
    assert str(info.value).startswith(LEAF_VIEW_INPLACE)
    v = x[1:]
    with pytest.raises(RuntimeError) as info:
        v.mul_(2)
    assert str(info.value).startswith(LEAF_VIEW_INPLACE)


def test_c5_no_grad_inplace_and_data(lib):
    x = lib.tensor([1., 2., 3.], requires_grad=True)
    with lib.no_grad():
        x.add_(1)
    assert repr(x) == "tensor([2., 3., 4.], requires_grad=True)"
    assert x._version == 1
    x.data.mul_(2)
    assert x.tolist() == [4., 6., 8.]
    assert x._version == 1


def test_c5_manual_sgd_step(lib):
    w = lib.tensor([1., 2.], requires_grad=True)
    (w * w).sum().backward()
    with lib.no_grad():
        w -= 0.1 * w.grad
    assert repr(w) == "tensor([0.8000, 1.6000], requires_grad=True)"
    assert w.is_leaf and w._version == 1


# ---- C6 version counter and the "modified by an inplace operation" message -----------------------
def test_c6_versions(lib):
    w = lib.tensor([1., 2.])
    assert w._version == 0
    w.add_(1)
    w.mul_(2)
    w[0] = 3.
    assert w._version == 3
    assert (w * 1)._version == 0


INPLACE_NODES = [
    ("add_", lambda y: y.add_(1), "AddBackward0"),
    ("mul_", lambda y: y.mul_(2), "MulBackward0"),
    ("sin_", lambda y: y.sin_(), "SinBackward0"),
    ("zero_", lambda y: y.zero_(), "ZeroBackward0"),
    ("clamp_", lambda y: y.clamp_(0, 1), "ClampBackward1"),
    ("pow_", lambda y: y.pow_(2), "PowBackward0"),
    ("sub_", lambda y: y.sub_(1), "SubBackward0"),
    ("div_", lambda y: y.div_(2), "DivBackward0"),
    ("setitem", lambda y: y.__setitem__(0, 5.), "CopySlices"),
    ("iadd", lambda y: y.__iadd__(1), "AddBackward0"),
]


@pytest.mark.parametrize("op,fn,node", INPLACE_NODES, ids=[c[0] for c in INPLACE_NODES])
def test_c6_inplace_rebases_grad_fn(lib, op, fn, node):
    x = lib.tensor([1., 2., 3.], requires_grad=True)
    y = x * 1
    out = fn(y)
    assert out is y or (op == "setitem" and out is None)
    assert name(y.grad_fn) == node
    assert y._version == 1


def _modified_message(body):
    return ("one of the variables needed for gradient computation has been modified by an inplace operation: "
            f"{body}; expected version {{}} instead. {HINT}")


def test_c6_message_output_of_add(lib):
    x = lib.tensor([1., 2., 3.], requires_grad=True)
    y = x + 1
    z = y * y
    y.add_(1)
    with pytest.raises(RuntimeError) as info:
        z.sum().backward()
    assert str(info.value) == (
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        f"[torch.FloatTensor [3]], which is output 0 of AddBackward0, is at version 1; expected version 0 instead. "
        f"{HINT}").replace("AddBackward0", "Add")


def test_c6_message_names_current_grad_fn_and_shape(lib):
    x = lib.ones(3, 2, requires_grad=True)
    y = x.exp()  # saves its result
    y.mul_(2)
    with pytest.raises(RuntimeError) as info:
        y.sum().backward()
    message = str(info.value)
    assert "[torch.FloatTensor [3, 2]], which is output 0 of Exp, is at version 1; expected version 0" in message


def test_c6_message_without_clause_for_leaf_and_constant(lib):
    w = lib.tensor([1., 2.], requires_grad=True)
    y = w * w
    with lib.no_grad():
        w.add_(1)
    with pytest.raises(RuntimeError) as info:
        y.sum().backward()
    assert str(info.value) == (
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        f"[torch.FloatTensor [2]] is at version 1; expected version 0 instead. {HINT}")
    x = lib.tensor([1., 2.], requires_grad=True)
    c = lib.tensor([3., 4.])
    y = x * c
    c.add_(1)
    c.add_(1)
    with pytest.raises(RuntimeError) as info:
        y.sum().backward()
    assert "[torch.FloatTensor [2]] is at version 2; expected version 0 instead." in str(info.value)


def test_c6_float64_legacy_name(lib):
    x = lib.tensor([1., 2.], dtype=lib.float64, requires_grad=True)
    c = lib.tensor([3., 4.], dtype=lib.float64)
    y = x * c
    c.mul_(2)
    with pytest.raises(RuntimeError, match=r"\[torch.DoubleTensor \[2\]\] is at version 1"):
        y.sum().backward()


def test_c6_unsaved_modification_is_fine(lib):
    x = lib.tensor([1., 2.], requires_grad=True)
    c = lib.tensor([3., 4.])
    y = x + c  # add saves nothing
    c.add_(1)
    y.sum().backward()
    assert repr(x.grad) == "tensor([1., 1.])"


# ---- C7/C8 names and next_functions --------------------------------------------------------------
def test_c8_blitz_layout(lib):
    a = lib.tensor([2., 3.], requires_grad=True)
    b = lib.tensor([6., 4.], requires_grad=True)
    Q = 3 * a ** 3 - b ** 2
    assert repr(Q) == "tensor([-12.,  65.], grad_fn=<SubBackward0>)"
    assert mask_addresses(repr(Q.grad_fn.next_functions)) == (
        "((<MulBackward0 object at 0x…>, 0), (<PowBackward0 object at 0x…>, 0))")
    mul = Q.grad_fn.next_functions[0][0]
    assert mask_addresses(repr(mul.next_functions)) == "((<PowBackward0 object at 0x…>, 0), (None, 0))"
    pw = mul.next_functions[0][0]
    assert mask_addresses(repr(pw.next_functions)) == "((<AccumulateGrad object at 0x…>, 0),)"
    acc = pw.next_functions[0][0]
    assert acc.variable is a and acc.next_functions == ()
    assert acc.name() == "torch::autograd::AccumulateGrad" and name(acc) == "AccumulateGrad"
    Q.sum().backward()
    assert repr(9 * a ** 2 == a.grad) == "tensor([True, True])"


def test_c8_constant_first(lib):
    c = lib.tensor([1., 2.])
    x = lib.tensor([3., 4.], requires_grad=True)
    y = c * x
    assert mask_addresses(repr(y.grad_fn.next_functions)) == "((None, 0), (<AccumulateGrad object at 0x…>, 0))"
    assert lib.tensor(1., requires_grad=True).grad_fn is None


def test_c7_custom_function_name(lib):
    class Cube(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return 3 * x ** 2 * g

    x = lib.tensor([1., 2.], requires_grad=True)
    y = Cube.apply(x)
    assert repr(y) == "tensor([1., 8.], grad_fn=<CubeBackward>)"
    y.sum().backward()
    assert repr(x.grad) == "tensor([ 3., 12.])"


# ---- C9-C11 ties, clamp, kinks ---------------------------------------------------------------------
TIES = [
    (lambda x: x.max(), [1., 3., 3., 2.], "tensor([0.0000, 0.5000, 0.5000, 0.0000])"),
    (lambda x: x.max(), [3., 3., 3.], "tensor([0.3333, 0.3333, 0.3333])"),
    (lambda x: x.min(), [1., 1., 2.], "tensor([0.5000, 0.5000, 0.0000])"),
    (lambda x: x.amax(), [1., 3., 3., 2.], "tensor([0.0000, 0.5000, 0.5000, 0.0000])"),
    (lambda x: x.max(dim=0).values, [1., 3., 3., 2.], "tensor([0., 1., 0., 0.])"),
    (lambda x: x.clamp(0, 2), [-1., 0., 1., 2., 3.], "tensor([0., 1., 1., 1., 0.])"),
    (lambda x: x.clamp(min=0), [-1., 0., 1.], "tensor([0., 1., 1.])"),
    (lambda x: x.clamp(max=0), [-1., 0., 1.], "tensor([1., 1., 0.])"),
    (lambda x: x.clamp(1, 1), [0., 1., 2.], "tensor([0., 1., 0.])"),
    (lambda x: x.clamp(2, 1), [0., 1.5, 3.], "tensor([0., 0., 0.])"),
    (lambda x: x.relu(), [-1., 0., 1.], "tensor([0., 0., 1.])"),
    (lambda x: x.abs(), [-1., 0., 1.], "tensor([-1.,  0.,  1.])"),
    (lambda x: x.sqrt(), [0., 1.], "tensor([   inf, 0.5000])"),
    (lambda x: x ** 0, [0., 2.], "tensor([0., 0.])"),
    (lambda x: x.sigmoid(), [0.], "tensor([0.2500])"),
    (lambda x: x.tanh(), [0.], "tensor([1.])"),
]


@pytest.mark.parametrize("k", range(len(TIES)))
def test_c9_c11_gradients(lib, k):
    fn, data, want = TIES[k]
    x = lib.tensor(data, requires_grad=True)
    fn(x).sum().backward()
    assert repr(x.grad) == want


def test_c9_ties_2d(lib):
    x = lib.tensor([[1., 5.], [5., 5.]], requires_grad=True)
    x.max().backward()
    np.testing.assert_allclose(x.grad.numpy(), [[0, 1 / 3], [1 / 3, 1 / 3]], rtol=1e-6)
    x = lib.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)
    x.max(dim=1).values.sum().backward()
    assert x.grad.tolist() == [[0., 1., 0.], [1., 0., 0.]]
    x = lib.tensor([[1., 3., 3.], [2., 2., 0.]], requires_grad=True)
    x.amax(dim=1).sum().backward()
    assert x.grad.tolist() == [[0., .5, .5], [.5, .5, 0.]]


def test_c9_maximum_ties(lib):
    x = lib.tensor([1., 2., 3.], requires_grad=True)
    w = lib.tensor([2., 2., 2.], requires_grad=True)
    lib.maximum(x, w).sum().backward()
    assert repr((x.grad, w.grad)) == "(tensor([0.0000, 0.5000, 1.0000]), tensor([1.0000, 0.5000, 0.0000]))"


def test_c10_clamp_tensor_bounds(lib):
    x = lib.tensor([-1., 0., 1., 2., 3.], requires_grad=True)
    lo = lib.zeros(5, requires_grad=True)
    hi = lib.full((5,), 2., requires_grad=True)
    y = lib.clamp(x, lo, hi)
    assert name(y.grad_fn) == "ClampBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [0, 1, 1, 1, 0] and lo.grad.tolist() == [1, 0, 0, 0, 0]
    assert hi.grad.tolist() == [0, 0, 0, 0, 1]


def test_c10_clamp_min_greater_than_max(lib):
    x = lib.tensor([0., 1.5, 3.], requires_grad=True)
    y = x.clamp(2, 1)
    assert y.tolist() == [1., 1., 1.]


def test_c11_pow_log_div_edges(lib):
    x = lib.tensor(0., requires_grad=True)
    (x ** 0.5).backward()
    assert math.isinf(x.grad.item())
    x = lib.tensor(0., requires_grad=True)
    (x ** 2).backward()
    assert x.grad.item() == 0.0
    w = lib.tensor([0., 1., 2.], requires_grad=True)
    (0 ** w).sum().backward()
    assert w.grad.tolist() == [0., 0., 0.]
    x = lib.tensor(0., requires_grad=True)
    x.log().backward()
    assert x.grad.item() == math.inf


def test_c11_seed000_quotient(lib):
    x = lib.ones(3, 3, requires_grad=True)
    y = x ** 2 / (x - 2)
    out = y.mean()
    assert repr(out) == "tensor(-1., grad_fn=<MeanBackward0>)"
    out.backward()
    np.testing.assert_allclose(x.grad.numpy(), -1 / 3, rtol=1e-6)


# ---- C12 grad modes --------------------------------------------------------------------------------
def test_c12_no_grad_and_enable_grad(lib):
    x = lib.tensor([1., 2.], requires_grad=True)
    with lib.no_grad():
        y = x * 2
        assert lib.is_grad_enabled() is False
        with lib.enable_grad():
            z = x * 2
        leaf = lib.ones(2, requires_grad=True)
    assert y.requires_grad is False and y.grad_fn is None
    assert name(z.grad_fn) == "MulBackward0"
    assert leaf.requires_grad is True
    assert lib.is_grad_enabled() is True


def test_c12_decorators(lib):
    x = lib.tensor([1., 2.], requires_grad=True)

    @lib.no_grad()
    def with_parens(t):
        return t * 2

    @lib.no_grad
    def without_parens(t):
        return t * 2

    @lib.enable_grad()
    def enabled(t):
        return t * 2

    assert with_parens(x).requires_grad is False
    assert without_parens(x).requires_grad is False
    with lib.no_grad():
        assert enabled(x).requires_grad is True
    assert lib.is_grad_enabled()


def test_c12_set_grad_enabled(lib):
    x = lib.tensor([1., 2.], requires_grad=True)
    with lib.set_grad_enabled(False):
        assert (x * 2).requires_grad is False
    assert lib.is_grad_enabled()
    lib.set_grad_enabled(False)
    try:
        assert lib.is_grad_enabled() is False
        assert (x * 2).grad_fn is None
    finally:
        lib.set_grad_enabled(True)
    assert (x * 2).requires_grad is True

    @lib.set_grad_enabled(False)
    def f(t):
        return t * 2

    assert lib.is_grad_enabled()
    assert f(x).requires_grad is False and lib.is_grad_enabled()


def test_c12_inference_mode(lib):
    x = lib.tensor([1., 2.], requires_grad=True)
    with lib.inference_mode():
        assert (x * 2).requires_grad is False


def test_c12_no_grad_restored_after_exception(lib):
    with pytest.raises(ValueError):
        with lib.no_grad():
            raise ValueError
    assert lib.is_grad_enabled()


# ---- C13 autograd.grad, create_graph, allow_unused, inputs= ------------------------------------------
def test_c13_create_graph(lib):
    x = lib.tensor(2., requires_grad=True)
    y = x ** 3
    g, = lib.autograd.grad(y, x, create_graph=True)
    assert repr(g) == "tensor(12., grad_fn=<MulBackward0>)"
    g2, = lib.autograd.grad(g, x)
    assert repr(g2) == "tensor(12.)"
    assert x.grad is None
    x = lib.tensor(2., requires_grad=True)
    res = lib.autograd.grad(x ** 3, x)
    assert repr(res) == "(tensor(12.),)" and res[0].requires_grad is False


def test_c13_sin_derivatives(lib):
    x = lib.tensor(1., requires_grad=True)
    d1, = lib.autograd.grad(lib.sin(x), x, create_graph=True)
    assert repr(d1) == "tensor(0.5403, grad_fn=<MulBackward0>)"
    d2, = lib.autograd.grad(d1, x, create_graph=True)
    assert repr(d2) == "tensor(-0.8415, grad_fn=<MulBackward0>)" or repr(d2).startswith("tensor(-0.8415, grad_fn=")
    d3, = lib.autograd.grad(d2, x)
    assert repr(d3) == "tensor(-0.5403)"


def test_c13_allow_unused(lib):
    x = lib.tensor(1., requires_grad=True)
    u = lib.tensor(1., requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        lib.autograd.grad(x * 2, [x, u])
    assert str(info.value) == ("The differentiated Tensor at index 1 appears to not have been used in the graph. "
                               "Set allow_unused=True if this is the desired behavior.")
    assert repr(lib.autograd.grad(x * 2, [x, u], allow_unused=True)) == "(tensor(2.), None)"
    with pytest.raises(RuntimeError) as info:
        lib.autograd.grad(x * 2, [lib.tensor(1.)])
    assert str(info.value) == "One of the differentiated Tensors does not require grad"


def test_c13_backward_inputs(lib):
    a = lib.tensor([1., 2.], requires_grad=True)
    b = lib.tensor([3., 4.], requires_grad=True)
    (a * b).sum().backward(inputs=[a])
    assert repr(a.grad) == "tensor([3., 4.])"
    assert b.grad is None


def test_c13_backward_create_graph_copy_backwards(lib):
    a = lib.tensor([1., 2.], requires_grad=True)
    with pytest.warns(UserWarning) as record:
        (a ** 3).sum().backward(create_graph=True)
    assert any(str(w.message).startswith("Using backward() with create_graph=True will create a reference cycle")
               for w in record)
    assert repr(a.grad) == "tensor([ 3., 12.], grad_fn=<CopyBackwards>)"
    second, = lib.autograd.grad(a.grad.sum(), a)
    assert second.tolist() == [6., 12.]  # d/da 3a^2 = 6a


def test_c13_grad_vs_backward_agree(lib):
    x = lib.tensor([0.5, -1.0, 2.0], requires_grad=True)
    f = lambda t: (t.sin() * t.exp()).sum()  # noqa: E731
    g, = lib.autograd.grad(f(x), x)
    assert x.grad is None
    f(x).backward()
    np.testing.assert_array_equal(g.numpy(), x.grad.numpy())


# ---- C14 detach, .data, requires_grad_ ----------------------------------------------------------------
def test_c14_detach_and_data(lib):
    x = lib.tensor([1., 2., 3.], requires_grad=True)
    d = x.detach()
    assert repr(d) == "tensor([1., 2., 3.])" and d.requires_grad is False and d.is_leaf
    d.add_(1)
    assert x._version == 1 and d._version == 1
    assert x.tolist() == [2., 3., 4.]
    assert repr(x.data) == "tensor([2., 3., 4.])" and x.data.requires_grad is False


def test_c14_requires_grad_flags(lib):
    x = lib.tensor([1., 2.])
    assert x.requires_grad_() is x
    y = x * 2
    with pytest.raises(RuntimeError) as info:
        y.requires_grad_(False)
    assert str(info.value) == (
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a "
        "subgraph that doesn't require differentiation use var_no_grad = var.detach().")
    with pytest.raises(RuntimeError):
        y.requires_grad = False
    assert y.requires_grad_(True) is y


def test_c14_integer_requires_grad(lib):
    with pytest.raises(RuntimeError) as info:
        lib.tensor([1, 2, 3], requires_grad=True)
    assert str(info.value).startswith("Only Tensors of floating point and complex dtype can require gradients")
    with pytest.raises(RuntimeError) as info:
        lib.tensor([1, 2, 3]).requires_grad_()
    assert str(info.value).startswith("only Tensors of floating point dtype can require gradients")


def test_c14_variable(lib):
    v = lib.autograd.Variable(lib.tensor([1., 2.]), requires_grad=True)
    assert type(v) is lib.Tensor and v.requires_grad


# ---- C15 hooks -------------------------------------------------------------------------------------------
def test_c15_hooks(lib):
    a = lib.tensor([1., 2.], requires_grad=True)
    y = a * 3
    seen = {}

    def on_y(g):
        seen["y"] = repr(g)
        return g * 10

    def on_a(g):
        seen["a"] = repr(g)

    handle = y.register_hook(on_y)
    a.register_hook(on_a)
    assert type(handle).__name__ == "RemovableHandle"
    y.sum().backward()
    assert seen == {"y": "tensor([1., 1.])", "a": "tensor([30., 30.])"}
    assert repr(a.grad) == "tensor([30., 30.])"


def test_c15_leaf_hook_replaces_and_remove(lib):
    a = lib.tensor([1., 2.], requires_grad=True)
    h = a.register_hook(lambda g: g * 2)
    (a * 3).sum().backward()
    assert repr(a.grad) == "tensor([6., 6.])"
    h.remove()
    a.grad = None
    (a * 3).sum().backward()
    assert repr(a.grad) == "tensor([3., 3.])"


def test_c15_hook_errors(lib):
    with pytest.raises(RuntimeError) as info:
        lib.ones(2).register_hook(lambda g: g)
    assert str(info.value) == "cannot register a hook on a tensor that doesn't require gradient"
    x = lib.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        x.grad = lib.ones(3)
    assert str(info.value) == ("attempting to assign a gradient of size '[3]' to a tensor of size '[2]'. Please "
                               "ensure that the gradient and the tensor are the same size")


# ---- C16 dtypes -----------------------------------------------------------------------------------------
def test_c16_dtypes(lib):
    assert lib.tensor([1, 2, 3]).dtype is lib.int64
    assert lib.tensor([1., 2.]).dtype is lib.float32 and lib.tensor(2.5).dtype is lib.float32
    assert lib.tensor(True).dtype is lib.bool
    assert repr(lib.tensor(np.array([1., 2.]))) == "tensor([1., 2.], dtype=torch.float64)"
    f = lib.tensor([1., 2.])
    i = lib.tensor([1, 2])
    assert (f * 2.5).dtype is lib.float32
    assert (i * 2.5).dtype is lib.float32 and (i / 2).dtype is lib.float32
    assert (f + lib.tensor([1., 2.], dtype=lib.float64)).dtype is lib.float64
    assert (f + lib.tensor(1., dtype=lib.float64)).dtype is lib.float32
    with pytest.raises(RuntimeError) as info:
        lib.tensor([1, 2]).add_(1.5)
    assert str(info.value) == "result type Float can't be cast to the desired output type Long"


def test_c16_mixed_dtype_gradients_keep_input_dtype(lib):
    a = lib.tensor([1., 2.], requires_grad=True)
    b = lib.tensor([3., 4.], dtype=lib.float64, requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.dtype is lib.float32 and b.grad.dtype is lib.float64
    assert a.grad.tolist() == [3., 4.] and b.grad.tolist() == [1., 2.]


# ---- C21 custom Function and gradcheck ------------------------------------------------------------------
def _my_sin(lib, wrong=False):
    class MySin(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x.sin()

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * (x.sin() if wrong else x.cos())

    return MySin


def test_c21_custom_function(lib):
    MySin = _my_sin(lib)
    x = lib.tensor([0.5, 1.0], requires_grad=True)
    y = MySin.apply(x)
    assert repr(y) == "tensor([0.4794, 0.8415], grad_fn=<MySinBackward>)"
    assert mask_addresses(repr(y.grad_fn.next_functions)) == "((<AccumulateGrad object at 0x…>, 0),)"
    out = y.sum()
    out.backward()
    np.testing.assert_allclose(x.grad.numpy(), np.cos([0.5, 1.0]), rtol=1e-6)
    with pytest.raises(RuntimeError) as info:
        out.backward()
    assert str(info.value) == SECOND_TIME
    x2 = lib.tensor([0.5, 1.0], requires_grad=True)
    base = x2 * 1
    y2 = MySin.apply(base)
    base.add_(1)
    with pytest.raises(RuntimeError) as info:
        y2.sum().backward()
    assert "[torch.FloatTensor [2]], which is output 0 of Add, is at version 1; expected version 0" in str(info.value)


def test_c21_gradcheck(lib):
    x = lib.tensor([0.5, 1.0], dtype=lib.float64, requires_grad=True)
    assert lib.autograd.gradcheck(_my_sin(lib).apply, (x,)) is True
    assert lib.autograd.gradgradcheck(lib.sin, (x,)) is True


def test_c21_gradcheck_error_text(lib):
    x = lib.tensor([0.5, 1.0], dtype=lib.float64, requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        lib.autograd.gradcheck(_my_sin(lib, wrong=True).apply, (x,))
    assert type(info.value).__name__ == "GradcheckError"
    message = str(info.value)
    assert message.startswith("Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor([[0.8776, "
                              "0.0000],")
    assert "\nanalytical:tensor([[0.4794, 0.0000]," in message


def test_c21_gradcheck_float32_warns_and_fails(lib):
    x = lib.tensor([0.5, 1.0], requires_grad=True)
    with pytest.warns(UserWarning) as record:
        ok = lib.autograd.gradcheck(lib.sin, (x,), raise_exception=False)
    assert any(str(w.message).startswith(
        "Input #0 requires gradient and is not a double precision floating point or complex. This check will likely "
        "fail if all the inputs are not of double precision floating point or complex.") for w in record)
    assert ok is False


# ---- C22 float() warning ----------------------------------------------------------------------------
def test_c22_float_warns_item_does_not(lib):
    x = lib.tensor([1.5, 2.], requires_grad=True)
    with pytest.warns(UserWarning, match="Converting a tensor with requires_grad=True to a scalar may lead to "
                                         "unexpected behavior."):
        assert float(x[0]) == 1.5
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v = x[0].item()
    assert type(v) is float and v == 1.5


# ---- deep graphs ----------------------------------------------------------------------------------------
def test_100k_chain_backward_is_iterative_and_fast():
    x = ae.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(50_000):
        y = y * 1.0
        y = y + 0.0
    start = time.perf_counter()
    y.backward()
    elapsed = time.perf_counter() - start
    assert x.grad.item() == 1.0
    assert elapsed < 20, f"backward over 100,000 nodes took {elapsed:.1f}s"


# ---- bad input ----------------------------------------------------------------------------------------
def test_bad_input_shapes_named():
    with pytest.raises(RuntimeError) as info:
        ae.ones(3) + ae.ones(2)
    assert str(info.value) == ("The size of tensor a (3) must match the size of tensor b (2) at non-singleton "
                               "dimension 0")
    with pytest.raises(RuntimeError) as info:
        ae.ones(2, 3) @ ae.ones(2, 3)
    assert str(info.value) == "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"
    with pytest.raises(RuntimeError) as info:
        ae.ones(3).view(2, 2)
    assert str(info.value) == "shape '[2, 2]' is invalid for input of size 3"
    with pytest.raises(IndexError) as info:
        ae.ones(3).sum(1)
    assert str(info.value) == "Dimension out of range (expected to be in range of [-1, 0], but got 1)"


def test_bad_input_engine_hints_keep_pytorch_sentence():
    with pytest.raises(RuntimeError) as info:
        ae.tensor([1, 2, 3], requires_grad=True)
    assert str(info.value).startswith("Only Tensors of floating point and complex dtype can require gradients")
    assert "int64" in str(info.value)
    x = ae.tensor([1., 2.], requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        x.add_(1)
    assert str(info.value).startswith(LEAF_INPLACE) and "no_grad" in str(info.value)
