"""Tensor.type, the legacy type names (FloatTensor, LongTensor, ...), torch.Tensor(...) and the
default device, against PyTorch 2.13."""
import numpy as np
import pytest

import autograd_edu as ae
from both_engines import assert_same_outcome

pytestmark = pytest.mark.torch


def _x(t):
    return t.tensor([[0.5, 1.], [3., 4.25]], requires_grad=True)


@pytest.mark.parametrize("case", [
    lambda t: _x(t).type(),
    lambda t: t.tensor([1, 2]).type(),
    lambda t: t.tensor([True]).type(),
    lambda t: t.tensor([1.], dtype=t.float64).type(),
    lambda t: _x(t).type(t.int32).type(),
    lambda t: _x(t).type(t.float64),
    lambda t: _x(t).type(t.int64),
    lambda t: _x(t).type("torch.DoubleTensor"),
    lambda t: _x(t).type(t.DoubleTensor),
    lambda t: t.tensor(1.7).type(t.LongTensor),
    lambda t: t.ones(2).type(dtype=t.int64),
    lambda t: t.ones(2).type(t.float16),
    lambda t: (lambda x: x.type(t.float32) is x)(_x(t)),
    lambda t: _x(t).type("float"),
    lambda t: t.ones(2).type(5),
], ids=["name_float", "name_long", "name_bool", "name_double", "name_int", "to_double", "to_long", "by_string",
        "by_class", "truncates", "keyword", "half", "same_is_self", "bad_string", "bad_type"])
def test_tensor_type_matches_pytorch(case):
    assert_same_outcome(case)


@pytest.mark.parametrize("case", [
    lambda t: t.FloatTensor([1, 2]), lambda t: t.FloatTensor(2, 3).shape, lambda t: t.LongTensor([1.5, 2]),
    lambda t: t.FloatTensor(), lambda t: t.LongTensor(3).dtype, lambda t: t.DoubleTensor([1]),
    lambda t: t.BoolTensor([1, 0]), lambda t: t.IntTensor([1]), lambda t: t.ByteTensor([1]),
    lambda t: t.HalfTensor([1]), lambda t: t.ShortTensor([1]), lambda t: t.CharTensor([1]),
    lambda t: t.FloatTensor((2, 3)), lambda t: t.FloatTensor(t.Size([2, 3])).shape,
    lambda t: t.FloatTensor(np.array([1., 2.])), lambda t: t.LongTensor(np.array([1., 2.])),
    lambda t: t.FloatTensor([1], device="cpu"), lambda t: t.FloatTensor.dtype, lambda t: t.FloatTensor.__name__,
    lambda t: repr(t.FloatTensor), lambda t: isinstance(t.ones(2), t.FloatTensor),
    lambda t: isinstance(t.ones(2, dtype=t.int64), t.FloatTensor), lambda t: isinstance(t.ones(2), t.LongTensor),
    lambda t: issubclass(t.FloatTensor, t.Tensor),
    lambda t: t.FloatTensor(t.tensor([1, 2])), lambda t: t.FloatTensor([1.], requires_grad=True),
    lambda t: t.FloatTensor(2.5), lambda t: t.FloatTensor("a"), lambda t: t.FloatTensor(2, 3.),
    lambda t: t.FloatTensor([[1, 2], [3]]), lambda t: t.FloatTensor(-1),
    lambda t: t.Tensor([1, 2]), lambda t: t.Tensor(2, 3).shape, lambda t: t.Tensor().shape,
    lambda t: t.Tensor(t.tensor([1, 2])), lambda t: t.Tensor(t.Size([2])).shape,
    lambda t: isinstance(t.Tensor([1.]), t.Tensor),
], ids=["float_list", "float_shape", "long_truncates", "empty", "long_dtype", "double", "bool", "int", "byte",
        "half", "short", "char", "tuple_is_data", "Size_is_shape", "from_f64_array", "long_from_array", "device",
        "class_dtype", "class_name", "class_repr", "isinstance_float", "isinstance_not_float", "isinstance_not_long",
        "not_subclass", "other_dtype_tensor", "requires_grad_kwarg", "number", "string", "mixed_size",
        "ragged", "negative_size", "Tensor_list", "Tensor_shape", "Tensor_empty", "Tensor_shares_any_dtype",
        "Tensor_Size", "Tensor_isinstance"])
def test_legacy_constructors_match_pytorch(case):
    assert_same_outcome(case)


def test_torch_Tensor_of_a_tensor_shares_its_memory():
    x = ae.tensor([1., 2.])
    y = ae.Tensor(x)
    y[0] = 5.
    assert x[0].item() == 5.


@pytest.mark.parametrize("case", [
    lambda t: (t.set_default_device("cpu"), t.get_default_device(), t.ones(2).device)[1:],
    lambda t: (t.set_default_device(t.device("cpu")), t.zeros(2, 2).device)[1],
    lambda t: (t.set_default_device(None), t.get_default_device())[1],
    lambda t: t.ones(2, device="cuda"),
    lambda t: t.tensor([1.], device="cuda"),
], ids=["cpu", "device_object", "none", "cuda_argument", "tensor_cuda_argument"])
def test_default_device_matches_pytorch(case):
    assert_same_outcome(case)


def test_naming_a_gpu_as_default_fails_when_a_tensor_is_made(torch):
    for lib in (torch, ae):
        lib.set_default_device("cuda")
        try:
            with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
                lib.ones(2)
        finally:
            lib.set_default_device(None)
