"""scaling: a chain of n elementwise ops on a 16-element tensor, n = 10 .. 100,000, then backward.

Time per op should stay flat as n grows: an engine whose backward recurses dies with
RecursionError near n = 1000, one that sorts or scans the graph badly grows with n, and one
whose graph holds reference cycles leaves each dropped graph to the garbage collector (slow,
and memory piles up). So three things are measured:

  * time per op for each n (the same op mix as `overhead`, see `_chain.py`);
  * the largest n each contender survives: every contender first runs n = 10, 100, ... once in
    a child process (`python -m benchmarks.workloads.scaling --probe NAME`), so a
    RecursionError, MemoryError or even a crash is reported instead of ending the run; only
    the n it survived are timed;
  * garbage-collector work: after one chain of 1000 ops is built, backpropagated and dropped
    with the collector off, `gc.collect()` must find nothing (no reference cycles); and the
    collections run, and the time they take, during a 10,000-op chain with the collector on.
"""
import gc
import os
import subprocess
import sys

import numpy as np

from . import _chain
from ..contenders import LABELS, ORDER, Skip
from ..harness import TIMER, Case, Target, _as_array

NAME = "scaling"
DESCRIPTION = "chain of n elementwise ops on 16 elements, then backward, n = 10 .. 100,000; per op"
UNIT = "op"
SIZE = 16
NS = (10, 100, 1000, 10_000, 100_000)
QUICK_TIMED_MAX = 10_000       # --quick times n up to this (the probe still tries every n)
FLAT_LIMIT = 1.5               # time per op at every n >= FLAT_FROM within 1.5x of the fastest
FLAT_FROM = 10                 # all n (the leaf, sum and backward start-up weigh most at n = 10)
RTOL, ATOL = 1e-4, 1e-6
TARGETS = [
    ("autograd_edu", "torch", 1.5, "autograd_edu <= 1.5x PyTorch per op, at every n"),
    ("autograd_edu", "mygrad", 2 / 3, "autograd_edu well under MyGrad per op (<= 0.67x), at every n"),
]
RAW = {
    "numpy": _chain.numpy_floor,
    "autograd_edu": _chain.autograd_edu,
    "torch": _chain.pytorch,
    "mygrad": _chain.mygrad,
}

_survived = {}   # contender -> largest n survived by the probe (filled before the cases are timed)


def cases(quick):
    _survived.clear()
    if not quick:
        _probe_all(log=lambda message: print(message, file=sys.stderr, flush=True))
    ns = [n for n in NS if not quick or n <= QUICK_TIMED_MAX]
    return [Case(f"n={n}", {"n": n, "size": SIZE}, per_call=n) for n in ns]


def _guarded(name):
    """A contender that refuses the n its probe did not survive (reported as an error, not run)."""
    def make(n, size):
        largest = _survived.get(name, {}).get("largest")
        if largest is not None and n > largest:
            raise RuntimeError(f"not timed: its probe failed at {_survived[name]['failure']}")
        return RAW[name](n, size)

    return make


CONTENDERS = {name: _guarded(name) for name in RAW}   # what the harness times


# ---- survival probe (child processes) ---------------------------------------------------------
def _probe_all(log=print):
    log(f"  scaling: probing n = {', '.join(map(str, NS))} in child processes ...")
    procs = {}
    for name in ORDER:
        procs[name] = subprocess.Popen([sys.executable, "-m", "benchmarks.workloads.scaling", "--probe", name],
                                       cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for name, proc in procs.items():
        try:
            out, err = proc.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            out += "\nfail ? timeout (600 s)"
        largest, failure, skipped = None, None, None
        for line in out.splitlines():
            word, _, rest = line.partition(" ")
            if word == "ok":
                largest = int(rest)
            elif word == "fail":
                n, _, why = rest.partition(" ")
                failure = f"n={n}: {why}"
            elif word == "skip":
                skipped = rest
        if skipped is None and failure is None and proc.returncode != 0:
            at = "exit" if largest == NS[-1] else f"n={NS[NS.index(largest) + 1] if largest in NS else NS[0]}"
            how = f"signal {-proc.returncode}" if proc.returncode < 0 else f"exit code {proc.returncode}"
            failure = f"{at}: crashed ({how})"
            tail = err.strip().splitlines()[-1:] if err.strip() else []
            if tail:
                failure += f": {tail[0][:80]}"
        _survived[name] = {"largest": largest, "failure": failure, "skipped": skipped}


def _probe(name):
    """Child process: run each n once, ascending; print `ok n`, or `fail n error` and stop."""
    try:
        for n in NS:
            try:
                run = RAW[name](n, SIZE)
                grad = _as_array(run())
                if not np.all(np.isfinite(grad)):
                    raise FloatingPointError("non-finite gradient")
                del run, grad
            except Skip:
                raise
            except Exception as error:  # noqa: BLE001 - RecursionError, MemoryError, anything
                print(f"fail {n} {type(error).__name__}: {str(error)[:100]}", flush=True)
                return
            print(f"ok {n}", flush=True)
    except Skip as why:
        print(f"skip {why}", flush=True)


# ---- garbage collector ------------------------------------------------------------------------
def _gc_report(name, log=print):
    """(objects found in cycles after one dropped 1000-op chain, collections and gc time in a 10,000-op chain)."""
    try:
        run_small = RAW[name](1000, SIZE)
        run_big = RAW[name](10_000, SIZE)
        run_small()  # warm up
    except Skip:
        return None
    except Exception as error:  # noqa: BLE001
        return {"error": f"{type(error).__name__}: {error}"[:100]}
    gc.collect()
    gc.disable()
    try:
        run_small()
        unreachable = gc.collect()
    finally:
        gc.enable()

    counts = [0, 0, 0]
    spent = [0.0]
    started = [0.0]

    def callback(phase, info):
        if phase == "start":
            started[0] = TIMER()
        else:
            spent[0] += TIMER() - started[0]
            counts[info["generation"]] += 1

    gc.collect()
    gc.callbacks.append(callback)
    try:
        start = TIMER()
        run_big()
        total = TIMER() - start
    finally:
        gc.callbacks.remove(callback)
    return {"cycle_objects_per_1000_op_chain": unreachable, "collections_gen0_1_2": counts,
            "gc_seconds": spent[0], "chain_seconds": total}


def _survival_from_timing(result):
    """--quick: no probe; the largest n each contender was timed at without an error."""
    for name in ORDER:
        largest, failure, skipped = None, None, None
        for label, stats in result.cases.items():
            s = stats.get(name)
            if s is None:
                continue
            if s.skipped:
                skipped = s.skipped
            elif s.error:
                failure = failure or f"{label}: {s.error}"
            elif s.median is not None and failure is None:
                largest = int(label[2:])
        _survived[name] = {"largest": largest, "failure": failure, "skipped": skipped}


def extra(cfg, result, log=print):
    # largest n survived
    if cfg.quick:
        _survival_from_timing(result)
        how = f"--quick: timed in this process, n <= {QUICK_TIMED_MAX:,}"
    else:
        how = "probe in a child process, n = " + ", ".join(map(str, NS))
    result.extra["survival"] = dict(_survived)
    result.lines.append(f"scaling: largest n survived ({how}):")
    for name in ORDER:
        s = _survived.get(name, {})
        if s.get("skipped"):
            text = f"skipped: {s['skipped']}"
        else:
            text = f"{s.get('largest') or 'none'}" + (f"; failed at {s['failure']}" if s.get("failure") else "")
        result.lines.append(f"  {LABELS[name]:14s} {text}")
    ours = _survived.get("autograd_edu", {})
    result.targets.append(Target(NAME, f"autograd_edu survives n = {NS[-1]:,} (no RecursionError)",
                                 f"largest n {ours.get('largest')}",
                                 None if cfg.quick and not ours.get("failure") else ours.get("largest") == NS[-1]))

    # flat time per op
    flat = {}
    for name in ORDER:
        per_op = {label: result.median(name, label) for label in result.cases}
        per_op = {int(label[2:]): v for label, v in per_op.items() if v is not None}
        considered = [v for n, v in per_op.items() if n >= FLAT_FROM]
        if len(considered) >= 2:
            flat[name] = max(considered) / min(considered)
    result.extra["flatness_max_over_min_per_op_n_ge_100"] = flat
    if flat:
        result.lines.append(f"scaling: flatness = slowest / fastest time per op over n >= {FLAT_FROM}: "
                            + ", ".join(f"{LABELS[n]} {v:.2f}" for n, v in flat.items()))
    timed = [int(label[2:]) for label in result.cases if result.median("autograd_edu", label) is not None]
    result.targets.append(Target(
        NAME, f"autograd_edu flat per op from n={FLAT_FROM} to {max(timed) if timed else '?'} (slowest/fastest <= "
              f"{FLAT_LIMIT})", f"{flat['autograd_edu']:.2f}" if "autograd_edu" in flat else "n/a",
        flat["autograd_edu"] <= FLAT_LIMIT if "autograd_edu" in flat else None))

    # garbage collector
    result.lines.append("scaling: garbage collector: objects in reference cycles after a dropped 1000-op chain; "
                        "collections (gen 0/1/2) and gc time during a 10,000-op chain:")
    reports = {}
    for name in ORDER:
        report = _gc_report(name, log=log)
        if report is None:
            continue
        reports[name] = report
        if "error" in report:
            result.lines.append(f"  {LABELS[name]:14s} ERROR {report['error']}")
            continue
        c = report["collections_gen0_1_2"]
        share = report["gc_seconds"] / report["chain_seconds"] if report["chain_seconds"] else 0.0
        result.lines.append(f"  {LABELS[name]:14s} cycles {report['cycle_objects_per_1000_op_chain']:>6}   "
                            f"collections {c[0]}/{c[1]}/{c[2]}   gc time {report['gc_seconds'] * 1e3:.1f} ms "
                            f"({share:.0%} of the chain)")
    result.extra["gc"] = reports
    ours = reports.get("autograd_edu")
    if ours is not None and "error" not in ours:
        cycles = ours["cycle_objects_per_1000_op_chain"]
        result.targets.append(Target(NAME, "autograd_edu leaves no reference cycles (gc finds 0 objects)",
                                     f"{cycles} objects", cycles == 0))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--probe":
        _probe(sys.argv[2])
    else:
        sys.exit("usage: python -m benchmarks.workloads.scaling --probe CONTENDER")
