"""einsum: products and sums named by subscripts, `einsum('ij,jk->ik', a, b)` = a @ b.

The gradient for one operand is another einsum: the output gradient with every other operand,
summed into that operand's subscripts; letters only that operand uses are broadcast back.
(PyTorch lowers einsum to permutes, views and bmm and records those nodes; here it is one
EinsumBackward0 node, with the same values.)
"""
import string

import numpy as np

from ..autograd.function import Function
from ..tensor import Tensor


class Einsum(Function):
    """y = einsum(spec, *xs);  dL/dx_k = einsum(out, others -> subscripts of x_k)(g, *others)"""
    node_name = "EinsumBackward0"

    @staticmethod
    def forward(ctx, spec, *operands):
        ctx.inputs, ctx.output = _parse(spec, operands)
        ctx.save_for_backward(*operands)
        return np.asarray(np.einsum(spec, *(x._data for x in operands)))

    @staticmethod
    def backward(ctx, g):
        operands = ctx.saved_tensors
        grads = [None]
        for k, (x, subscripts) in enumerate(zip(operands, ctx.inputs)):
            if not ctx.needs_input_grad[k + 1]:
                grads.append(None)
                continue
            if len(set(subscripts)) != len(subscripts):
                raise NotImplementedError(f"autograd_edu's einsum does not differentiate an operand with a repeated "
                                          f"subscript ('{subscripts}'); take the diagonal first")
            others = [(o, s) for j, (o, s) in enumerate(zip(operands, ctx.inputs)) if j != k]
            known = set(ctx.output).union(*(set(s) for _, s in others))
            kept = "".join(c for c in subscripts if c in known)
            spec = ",".join([ctx.output] + [s for _, s in others]) + "->" + kept
            grad = einsum(spec, g, *(o for o, _ in others))
            if kept != subscripts:  # letters summed only within x: every element got the same gradient
                shape = [x.shape[i] if c in known else 1 for i, c in enumerate(subscripts)]
                grad = grad.reshape(shape).expand(*x.shape)
            grads.append(grad)
        return tuple(grads)


def _parse(spec, operands):
    """The subscripts of each operand and of the output (implicit output: the letters used
    once, in alphabetical order)."""
    spec = spec.replace(" ", "")
    if "." in spec:
        raise NotImplementedError("autograd_edu's einsum does not take '...'; name every dimension")
    inputs, _, output = spec.partition("->")
    inputs = inputs.split(",")
    if len(inputs) != len(operands):
        raise ValueError(f"einsum(): more operands were provided than specified in the equation" if len(operands) >
                         len(inputs) else "einsum(): fewer operands were provided than specified in the equation")
    sizes = {}
    for number, (subscripts, x) in enumerate(zip(inputs, operands)):
        if len(subscripts) != x.ndim:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({len(subscripts)}) does not match "
                               f"the number of dimensions ({x.ndim}) for operand {number} and no ellipsis was given")
        for letter, size in zip(subscripts, x.shape):
            if letter not in string.ascii_letters:
                raise RuntimeError(f"einsum(): invalid subscript given at index {spec.index(letter)} in the equation "
                                   f"string, subscripts must be in [a-zA-Z]")
            if sizes.setdefault(letter, size) != size and 1 not in (size, sizes[letter]):
                raise RuntimeError(f"einsum(): subscript {letter} has size {size} for operand {number} which does not "
                                   f"broadcast with previously seen size {sizes[letter]}")
    if not _:
        letters = "".join(inputs)
        output = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    return inputs, output


def einsum(equation, *operands):
    """Sum of products over the letters not in the output: 'ij,jk->ik' (matmul), 'i,i->' (dot),
    'bij,bjk->bik' (batched), 'ij->ji' (transpose), 'ii' (trace)."""
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not all(isinstance(x, Tensor) for x in operands):
        raise TypeError("einsum(): operands must be tensors")
    return Einsum.apply(equation, *operands)
