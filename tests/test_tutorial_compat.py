"""Tutorial code runs unchanged: the module-level and method spellings the tutorials use, and
small behaviours found while writing the lessons and exercises (each checked against torch)."""
import numpy as np
import pytest

import autograd_edu as ae
from oracle import TORCH_REASON


@pytest.fixture(params=["autograd_edu", "torch"])
def lib(request):
    return ae if request.param == "autograd_edu" else pytest.importorskip("torch", reason=TORCH_REASON)


def test_module_level_inplace_functions(lib):
    a = lib.linspace(0., 1., 4, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place operation"):
        lib.sin_(a)  # T1.4's code
    b = a * 1
    lib.sin_(b)
    assert type(b.grad_fn).__name__ == "SinBackward0"
    b.sum().backward()
    np.testing.assert_allclose(np.asarray(a.grad), np.cos(np.linspace(0, 1, 4)), rtol=1e-6)


def test_copy_writes_values_and_passes_gradient_to_the_source(lib):
    w = lib.ones(3, requires_grad=True)
    target = (lib.zeros(3) * 1).clone()
    target.copy_(w * 2)
    assert type(target.grad_fn).__name__ == "CopyBackwards"
    assert target.tolist() == [2.0, 2.0, 2.0]
    target.sum().backward()
    assert w.grad.tolist() == [2.0, 2.0, 2.0]
    plain = lib.zeros(2, 3)
    plain.copy_(lib.tensor([1., 2., 3.]))  # broadcast
    assert plain.tolist() == [[1., 2., 3.], [1., 2., 3.]]


def test_devices_and_cuda_as_on_a_cpu_only_build(lib):
    assert repr(lib.device("cpu")) == "device(type='cpu')"
    assert lib.cuda.is_available() is False
    x = lib.ones(2)
    assert x.device == lib.device("cpu") and str(x.device) == "cpu"
    assert x.to(lib.device("cpu")).tolist() == [1.0, 1.0]


def test_moving_to_a_gpu_fails_clearly():
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        ae.ones(2).to("cuda")


def test_float64_from_python_floats_is_not_rounded_through_float32(lib):
    assert lib.tensor(0.3, dtype=lib.float64).item() == 0.3
    assert lib.tensor([0.1, 0.2], dtype=lib.float64).tolist() == [0.1, 0.2]
    assert lib.tensor(0.3).item() == float(np.float32(0.3))


def test_set_grad_enabled_repr(lib):
    mode = lib.set_grad_enabled(False)
    try:
        assert repr(mode) == "torch.autograd.grad_mode.set_grad_enabled(mode=False)"
    finally:
        lib.set_grad_enabled(True)


def test_sequential_item_assignment(lib):
    model = lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.ReLU(), lib.nn.Linear(3, 1))
    model[2] = lib.nn.Linear(3, 5)
    assert model(lib.ones(4, 2)).shape == (4, 5)
    assert [name for name, _ in model.named_parameters()] == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_custom_backward_with_an_incompatible_gradient_shape():
    class Bad(ae.autograd.Function):
        @staticmethod
        def forward(ctx, x, b):
            return x._data + b._data

        @staticmethod
        def backward(ctx, g):
            return g, g.sum()  # b is (3, 1): a 0-d gradient cannot be summed back to it

    x, b = ae.ones(3, 4, requires_grad=True), ae.ones(3, 1, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"returned an invalid gradient at index 1 - got \[\] but expected shape "
                                           r"compatible with \[3, 1\]"):
        Bad.apply(x, b).sum().backward()
