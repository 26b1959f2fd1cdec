"""Values inside check records: encoded in the student's kernel, decoded and compared by the grader.

A record carries values only; every decision about them is taken again in the grader process.
So `decode` treats its input as hostile (bounded sizes, an allow-list of dtypes, no pickle), and
`compare` is the one place where "is this answer right?" is decided, in the notebook (for the
student's feedback) and in the grader (for the points) alike.

Encoded forms (plain JSON):
    {"kind": "none"} | {"kind": "bool", "value": b} | {"kind": "str", "value": s}
    {"kind": "array", "dtype": "float32", "shape": [2, 3], "data": "<base64>", "loose": bool}
    {"kind": "seq", "items": [...]}
`loose` marks Python numbers and lists, whose dtype is not compared (2.0 equals float32 2.0).
"""
from __future__ import annotations

import base64
import hashlib

import numpy as np

MAX_ELEMENTS = 1_000_000
MAX_ITEMS = 64
MAX_TEXT = 10_000
_DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "float16", "float32", "float64", "complex64", "complex128"}


class RecordError(ValueError):
    """A value that cannot be recorded, or a record that is malformed."""


def encode(value) -> dict:
    """Turn an answer (array, Tensor, number, bool, str, None or a tuple of these) into JSON."""
    if value is None:
        return {"kind": "none"}
    if isinstance(value, (bool, np.bool_)):
        return {"kind": "bool", "value": bool(value)}
    if isinstance(value, str):
        return {"kind": "str", "value": value[:MAX_TEXT]}
    loose = isinstance(value, (int, float, complex, list, tuple))
    if isinstance(value, (list, tuple)):
        array = _try_array(value)
        if array is None or array.dtype.kind in "US":  # e.g. a list of node names
            if len(value) > MAX_ITEMS:
                raise RecordError(f"a sequence of {len(value)} items is too long to record")
            return {"kind": "seq", "items": [encode(item) for item in value]}
    else:
        array = _try_array(value)
        if array is None:
            raise RecordError(f"cannot record a value of type {type(value).__name__}")
    if array.dtype.name not in _DTYPES:
        raise RecordError(f"cannot record an array of dtype {array.dtype}")
    if array.size > MAX_ELEMENTS:
        raise RecordError(f"an array of {array.size} elements is too large to record")
    data = base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")
    return {"kind": "array", "dtype": array.dtype.name, "shape": list(array.shape),
            "data": data, "loose": loose}


def _try_array(value):
    """np.asarray(value) when it gives a numeric array (Tensors convert via __array__), else None."""
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - a value NumPy cannot convert is just "not an array"
        return None
    return None if array.dtype == object else array


def decode(encoded) -> object:
    """Rebuild a value from its encoded form; raise RecordError on anything unexpected."""
    if not isinstance(encoded, dict):
        raise RecordError("malformed value")
    kind = encoded.get("kind")
    if kind == "none":
        return None
    if kind == "bool":
        return bool(encoded.get("value"))
    if kind == "str":
        text = encoded.get("value")
        if not isinstance(text, str):
            raise RecordError("malformed string value")
        return text[:MAX_TEXT]
    if kind == "seq":
        items = encoded.get("items")
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise RecordError("malformed sequence value")
        return tuple(decode(item) for item in items)
    if kind == "array":
        return _decode_array(encoded)
    raise RecordError(f"unknown value kind {kind!r}")


def _decode_array(encoded: dict) -> np.ndarray:
    dtype, shape = encoded.get("dtype"), encoded.get("shape")
    if dtype not in _DTYPES or not isinstance(shape, list) or not all(
            isinstance(n, int) and 0 <= n <= MAX_ELEMENTS for n in shape):
        raise RecordError("malformed array value")
    size = int(np.prod(shape, dtype=np.int64))
    data = encoded.get("data")
    if size > MAX_ELEMENTS or not isinstance(data, str):
        raise RecordError("malformed array value")
    try:
        raw = base64.b64decode(data, validate=True)
    except ValueError as exc:
        raise RecordError("malformed array data") from exc
    if len(raw) != size * np.dtype(dtype).itemsize:
        raise RecordError("array data does not match its shape")
    array = np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    return LooseArray(array) if encoded.get("loose") else array


class LooseArray(np.ndarray):
    """An array that came from Python numbers: its dtype is not compared."""

    def __new__(cls, array):
        return np.asarray(array).view(cls)


def compare(actual, expected, rtol: float = 1e-5, atol: float = 1e-8,
            exact_dtype: bool = True, reveal: bool = True) -> str | None:
    """None when `actual` matches `expected`, else the reason (never revealing `expected`'s
    values when `reveal` is False). Floats compare with np.isclose(rtol, atol), NaN equal to NaN."""
    if isinstance(expected, tuple):
        if not isinstance(actual, tuple) or len(actual) != len(expected):
            got = f"{len(actual)} items" if isinstance(actual, tuple) else type(actual).__name__
            return f"expected a sequence of {len(expected)} items, got {got}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            problem = compare(a, e, rtol, atol, exact_dtype, reveal)
            if problem:
                return f"item {i}: {problem}"
        return None
    if not isinstance(expected, np.ndarray):
        if type(actual) is type(expected) and actual == expected:
            return None
        return f"got {short(actual)}, expected {short(expected)}" if reveal else f"wrong value: got {short(actual)}"
    if not isinstance(actual, np.ndarray):
        wanted = "a number" if expected.ndim == 0 else f"an array of shape {tuple(expected.shape)}"
        return f"expected {wanted}, got {type(actual).__name__} {short(actual)}"
    if actual.shape != expected.shape:
        return f"wrong shape: got {tuple(actual.shape)}, expected {tuple(expected.shape)}"
    strict = exact_dtype and not isinstance(actual, LooseArray) and not isinstance(expected, LooseArray)
    if strict and actual.dtype != expected.dtype:
        return f"wrong dtype: got {actual.dtype}, expected {expected.dtype}"
    a, e = np.asarray(actual), np.asarray(expected)
    if a.dtype.kind in "fc" or e.dtype.kind in "fc":
        ok = np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
    else:
        ok = a == e
    if np.all(ok):
        return None
    bad = np.argwhere(~np.asarray(ok))
    index = tuple(int(i) for i in bad[0])
    where = f"index {index}" if index else "the value"
    head = f"{len(bad)} of {a.size} values differ; first at {where}: got {short(a[index])}"
    return f"{head}, expected {short(e[index])}" if reveal else head


def is_text(value) -> bool:
    """A string, or a non-empty list or tuple of strings (e.g. node names)."""
    return isinstance(value, str) or (isinstance(value, (list, tuple)) and bool(value)
                                      and all(isinstance(item, str) for item in value))


def answer_text(value, decimals: int | None) -> str:
    """What a hand-worked answer is compared by: text as it is, or the shape and the numbers
    written to `decimals` decimal places ("-0.00" as "0.00"). Raises ValueError for anything else."""
    if is_text(value):
        return "text:" + "\x1f".join([value] if isinstance(value, str) else value)
    if decimals is None:
        raise ValueError("a numeric answer needs decimals")
    array = np.asarray(value, dtype=np.float64)
    numbers = (f"{x:.{decimals}f}" for x in array.ravel())
    return f"{array.shape}:" + ";".join("0" + n.lstrip("-0") if n.strip("-0.") == "" else n for n in numbers)


def digest(value, decimals: int | None = None) -> str:
    """A short SHA-256 of `answer_text(value, decimals)`: an author computes it once from the
    solution's answer and writes it into the test cell; a student's answer has the same digest
    exactly when, rounded the same way, it is right, and the digest does not show the answer."""
    return hashlib.sha256(answer_text(value, decimals).encode()).hexdigest()[:16]


def compare_rounded(actual, expected, decimals: int | None, reveal: bool = True) -> str | None:
    """None when `actual` and `expected` agree as `answer_text` writes them, else the reason."""
    if is_text(expected):
        if is_text(actual) and answer_text(actual, None) == answer_text(expected, None):
            return None
        return f"got {short(actual)}, expected {short(expected)}" if reveal else f"wrong: got {short(actual)}"
    places = f"{decimals} decimal place{'' if decimals == 1 else 's'}"
    try:
        a = np.asarray(actual, dtype=np.float64)
    except (TypeError, ValueError):
        return f"expected numbers, got {type(actual).__name__} {short(actual)}"
    e = np.asarray(expected, dtype=np.float64)
    if a.shape != e.shape:
        return f"wrong shape: got {_count(a)}, expected {_count(e)}"
    if answer_text(a, decimals) == answer_text(e, decimals):
        return None
    a, e = np.round(a, decimals), np.round(e, decimals)
    bad = np.argwhere(a != e)
    index = tuple(int(i) for i in bad[0])
    where = f"index {index}" if index else "the value"
    head = f"wrong at {places}: {len(bad)} of {a.size} values differ; first at {where}: got {a[index]:.{decimals}f}"
    return f"{head}, expected {e[index]:.{decimals}f}" if reveal else head


def _count(array: np.ndarray) -> str:
    return "one number" if array.ndim == 0 else f"{array.size} numbers" if array.ndim == 1 else f"shape {array.shape}"


def short(value) -> str:
    text = repr(value.item() if isinstance(value, np.generic) else value)
    return text if len(text) <= 80 else text[:77] + "..."
