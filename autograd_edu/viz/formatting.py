"""Short, deterministic text for the pictures: arrays, node names, an op's derivative rule."""
import inspect
import re

import numpy as np

from ..autograd.function import AccumulateGrad, Function


def short_array(value, max_items=6):
    """A compact, deterministic rendering of a tensor or array: `[0., 0.2618, ..., 6.283]`, `1.5`.

    Four significant digits; values below 1e-6 of the largest print as 0 (float32 cos(3pi/2) is
    2e-08, noise a student should not have to read)."""
    if value is None:
        return "None"
    array = np.asarray(value)
    if array.dtype.kind not in "fc":
        return np.array2string(array, separator=", ", threshold=max_items, edgeitems=max_items // 2)
    flat = array.astype(np.float64).ravel()
    finite = np.abs(flat[np.isfinite(flat)])
    tiny = 1e-6 * finite.max() if finite.size else 0.0
    if flat.size > max_items:
        items = [_number(v, tiny) for v in flat[:max_items // 2]] + ["..."] + \
                [_number(v, tiny) for v in flat[-(max_items // 2):]]
    else:
        items = [_number(v, tiny) for v in flat]
    if array.ndim == 0:
        return items[0]
    text = "[" + ", ".join(items) + "]"
    return text if array.ndim == 1 else f"{text} (shape {shape_text(array.shape)})"


def _number(v, tiny):
    if np.isfinite(v) and abs(v) <= tiny:
        return "0."
    text = f"{v:.4g}"
    return text + "." if text.lstrip("-").isdigit() else text


def shape_text(shape):
    """`[25]`, `[2, 3]`, or `[]` for a scalar, as PyTorch's error messages write shapes."""
    return "[" + ", ".join(str(n) for n in shape) + "]"


# The ops' docstrings name inputs a, b (A, B for matrices), the output y and the arriving gradient
# g: letters a lesson also uses for its own tensors. The pictures rename them all at once.
_NEUTRAL = {"a": "x", "b": "y", "y": "out", "g": "grad_out", "A": "X", "B": "Y", "Y": "Out", "G": "grad_out"}
_LETTER = "[A-Za-z0-9_]"
_VARIABLE = re.compile(rf"(?<!{_LETTER})([abyg]|[ABYG])(?!{_LETTER})")
# "a" before a noun is an article ("for a Python number", "a copy of x"); before an operator, a
# bracket or one of these words it is the input ("a + b", "log(a)", "a where cond", "a is saved")
_ARTICLE = re.compile(r"(?<![A-Za-z0-9_])a(?= (?!(?:where|for|if|else|is)\b)[A-Za-z]{2,})")


def derivative_rule(node):
    """The op's derivative rule in neutral names: inputs x, y, output out, the arriving gradient
    grad_out, and alpha replaced by its value (`out = x + y;  dL/dx = grad_out,  dL/dy = grad_out`).
    Read from the first line of the docstring of its Function class (or of the nearest parent op
    class that has one), up to the line that gives dL/d..."""
    if isinstance(node, AccumulateGrad):
        return "leaf.grad += grad_out"
    for cls in getattr(getattr(node, "function", None), "__mro__", ()):
        if cls is Function:
            break
        if cls.__doc__:
            lines = inspect.cleandoc(cls.__doc__).splitlines()
            end = next((i for i, line in enumerate(lines) if "dL/" in line), 0)  # a rule may wrap onto line 2
            return neutral_names(" ".join(" ".join(lines[:end + 1]).split()), getattr(node, "alpha", None))
    return "(no derivative rule documented for this op)"


def neutral_names(rule, alpha=None):
    """`y = a + alpha * b;  dL/da = g` -> `out = x + y;  dL/dx = grad_out` (alpha = 1)."""
    if alpha is not None:
        number = "" if alpha == 1 else f"{alpha:g} * "
        rule = rule.replace("-alpha * ", "-" + number).replace("alpha * ", number)
    articles = [m.start() for m in _ARTICLE.finditer(rule)]
    rule = re.sub(r"dL/d([abAB])(?![A-Za-z0-9_])", lambda m: "dL/d" + _NEUTRAL[m.group(1)], rule)
    rule = re.sub(r"(?<![A-Za-z0-9_])y_i", "out_i", rule)
    return _VARIABLE.sub(lambda m: m.group(1) if m.start() in articles else _NEUTRAL[m.group(1)], rule)
