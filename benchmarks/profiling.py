"""Profile autograd_edu on one workload: where does the time per op go?

    .venv/bin/python -m benchmarks.profiling overhead [--top 15] [--sort tottime] [--seconds 3]
    .venv/bin/python -m benchmarks --profile overhead           # the same
    .venv/bin/python -m benchmarks.profiling overhead --pyinstrument   # if pyinstrument is installed

Builds autograd_edu's `run` for the workload (the first case; `--case n=10000` picks another),
warms it up, then calls it for about `--seconds` under cProfile and prints the top entries.
(Named profiling.py, not profile.py: cProfile imports the standard `profile` module, which a
benchmarks/profile.py would shadow when this folder is on sys.path.)
"""
import argparse
import cProfile
import io
import pstats
import sys
import time

from . import harness  # noqa: F401 - importing the package sets the thread variables first
from .workloads import NAMES, get


def _build(name, case_label):
    workload = get(name)
    cases = workload.cases(False) if name != "scaling" else [c for c in workload.cases(True)]
    case = cases[0]
    if case_label:
        matches = [c for c in cases if c.label == case_label]
        if not matches:
            sys.exit(f"no case {case_label!r} in {name}; cases: {[c.label for c in cases]}")
        case = matches[0]
    factory = getattr(workload, "RAW", workload.CONTENDERS)["autograd_edu"]
    return case, factory(**case.kwargs)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profiling", description=__doc__.split("\n\n")[0])
    parser.add_argument("workload", choices=[n for n in NAMES if n != "notebooks"])
    parser.add_argument("--case", help="e.g. n=10000 for scaling (default: the first case)")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--sort", default="tottime", help="pstats key: tottime, cumulative, ncalls ...")
    parser.add_argument("--seconds", type=float, default=3.0, help="roughly how long to profile")
    parser.add_argument("--pyinstrument", action="store_true", help="use pyinstrument instead of cProfile")
    args = parser.parse_args(argv)

    case, run = _build(args.workload, args.case)
    start = time.perf_counter()
    calls = 0
    while calls < 3 or time.perf_counter() - start < 0.3:   # warm up, and time one call
        run()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    n_calls = max(1, int(args.seconds / per_call))
    units = n_calls * case.per_call

    if args.pyinstrument:
        try:
            from pyinstrument import Profiler
        except ImportError:
            sys.exit("pyinstrument is not installed: .venv/bin/pip install pyinstrument (benchmark-only)")
        profiler = Profiler(interval=0.0001)
        profiler.start()
        for _ in range(n_calls):
            run()
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False))
        return 0

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n_calls):
        run()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = stats.total_tt
    print(f"autograd_edu on {args.workload} {case.label}".rstrip()
          + f": {n_calls} calls = {units} {get(args.workload).UNIT}s, {total:.2f} s under cProfile "
          f"({total / units * 1e6:.1f} µs per {get(args.workload).UNIT} with profiling overhead; "
          f"{per_call / case.per_call * 1e6:.1f} µs without)")
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    text = out.getvalue()
    # drop pstats' preamble lines up to the table header
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if "ncalls" in line:
            lines = lines[i:]
            break
    print("\n".join(line for line in lines if line.strip()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
