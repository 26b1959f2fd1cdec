"""Python's operators on tensors: each calls one op (`a + b` is `add(a, b)`, `a @ b` is
`matmul(a, b)`, `a[i]` is `index(a, i)`). ops/__init__.py puts these methods on Tensor."""
import numpy as np

from .. import dtypes
from ..tensor import Tensor
from .division import floor_divide, remainder
from .arithmetic import add, div, mul, neg, pow, reciprocal, rsub, sub
from .elementwise import abs, compare
from .linalg import matmul
from .indexing import index


class TensorOperators:
    def __add__(self, other):
        return add(self, other)

    def __radd__(self, other):
        return add(self, other)

    def __sub__(self, other):
        return sub(self, other)

    def __rsub__(self, other):
        return rsub(self, other)

    def __mul__(self, other):
        return mul(self, other)

    def __rmul__(self, other):
        return mul(self, other)

    def __truediv__(self, other):
        return div(self, other)

    def __rtruediv__(self, other):
        return mul(reciprocal(self), other)

    def __mod__(self, other):
        return remainder(self, other)

    def __rmod__(self, other):
        return remainder(other, self)

    def __floordiv__(self, other):
        return floor_divide(self, other)

    def __rfloordiv__(self, other):
        return floor_divide(other, self)

    def __pow__(self, exponent):
        return pow(self, exponent)

    def __rpow__(self, base):
        return pow(base, self)

    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)

    def __neg__(self):
        return neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return abs(self)

    def __iadd__(self, other):
        return self.add_(other)

    def __isub__(self, other):
        return self.sub_(other)

    def __imul__(self, other):
        return self.mul_(other)

    def __itruediv__(self, other):
        return self.div_(other)

    def __getitem__(self, key):
        return index(self, key)

    def __eq__(self, other):
        return compare(np.equal, self, other)

    def __ne__(self, other):
        return compare(np.not_equal, self, other)

    def __lt__(self, other):
        return compare(np.less, self, other)

    def __le__(self, other):
        return compare(np.less_equal, self, other)

    def __gt__(self, other):
        return compare(np.greater, self, other)

    def __ge__(self, other):
        return compare(np.greater_equal, self, other)

    def __and__(self, other):
        return compare(np.logical_and if self.dtype is dtypes.bool_ else np.bitwise_and, self, other)

    def __or__(self, other):
        return compare(np.logical_or if self.dtype is dtypes.bool_ else np.bitwise_or, self, other)

    def __invert__(self):
        return Tensor._make(np.logical_not(self._data) if self.dtype is dtypes.bool_ else np.invert(self._data))
