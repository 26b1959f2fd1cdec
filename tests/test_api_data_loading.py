"""torch.utils.data (Dataset, TensorDataset, DataLoader, samplers, random_split, default_collate)
against PyTorch 2.13, including the shuffled order and the random numbers drawn after a loop."""
import pytest

from both_engines import assert_same_outcome

pytestmark = pytest.mark.torch


def _dataset(t):
    return t.utils.data.TensorDataset(t.arange(20.).reshape(10, 2), t.arange(10))


def _labels(loader):
    return [batch[1].tolist() for batch in loader]


@pytest.mark.parametrize("case", [
    lambda t: (len(_dataset(t)), _dataset(t)[3]),
    lambda t: _labels(t.utils.data.DataLoader(_dataset(t), batch_size=4, shuffle=True)),
    lambda t: (lambda loader: (len(loader), _labels(loader), _labels(loader), t.rand(2)))(
        t.utils.data.DataLoader(_dataset(t), batch_size=3, shuffle=True)),
    lambda t: (_labels(t.utils.data.DataLoader(_dataset(t), batch_size=3, drop_last=True)), t.rand(2)),
    lambda t: next(iter(t.utils.data.DataLoader(_dataset(t), batch_size=3, shuffle=True))),
    lambda t: (_labels(t.utils.data.DataLoader(_dataset(t), batch_size=3, shuffle=True,
                                               generator=t.Generator().manual_seed(42))), t.rand(2)),
    lambda t: [s.indices for s in t.utils.data.random_split(_dataset(t), [7, 3])],
    lambda t: [list(s) for s in t.utils.data.random_split(range(10), [0.3, 0.3, 0.4],
                                                          generator=t.Generator().manual_seed(1))],
    lambda t: list(t.utils.data.RandomSampler(range(5), replacement=True, num_samples=40)),
    lambda t: list(t.utils.data.BatchSampler(t.utils.data.SequentialSampler(range(7)), 3, False)),
    lambda t: list(t.utils.data.DataLoader(_dataset(t), batch_size=None))[:2],
    lambda t: list(t.utils.data.DataLoader([1.5, 2.5, 3.5], batch_size=2)),
], ids=["dataset", "shuffle", "two_epochs_then_rand", "sequential_then_rand", "first_batch", "own_generator",
        "random_split", "random_split_fractions", "with_replacement", "batch_sampler", "unbatched", "floats"])
def test_loading_matches_pytorch(case):
    def seeded(t):
        t.manual_seed(0)
        return case(t)
    assert_same_outcome(seeded)


@pytest.mark.parametrize("batch", [
    lambda t: [(1.0, 2), (3.0, 4)],
    lambda t: [{"a": t.ones(2), "b": 1}, {"a": t.zeros(2), "b": 2}],
    lambda t: [[1, 2], [3, 4]],
    lambda t: ["a", "b"],
    lambda t: [t.ones(2, 2), t.zeros(2, 2)],
    lambda t: [True, False],
    lambda t: [object()],
    lambda t: [[1, 2], [3]],
], ids=["tuples", "dicts", "lists", "strings", "tensors", "bools", "object", "ragged"])
def test_default_collate_matches_pytorch(batch):
    assert_same_outcome(lambda t: t.utils.data.default_collate(batch(t)))


def test_custom_dataset_subclass_shuffled_like_pytorch():
    def program(t):
        class Squares(t.utils.data.Dataset):
            def __len__(self):
                return 7

            def __getitem__(self, i):
                return t.tensor(float(i * i)), i
        t.manual_seed(5)
        return list(t.utils.data.DataLoader(Squares(), batch_size=2, shuffle=True))
    assert_same_outcome(program)


@pytest.mark.parametrize("case", [
    lambda t: t.utils.data.TensorDataset(t.ones(3), t.ones(4)),
    lambda t: t.utils.data.DataLoader(_dataset(t), shuffle=True, sampler=t.utils.data.SequentialSampler(_dataset(t))),
    lambda t: t.utils.data.DataLoader(_dataset(t), batch_size=None, drop_last=True),
    lambda t: t.utils.data.DataLoader(_dataset(t), batch_size=0),
    lambda t: t.utils.data.random_split(_dataset(t), [3, 3]),
    lambda t: t.utils.data.Dataset()[0],
    lambda t: t.utils.data.DataLoader(_dataset(t), batch_size=2, batch_sampler=t.utils.data.BatchSampler(
        t.utils.data.SequentialSampler(_dataset(t)), 2, False)),
], ids=["size_mismatch", "sampler_and_shuffle", "none_and_drop_last", "zero_batch", "bad_lengths", "abstract",
        "batch_sampler_and_size"])
def test_loading_errors_match_pytorch(case):
    assert_same_outcome(case)
