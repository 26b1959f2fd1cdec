"""A small profiler in the spirit of `torch.autograd.profiler.profile`: where does the time go?

    with torch.autograd.profiler.profile() as prof:
        for _ in range(1000):
            z = (z / x) * y
    print(prof.key_averages().table(sort_by="self_cpu_time_total"))

While a `profile` block is active, `Function.apply` (every op's forward, named after the op:
`Div`, `Mul`) and the engine's call of each node's backward (named after the node:
`DivBackward0`) report to it; when no profiler is active that costs one `if` per op.

Calls nest: a backward formula runs forward ops (`DivBackward0` calls `Div`, `Mul`, `Neg`).
A call's *total* time includes its children; its *self* time does not. Sorting by self time shows
where the work is really done.
"""
import time

active = None  # the profile currently recording, if any (read by Function.apply and the engine)


class _Call:
    """One timed call; `end()` closes it (and any inner call left open by an exception)."""

    __slots__ = ("profiler", "name", "start", "children_time")

    def __init__(self, profiler, name):
        self.profiler, self.name, self.children_time = profiler, name, 0.0
        self.start = time.perf_counter()

    def end(self):
        elapsed = time.perf_counter() - self.start
        stack = self.profiler._stack
        while stack and stack.pop() is not self:
            pass
        if stack:
            stack[-1].children_time += elapsed
        self.profiler._record(self.name, elapsed, elapsed - self.children_time)


class FunctionEventAvg:
    """All calls of one name: count and times in microseconds, like PyTorch's attributes."""

    def __init__(self, key):
        self.key, self.count = key, 0
        self.cpu_time_total = self.self_cpu_time_total = 0.0

    @property
    def cpu_time(self):
        """Average total time per call (µs)."""
        return self.cpu_time_total / self.count if self.count else 0.0

    def __repr__(self):
        return (f"<FunctionEventAvg key={self.key} self_cpu_time={self.self_cpu_time_total:.3f}us "
                f"cpu_time={self.cpu_time_total:.3f}us count={self.count}>")


_SORT_KEYS = ("self_cpu_time_total", "cpu_time_total", "cpu_time", "count")


class EventList(list):
    """The per-name summaries, in order of first call; `table()` prints them."""

    def table(self, sort_by=None, row_limit=100):
        if sort_by is not None and sort_by not in _SORT_KEYS:
            raise ValueError(f"sort_by must be one of {_SORT_KEYS} or None, got {sort_by!r}")
        rows = sorted(self, key=lambda e: getattr(e, sort_by), reverse=True) if sort_by else list(self)
        rows = rows[:row_limit]
        self_total = sum(e.self_cpu_time_total for e in self) or 1.0
        width = max([len("Name")] + [len(e.key) for e in rows]) + 2
        headers = ("Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg", "# of Calls")
        rule = "-" * width + "  " + "  ".join("-" * 12 for _ in headers)
        lines = [rule, "Name".ljust(width) + "  " + "  ".join(h.rjust(12) for h in headers), rule]
        for e in rows:
            cells = (f"{100 * e.self_cpu_time_total / self_total:.2f}%", _us(e.self_cpu_time_total),
                     f"{100 * e.cpu_time_total / self_total:.2f}%", _us(e.cpu_time_total), _us(e.cpu_time),
                     str(e.count))
            lines.append(e.key.ljust(width) + "  " + "  ".join(c.rjust(12) for c in cells))
        lines += [rule, f"Self CPU time total: {_us(self_total)}"]
        return "\n".join(lines)


def _us(microseconds):
    """A duration as PyTorch's table writes it: 812.000us, 1.234ms, 2.500s."""
    if microseconds >= 1e6:
        return f"{microseconds / 1e6:.3f}s"
    if microseconds >= 1e3:
        return f"{microseconds / 1e3:.3f}ms"
    return f"{microseconds:.3f}us"


class profile:
    """Context manager: record every op's forward and backward call (count and time) inside it.
    PyTorch's options (`use_cuda`, `record_shapes`, ...) are accepted; everything runs on the CPU."""

    def __init__(self, enabled=True, **options):
        self.enabled = enabled
        self._stack, self._events, self._previous = [], {}, None

    def __enter__(self):
        global active
        if self.enabled:
            self._previous, active = active, self
        return self

    def __exit__(self, *exc):
        global active
        if self.enabled:
            active = self._previous
        return False

    def begin(self, name):
        """Start timing a call named `name`; the caller calls `.end()` on the result."""
        call = _Call(self, name)
        self._stack.append(call)
        return call

    def _record(self, name, total, self_time):
        event = self._events.get(name)
        if event is None:
            event = self._events[name] = FunctionEventAvg(name)
        event.count += 1
        event.cpu_time_total += total * 1e6
        event.self_cpu_time_total += self_time * 1e6

    def key_averages(self):
        return EventList(self._events.values())

    def table(self, sort_by=None, row_limit=100):
        return self.key_averages().table(sort_by, row_limit)

    def __str__(self):
        return self.table()
