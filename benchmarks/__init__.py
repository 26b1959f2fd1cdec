"""Speed of autograd_edu against hand-written NumPy (the floor), PyTorch CPU and MyGrad.

Run it with `.venv/bin/python -m benchmarks` (see benchmarks/README.md). Not part of the tests.

Every contender is single-threaded: the BLAS thread variables are set here, before anything in
this package imports NumPy (importing `benchmarks` is the first thing `python -m benchmarks`
does), and PyTorch gets `torch.set_num_threads(1)` in `contenders.py`.
"""
import os as _os
import sys as _sys

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
                    "NUMEXPR_NUM_THREADS")
for _name in THREAD_VARIABLES:
    _os.environ[_name] = "1"

# If NumPy was imported before us (e.g. `python -c "import numpy, benchmarks"`), its BLAS already
# chose its thread count; harness.machine_info() reports the count actually in effect.
NUMPY_WAS_PREIMPORTED = "numpy" in _sys.modules
