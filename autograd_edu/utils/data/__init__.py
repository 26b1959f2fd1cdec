"""torch.utils.data: a Dataset answers `len(ds)` and `ds[i]`; a DataLoader walks it in batches.

    loader = DataLoader(TensorDataset(X, y), batch_size=10, shuffle=True)
    for X_batch, y_batch in loader: ...

Shuffling draws its seed from the default generator exactly as PyTorch does, so after the same
`manual_seed` the batches come in PyTorch's order (see `sampler.py`).
"""
from .dataloader import DataLoader, default_collate
from .dataset import Dataset, Subset, TensorDataset, random_split
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler

__all__ = ["BatchSampler", "DataLoader", "Dataset", "RandomSampler", "Sampler", "SequentialSampler", "Subset",
           "TensorDataset", "default_collate", "random_split"]
