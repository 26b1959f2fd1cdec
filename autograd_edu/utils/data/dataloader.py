"""DataLoader: a dataset walked in (shuffled) batches, each batch collated into tensors."""
import collections.abc

import numpy as np

from ... import _random
from ...creation import tensor
from ...ops import stack
from ...tensor import Tensor
from ...dtypes import float64
from .sampler import BatchSampler, RandomSampler, SequentialSampler


def default_collate(batch):
    """Turn a list of samples into one batch: tensors (and NumPy arrays) are stacked along a
    new first dimension, Python floats become a float64 tensor and ints an int64 tensor, and
    tuples, lists and dicts are collated field by field (a tuple gives a list, as in PyTorch)."""
    elem = batch[0]
    if isinstance(elem, Tensor):
        return stack(list(batch), 0)
    if isinstance(elem, np.ndarray):
        return stack([tensor(b) for b in batch], 0)
    if isinstance(elem, float):
        return tensor(batch, dtype=float64)
    if isinstance(elem, (int, np.number, np.bool_)):
        return tensor(batch)
    if isinstance(elem, str):
        return list(batch)
    if isinstance(elem, collections.abc.Mapping):
        return {key: default_collate([sample[key] for sample in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # a namedtuple keeps its type
        return type(elem)(*(default_collate(list(field)) for field in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        if any(len(sample) != len(elem) for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(list(field)) for field in zip(*batch)]
    raise TypeError("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
                    f"found {type(elem)}")


class DataLoader:
    """Iterate over `dataset` in batches of `batch_size`, reshuffled each pass if `shuffle`.

    Each pass draws one 64-bit seed from the generator (`generator=` or the default one)
    before the first batch, as PyTorch's loader does for its workers, and a RandomSampler then
    draws its own seed; so with `manual_seed` the batches, and every random number drawn after
    the loop, are PyTorch's. `num_workers` is accepted; loading happens in this process.
    """

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device="", in_order=True):
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, "
                                 "and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with "
                             "drop_last")
        if sampler is None:
            sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.dataset, self.batch_size, self.drop_last = dataset, batch_size, drop_last
        self.sampler, self.batch_sampler, self.generator = sampler, batch_sampler, generator
        self.num_workers = num_workers
        self.collate_fn = collate_fn if collate_fn is not None else (
            default_collate if batch_sampler is not None else _unbatched)

    def __iter__(self):
        indices = iter(self.batch_sampler if self.batch_sampler is not None else self.sampler)
        (self.generator or _random.default_generator).random_int64()  # PyTorch's base seed for workers
        return self._samples(indices)

    def _samples(self, indices):
        for index in indices:
            if self.batch_sampler is not None:
                yield self.collate_fn([self.dataset[i] for i in index])
            else:
                yield self.collate_fn(self.dataset[index])

    def __len__(self):
        return len(self.batch_sampler if self.batch_sampler is not None else self.sampler)


def _unbatched(sample):
    """With batch_size=None each sample comes on its own (PyTorch's default_convert): NumPy
    arrays become tensors, a tuple becomes a list, dicts and lists are converted inside."""
    if isinstance(sample, np.ndarray):
        return tensor(sample)
    if isinstance(sample, collections.abc.Mapping):
        return {key: _unbatched(value) for key, value in sample.items()}
    if isinstance(sample, (tuple, list)) and not hasattr(sample, "_fields"):
        return [_unbatched(value) for value in sample]
    return sample
