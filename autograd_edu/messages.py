"""PyTorch's error and warning texts, word for word (measured on PyTorch 2.13), in one place.

Where PyTorch's words leave a student guessing, the engine appends what it knows (shapes,
dtypes, the node involved, the usual fix) after PyTorch's sentence, never instead of it.
"""

SECOND_BACKWARD = (
    "Trying to backward through the graph a second time (or directly access saved tensors after they "
    "have already been freed). Saved intermediate values of the graph are freed when you call .backward() "
    "or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time "
    "or if you need to access saved tensors after calling backward.")

SCALAR_OUTPUTS = "grad can be implicitly created only for scalar outputs"

NON_LEAF_GRAD = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute "
    "won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for "
    "a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by "
    "mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for "
    "more information.")

LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
LEAF_VIEW_INPLACE = "a view of a leaf Variable that requires grad is being used in an in-place operation."
INT_REQUIRES_GRAD = "Only Tensors of floating point and complex dtype can require gradients"
INT_REQUIRES_GRAD_ = "only Tensors of floating point dtype can require gradients"
NON_LEAF_REQUIRES_GRAD = (
    "you can only change requires_grad flags of leaf variables. If you want to use a computed variable "
    "in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
NUMPY_REQUIRES_GRAD = "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."
INFERENCE_INPLACE = (
    "Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a "
    "normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.")
INFERENCE_REQUIRES_GRAD = "Setting requires_grad=True on inference tensor outside InferenceMode is not allowed."
INFERENCE_SAVED = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in inference mode in "
    "computation tracked by autograd. To work around this, you can make a clone to get a normal tensor and use "
    "it in autograd, or use `torch.no_grad()` instead of `torch.inference_mode()`.")
CREATE_GRAPH_BACKWARD = (
    "Using backward() with create_graph=True will create a reference cycle between the parameter and its "
    "gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to "
    "avoid this. If you have to use this function, make sure to reset the .grad fields of your parameters "
    "to None after use to break the cycle and avoid the leak.")
FLOAT_REQUIRES_GRAD_WARNING = (
    "Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\n"
    "Consider using tensor.detach() first.")


def no_grad_fn(index=0):
    return f"element {index} of tensors does not require grad and does not have a grad_fn"


def shape_list(shape):
    return "[" + ", ".join(str(s) for s in shape) + "]"


def modified_inplace(tensor_or_array, version, expected):
    """The "modified by an inplace operation" error, naming the tensor as PyTorch does."""
    from .dtypes import from_numpy_dtype

    array = getattr(tensor_or_array, "_data", tensor_or_array)
    grad_fn = getattr(tensor_or_array, "_grad_fn", None)
    where = ""
    if grad_fn is not None:
        name = type(grad_fn).__name__
        base = name.rstrip("0123456789")
        where = f", which is output 0 of {base[:-len('Backward')] if base.endswith('Backward') else name},"
    return (
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        f"[torch.{from_numpy_dtype(array.dtype).legacy_name} {shape_list(array.shape)}]{where} is at version "
        f"{version}; expected version {expected} instead. Hint: enable anomaly detection to find the operation "
        "that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")


def broadcast_mismatch(shape_a, shape_b):
    """PyTorch's message for shapes that do not broadcast, naming the first clashing dimension."""
    for i in range(1, max(len(shape_a), len(shape_b)) + 1):
        a = shape_a[-i] if i <= len(shape_a) else 1
        b = shape_b[-i] if i <= len(shape_b) else 1
        if a != b and a != 1 and b != 1:
            dim = max(len(shape_a), len(shape_b)) - i
            return (f"The size of tensor a ({a}) must match the size of tensor b ({b}) at non-singleton "
                    f"dimension {dim}")
    return None


def dim_out_of_range(dim, ndim):
    low, high = (-ndim, ndim - 1) if ndim else (-1, 0)
    return f"Dimension out of range (expected to be in range of [{low}, {high}], but got {dim})"
