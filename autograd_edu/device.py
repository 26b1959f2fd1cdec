"""Devices. autograd_edu computes on the CPU only; tutorial code that asks for a device, or
checks for a GPU, runs as written (`torch.cuda.is_available()` is False)."""


class device:
    """`torch.device('cpu')`; a 'cuda' device can be named, but a tensor cannot move there."""

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        name, _, number = str(type).partition(":")
        self.type = name
        self.index = int(number) if number else index

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        other = device(other) if isinstance(other, str) else other
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))


CPU = device("cpu")
_default = [CPU]  # where new tensors go when a creation call names no device


def check_cpu(where):
    """PyTorch's error for a tensor sent to a GPU in a build without one."""
    if where is not None and device(where).type != "cpu":
        raise AssertionError("Torch not compiled with CUDA enabled (autograd_edu computes on the CPU only)")


def set_default_device(where):
    """`torch.set_default_device('cpu')`. Naming a GPU is accepted, as in PyTorch; making a
    tensor afterwards raises PyTorch's error (this build has no GPU)."""
    _default[0] = CPU if where is None else device(where)


def get_default_device():
    check_cpu(_default[0])
    return _default[0]


def check_new_tensor_device(where):
    """A creation call's device, or the default one, must be the CPU."""
    check_cpu(where if where is not None else _default[0])
