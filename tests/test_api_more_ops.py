"""Ops, layers and helpers that single learner programs need, against PyTorch 2.13: %, //,
remainder, fmod, floor_divide, bmm, einsum, sort, index_add_, norm(p, dim), grad(only_inputs=),
LeakyReLU, ModuleList, nn.init (new and deprecated names), clip_grad_norm_, RMSprop, accelerator."""
import warnings

import numpy as np
import pytest

import autograd_edu as ae
from both_engines import assert_same_outcome

WEIGHTS = [1., 2., 3., 4.]


def _ab(t):
    return (t.tensor([5., -5., 7.5, -7.5], requires_grad=True), t.tensor([3., 3., -2., -2.], requires_grad=True))


def _ints(t):
    return t.tensor([5, -5, 7, -7]), t.tensor([3, 3, -2, -2])


@pytest.mark.torch
@pytest.mark.parametrize("case", [
    lambda t: (lambda a, b: a % b)(*_ab(t)), lambda t: _ab(t)[0] % 3, lambda t: 5 % _ab(t)[1],
    lambda t: (lambda a, b: a // b)(*_ab(t)), lambda t: _ab(t)[0] // 3, lambda t: 7 // _ab(t)[1],
    lambda t: t.remainder(*_ab(t)), lambda t: t.fmod(*_ab(t)), lambda t: t.floor_divide(*_ab(t)),
    lambda t: _ab(t)[0].remainder(2.), lambda t: _ab(t)[0].fmod(2.),
    lambda t: (lambda a, b: (a % b, a // b, t.fmod(a, b)))(*_ints(t)),
    lambda t: _ints(t)[0] % 0, lambda t: _ints(t)[0] // 0, lambda t: _ab(t)[0].detach() % 0,
    lambda t: _ab(t)[0].detach() // 0, lambda t: t.remainder(_ints(t)[0], 2.5), lambda t: _ints(t)[0] // 2.5,
], ids=["mod", "mod_number", "number_mod", "floordiv", "floordiv_number", "number_floordiv", "remainder",
        "fmod", "floor_divide", "remainder_method", "fmod_method", "ints", "int_mod_zero", "int_floordiv_zero",
        "float_mod_zero", "float_floordiv_zero", "int_remainder_float", "int_floordiv_float"])
def test_division_ops_match_pytorch(case):
    assert_same_outcome(case)


@pytest.mark.torch
@pytest.mark.parametrize("op", [lambda t, a, b: a % b, lambda t, a, b: t.fmod(a, b), lambda t, a, b: a // b,
                                lambda t, a, b: 5 % b],
                         ids=["remainder", "fmod", "floor_divide_raises", "number_remainder_raises"])
def test_division_gradients_match_pytorch(op):
    def program(t):
        a, b = _ab(t)
        (op(t, a, b) * t.tensor(WEIGHTS)).sum().backward()
        return a.grad, b.grad
    assert_same_outcome(program)


@pytest.mark.torch
@pytest.mark.parametrize("case", [
    lambda t: t.einsum("i,i->", t.arange(3.), t.arange(3.)),
    lambda t: t.einsum("bij,bjk->bik", t.arange(12.).reshape(2, 2, 3), t.arange(6.).reshape(2, 3, 1)),
    lambda t: t.einsum("ii", t.arange(4.).reshape(2, 2)),
    lambda t: t.einsum("ij->ji", [t.arange(6.).reshape(2, 3)]),
    lambda t: t.einsum("ij,jk", t.ones(2, 3), t.ones(2, 4)),
    lambda t: t.bmm(t.ones(2, 3), t.ones(3, 4)),
    lambda t: t.bmm(t.ones(2, 2, 3), t.ones(3, 3, 4)),
    lambda t: t.tensor([3., 1., 2.], requires_grad=True).sort(),
    lambda t: t.sort(t.tensor([[3., 1.], [0., 5.]]), dim=0, descending=True),
    lambda t: t.tensor([2, 1, 2, 0]).sort(stable=True),
    lambda t: t.zeros(5).index_add_(0, t.tensor([0, 4, 0]), t.tensor([1., 2., 3.])),
    lambda t: t.zeros(2, 3).index_add_(1, t.tensor([0, 2]), t.ones(2, 2), alpha=2),
    lambda t: t.zeros(3, requires_grad=True).clone().index_add_(0, t.tensor([1]), t.ones(1, requires_grad=True)),
    lambda t: t.zeros(3).index_add(0, t.tensor([1]), t.ones(1)),
    lambda t: t.zeros(3).index_add_(0, t.tensor([1.]), t.ones(1)),
    lambda t: t.zeros(3).index_add_(0, t.tensor([5]), t.ones(1)),
    lambda t: t.arange(6.).reshape(2, 3).requires_grad_().norm(dim=1),
    lambda t: t.arange(6.).reshape(2, 3).norm(1, dim=0),
    lambda t: t.arange(6.).reshape(2, 3).norm(p=2, dim=1, keepdim=True),
    lambda t: t.arange(6.).reshape(2, 3).norm(float("inf"), dim=1),
    lambda t: t.norm(t.arange(6.).reshape(2, 3), dim=(0, 1)),
    lambda t: t.arange(6.).norm(p="fro"),
    lambda t: t.arange(6.).reshape(2, 3).requires_grad_().norm(p=1),
], ids=["einsum_dot", "einsum_batched", "einsum_trace", "einsum_list", "einsum_mismatch", "bmm_2d", "bmm_batch",
        "sort", "sort_dim_descending", "sort_stable_ints", "index_add", "index_add_dim_alpha", "index_add_grad_fn",
        "index_add_out_of_place", "index_add_float_index", "index_add_out_of_range", "norm_dim", "norm_1_dim",
        "norm_keepdim", "norm_inf", "norm_dims", "norm_fro", "norm_1"])
def test_products_sorting_and_norms_match_pytorch(case):
    assert_same_outcome(case)


def _gradients(make, f):
    def program(t):
        inputs = make(t)
        out = f(t, *inputs)
        (out * t.arange(1., out.numel() + 1.).reshape(out.shape)).sum().backward()
        return out.detach(), [x.grad for x in inputs]
    return program


@pytest.mark.torch
@pytest.mark.parametrize("case", [
    _gradients(lambda t: [t.arange(6., requires_grad=True)], lambda t, x: x.reshape(2, 3).norm(dim=1)),
    _gradients(lambda t: [t.tensor([1., -3., 3., 2.], requires_grad=True)], lambda t, x: x.norm(float("inf"))),
    _gradients(lambda t: [t.tensor([1., -3., 0., 2.], requires_grad=True)], lambda t, x: x.norm(1)),
    _gradients(lambda t: [t.tensor([1., -3., 0.5, 2.], requires_grad=True)], lambda t, x: x.norm(3)),
    _gradients(lambda t: [t.tensor([3., 1., 2., 0.], requires_grad=True)], lambda t, x: x.sort(descending=True)[0]),
    _gradients(lambda t: [t.ones(2, 2, 3, requires_grad=True), t.arange(24.).reshape(2, 3, 4).requires_grad_()],
               lambda t, a, b: t.bmm(a, b)),
    _gradients(lambda t: [t.zeros(4, requires_grad=True), t.tensor([1., 2., 3.], requires_grad=True)],
               lambda t, x, s: x.index_add(0, t.tensor([3, 0, 3]), s)),
    _gradients(lambda t: [t.arange(6.).reshape(2, 3).requires_grad_(), t.arange(12.).reshape(3, 4).requires_grad_()],
               lambda t, a, b: t.einsum("ij,jk->ik", a, b)),
    _gradients(lambda t: [t.arange(6.).reshape(2, 3).requires_grad_(), t.arange(3.).requires_grad_()],
               lambda t, a, v: t.einsum("ij,j->i", a, v)),
    _gradients(lambda t: [t.arange(6.).reshape(2, 3).requires_grad_()], lambda t, a: t.einsum("ij->i", a)),
], ids=["norm_dim", "norm_inf_ties", "norm_1", "norm_3", "sort", "bmm", "index_add", "einsum_mm", "einsum_mv",
        "einsum_sum"])
def test_gradients_match_pytorch(case):
    assert_same_outcome(case)


@pytest.mark.torch
@pytest.mark.parametrize("only_inputs", [True, False])
def test_grad_accepts_only_inputs_with_pytorchs_warning(only_inputs):
    def program(t):
        x = t.tensor([1., 2.], requires_grad=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = t.autograd.grad((x ** 2).sum(), x, only_inputs=only_inputs)
        return result, [(w.category.__name__, str(w.message)) for w in caught]
    assert_same_outcome(program)


@pytest.mark.torch
def test_layers_and_utilities_match_pytorch():
    def program(t):
        t.manual_seed(0)
        x = t.tensor([-1., 0., 2.], requires_grad=True)
        y = t.nn.LeakyReLU(0.2)(x)
        (y * y).sum().backward()

        class Net(t.nn.Module):
            def __init__(self):
                super().__init__()
                self.layers = t.nn.ModuleList([t.nn.Linear(3, 3) for _ in range(2)])
                self.layers.append(t.nn.LeakyReLU())

            def forward(self, x):
                for layer in self.layers:
                    x = layer(x)
                return x
        net = Net()
        (net(t.ones(4, 3)) ** 2).sum().backward()
        total = t.nn.utils.clip_grad_norm_(net.parameters(), 0.5)
        return (repr(t.nn.LeakyReLU()), repr(t.nn.LeakyReLU(0.2, inplace=True)), y, x.grad, repr(net),
                [n for n, _ in net.named_parameters()], total, net.layers[0].weight.grad, len(net.layers),
                repr(net.layers[1:]), t.accelerator.is_available(), t.accelerator.current_accelerator(),
                t.accelerator.device_count())
    assert_same_outcome(program)


@pytest.mark.torch
@pytest.mark.parametrize("case", [
    lambda t: (lambda ps: (t.nn.utils.clip_grad_norm_(ps, max_norm=1.0), ps[0].grad, ps[1].grad))(_params(t)),
    lambda t: (lambda ps: (t.nn.utils.clip_grad_norm_(ps, 100.), ps[0].grad))(_params(t)),
    lambda t: (lambda ps: (t.nn.utils.clip_grad_norm_(ps, 1., norm_type=float("inf")), ps[0].grad))(_params(t)),
    lambda t: t.nn.utils.clip_grad_norm_([], 1.),
    lambda t: (lambda ps: (t.nn.utils.clip_grad_value_(ps, 0.1), ps[0].grad, ps[1].grad))(_params(t)),
], ids=["clip_norm", "no_clip", "inf_norm", "nothing", "clip_value"])
def test_gradient_clipping_matches_pytorch(case):
    assert_same_outcome(case)


def _params(t):
    ps = [t.nn.Parameter(t.tensor([3., 4.])), t.nn.Parameter(t.tensor([12.]))]
    ps[0].grad, ps[1].grad = t.tensor([3., 4.]), t.tensor([12.])
    return ps


@pytest.mark.torch
@pytest.mark.parametrize("case", [
    lambda t: t.nn.init.kaiming_normal_(t.empty(3, 4)),
    lambda t: t.nn.init.kaiming_normal_(t.empty(3, 4), mode="fan_out", nonlinearity="relu"),
    lambda t: t.nn.init.xavier_normal_(t.empty(2, 3)),
    lambda t: t.nn.init.xavier_uniform_(t.empty(3, 5)),
    lambda t: t.nn.init.eye_(t.empty(2, 3)),
    lambda t: t.nn.init.eye_(t.empty(2, 3, 4)),
], ids=["kaiming_normal", "kaiming_normal_fan_out", "xavier_normal", "xavier_uniform", "eye", "eye_3d"])
def test_init_matches_pytorch_after_manual_seed(case):
    def program(t):
        t.manual_seed(0)
        return case(t)
    assert_same_outcome(program)


@pytest.mark.torch
@pytest.mark.parametrize("name", ["xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal", "uniform",
                                  "normal"])
def test_deprecated_init_names_warn_and_initialise(name):
    def program(t):
        t.manual_seed(0)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            values = getattr(t.nn.init, name)(t.empty(3, 4))
        return values, [(w.category.__name__, str(w.message)) for w in caught]
    assert_same_outcome(program)


@pytest.mark.torch
@pytest.mark.parametrize("settings", [{}, {"momentum": 0.9}, {"centered": True}, {"weight_decay": 0.1},
                                      {"centered": True, "momentum": 0.5, "alpha": 0.9}],
                         ids=["plain", "momentum", "centered", "weight_decay", "all"])
def test_rmsprop_steps_match_pytorch(settings):
    def program(t):
        w = t.tensor([1.0, -2.0, 0.5], requires_grad=True)
        optimizer = t.optim.RMSprop([w], lr=0.01, **settings)
        for _ in range(20):
            optimizer.zero_grad()
            ((w - 3) ** 2 * t.tensor([1., 2., 3.])).sum().backward()
            optimizer.step()
        return w.detach(), repr(optimizer)
    assert_same_outcome(program)


def test_new_ops_pass_gradcheck():
    rng = np.random.default_rng(2)
    a = ae.tensor(rng.standard_normal((2, 3, 4)), requires_grad=True)
    b = ae.tensor(rng.standard_normal((2, 4, 2)), requires_grad=True)
    m = ae.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    s = ae.tensor(rng.standard_normal(3), requires_grad=True)
    cases = [(ae.bmm, (a, b)), (lambda a, b: ae.einsum("bij,bjk->bik", a, b), (a, b)),
             (lambda m: m.norm(dim=1), (m,)), (lambda m: m.norm(3, dim=0), (m,)),
             (lambda m: m.sort(dim=1)[0], (m,)), (lambda m: m % 0.7, (m,)),
             (lambda m, s: ae.zeros(3, 4, dtype=ae.float64).index_add(1, ae.tensor([0, 3, 0]), m[:, :3] * s), (m, s)),
             (lambda m: ae.nn.functional.leaky_relu(m, 0.1), (m,))]
    for f, inputs in cases:
        assert ae.autograd.gradcheck(f, inputs)
        assert ae.autograd.gradgradcheck(f, inputs)
