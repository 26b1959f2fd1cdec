"""autograd.profiler.profile: exact call counts for the T1.5 loop and its backward (times vary)."""
import pytest

import autograd_edu as ae
from autograd_edu.autograd import function, profiler


def _counts(prof):
    return {event.key: event.count for event in prof.key_averages()}


def _tutorial_tensors():
    ae.manual_seed(0)
    return ae.randn(2, 3, requires_grad=True), ae.rand(2, 3, requires_grad=True), ae.ones(2, 3, requires_grad=True)


def test_tutorial_loop_counts_each_op_exactly():
    x, y, z = _tutorial_tensors()
    with ae.autograd.profiler.profile(use_cuda=False) as prof:
        for _ in range(1000):
            z = (z / x) * y
    assert _counts(prof) == {"Div": 1000, "Mul": 1000}
    table = prof.key_averages().table(sort_by="self_cpu_time_total")
    lines = table.splitlines()
    assert lines[1].split()[0] == "Name" and "# of Calls" in lines[1]
    rows = {line.split()[0]: line.split()[-1] for line in lines[3:5]}
    assert rows == {"Div": "1000", "Mul": "1000"}
    assert lines[-1].startswith("Self CPU time total: ")


def test_backward_nodes_and_the_ops_they_run_are_counted():
    x, y, z = _tutorial_tensors()
    for _ in range(10):
        z = (z / x) * y
    with profiler.profile() as prof:
        z.sum().backward()
    counts = _counts(prof)
    # one backward call per node; each DivBackward0 runs g/x (Div), then -g*(z/x)/x (Div, Mul, Neg ...)
    assert counts["DivBackward0"] == 10 and counts["MulBackward0"] == 10 and counts["SumBackward0"] == 1
    assert counts["Sum"] == 1  # the forward op called inside the block


def test_self_time_excludes_nested_calls():
    x, y, z = _tutorial_tensors()
    z = (z / x) * y
    with profiler.profile() as prof:
        z.sum().backward()
    events = {e.key: e for e in prof.key_averages()}
    node = events["DivBackward0"]
    assert 0 <= node.self_cpu_time_total < node.cpu_time_total
    assert node.cpu_time == pytest.approx(node.cpu_time_total / node.count)


def test_inactive_outside_the_block_and_sort_keys_checked():
    x, y, z = _tutorial_tensors()
    with profiler.profile() as prof:
        z * x
    z / x
    assert profiler.active is None and _counts(prof) == {"Mul": 1}
    with profiler.profile(enabled=False) as off:
        z * x
    assert _counts(off) == {}
    assert "Mul" in prof.key_averages().table(sort_by="count")
    with pytest.raises(ValueError, match="sort_by must be one of"):
        prof.key_averages().table(sort_by="cuda_time")


def test_a_failing_op_does_not_break_the_profile():
    x = ae.ones(2, 3, requires_grad=True)
    with profiler.profile() as prof:
        with pytest.raises(RuntimeError):
            x @ x
        x * 2
    assert _counts(prof)["Mul"] == 1 and prof._stack == []


def test_student_function_is_profiled_by_name():
    class Cube(function.Function):
        @staticmethod
        def forward(ctx, t):
            ctx.save_for_backward(t)
            return t._data ** 3

        @staticmethod
        def backward(ctx, g):
            (t,) = ctx.saved_tensors
            return g * 3 * t * t

    x = ae.tensor([1.0, 2.0], requires_grad=True)
    with profiler.profile() as prof:
        Cube.apply(x).sum().backward()
    counts = _counts(prof)
    assert counts["Cube"] == 1 and counts["CubeBackward"] == 1
