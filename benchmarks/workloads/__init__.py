"""One module per workload, each with a function per contender doing the same math.

A contender function does its setup (untimed) and returns `run`, a callable doing one timed
iteration and returning what is checked against the floor (a gradient, a loss). Each module
also says how many work units one call is (`cases`), the check tolerance and its targets.
"""
import importlib

NAMES = ("tutorial", "overhead", "mlp-train", "large", "scaling", "notebooks")


def get(name):
    return importlib.import_module(f"{__name__}.{name.replace('-', '_')}")
