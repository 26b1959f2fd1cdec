"""The four contenders, imported lazily so a missing framework skips (with a note) instead of failing.

    numpy          the floor: the same forward and backward math written by hand in NumPy
    autograd_edu   this repository's engine
    torch          PyTorch CPU, set to one thread
    mygrad         MyGrad (pure Python on NumPy, like us), with its defaults (memory guarding on)
"""
import importlib

ORDER = ("numpy", "autograd_edu", "torch", "mygrad")
LABELS = {"numpy": "NumPy (floor)", "autograd_edu": "autograd_edu", "torch": "PyTorch", "mygrad": "MyGrad"}


class Skip(Exception):
    """Raised by a contender that cannot run here (framework not installed); the message says why."""


_cache = {}


def load(name):
    """The framework module for a contender, or raise Skip."""
    if name in _cache:
        return _cache[name]
    try:
        module = importlib.import_module(name)
    except ImportError:
        raise Skip(f"{name} is not installed") from None
    if name == "torch":
        module.set_num_threads(1)
        try:
            module.set_num_interop_threads(1)
        except RuntimeError:  # only allowed before the first parallel work; harmless if too late
            pass
    _cache[name] = module
    return module


def version(name):
    try:
        module = load(name)
    except Skip:
        return None
    return getattr(module, "__version__", "?")
