"""How a tensor prints: PyTorch 2.13's ``repr`` rules, as pure functions over a NumPy array.

The algorithm follows ``torch/_tensor_str.py`` so that our output is byte-identical:

1. One *formatter* looks at the whole tensor (or, for big tensors, at the corner that is
   shown) and picks a single style and a single width for every element.
2. The nested lists are written out, wrapping long rows at ``linewidth`` columns.
3. Suffixes such as ``dtype=torch.float64`` or ``grad_fn=<MulBackward0>`` are appended.
"""

import math

import numpy as np

__all__ = ["format_tensor", "set_printoptions", "get_printoptions"]

_PROFILES = {
    "default": dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
    "short": dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
    "full": dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80),
}
_OPTIONS = dict(_PROFILES["default"], sci_mode=None)

_NUMPY_DTYPES = {
    "float32": np.float32, "float64": np.float64, "float16": np.float16,
    "int64": np.int64, "int32": np.int32, "int16": np.int16, "int8": np.int8,
    "uint8": np.uint8, "bool": np.bool_,
}
_DTYPES_NOT_SHOWN = ("float32", "int64", "bool")  # the defaults, left out of the repr


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None):
    """Change how tensors print, like ``torch.set_printoptions``.

    ``profile`` ("default", "short" or "full") is applied first, then the other options.
    As in PyTorch, ``sci_mode`` is always reset: leaving it out means "choose automatically".
    """
    if profile is not None:
        if profile not in _PROFILES:
            raise ValueError(f"unknown print profile {profile!r}; use one of {list(_PROFILES)}")
        _OPTIONS.update(_PROFILES[profile])
    chosen = dict(precision=precision, threshold=threshold, edgeitems=edgeitems,
                  linewidth=linewidth)
    _OPTIONS.update({name: value for name, value in chosen.items() if value is not None})
    _OPTIONS["sci_mode"] = sci_mode


def get_printoptions():
    """The current print options, as a dict you can pass back to ``set_printoptions``."""
    return dict(_OPTIONS)


class _Formatter:
    """Picks one style and one width for all the elements of a tensor.

    Integers and booleans print with ``str``. Floats look only at their nonzero finite values:

    * if they are all whole numbers, print ``1.`` style (nan/inf then get no dot);
    * scientific ``1.0000e-05`` style when max/min > 1000, max > 1e8 or min < 1e-4
      (of the absolute values), unless ``sci_mode`` forces it on or off;
    * otherwise fixed ``1.2346`` style with ``precision`` decimals.

    The width is that of the longest nonzero finite value (at least 1); every element,
    nan, inf and zeros included, is right-aligned to it (never cut if longer).
    """

    def __init__(self, array, is_float):
        self.is_float = is_float
        self.int_mode, self.sci_mode, self.width = True, False, 1
        flat = array.ravel()
        if not is_float:
            self.width = max([1] + [len(str(value)) for value in flat.tolist()])
            return
        values = flat[np.isfinite(flat) & (flat != 0)]
        if values.size == 0:
            return
        magnitudes = np.abs(values).astype(np.float64)
        smallest, largest = magnitudes.min(), magnitudes.max()
        self.int_mode = bool(np.all(values == np.ceil(values)))
        if _OPTIONS["sci_mode"] is None:
            with np.errstate(over="ignore"):  # 1e300 / 1e-300 is inf: still "> 1000"
                ratio = largest / smallest
            self.sci_mode = bool(ratio > 1000.0 or largest > 1.0e8 or smallest < 1.0e-4)
        else:
            self.sci_mode = _OPTIONS["sci_mode"]
        self.width = max(len(self._text(value)) for value in values.tolist())

    def _text(self, value):
        """One element, unpadded. A float is formatted as the exact Python float it holds."""
        if not self.is_float:
            return str(value)
        precision = _OPTIONS["precision"]
        if self.sci_mode:
            return f"{value:.{precision}e}"
        if self.int_mode:
            text = f"{value:.0f}"
            return text if math.isnan(value) or math.isinf(value) else text + "."
        return f"{value:.{precision}f}"

    def format(self, value):
        """One element, right-aligned to the common width."""
        return self._text(value).rjust(self.width)


def _shown_part(array):
    """The elements a summarised print shows: ``edgeitems`` at both ends of each long axis."""
    edge = _OPTIONS["edgeitems"]
    for axis, length in enumerate(array.shape):
        if length > 2 * edge:
            array = np.take(array, np.r_[0:edge, length - edge:length], axis=axis)
    return array


def _positions(length, summarize):
    """Indices printed along one axis; ``None`` marks the ``...`` gap of a summary."""
    edge = _OPTIONS["edgeitems"]
    if summarize and length > 2 * edge:
        return list(range(edge)) + [None] + list(range(length - edge, length))
    return list(range(length))


def _vector(array, indent, summarize, formatter):
    """A 1-D row: ``[a, b, c]``, wrapped so that each line fits ``linewidth``.

    Elements per line = floor((linewidth - indent) / (width + 2)), at least 1, and
    continuation lines start one column right of the indent (under the ``[``).
    """
    values = array.tolist()
    gap = "..." if _OPTIONS["edgeitems"] == 0 else " ..."  # PyTorch's own spacing
    items = [gap if i is None else formatter.format(values[i])
             for i in _positions(len(values), summarize)]
    per_line = max(1, math.floor((_OPTIONS["linewidth"] - indent) / (formatter.width + 2)))
    lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested(array, indent, summarize, formatter):
    """Any number of dimensions, written recursively.

    Sub-blocks of an n-D block are separated by ``,``, then n-1 newlines (so 3-D and
    deeper get blank lines between blocks), then indent + 1 spaces.
    """
    if array.ndim == 0:
        return formatter.format(array.item())
    if array.ndim == 1:
        return _vector(array, indent, summarize, formatter)
    blocks = ["..." if i is None else _nested(array[i], indent + 1, summarize, formatter)
              for i in _positions(array.shape[0], summarize)]
    separator = "," + "\n" * (array.ndim - 1) + " " * (indent + 1)
    return "[" + separator.join(blocks) + "]"


def _body(array, indent):
    """The bracketed values. Above ``threshold`` elements the print is summarised."""
    summarize = array.size > _OPTIONS["threshold"]
    is_float = array.dtype.kind == "f"
    formatter = _Formatter(_shown_part(array) if summarize else array, is_float)
    return _nested(array, indent, summarize, formatter)


def _add_suffixes(text, suffixes, indent):
    """Append ``, suffix`` items and the closing ``)``.

    A suffix moves to a new line indented by ``indent`` if the line would get too long.
    PyTorch measures the current line as 2 longer than it is (until the first such break)
    and we keep that so that lines break at exactly the same places.
    """
    line_length = len(text.rsplit("\n", 1)[-1]) + 2
    for suffix in suffixes:
        if line_length + len(suffix) + 2 > _OPTIONS["linewidth"]:
            text += ",\n" + " " * indent + suffix
            line_length = indent + len(suffix)
        else:
            text += ", " + suffix
            line_length += len(suffix) + 2
    return text + ")"


def format_tensor(array, dtype_name, *, grad_fn_name=None, requires_grad=False,
                  prefix="tensor("):
    """What ``repr`` of a PyTorch tensor with these values and this dtype prints.

    Suffixes, in order: ``size=(0, 3)`` for an empty tensor that is not 1-D (or always when
    ``edgeitems`` is 0); ``dtype=torch.<name>`` unless float32, int64 or bool (an empty
    tensor shows every dtype but float32); then ``grad_fn=<Name>`` or else
    ``requires_grad=True``. Content lines are indented to the end of ``prefix``.
    """
    if dtype_name not in _NUMPY_DTYPES:
        raise ValueError(f"unknown dtype name {dtype_name!r}; use one of {list(_NUMPY_DTYPES)}")
    array = np.asarray(array, dtype=_NUMPY_DTYPES[dtype_name])
    indent = len(prefix.rsplit("\n", 1)[-1])
    suffixes = []
    if array.size == 0:
        body = "[]"
        if array.ndim != 1:
            suffixes.append(f"size={tuple(array.shape)}")
        if dtype_name != "float32":
            suffixes.append(f"dtype=torch.{dtype_name}")
    else:
        body = _body(array, indent)
        if not _OPTIONS["edgeitems"]:
            suffixes.append(f"size={tuple(array.shape)}")
        if dtype_name not in _DTYPES_NOT_SHOWN:
            suffixes.append(f"dtype=torch.{dtype_name}")
    if grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent)
