"""Differential tests: every op of autograd_edu against PyTorch 2.13 on the same inputs.

For each case, the same NumPy arrays go through `fn(autograd_edu, ...)` and `fn(torch, ...)`;
then we compare values (with tolerances: NumPy's float32 transcendental functions may differ by
1 ulp from PyTorch's), dtypes, shapes, `grad_fn` class names, the `next_functions` layout and,
after `backward` with a random upstream gradient, every input's `.grad` (value, dtype, None-ness).
Reprs are compared where values are exact in both libraries (arithmetic, shape ops, tutorial
inputs). Error cases compare exception types and messages.

The expected side is always live PyTorch: nothing here was produced by running autograd_edu.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="differential tests need torch==2.13.0 (pip install torch==2.13.0)")
import autograd_edu as ae  # noqa: E402

pytestmark = [pytest.mark.torch,
              pytest.mark.filterwarnings("ignore:The use of `x.T`:UserWarning"),
              pytest.mark.filterwarnings("ignore:.*degrees of freedom:UserWarning"),
              pytest.mark.filterwarnings("ignore:Degrees of freedom:RuntimeWarning")]

NP_DTYPES = {"f32": np.float32, "f64": np.float64, "i64": np.int64, "bool": np.bool_}


class S:
    """An input: shape, dtype, value domain and whether it requires grad (or explicit data)."""

    def __init__(self, shape=(), dtype="f32", domain="any", grad=True, data=None):
        self.shape, self.dtype, self.domain, self.grad, self.data = shape, dtype, domain, grad, data

    def make(self, rng):
        if self.data is not None:
            return np.array(self.data, dtype=NP_DTYPES[self.dtype])
        if self.dtype == "i64":
            return rng.integers(-5, 6, size=self.shape).astype(np.int64)
        if self.dtype == "bool":
            return rng.random(self.shape) > 0.5
        if self.domain == "pos":
            a = rng.uniform(0.5, 2.0, size=self.shape)
        elif self.domain == "small":
            a = rng.uniform(-1.2, 1.2, size=self.shape)
        elif self.domain == "distinct":  # no ties, no kinks: a shuffled grid
            n = int(np.prod(self.shape, dtype=np.int64))
            a = (rng.permutation(n) - n / 2.0 + 0.25).reshape(self.shape) * 0.5
        else:
            a = rng.standard_normal(self.shape)
            a = np.where(np.abs(a) < 1e-3, 0.5, a)  # keep away from kinks at 0
        return np.asarray(a, dtype=NP_DTYPES[self.dtype])


def build(lib, arrays, specs):
    out = []
    for a, s in zip(arrays, specs):
        t = lib.tensor(a.copy())
        if s.grad and s.dtype in ("f32", "f64"):
            t.requires_grad_()
        out.append(t)
    return out


def node_name(node):
    return None if node is None else type(node).__name__


def layout(t):
    fn = t.grad_fn
    if fn is None:
        return None
    return tuple((node_name(n), i) for n, i in fn.next_functions)


def tolerances(dtype_name):
    return (1e-10, 1e-12) if dtype_name == "float64" else (2e-5, 2e-6)


def as_np(t):
    return t.detach().numpy()


def compare_tensor(ours, theirs, what, exact=False, grad_tol=False):
    assert str(ours.dtype) == str(theirs.dtype), f"{what}: dtype {ours.dtype} vs torch {theirs.dtype}"
    assert tuple(ours.shape) == tuple(theirs.shape), f"{what}: shape {tuple(ours.shape)} vs {tuple(theirs.shape)}"
    if exact:
        assert repr(ours.detach()) == repr(theirs.detach()), f"{what}: repr differs"
    if ours.dtype.is_floating_point:
        rtol, atol = tolerances(str(ours.dtype).split(".")[-1])
        if grad_tol:
            rtol, atol = rtol * 10, atol * 10
        np.testing.assert_allclose(as_np(ours), as_np(theirs), rtol=rtol, atol=atol, err_msg=what)
    else:
        np.testing.assert_array_equal(as_np(ours), as_np(theirs), err_msg=what)


def assert_matches_torch(fn, specs, seed=0, exact=False, check_repr=None, check_graph=True):
    """Run fn on the same inputs in both libraries and compare everything."""
    rng = np.random.default_rng(seed)
    arrays = [s.make(rng) for s in specs]
    ins_ae, ins_t = build(ae, arrays, specs), build(torch, arrays, specs)
    out_ae, out_t = fn(ae, *ins_ae), fn(torch, *ins_t)
    outs_ae = out_ae if isinstance(out_ae, tuple) else (out_ae,)
    outs_t = out_t if isinstance(out_t, tuple) else (out_t,)
    assert len(outs_ae) == len(outs_t)
    for k, (o, t) in enumerate(zip(outs_ae, outs_t)):
        compare_tensor(o, t, f"output {k}", exact=exact)
        assert o.requires_grad == t.requires_grad, f"output {k}: requires_grad"
        if check_graph:
            assert node_name(o.grad_fn) == node_name(t.grad_fn), f"output {k}: grad_fn"
            assert layout(o) == layout(t), f"output {k}: next_functions"
        if check_repr if check_repr is not None else exact:
            assert repr(o) == repr(t), f"output {k}: repr"
    differentiable = [(o, t) for o, t in zip(outs_ae, outs_t) if t.requires_grad]
    if not differentiable:
        return
    o, t = differentiable[0]
    g = rng.standard_normal(tuple(t.shape)).astype(as_np(t).dtype)
    o.backward(ae.tensor(g))
    t.backward(torch.tensor(g))
    for k, (a, b) in enumerate(zip(ins_ae, ins_t)):
        if b.grad is None:
            assert a.grad is None, f"input {k}: torch gives no grad"
        else:
            assert a.grad is not None, f"input {k}: missing grad"
            compare_tensor(a.grad, b.grad, f"grad of input {k}", grad_tol=True)
            assert a.grad.requires_grad is False


# ---- elementwise: binary ops with broadcasting -------------------------------------------------
BROADCAST = [((3, 4), (3, 4)), ((3, 1), (1, 4)), ((2, 3, 4), (4,)), ((4,), (2, 3, 4)), ((), (3,)), ((5,), ()),
             ((2, 1, 3), (4, 1))]
BINARY = {
    "add": lambda L, a, b: a + b,
    "add_fn_alpha": lambda L, a, b: L.add(a, b, alpha=2),
    "sub": lambda L, a, b: a - b,
    "mul": lambda L, a, b: a * b,
    "div": lambda L, a, b: a / b,
    "maximum": lambda L, a, b: L.maximum(a, b),
    "minimum": lambda L, a, b: L.minimum(a, b),
    "max_binary": lambda L, a, b: L.max(a, b),
    "where": lambda L, a, b: L.where(a > 0, a, b),
}
EXACT_BINARY = {"add", "sub", "mul", "maximum", "minimum", "max_binary", "where"}


@pytest.mark.parametrize("shapes", BROADCAST, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_broadcast(name, shapes):
    domain = "pos" if name == "div" else "any"
    assert_matches_torch(BINARY[name], [S(shapes[0]), S(shapes[1], domain=domain)], exact=name in EXACT_BINARY,
             check_repr=False)


@pytest.mark.parametrize("shapes", BROADCAST[:4], ids=lambda s: f"{s[0]}x{s[1]}")
def test_pow_tensor_tensor(shapes):
    assert_matches_torch(lambda L, a, b: a ** b, [S(shapes[0], domain="pos"), S(shapes[1], domain="small")])


@pytest.mark.parametrize("grads", [(True, False), (False, True)], ids=["grad_a", "grad_b"])
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_one_side_requires_grad(name, grads):
    """next_functions has (None, 0) for the side that does not require grad."""
    assert_matches_torch(BINARY[name], [S((3, 4), grad=grads[0]), S((4,), grad=grads[1], domain="pos")])


# ---- elementwise: unary ops, scalars on either side, pow forms ----------------------------------
UNARY = {
    "neg": (lambda L, x: -x, "any"),
    "neg_fn": (lambda L, x: L.neg(x), "any"),
    "exp": (lambda L, x: L.exp(x), "any"),
    "exp_method": (lambda L, x: x.exp(), "any"),
    "log": (lambda L, x: L.log(x), "pos"),
    "sqrt": (lambda L, x: L.sqrt(x), "pos"),
    "sin": (lambda L, x: L.sin(x), "any"),
    "cos": (lambda L, x: L.cos(x), "any"),
    "tan": (lambda L, x: L.tan(x), "small"),
    "tanh": (lambda L, x: L.tanh(x), "any"),
    "sigmoid": (lambda L, x: L.sigmoid(x), "any"),
    "relu": (lambda L, x: L.relu(x), "any"),
    "abs": (lambda L, x: L.abs(x), "any"),
    "abs_builtin": (lambda L, x: abs(x), "any"),
    "square": (lambda L, x: L.square(x), "any"),
    "reciprocal": (lambda L, x: L.reciprocal(x), "pos"),
    "pow2": (lambda L, x: x ** 2, "any"),
    "pow_method": (lambda L, x: x.pow(3), "any"),
    "pow_fn": (lambda L, x: L.pow(x, 2), "any"),
    "pow_half": (lambda L, x: x ** 0.5, "pos"),
    "pow_neg": (lambda L, x: x ** -1.5, "pos"),
    "pow_zero": (lambda L, x: x ** 0, "any"),
    "number_pow_tensor": (lambda L, x: 2 ** x, "any"),
    "number_pow_fn": (lambda L, x: L.pow(3.0, x), "any"),
    "add_scalar": (lambda L, x: x + 1, "any"),
    "radd_scalar": (lambda L, x: 1 + x, "any"),
    "sub_scalar": (lambda L, x: x - 1, "any"),
    "rsub_scalar": (lambda L, x: 1 - x, "any"),
    "mul_scalar": (lambda L, x: x * 2.5, "any"),
    "rmul_scalar": (lambda L, x: 3 * x, "any"),
    "div_scalar": (lambda L, x: x / 2, "any"),
    "rdiv_scalar": (lambda L, x: 2 / x, "pos"),
    "one_over": (lambda L, x: 1 / x, "pos"),
    "clamp_both": (lambda L, x: L.clamp(x, -0.5, 0.5), "any"),
    "clamp_min": (lambda L, x: x.clamp(min=0), "any"),
    "clamp_max": (lambda L, x: x.clamp(max=0.2), "any"),
    "clip": (lambda L, x: L.clip(x, -1, 1), "any"),
    "clip_method": (lambda L, x: x.clip(-1, 1), "any"),
    "sign_times": (lambda L, x: L.sign(x) * x, "any"),
    "norm": (lambda L, x: x.norm(), "any"),
    "norm_fn": (lambda L, x: L.norm(x), "any"),
    "clone": (lambda L, x: x.clone(), "any"),
    "clone_fn": (lambda L, x: L.clone(x), "any"),
    "to_f64": (lambda L, x: x.to(L.float64), "any"),
    "double": (lambda L, x: x.double(), "any"),
}
UNARY_SHAPES = [(), (5,), (3, 4), (2, 3, 4)]
EXACT_UNARY = {"neg", "neg_fn", "relu", "abs", "abs_builtin", "square", "pow2", "pow_method", "pow_fn", "pow_zero",
               "add_scalar", "radd_scalar", "sub_scalar", "rsub_scalar", "mul_scalar", "rmul_scalar", "div_scalar",
               "clamp_both", "clamp_min", "clamp_max", "clip", "clip_method", "sign_times", "clone", "clone_fn",
               "to_f64", "double", "sqrt"}


@pytest.mark.parametrize("shape", UNARY_SHAPES, ids=str)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary(name, shape):
    fn, domain = UNARY[name]
    assert_matches_torch(fn, [S(shape, domain=domain)], exact=name in EXACT_UNARY, check_repr=False)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_float64(name):
    fn, domain = UNARY[name]
    assert_matches_torch(fn, [S((3, 4), "f64", domain=domain)])


# tutorial-like inputs (exact in float32): the full repr of output and grads must match
TUTORIAL_X = [-1.0, 0.0, 0.5, 1.0, 2.0, 3.0]


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_repr_on_tutorial_inputs(name):
    fn, domain = UNARY[name]
    data = [v for v in TUTORIAL_X if v > 0] if domain == "pos" else TUTORIAL_X
    if name in ("tan",):
        data = [-1.0, 0.0, 0.5, 1.0]
    specs = [S(data=data)]
    rng = np.random.default_rng(0)
    arrays = [s.make(rng) for s in specs]
    x_ae, = build(ae, arrays, specs)
    x_t, = build(torch, arrays, specs)
    y_ae, y_t = fn(ae, x_ae), fn(torch, x_t)
    assert repr(y_ae) == repr(y_t)
    y_ae.sum().backward()
    y_t.sum().backward()
    assert repr(x_ae.grad) == repr(x_t.grad)


# ---- non-smooth points (C9-C11), exactly as PyTorch -------------------------------------------
KINKS = [
    ("relu", lambda L, x: L.relu(x), [-1., 0., 1.]),
    ("abs", lambda L, x: L.abs(x), [-1., 0., 1.]),
    ("sqrt0", lambda L, x: L.sqrt(x), [0., 1.]),
    ("pow_half0", lambda L, x: x ** 0.5, [0., 4.]),
    ("pow2_0", lambda L, x: x ** 2, [0., 3.]),
    ("pow0", lambda L, x: x ** 0, [0., 2.]),
    ("log0", lambda L, x: L.log(x), [0., 1.]),
    ("sigmoid0", lambda L, x: L.sigmoid(x), [0.]),
    ("tanh0", lambda L, x: L.tanh(x), [0.]),
    ("clamp_0_2", lambda L, x: L.clamp(x, 0, 2), [-1., 0., 1., 2., 3.]),
    ("clamp_min0", lambda L, x: L.clamp(x, min=0), [-1., 0., 1.]),
    ("clamp_max0", lambda L, x: L.clamp(x, max=0), [-1., 0., 1.]),
    ("clamp_1_1", lambda L, x: L.clamp(x, 1, 1), [0., 1., 2.]),
    ("clamp_2_1", lambda L, x: L.clamp(x, 2, 1), [0., 1.5, 3.]),
    ("max_ties", lambda L, x: x.max(), [1., 3., 3., 2.]),
    ("max_all_ties", lambda L, x: x.max(), [3., 3., 3.]),
    ("min_ties", lambda L, x: x.min(), [1., 1., 2.]),
    ("amax_ties", lambda L, x: x.amax(), [1., 3., 3., 2.]),
    ("amin_ties", lambda L, x: x.amin(), [1., 1., 2.]),
    ("max_dim_ties", lambda L, x: x.max(dim=0).values, [1., 3., 3., 2.]),
    ("max_dim_ties_idx", lambda L, x: x.max(dim=0), [1., 3., 3., 2.]),
    ("min_dim_ties", lambda L, x: x.min(0), [2., 1., 1.]),
    ("max2d_ties", lambda L, x: x.reshape(2, 2).max(), [1., 5., 5., 5.]),
    ("max_dim1", lambda L, x: x.reshape(2, 3).max(dim=1).values, [1., 3., 3., 2., 2., 0.]),
    ("amax_dim1", lambda L, x: x.reshape(2, 3).amax(dim=1), [1., 3., 3., 2., 2., 0.]),
    ("div0", lambda L, x: x / 0, [1., 2.]),
    ("prod_one_zero", lambda L, x: x.prod(), [2., 0., 3.]),
    ("prod_two_zeros", lambda L, x: x.prod(), [2., 0., 0.]),
    ("prod_dim_zeros", lambda L, x: x.reshape(2, 3).prod(1), [2., 0., 3., 0., 0., 4.]),
    ("norm_zero", lambda L, x: x.norm(), [0., 0.]),
]


@pytest.mark.parametrize("name,fn,data", KINKS, ids=[k[0] for k in KINKS])
def test_kinks_and_ties(name, fn, data):
    assert_matches_torch(fn, [S(data=data)], exact=True)


def test_maximum_ties_split():
    assert_matches_torch(lambda L, a, b: L.maximum(a, b), [S(data=[1., 2., 3.]), S(data=[2., 2., 2.])], exact=True)
    assert_matches_torch(lambda L, a, b: L.minimum(a, b), [S(data=[1., 2., 3.]), S(data=[2., 2., 2.])], exact=True)


def test_clamp_tensor_bounds():
    fn = lambda L, x, lo, hi: L.clamp(x, lo, hi)  # noqa: E731
    assert_matches_torch(fn, [S(data=[-1., 0., 1., 2., 3.]), S(data=[0.] * 5), S(data=[2.] * 5)], exact=True)
    assert_matches_torch(fn, [S((3, 4)), S((4,), domain="small"), S((3, 1), domain="pos")])
    assert_matches_torch(lambda L, x, lo: x.clamp(min=lo), [S((3, 4)), S((3, 4))])
    assert_matches_torch(lambda L, x, hi: x.clamp(max=hi), [S((3, 4)), S((4,))])


# ---- reductions -------------------------------------------------------------------------------
R = (2, 3, 4)
REDUCTIONS = {
    "sum": lambda L, x: x.sum(),
    "sum_fn": lambda L, x: L.sum(x),
    "sum0": lambda L, x: x.sum(0),
    "sum_neg": lambda L, x: x.sum(-1),
    "sum_tuple": lambda L, x: x.sum((0, 2)),
    "sum_keepdim": lambda L, x: x.sum(1, keepdim=True),
    "sum_dim_kw": lambda L, x: L.sum(x, dim=(1, 2), keepdim=True),
    "mean": lambda L, x: x.mean(),
    "mean0": lambda L, x: x.mean(0),
    "mean_tuple": lambda L, x: x.mean((0, 2)),
    "mean_keepdim": lambda L, x: x.mean(-1, keepdim=True),
    "max": lambda L, x: x.max(),
    "min": lambda L, x: L.min(x),
    "max_dim": lambda L, x: x.max(1),
    "max_dim_keep": lambda L, x: L.max(x, dim=2, keepdim=True),
    "min_dim": lambda L, x: x.min(dim=-1),
    "amax": lambda L, x: x.amax(),
    "amax_dims": lambda L, x: x.amax(dim=(0, 2)),
    "amin_dim": lambda L, x: L.amin(x, 1, keepdim=True),
    "argmax": lambda L, x: x.argmax(),
    "argmax_dim": lambda L, x: x.argmax(dim=1),
    "prod": lambda L, x: x.prod(),
    "prod_dim": lambda L, x: x.prod(1),
    "prod_dim_keep": lambda L, x: L.prod(x, -1, keepdim=True),
    "var": lambda L, x: x.var(),
    "var_dim": lambda L, x: x.var(1),
    "var_biased": lambda L, x: x.var(unbiased=False),
    "var_dims_keep": lambda L, x: x.var(dim=(0, 2), keepdim=True),
    "var_correction0": lambda L, x: L.var(x, 0, correction=0),
    "std": lambda L, x: x.std(),
    "std_dim": lambda L, x: x.std(dim=2),
    "std_biased_dim": lambda L, x: x.std(1, unbiased=False),
    "std_correction2": lambda L, x: x.std(dim=(1, 2), correction=2),
    "softmax": lambda L, x: L.softmax(x, dim=-1),
    "softmax0": lambda L, x: x.softmax(0),
    "log_softmax": lambda L, x: L.log_softmax(x, dim=1),
    "log_softmax_m": lambda L, x: x.log_softmax(-1),
    "logsumexp": lambda L, x: L.logsumexp(x, dim=1),
    "logsumexp_tuple": lambda L, x: x.logsumexp((0, 2), keepdim=True),
    "norm": lambda L, x: x.norm(),
}


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
def test_reduction(name):
    assert_matches_torch(REDUCTIONS[name], [S(R, domain="distinct")])


@pytest.mark.parametrize("name", sorted(REDUCTIONS))
def test_reduction_float64(name):
    assert_matches_torch(REDUCTIONS[name], [S((3, 2, 5), "f64", domain="distinct")], seed=1)


@pytest.mark.parametrize("name", ["sum", "mean", "max", "min", "amax", "prod", "softmax", "norm", "var", "std"])
def test_reduction_on_0d(name):
    fn = {"softmax": lambda L, x: L.softmax(x, 0)}.get(name, REDUCTIONS.get(name))
    assert_matches_torch(fn, [S(())])


# ---- matrix products --------------------------------------------------------------------------
MATMUL_SHAPES = [((3,), (3,)), ((2, 3), (3,)), ((2, 3), (3, 4)), ((3,), (3, 4))]
BATCHED_SHAPES = [((5, 2, 3), (5, 3, 4)), ((5, 2, 3), (3, 4)), ((2, 3), (5, 3, 4)), ((5, 2, 3), (3,)),
                  ((3,), (5, 3, 4)), ((2, 1, 2, 3), (5, 3, 2))]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=lambda s: f"{s[0]}@{s[1]}")
def test_matmul(shapes):
    assert_matches_torch(lambda L, a, b: a @ b, [S(shapes[0]), S(shapes[1])])
    assert_matches_torch(lambda L, a, b: L.matmul(a, b), [S(shapes[0], "f64"), S(shapes[1], "f64")], seed=2)


@pytest.mark.parametrize("shapes", BATCHED_SHAPES, ids=lambda s: f"{s[0]}@{s[1]}")
def test_matmul_batched(shapes):
    """Values and gradients. Not the graph: PyTorch records a chain (UnsafeViewBackward0 over
    BmmBackward0/MmBackward0/MvBackward0, or CloneBackward0 for 2-D @ 3-D) where the engine
    records one UnsafeViewBackward0 node (a known, documented difference)."""
    assert_matches_torch(lambda L, a, b: a @ b, [S(shapes[0]), S(shapes[1])], check_graph=False)
    assert_matches_torch(lambda L, a, b: L.matmul(a, b), [S(shapes[0], "f64"), S(shapes[1], "f64")], seed=2,
             check_graph=False)


def test_matmul_batched_names_3d_at_3d():
    assert_matches_torch(lambda L, a, b: a @ b, [S((5, 2, 3)), S((5, 3, 4))], check_graph=False)
    a, b = ae.ones(2, 2, 3, requires_grad=True), ae.ones(2, 3, 4)
    assert type((a @ b).grad_fn).__name__ == type((torch.ones(2, 2, 3, requires_grad=True) @ torch.ones(2, 3, 4))
                                                  .grad_fn).__name__


@pytest.mark.parametrize("name,fn,shapes", [
    ("mm", lambda L, a, b: L.mm(a, b), ((2, 3), (3, 4))),
    ("mm_method", lambda L, a, b: a.mm(b), ((2, 3), (3, 1))),
    ("mv", lambda L, a, b: L.mv(a, b), ((2, 3), (3,))),
    ("dot", lambda L, a, b: L.dot(a, b), ((4,), (4,))),
    ("dot_method", lambda L, a, b: a.dot(b), ((4,), (4,))),
], ids=lambda v: v if isinstance(v, str) else "")
def test_named_products(name, fn, shapes):
    assert_matches_torch(fn, [S(shapes[0]), S(shapes[1])])
    assert_matches_torch(fn, [S(shapes[0]), S(shapes[1], grad=False)], seed=3)
    assert_matches_torch(fn, [S(shapes[0], grad=False), S(shapes[1])], seed=4)


def test_matmul_repr_on_tutorial_inputs():
    assert_matches_torch(lambda L, a, b: a @ b, [S(data=[[1., 2.], [3., 4.]]), S(data=[[1., 0.], [2., -1.]])], exact=True)
    assert_matches_torch(lambda L, a, w: a @ w, [S(data=[1., 2., 3.]), S(data=[4., 5., 6.])], exact=True)


# ---- shape ops and joins ------------------------------------------------------------------------
SHAPE_OPS = {
    "reshape": (lambda L, x: x.reshape(4, 6), R),
    "reshape_tuple": (lambda L, x: x.reshape((-1, 4)), R),
    "reshape_fn": (lambda L, x: L.reshape(x, (6, -1)), R),
    "view": (lambda L, x: x.view(2, 12), R),
    "view_neg": (lambda L, x: x.view(-1), R),
    "transpose": (lambda L, x: x.transpose(0, 2), R),
    "transpose_fn": (lambda L, x: L.transpose(x, -1, 1), R),
    "permute": (lambda L, x: x.permute(2, 0, 1), R),
    "permute_tuple": (lambda L, x: L.permute(x, (1, 2, 0)), R),
    "T_2d": (lambda L, x: x.T, (3, 4)),
    "T_3d": (lambda L, x: x.T, R),
    "t_2d": (lambda L, x: x.t(), (3, 4)),
    "t_fn": (lambda L, x: L.t(x), (3, 4)),
    "t_1d": (lambda L, x: x.t() * 1, (3,)),
    "unsqueeze_T": (lambda L, x: x.unsqueeze(0).T, (3,)),
    "unsqueeze_t": (lambda L, x: x.unsqueeze(0).t(), (3,)),
    "squeeze": (lambda L, x: x.squeeze(), (1, 3, 1, 2)),
    "squeeze_dim": (lambda L, x: x.squeeze(2), (1, 3, 1, 2)),
    "squeeze_fn": (lambda L, x: L.squeeze(x, 0), (1, 3)),
    "squeeze_noop_dim": (lambda L, x: x.squeeze(1), (1, 3)),
    "unsqueeze": (lambda L, x: x.unsqueeze(0), R),
    "unsqueeze_neg": (lambda L, x: L.unsqueeze(x, -1), R),
    "expand": (lambda L, x: x.expand(2, 3, 4), (3, 1)),
    "expand_neg": (lambda L, x: x.expand(5, -1, 4), (3, 1)),
    "expand_as": (lambda L, x: x.expand_as(L.ones(2, 3, 4)), (4,)),
    "flatten": (lambda L, x: x.flatten(), R),
    "flatten_range": (lambda L, x: L.flatten(x, 1), R),
    "flatten_mid": (lambda L, x: x.flatten(0, 1), R),
    "narrow": (lambda L, x: x.narrow(1, 1, 2), R),
    "select": (lambda L, x: x.select(2, 1), R),
}


@pytest.mark.parametrize("name", sorted(SHAPE_OPS))
def test_shape_op(name):
    fn, shape = SHAPE_OPS[name]
    assert_matches_torch(fn, [S(shape)], exact=True, check_repr=False)


JOIN = {
    "cat0": lambda L, a, b: L.cat([a, b]),
    "cat1": lambda L, a, b: L.cat((a, b), dim=1),
    "cat_neg": lambda L, a, b: L.cat([a, b, a], -1),
    "stack0": lambda L, a, b: L.stack([a, b]),
    "stack1": lambda L, a, b: L.stack((a, b), dim=1),
    "stack_neg": lambda L, a, b: L.stack([a, b, a], dim=-1),
}


@pytest.mark.parametrize("name", sorted(JOIN))
def test_join(name):
    assert_matches_torch(JOIN[name], [S((2, 3)), S((2, 3))], exact=True)
    assert_matches_torch(JOIN[name], [S((2, 3)), S((2, 3), grad=False)], seed=1)


def test_cat_promotes_and_different_sizes():
    assert_matches_torch(lambda L, a, b: L.cat([a, b]), [S((2, 3)), S((1, 3), "f64")])
    assert_matches_torch(lambda L, a, b: L.cat([a, b], 1), [S((2, 3)), S((2, 1))])


# ---- indexing and index assignment --------------------------------------------------------------
INDEXING = {
    "int": lambda L, x: x[1],
    "neg_int": lambda L, x: x[-1],
    "slice": lambda L, x: x[1:3],
    "slice_step": lambda L, x: x[::2],
    "slice_neg": lambda L, x: x[-2:],
    "int_int": lambda L, x: x[1, -2],
    "col": lambda L, x: x[:, 2],
    "slice_col": lambda L, x: x[1:, 1:3],
    "ellipsis": lambda L, x: x[..., 1],
    "ellipsis_mid": lambda L, x: x[1, ...],
    "tensor_idx": lambda L, x: x[L.tensor([0, 2])],
    "repeated_idx": lambda L, x: x[L.tensor([0, 2, 2, 0, 0])],
    "neg_tensor_idx": lambda L, x: x[L.tensor([-1, 0])],
    "list_idx": lambda L, x: x[[1, 1, 3]],
    "two_tensor_idx": lambda L, x: x[L.tensor([0, 1, 1]), L.tensor([2, 2, 0])],
    "bool_mask": lambda L, x: x[x > 0],
    "bool_row_mask": lambda L, x: x[L.tensor([True, False, True, True])],
}


@pytest.mark.parametrize("name", sorted(INDEXING))
def test_indexing(name):
    assert_matches_torch(INDEXING[name], [S((4, 3))], exact=True, check_repr=False)


MIXED_INDEXING = {
    "none": lambda L, x: x[None, 1],
    "slice_then_tensor": lambda L, x: x[1:, L.tensor([0, 0])],
    "int_then_tensor": lambda L, x: x[2, L.tensor([1, 1, 0])],
}


@pytest.mark.parametrize("name", sorted(MIXED_INDEXING))
def test_mixed_indexing_values_and_grads(name):
    """Values and gradients only: PyTorch splits these into several nodes
    (UnsqueezeBackward0/SliceBackward0 then SelectBackward0/IndexBackward0), the engine uses one."""
    assert_matches_torch(MIXED_INDEXING[name], [S((4, 3))], exact=True, check_repr=False, check_graph=False)


SETITEM = {
    "int": lambda y, v, L: y.__setitem__(1, v),
    "slice": lambda y, v, L: y.__setitem__(slice(0, 2), v),
    "tensor_idx": lambda y, v, L: y.__setitem__(L.tensor([0, 3]), v),
    "mask": lambda y, v, L: y.__setitem__(L.tensor([True, False, True, False]), v),
}


@pytest.mark.parametrize("value_grad", [True, False], ids=["v_grad", "v_const"])
@pytest.mark.parametrize("name", sorted(SETITEM))
def test_setitem_on_non_leaf(name, value_grad):
    def fn(L, x, v):
        y = x * 1
        SETITEM[name](y, v, L)
        return y

    assert_matches_torch(fn, [S((4, 3)), S((3,), grad=value_grad)])


def test_setitem_scalar_value():
    def fn(L, x):
        y = x * 2
        y[0, 1] = 5.
        y[2] = 0.
        return y

    assert_matches_torch(fn, [S((4, 3))], exact=True)


# ---- in-place ops on non-leaf tensors ------------------------------------------------------------
INPLACE = {
    "add_": lambda L, x: (x * 1).add_(2),
    "add_tensor": lambda L, x: (x * 1).add_(x),
    "iadd": lambda L, x: (lambda y: y.__iadd__(1))(x * 1),
    "mul_": lambda L, x: (x * 1).mul_(3),
    "mul_tensor": lambda L, x: (x + 0).mul_(x),
    "sin_": lambda L, x: (x * 1).sin_(),
    "clamp_": lambda L, x: (x * 1).clamp_(-0.5, 0.5),
    "clamp_min_": lambda L, x: (x * 1).clamp_(min=0),
    "zero_": lambda L, x: (x * 1).zero_(),
    "pow_": lambda L, x: (x * 1).pow_(2),
    "sub_": lambda L, x: (x * 1).sub_(1.5),
    "sub_tensor": lambda L, x: (x * 2).sub_(x),
    "div_": lambda L, x: (x * 1).div_(4),
    "isub": lambda L, x: (lambda y: y.__isub__(x))(x * 3),
    "imul": lambda L, x: (lambda y: y.__imul__(2.))(x * 1),
    "itruediv": lambda L, x: (lambda y: y.__itruediv__(2.))(x * 1),
    "chain": lambda L, x: (x * 1).add_(1).mul_(x).sin_(),
}


@pytest.mark.parametrize("name", sorted(INPLACE))
def test_inplace_on_non_leaf(name):
    assert_matches_torch(INPLACE[name], [S((3, 4))])


@pytest.mark.parametrize("name", ["add_", "mul_", "sub_", "div_", "zero_", "pow_"])
def test_inplace_reprs_tutorial(name):
    assert_matches_torch(INPLACE[name], [S(data=[1., 2., 3.])], exact=True)


def test_inplace_on_constant_with_grad_operand():
    """x.add_(w) where x does not require grad but w does: x gets history."""
    def fn(L, x, w):
        y = x * 1
        y.add_(w)
        return y

    assert_matches_torch(fn, [S((3,), grad=False), S((3,))])


# ---- dtypes and type promotion (C16) -------------------------------------------------------------
PROMOTION = [
    ("f32_mul_float", lambda L, x: x * 2.5, [S((3,))]),
    ("f32_add_int", lambda L, x: x + 2, [S((3,))]),
    ("i64_mul_float", lambda L, x: x * 2.5, [S((3,), "i64")]),
    ("i64_div_int", lambda L, x: x / 2, [S((3,), "i64")]),
    ("i64_rdiv", lambda L, x: 2 / x.clamp(min=1), [S((3,), "i64")]),
    ("i64_add_int", lambda L, x: x + 2, [S((3,), "i64")]),
    ("i64_mul_int", lambda L, x: x * 3, [S((3,), "i64")]),
    ("i64_pow_int", lambda L, x: x ** 2, [S((3,), "i64")]),
    ("i64_pow_float", lambda L, x: x ** 0.5, [S((3,), "i64")]),
    ("i64_sum", lambda L, x: x.sum(), [S((3,), "i64")]),
    ("i64_sin", lambda L, x: x.sin(), [S((3,), "i64")]),
    ("i64_exp", lambda L, x: L.exp(x), [S((3,), "i64")]),
    ("bool_sum", lambda L, x: x.sum(), [S((4,), "bool")]),
    ("i64_neg", lambda L, x: -x, [S((3,), "i64")]),
    ("i64_abs", lambda L, x: x.abs(), [S((3,), "i64")]),
    ("i64_relu", lambda L, x: x.relu(), [S((3,), "i64")]),
    ("i64_clamp", lambda L, x: x.clamp(-1, 2), [S((3,), "i64")]),
    ("i64_max", lambda L, x: x.max(), [S((3,), "i64")]),
    ("i64_prod", lambda L, x: x.prod(), [S((3,), "i64")]),
    ("f32_add_f64", lambda L, x, y: x + y, [S((3,)), S((3,), "f64")]),
    ("f64_mul_f32", lambda L, x, y: x * y, [S((3,), "f64"), S((2, 3))]),
    ("f32_add_0d_f64", lambda L, x, y: x + y, [S((3,)), S((), "f64")]),
    ("0d_f64_mul_f32", lambda L, x, y: y * x, [S((3,)), S((), "f64")]),
    ("f32_add_i64", lambda L, x, y: x + y, [S((3,)), S((3,), "i64")]),
    ("i64_div_i64", lambda L, x, y: x / y.clamp(min=1), [S((3,), "i64"), S((3,), "i64")]),
    ("i64_add_0d_f64", lambda L, x, y: x + y, [S((3,), "i64"), S((), "f64")]),
    ("0d_f32_add_0d_f64", lambda L, x, y: x + y, [S(()), S((), "f64")]),
    ("f64_where_f32", lambda L, x, y: L.where(x > 0, x, y), [S((3,), "f64"), S((3,))]),
    ("f32_maximum_f64", lambda L, x, y: L.maximum(x, y), [S((3,)), S((3,), "f64")]),
    ("f32_pow_f64", lambda L, x, y: x ** y, [S((3,), domain="pos"), S((3,), "f64", domain="small")]),
    ("f32_to_f64_back", lambda L, x: x.to(L.float64).sum().float(), [S((3,))]),
    ("f32_to_i64", lambda L, x: (x * 3).to(L.int64), [S((3,))]),
    ("f64_sub_f32_scalar0d", lambda L, x, y: x - y, [S((2, 2), "f64"), S(())]),
    ("f32_mean", lambda L, x: x.mean(), [S((4,))]),
    ("f32_lt_f64", lambda L, x, y: x < y, [S((3,)), S((3,), "f64")]),
    ("f32_eq_int", lambda L, x: x == 1, [S(data=[1., 2., 1.])]),
]


@pytest.mark.parametrize("name,fn,specs", PROMOTION, ids=[p[0] for p in PROMOTION])
def test_type_promotion(name, fn, specs):
    assert_matches_torch(fn, specs)


# ---- composite: a tutorial-sized graph, node for node --------------------------------------------
def test_blitz_q_graph_layout():
    """C8: Q = 3*a**3 - b**2; walk every next_functions level."""
    def walk(L):
        a = L.tensor([2., 3.], requires_grad=True)
        b = L.tensor([6., 4.], requires_grad=True)
        Q = 3 * a ** 3 - b ** 2
        seen, frontier = [], [Q.grad_fn]
        while frontier:
            node = frontier.pop(0)
            seen.append((node_name(node), tuple((node_name(n), i) for n, i in node.next_functions)))
            frontier.extend(n for n, _ in node.next_functions if n is not None)
        acc = Q.grad_fn.next_functions[1][0].next_functions[0][0]
        return repr(Q), seen, acc.variable is b

    assert walk(ae) == walk(torch)


def test_reused_node_against_torch():
    assert_matches_torch(lambda L, a: (lambda b: b * b)(a + a), [S((3,))])
    assert_matches_torch(lambda L, a: (lambda b: (b * a).sum() + b.exp().sum())(a.sin()), [S((2, 3))])


def test_mixed_composition_against_torch():
    def fn(L, x, w, b):
        h = L.tanh(x @ w + b)
        p = L.softmax(h, dim=1)
        return (p * L.log_softmax(h, dim=-1)).sum(1).mean() + h.var() + h.abs().amax()

    assert_matches_torch(fn, [S((5, 3)), S((3, 4)), S((4,))])
    assert_matches_torch(fn, [S((5, 3), "f64"), S((3, 4), "f64"), S((4,), "f64")], seed=9)


# ---- errors: type and message as PyTorch's (C16) -------------------------------------------------
def _x(L):
    return L.tensor([1., 2., 3.], requires_grad=True)


ERRORS = [
    ("broadcast_add", lambda L: L.ones(3) + L.ones(2)),
    ("broadcast_mul_2d", lambda L: L.ones(2, 3) * L.ones(4, 1, 2)),
    ("broadcast_where", lambda L: L.where(L.ones(3) > 0, L.ones(3), L.ones(2))),
    ("broadcast_maximum", lambda L: L.maximum(L.ones(3), L.ones(2))),
    ("mm_shapes", lambda L: L.ones(2, 3) @ L.ones(2, 3)),
    ("mm_fn", lambda L: L.mm(L.ones(2, 3), L.ones(4, 3))),
    ("vec_mat", lambda L: L.ones(2) @ L.ones(3, 4)),
    ("matmul_0d", lambda L: L.tensor(1.) @ L.ones(3)),
    ("dot_sizes", lambda L: L.dot(L.ones(2), L.ones(3))),
    ("matmul_dtype", lambda L: L.ones(2, 2) @ L.ones(2, 2, dtype=L.float64)),
    ("view_size", lambda L: L.ones(3).view(2, 2)),
    ("reshape_size", lambda L: L.ones(2, 3).reshape(4, -1)),
    ("sum_dim_range", lambda L: L.ones(3).sum(1)),
    ("mean_dim_range", lambda L: L.ones(2, 3).mean(-3)),
    ("softmax_dim_range", lambda L: L.softmax(L.ones(2, 3), 2)),
    ("unsqueeze_range", lambda L: L.ones(2).unsqueeze(3)),
    ("item_many", lambda L: L.ones(2).item()),
    ("numpy_grad", lambda L: _x(L).numpy()),
    ("bool_many", lambda L: bool(L.ones(2))),
    ("clamp_none", lambda L: L.clamp(L.ones(2))),
    ("ragged", lambda L: L.tensor([[1, 2], [3]])),
    ("int_requires_grad", lambda L: L.tensor([1, 2, 3], requires_grad=True)),
    ("int_requires_grad_", lambda L: L.tensor([1, 2, 3]).requires_grad_()),
    ("add_inplace_cast", lambda L: L.tensor([1, 2]).add_(1.5)),
    ("leaf_inplace", lambda L: _x(L).add_(1)),
    ("leaf_zero_", lambda L: _x(L).zero_()),
    ("leaf_setitem", lambda L: _x(L).__setitem__(0, 5.)),
    ("backward_nonscalar", lambda L: (_x(L) * 2).backward()),
    ("backward_no_grad", lambda L: L.ones(3).sum().backward()),
    ("backward_grad_shape", lambda L: (_x(L) * 2).backward(L.ones(2))),
    ("grad_unused", lambda L: L.autograd.grad((_x(L) * 2).sum(), [_x(L)])),
    ("grad_no_requires", lambda L: L.autograd.grad((_x(L) * 2).sum(), [L.ones(3)])),
    ("retain_grad_no_grad", lambda L: L.ones(3).retain_grad()),
    ("hook_no_grad", lambda L: L.ones(3).register_hook(lambda g: g)),
    ("non_leaf_requires_grad_false", lambda L: (_x(L) * 2).requires_grad_(False)),
    ("expand_bad", lambda L: L.ones(3, 2).expand(3, 4)),
    ("cat_sizes", lambda L: L.cat([L.ones(2, 3), L.ones(2, 4)])),
    ("cat_ndim", lambda L: L.cat([L.ones(2, 3), L.ones(3)])),
    ("stack_sizes", lambda L: L.stack([L.ones(2, 3), L.ones(3, 2)])),
    ("index_out_of_range", lambda L: L.ones(3)[5]),
    ("too_many_indices", lambda L: L.ones(3)[0, 1]),
    ("float_index", lambda L: L.ones(3)[L.tensor([0.])]),
    ("t_3d", lambda L: L.ones(2, 3, 4).t()),
    ("mean_int", lambda L: L.tensor([1, 2]).mean()),
    ("max_empty", lambda L: L.ones(0).max()),
    ("grad_assign_size", lambda L: setattr(_x(L), "grad", L.ones(2))),
    ("where_non_bool", lambda L: L.where(L.ones(3), L.ones(3), L.ones(3))),
]
# the engine appends a hint after PyTorch's sentence for these; PyTorch's sentence must be the start
HINTED = {"backward_nonscalar", "int_requires_grad", "int_requires_grad_", "leaf_inplace", "leaf_zero_",
          "leaf_setitem"}


@pytest.mark.parametrize("name,fn", ERRORS, ids=[e[0] for e in ERRORS])
def test_error_matches_torch(name, fn):
    with pytest.raises(Exception) as theirs:
        fn(torch)
    with pytest.raises(Exception) as ours:
        fn(ae)
    assert type(ours.value).__name__ == type(theirs.value).__name__
    if name in HINTED:
        assert str(ours.value).startswith(str(theirs.value))
    else:
        assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("a,b", [((3,), (2,)), ((2, 3), (3, 2)), ((4, 1, 2), (3, 3))], ids=str)
def test_broadcast_error_names_both_shapes(a, b):
    for fn in (lambda L: L.ones(*a) + L.ones(*b), lambda L: L.ones(*a) - L.ones(*b), lambda L: L.ones(*a) * L.ones(*b),
               lambda L: L.ones(*a) / L.ones(*b)):
        with pytest.raises(RuntimeError) as theirs:
            fn(torch)
        with pytest.raises(RuntimeError) as ours:
            fn(ae)
        assert str(ours.value) == str(theirs.value)
