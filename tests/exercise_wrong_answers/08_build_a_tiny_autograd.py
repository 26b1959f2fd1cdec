"""Plausible wrong answers for solutions/08_build_a_tiny_autograd.ipynb (see README.md).

Q4 uses the whole engine, so a wrong Q1, Q2 or Q3 also costs Q4 points (`also_affects`)."""

MUL_ASSIGNS_INSTEAD_OF_ADDING = """
class Value:
    '''A scalar that remembers how it was made.'''

    def __init__(self, data, parents=(), op=""):
        self.data = float(data)
        self.grad = 0.0                  # dL/d(this value)
        self._parents = tuple(parents)   # the Values it was computed from
        self._backward = lambda: None    # adds self.grad * local derivative into each parent's grad
        self.op = op

    def __repr__(self):
        return f"Value(data={self.data:.4g}, grad={self.grad:.4g})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")
        def _backward():
            self.grad = other.data * out.grad   # = instead of +=: a * a keeps only one contribution
            other.grad = self.data * out.grad
        out._backward = _backward
        return out

    # numbers on the left (2 * v, 1 + v), negation and subtraction: built from + and *
    __radd__ = __add__
    __rmul__ = __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other
"""

TANH_DERIVATIVE_NOT_SQUARED = """
def value_pow(self, k):
    '''self ** k for a Python number k'''
    out = Value(self.data ** k, (self,), f"**{k}")
    def _backward():
        self.grad += k * self.data ** (k - 1) * out.grad
    out._backward = _backward
    return out


def value_tanh(self):
    t = math.tanh(self.data)
    out = Value(t, (self,), "tanh")
    def _backward():
        self.grad += (1 - t) * out.grad   # 1 - tanh instead of 1 - tanh**2
    out._backward = _backward
    return out


def value_exp(self):
    e = math.exp(self.data)
    out = Value(e, (self,), "exp")
    def _backward():
        self.grad += e * out.grad
    out._backward = _backward
    return out


Value.__pow__, Value.tanh, Value.exp = value_pow, value_tanh, value_exp
"""

RECURSIVE_TOPOLOGICAL_SORT = """
def topological_order(root):
    order, seen = [], set()

    def visit(node):                     # the textbook recursive depth-first search
        if node not in seen:
            seen.add(node)
            for parent in node._parents:
                visit(parent)
            order.append(node)

    visit(root)
    return order
"""

BACKWARD_NOT_REPEATABLE = """
def backward(self):
    order = topological_order(self)
    self.grad = 1.0                      # the lesson's engine: intermediate grads are never reset
    for node in reversed(order):
        node._backward()


Value.backward = backward
"""

BACKWARD_WITHOUT_TOPOLOGICAL_ORDER = """
def backward(self):
    for node in topological_order(self):
        if node._parents:
            node.grad = 0.0
    self.grad += 1.0
    stack, seen = [self], set()
    while stack:                         # runs each node as soon as the walk reaches it
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        node._backward()
        stack.extend(node._parents)


Value.backward = backward
"""

WRONG = [
    {"answer": "q1_answer", "source": MUL_ASSIGNS_INSTEAD_OF_ADDING, "question": "q1", "also_affects": ["q4"],
     "message": r"1 of 1 values differ; first at index \(0,\): got -0\.875"},
    {"answer": "q2_answer", "source": TANH_DERIVATIVE_NOT_SQUARED, "question": "q2", "also_affects": ["q4"],
     "message": r"1 of 4 values differ; first at index \(2, 0\)"},
    {"answer": "q3_answer", "source": RECURSIVE_TOPOLOGICAL_SORT, "question": "q3", "also_affects": ["q4"],
     "message": r"RecursionError: maximum recursion depth exceeded"},
    {"answer": "q4_answer", "source": BACKWARD_NOT_REPEATABLE, "question": "q4",
     "message": r"2 of 2 values differ; first at index \(0,\): got .*, expected "},
    {"answer": "q4_answer", "source": BACKWARD_WITHOUT_TOPOLOGICAL_ORDER, "question": "q4",
     "message": r"values differ; first at index \(0,\).* \| q4: 12 random expressions: .*\d+ of 36 values differ"},
]
