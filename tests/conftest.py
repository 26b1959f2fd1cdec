"""Shared fixtures for the engine tests.

`torch` is the real PyTorch, used only as an ORACLE (the package itself never imports it);
tests that need it skip with a clear reason when it is not installed. `ae` is autograd_edu.
"""
import pytest

from oracle import TORCH_REASON


@pytest.fixture(scope="session")
def torch():
    """The real PyTorch (skips the test when it is absent)."""
    return pytest.importorskip("torch", reason=TORCH_REASON)


@pytest.fixture(scope="session")
def ae():
    import autograd_edu

    return autograd_edu


@pytest.fixture(params=["autograd_edu", "torch"])
def lib(request):
    """Run a behaviour test against the engine AND, when installed, against PyTorch itself."""
    if request.param == "torch":
        return pytest.importorskip("torch", reason=TORCH_REASON)
    import autograd_edu

    return autograd_edu

