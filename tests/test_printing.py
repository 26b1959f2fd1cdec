"""Tensor printing: autograd_edu._printing must print exactly what PyTorch 2.13 prints.

Part 1 uses literal strings measured from PyTorch (reference section C17), so it runs
without torch. Part 2 compares against torch itself on many arrays (skipped without torch).
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograd_edu._printing import format_tensor, get_printoptions, set_printoptions

# float16 test data may overflow to inf on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:overflow encountered in cast:RuntimeWarning")

DEFAULTS = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80,
            "sci_mode": None}


@pytest.fixture(autouse=True)
def default_printoptions():
    """Every test starts and ends with the default options (also in torch, if loaded)."""
    set_printoptions(profile="default")
    yield
    set_printoptions(profile="default")
    torch = _torch_or_none()
    if torch is not None:
        torch.set_printoptions(profile="default")


def _torch_or_none():
    try:
        import torch
    except ImportError:
        return None
    return torch


def f32(values):
    return np.array(values, dtype=np.float32)


# --------------------------------------------------------------------------------------
# Part 1: literal outputs measured from PyTorch 2.13 (pytorch_behaviour.md, C17)
# --------------------------------------------------------------------------------------

LITERALS = [
    # integer-valued floats
    (f32([1, 2, 3]), "float32", "tensor([1., 2., 3.])"),
    (f32([100000000.0]), "float32", "tensor([100000000.])"),
    (f32([12345678.0]), "float32", "tensor([12345678.])"),
    (f32([np.nan, 1.0]), "float32", "tensor([nan, 1.])"),
    # scientific mode
    (f32([1e-5, 1.0, 100.0]), "float32", "tensor([1.0000e-05, 1.0000e+00, 1.0000e+02])"),
    (f32([0.001, 1.5]), "float32", "tensor([1.0000e-03, 1.5000e+00])"),
    (f32([0.01, 10.0]), "float32", "tensor([1.0000e-02, 1.0000e+01])"),
    (f32([1e6, 2.0]), "float32", "tensor([1.0000e+06, 2.0000e+00])"),
    (f32([123456789.0]), "float32", "tensor([1.2346e+08])"),
    (f32([0.0001]), "float32", "tensor([1.0000e-04])"),
    (f32([0.01, 1.0, 9.99]), "float32", "tensor([0.0100, 1.0000, 9.9900])"),
    (f32([0.4, 4.0, 0.0004]), "float32", "tensor([4.0000e-01, 4.0000e+00, 4.0000e-04])"),
    # fixed
    (f32([1 / 3, 2 / 3, 1.0]), "float32", "tensor([0.3333, 0.6667, 1.0000])"),
    # alignment
    (f32([np.nan, np.inf, -np.inf, 1.5]), "float32", "tensor([   nan,    inf,   -inf, 1.5000])"),
    (f32([-1.5, 22.25, 3.0]), "float32", "tensor([-1.5000, 22.2500,  3.0000])"),
    (f32([[1.0, -22.5], [333.0, 4.0]]), "float32",
     "tensor([[  1.0000, -22.5000],\n        [333.0000,   4.0000]])"),
    (np.array([[1, -22], [333, 4]]), "int64", "tensor([[  1, -22],\n        [333,   4]])"),
    (np.array([True, False]), "bool", "tensor([ True, False])"),
    (f32([-0.0, 1.0]), "float32", "tensor([-0., 1.])"),  # zeros don't count for the width
    # 0-d
    (np.array(3.0, dtype=np.float32), "float32", "tensor(3.)"),
    (np.array(5), "int64", "tensor(5)"),
    # dtype suffixes
    (np.array([1, 2], dtype=np.int32), "int32", "tensor([1, 2], dtype=torch.int32)"),
    # empty tensors
    (f32([]), "float32", "tensor([])"),
    (np.zeros((0, 3), np.float32), "float32", "tensor([], size=(0, 3))"),
    (np.array([], dtype=np.int64), "int64", "tensor([], dtype=torch.int64)"),
    # summarisation
    (np.arange(1001, dtype=np.float32), "float32",
     "tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])"),
]


@pytest.mark.parametrize("array, dtype_name, expected", LITERALS)
def test_measured_pytorch_output(array, dtype_name, expected):
    assert format_tensor(array, dtype_name) == expected


def test_grad_suffixes():
    x = np.array([1.0, 2.0])
    assert (format_tensor(x, "float64", requires_grad=True)
            == "tensor([1., 2.], dtype=torch.float64, requires_grad=True)")
    assert (format_tensor(2 * x, "float64", grad_fn_name="MulBackward0", requires_grad=True)
            == "tensor([2., 4.], dtype=torch.float64, grad_fn=<MulBackward0>)")
    assert (format_tensor(np.array(3.0, np.float32), "float32", grad_fn_name="SumBackward0")
            == "tensor(3., grad_fn=<SumBackward0>)")
    assert (format_tensor(f32([1, 2]), "float32", requires_grad=True)
            == "tensor([1., 2.], requires_grad=True)")


TUTORIAL_LINSPACE = """\
tensor([0.0000, 0.2618, 0.5236, 0.7854, 1.0472, 1.3090, 1.5708, 1.8326, 2.0944,
        2.3562, 2.6180, 2.8798, 3.1416, 3.4034, 3.6652, 3.9270, 4.1888, 4.4506,
        4.7124, 4.9742, 5.2360, 5.4978, 5.7596, 6.0214, 6.2832],
       requires_grad=True)"""


def test_tutorial_linspace_wraps_suffix_onto_new_line():
    # torch.linspace in float32 (pytorch_behaviour.md C19): step in float32, then the
    # first half counted from the start and the second half from the end.
    start, end, steps = 0.0, 2 * math.pi, 25
    step = float(np.float32((np.float32(end) - np.float32(start)) / (steps - 1)))
    i = np.arange(steps)
    values = np.where(i < steps // 2, start + step * i, float(np.float32(end)) - step * (steps - 1 - i))
    assert format_tensor(values.astype(np.float32), "float32", requires_grad=True) == TUTORIAL_LINSPACE


def test_wrapping_arange_30_prints_14_per_line():
    lines = format_tensor(np.arange(30, dtype=np.float32), "float32").split("\n")
    assert lines[0] == "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,"
    assert lines[1].startswith("        14., 15.,")
    assert len(lines) == 3


def test_3d_blocks_are_separated_by_blank_lines():
    text = format_tensor(np.arange(8).reshape(2, 2, 2), "int64")
    assert text == ("tensor([[[0, 1],\n         [2, 3]],\n\n"
                    "        [[4, 5],\n         [6, 7]]])")


def test_2d_summary_has_dots_rows():
    text = format_tensor(np.zeros((40, 40), np.float32), "float32")
    assert text.split("\n")[3] == "        ...,"
    assert text.split("\n")[0] == "tensor([[0., 0., 0.,  ..., 0., 0., 0.],"


def test_printoptions_roundtrip_and_profiles():
    assert get_printoptions() == DEFAULTS
    set_printoptions(precision=2, sci_mode=True)
    assert get_printoptions()["precision"] == 2 and get_printoptions()["sci_mode"] is True
    set_printoptions(linewidth=100)  # like torch, sci_mode goes back to None when omitted
    assert get_printoptions() == dict(DEFAULTS, precision=2, linewidth=100)
    set_printoptions(profile="short")
    assert get_printoptions() == dict(DEFAULTS, precision=2, edgeitems=2)
    set_printoptions(profile="full")
    assert get_printoptions() == dict(DEFAULTS, threshold=math.inf)
    set_printoptions(profile="default")
    assert get_printoptions() == DEFAULTS
    with pytest.raises(ValueError):
        set_printoptions(profile="tiny")


def test_printoptions_change_the_output():
    set_printoptions(precision=2)
    assert format_tensor(f32([1 / 3]), "float32") == "tensor([0.33])"
    set_printoptions(threshold=5)
    assert format_tensor(np.arange(10), "int64") == "tensor([0, 1, 2,  ..., 7, 8, 9])"


def test_parameter_prefix_indents_from_last_line():
    text = format_tensor(f32(range(30)), "float32", requires_grad=True,
                         prefix="Parameter containing:\ntensor(")
    assert text == "Parameter containing:\n" + format_tensor(f32(range(30)), "float32",
                                                            requires_grad=True)


@pytest.mark.filterwarnings("error")
def test_huge_ratio_prints_without_numpy_warnings():
    assert format_tensor(np.array([1e300, 1e-300]), "float64") == (
        "tensor([1.0000e+300, 1.0000e-300], dtype=torch.float64)")


def test_unknown_dtype_name_raises():
    with pytest.raises(ValueError):
        format_tensor(np.zeros(2), "complex64")


# --------------------------------------------------------------------------------------
# Part 2: differential tests against PyTorch itself
# --------------------------------------------------------------------------------------

DTYPE_NAMES = ["float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool"]
compared = {"cases": 0}


@pytest.fixture(scope="module")
def torch():
    torch = pytest.importorskip(
        "torch", reason="PyTorch not installed: differential repr tests need torch==2.13.0")
    yield torch
    print(f"\n[test_printing] differential cases compared with torch: {compared['cases']}")


def assert_same_as_torch(torch, array, *, with_grad=True):
    """Compare plain, requires_grad and grad_fn reprs with torch (the latter two for floats)."""
    name = "bool" if array.dtype == np.bool_ else str(array.dtype)
    tensor = torch.from_numpy(array.copy())  # a C-contiguous copy, 0-d kept
    assert format_tensor(array, name) == repr(tensor)
    compared["cases"] += 1
    if with_grad and array.dtype.kind == "f":
        leaf = tensor.clone().requires_grad_()
        assert format_tensor(array, name, requires_grad=True) == repr(leaf)
        assert format_tensor(array, name, grad_fn_name="MulBackward0") == repr(leaf * 1)
        compared["cases"] += 2


def both_printoptions(torch, **options):
    set_printoptions(**options)
    torch.set_printoptions(**options)


HAND_PICKED = [
    f32([1e-9, 1e10]), f32([1e-9]), f32([1e10, -1e10]), f32([0.0, -0.0]), f32([-0.0, 0.5]),
    f32([np.nan]), f32([np.inf, -np.inf, 0.0]), f32([np.nan, 2.5, -np.inf]), f32([0.0]),
    f32([1e8, 1.0]), f32([1e8 + 8]), f32([99999.5, 0.1]), f32([0.00015, 0.1]), f32([999.0, 1.0]),
    f32([1000.5, 1.0]), f32([1e-4, 1e-1]), f32([5e-5, -3.0]), f32([2.5, 0.5, 1.5]),
    f32([0.00005, 0.00015, 0.00025]), f32([1.00005, 2.00015]), f32([-1e-8, 1e-8]),
    np.array([0.1, 0.2, 0.3]), np.array([1e300, 1e-300]), np.array([1e-320, 1.0]),
    np.array([0.125, 0.375, 2.5, 1e5]), np.array([12345678.9]),
    np.array([1.0, 60000.0], dtype=np.float16), np.array([0.1, 0.0001], dtype=np.float16),
    np.array([6e-8, 1.0], dtype=np.float16), np.array([np.inf, 3.0], dtype=np.float16),
    np.array([-(2**63), 2**63 - 1]), np.array([0, 255], dtype=np.uint8),
    np.array([-128, 127], dtype=np.int8), np.array([[True], [False]]),
    np.array(-0.0, dtype=np.float32), np.array(np.nan), np.array(1e-5, np.float32),
    np.array(7, np.int8), np.array(True), np.array(2.5, np.float16),
    np.zeros((2, 0, 3), np.float32), np.zeros((0,), np.float64), np.zeros((0, 0), np.int32),
    np.zeros((0,), bool), np.zeros((1, 0)), np.zeros((3, 0), np.uint8),
    np.arange(30, dtype=np.float32), np.arange(100, dtype=np.float32) / 7,
    np.arange(200) - 100, np.arange(26) * 1e-6, np.linspace(-1e9, 1e9, 33),
    np.arange(1000, dtype=np.float32), np.arange(1001, dtype=np.float32),
    np.arange(999), np.arange(1002), np.arange(1001.0).reshape(7, 11, 13)[:, :, :1].ravel(),
    np.arange(1024, dtype=np.float32).reshape(32, 32) / 3, np.arange(1100).reshape(2, 550),
    np.arange(1100).reshape(550, 2), np.arange(1008, dtype=np.int32).reshape(7, 12, 12),
    np.arange(1200.0).reshape(2, 3, 4, 50), np.arange(2000).reshape(2, 2, 2, 5, 5, 10) % 3 == 0,
    np.arange(1001).reshape(1001, 1, 1).astype(np.float16),
    np.random.default_rng(0).standard_normal((5, 7, 9)).astype(np.float32),
    np.random.default_rng(1).standard_normal((4, 30)) * 1e6,
    np.random.default_rng(2).standard_normal((50, 50)).astype(np.float32),
    np.random.default_rng(3).integers(-10**6, 10**6, (6, 40)),
]


@pytest.mark.torch
@pytest.mark.parametrize("array", HAND_PICKED, ids=lambda a: f"{a.dtype}{a.shape}")
def test_hand_picked_arrays_match_torch(torch, array):
    assert_same_as_torch(torch, array)


def test_tutorial_linspace_matches_torch(torch):
    a = torch.linspace(0, 2 * math.pi, 25, requires_grad=True)
    assert format_tensor(a.detach().numpy(), "float32", requires_grad=True) == repr(a) == TUTORIAL_LINSPACE
    compared["cases"] += 1
    b = torch.sin(a)
    assert format_tensor(b.detach().numpy(), "float32", grad_fn_name="SinBackward0") == repr(b)
    compared["cases"] += 1


def test_parameter_matches_torch(torch):
    weight = np.random.default_rng(4).standard_normal((3, 40)).astype(np.float32)
    parameter = torch.nn.Parameter(torch.from_numpy(weight.copy()))
    assert format_tensor(weight, "float32", requires_grad=True,
                         prefix="Parameter containing:\ntensor(") == repr(parameter)
    compared["cases"] += 1


OPTION_CASES = [
    dict(precision=2), dict(precision=0), dict(precision=8), dict(sci_mode=True),
    dict(sci_mode=False), dict(threshold=5), dict(threshold=0), dict(edgeitems=1, threshold=10),
    dict(edgeitems=0, threshold=10), dict(edgeitems=0), dict(linewidth=40), dict(linewidth=120),
    dict(linewidth=5), dict(profile="short"), dict(profile="full"),
    dict(profile="short", precision=6), dict(precision=3, sci_mode=True, linewidth=60),
]
OPTION_ARRAYS = [
    np.arange(12.0).reshape(3, 4) / 3, f32([1e-5, 1.0, 123.456]), np.arange(20),
    f32([np.nan, 0.5, -np.inf]), np.arange(2000, dtype=np.float32), f32([1.0, 2.0]),
    np.arange(60, dtype=np.float16).reshape(3, 4, 5), np.array([True, False] * 8),
    np.array(3.14159, np.float32), np.zeros((0, 2), np.float32), f32([100.0, 1e9]),
]


@pytest.mark.torch
@pytest.mark.parametrize("options", OPTION_CASES, ids=str)
def test_printoptions_match_torch(torch, options):
    both_printoptions(torch, **options)
    assert get_printoptions() == torch._tensor_str.get_printoptions()
    for array in OPTION_ARRAYS:
        assert_same_as_torch(torch, array)


# Hypothesis: random shapes up to 3-D, all dtypes, magnitudes from 1e-9 to 1e10.

@st.composite
def float_arrays(draw, dtype):
    shape = draw(st.lists(st.integers(0, 6), max_size=3).map(tuple))
    size = int(np.prod(shape))
    low, high = draw(st.integers(-9, 10)), draw(st.integers(-9, 10))
    low, high = min(low, high), max(low, high)
    exponents = draw(st.lists(st.floats(low, high), min_size=size, max_size=size))
    signs = draw(st.lists(st.sampled_from([1.0, -1.0]), min_size=size, max_size=size))
    values = np.array(signs) * 10.0 ** np.array(exponents) if size else np.zeros(0)
    if draw(st.booleans()):
        values = np.round(values)  # integer-valued floats
    specials = draw(st.lists(st.tuples(st.integers(0, max(size - 1, 0)),
                                       st.sampled_from([np.nan, np.inf, -np.inf, 0.0, -0.0])),
                             max_size=3 if size else 0))
    for index, special in specials:
        values[index] = special
    return values.reshape(shape).astype(dtype)


@st.composite
def int_arrays(draw, dtype):
    info = np.iinfo(dtype)
    shape = draw(st.lists(st.integers(0, 6), max_size=3).map(tuple))
    size = int(np.prod(shape))
    bound = draw(st.sampled_from([9, 1000, 10**6, int(info.max)]))
    values = draw(st.lists(st.integers(max(info.min, -bound), min(info.max, bound)),
                           min_size=size, max_size=size))
    return np.array(values, dtype=dtype).reshape(shape)


ANY_ARRAY = st.one_of(
    *[float_arrays(dtype) for dtype in (np.float32, np.float64, np.float16)],
    *[int_arrays(dtype) for dtype in (np.int64, np.int32, np.int16, np.int8, np.uint8)],
    st.lists(st.booleans(), max_size=30).map(lambda values: np.array(values, dtype=bool)),
)
FAST = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.mark.torch
@FAST
@given(array=ANY_ARRAY)
def test_random_arrays_match_torch(torch, array):
    assert_same_as_torch(torch, array)


@pytest.mark.torch
@FAST
@given(length=st.integers(1, 200), scale=st.sampled_from([1e-9, 1e-4, 0.01, 1.0, 37.0, 1e4, 1e10]),
       seed=st.integers(0, 2**32 - 1), columns=st.integers(1, 30))
def test_wrapping_widths_match_torch(torch, length, scale, seed, columns):
    rng = np.random.default_rng(seed)
    vector = (rng.standard_normal(length) * scale).astype(np.float32)
    assert_same_as_torch(torch, vector)
    assert_same_as_torch(torch, rng.integers(-10**6, 10**6, (2, columns)), with_grad=False)


@pytest.mark.torch
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=st.sampled_from([(990,), (1000,), (1001,), (1010,), (31, 33), (33, 31), (10, 10, 11),
                              (3, 334), (334, 3), (7, 7, 7, 3)]),
       dtype=st.sampled_from([np.float32, np.float64, np.int64, np.float16]),
       scale=st.sampled_from([1e-6, 1.0, 1e3, 1e9]), seed=st.integers(0, 2**32 - 1))
def test_summarised_sizes_match_torch(torch, shape, dtype, scale, seed):
    values = np.random.default_rng(seed).standard_normal(shape) * scale
    assert_same_as_torch(torch, values.astype(dtype))
