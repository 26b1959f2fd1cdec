"""autograd_edu: automatic differentiation the way PyTorch does it, in plain NumPy."""
