"""Matrix products. `a @ b` picks the op PyTorch picks, so `grad_fn` names match:
vector·vector DotBackward0, matrix·vector MvBackward0, matrix·matrix MmBackward0,
vector·matrix SqueezeBackward4 (over an MmBackward0), batched UnsafeViewBackward0.
"""
import numpy as np

from ..autograd.function import Function
from .operands import check_broadcast
from .shape import MatmulSqueeze


def _same_dtype(a, b):
    """Matrix products do not promote: PyTorch requires equal dtypes."""
    if a.dtype is not b.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {a.dtype.cpp_name} != "
                           f"{b.dtype.cpp_name}")


class Mm(Function):
    """Y = A B;  dL/dA = G Bᵀ,  dL/dB = Aᵀ G"""
    node_name = "MmBackward0"
    saved_names = ("self", "mat2")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a._data @ b._data

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return (g.mm(b.t()) if ctx.needs_input_grad[0] else None,
                a.t().mm(g) if ctx.needs_input_grad[1] else None)


class Bmm(Mm):
    """Y[i] = A[i] B[i] for each batch i;  dL/dA = G Bᵀ,  dL/dB = Aᵀ G (batch by batch)"""
    node_name = "BmmBackward0"

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return (bmm(g, b.mT) if ctx.needs_input_grad[0] else None,
                bmm(a.mT, g) if ctx.needs_input_grad[1] else None)


class Mv(Function):
    """y = A v;  dL/dA = g vᵀ (an outer product),  dL/dv = Aᵀ g"""
    node_name = "MvBackward0"
    saved_names = ("self", "vec")

    @staticmethod
    def forward(ctx, a, v):
        ctx.save_for_backward(a, v)
        return a._data @ v._data

    @staticmethod
    def backward(ctx, g):
        a, v = ctx.saved_tensors
        return (g.unsqueeze(1) * v.unsqueeze(0) if ctx.needs_input_grad[0] else None,
                a.t().mv(g) if ctx.needs_input_grad[1] else None)


class Dot(Function):
    """y = a · b;  dL/da = g b,  dL/db = g a"""
    node_name = "DotBackward0"
    saved_names = ("self", "tensor")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.dot(a._data, b._data)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        return (g * b if ctx.needs_input_grad[0] else None,
                g * a if ctx.needs_input_grad[1] else None)


class BatchedMatmul(Function):
    """Y = A B over broadcast batch dims;  dL/dA = G Bᵀ,  dL/dB = Aᵀ G (batch dims summed back
    by the engine). PyTorch folds the batches into one bmm and views back: its node is
    UnsafeViewBackward0."""
    node_name = "UnsafeViewBackward0"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        ctx.vector_a, ctx.vector_b = a.ndim == 1, b.ndim == 1
        return np.matmul(a._data, b._data)

    @staticmethod
    def backward(ctx, g):
        a, b = ctx.saved_tensors
        a2 = a.unsqueeze(0) if ctx.vector_a else a
        b2 = b.unsqueeze(-1) if ctx.vector_b else b
        g2 = g
        if ctx.vector_b:
            g2 = g2.unsqueeze(-1)
        if ctx.vector_a:
            g2 = g2.unsqueeze(-2)
        grad_a = grad_b = None
        if ctx.needs_input_grad[0]:
            grad_a = matmul(g2, b2.mT)
            grad_a = grad_a.squeeze(-2) if ctx.vector_a else grad_a
            if ctx.vector_a:
                grad_a = grad_a.reshape(-1, a.shape[0]).sum(0)
        if ctx.needs_input_grad[1]:
            grad_b = matmul(a2.mT, g2)
            if ctx.vector_b:
                grad_b = grad_b.squeeze(-1).reshape(-1, b.shape[0]).sum(0)
        return grad_a, grad_b


def _mat(shape):
    return "x".join(str(n) for n in shape)


def mm(a, b):
    if a.ndim != 2 or b.ndim != 2:
        raise RuntimeError(f"{'self' if a.ndim != 2 else 'mat2'} must be a matrix")
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({_mat(a.shape)} and {_mat(b.shape)})")
    _same_dtype(a, b)
    return Mm.apply(a, b)


def bmm(input, mat2):
    """A batch of matrix products: (b, n, m) @ (b, m, p) -> (b, n, p), no broadcasting."""
    if input.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    expected = [input.shape[0], input.shape[2]]
    if [mat2.shape[0], mat2.shape[1]] != expected:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: {expected} but got: "
                           f"{[mat2.shape[0], mat2.shape[1]]}.")
    _same_dtype(input, mat2)
    return Bmm.apply(input, mat2)


def mv(a, v):
    if a.ndim != 2 or v.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {v.ndim}, {a.ndim}, {v.ndim}")
    if a.shape[1] != v.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({a.shape[0]}), mat ({_mat(a.shape)}), vec ({v.shape[0]})")
    _same_dtype(a, v)
    return Mv.apply(a, v)


def dot(a, b):
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
    if a.shape[0] != b.shape[0]:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src [{b.shape[0]}] to have the "
                           f"same number of elements, but got {a.shape[0]} and {b.shape[0]} elements respectively")
    _same_dtype(a, b)
    return Dot.apply(a, b)


def matmul(a, b):
    """a @ b with NumPy's (and PyTorch's) rules for 1-D, 2-D and batched operands."""
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {a.ndim}D and {b.ndim}D")
    if a.ndim == 1 and b.ndim == 1:
        return dot(a, b)
    if a.ndim == 2 and b.ndim == 1:
        return mv(a, b)
    if a.ndim == 2 and b.ndim == 2:
        return mm(a, b)
    if a.ndim == 1 and b.ndim == 2:
        if a.shape[0] != b.shape[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied (1x{a.shape[0]} and {_mat(b.shape)})")
        return MatmulSqueeze.apply(mm(a.unsqueeze(0), b), (0,))
    inner_a = a.shape[-1]
    inner_b = b.shape[-2] if b.ndim > 1 else b.shape[0]
    if inner_a != inner_b:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{', '.join(str(n) for n in (a.shape[:-2] or (1,)))}, {inner_a}] but got: "
                           f"[{', '.join(str(n) for n in (b.shape[:-2] or (1,)))}, {inner_b}].")
    if a.ndim > 2 and b.ndim > 2:
        check_broadcast(a.shape[:-2], b.shape[:-2])
    _same_dtype(a, b)
    return BatchedMatmul.apply(a, b)
