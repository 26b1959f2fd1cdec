"""Timing, statistics, result checks and the printed table; the workloads only define the math.

How a workload is measured (`measure`):
  1. every contender builds its `run` callable (setup is not timed) and is warmed up;
  2. each is calibrated: `inner` calls of `run` make one sample of about `sample_seconds`;
  3. for each repeat, every contender takes one sample, in round-robin order (the starting
     contender rotates each repeat), so drift on a shared machine hits everyone alike;
  4. a sample is the CPU time of this process (`time.process_time`: user + system, all threads)
     over `inner` calls, divided by `inner` and by the work units per call (ops, steps...).
     The garbage collector stays on (its cost is part of an engine's cost) but runs a full
     collection, untimed, before each sample so no contender pays for another's garbage; the
     objects that exist before measuring (all four frameworks' modules) are frozen first
     (`gc.freeze`, see `freeze_imports`), so no contender's collections traverse the others'
     modules and the collection before each sample is cheap;
  5. medians and inter-quartile ranges over the repeats; ratios are ratios of medians;
  6. the value the last call returned (a gradient, a loss) is checked against the floor's.
"""
import gc
import os
import platform
import subprocess
import time
from dataclasses import dataclass, field

import numpy as np

from . import contenders as _contenders
from .contenders import LABELS, ORDER, Skip

TIMER = time.process_time
TIMER_NAME = "time.process_time (CPU time of this process: user + system, all threads)"


@dataclass
class Config:
    quick: bool = False
    repeats: int = 11
    sample_seconds: float = 0.2      # aim for samples this long (more calls per sample when fast)
    warmup_seconds: float = 0.1
    case_budget_seconds: float = 40.0  # fewer repeats (not fewer than 3) for cases slower than this

    @classmethod
    def make(cls, quick):
        if quick:
            return cls(quick=True, repeats=3, sample_seconds=0.03, warmup_seconds=0.02, case_budget_seconds=4.0)
        return cls()


@dataclass
class Case:
    label: str          # "" when a workload has a single case
    kwargs: dict
    per_call: int = 1   # work units (ops, steps) per call of run()


@dataclass
class Stats:
    contender: str
    samples: list = field(default_factory=list)   # seconds per unit, one per repeat
    inner: int = 0
    value: object = None
    skipped: str = None
    error: str = None
    check: str = None   # "ok", "MISMATCH ...", or None for the floor itself
    check_ok: bool = None

    @property
    def median(self):
        return float(np.median(self.samples)) if self.samples and not self.error else None

    @property
    def quartiles(self):
        if not self.samples or self.error:
            return None, None
        q1, q3 = np.percentile(self.samples, [25, 75])
        return float(q1), float(q3)

    @property
    def usable(self):
        return self.median is not None and self.check_ok is not False

    def to_json(self):
        q1, q3 = self.quartiles
        return {"median_s": self.median, "q1_s": q1, "q3_s": q3, "iqr_s": None if q1 is None else q3 - q1,
                "samples_s": self.samples, "calls_per_sample": self.inner, "skipped": self.skipped,
                "error": self.error, "check": self.check, "check_ok": self.check_ok}


@dataclass
class Target:
    workload: str
    text: str
    value: str
    ok: bool = None     # None: could not be evaluated (a contender missing)

    @property
    def status(self):
        return {True: "PASS", False: "MISS", None: "n/a"}[self.ok]

    def to_json(self):
        return {"workload": self.workload, "target": self.text, "value": self.value, "status": self.status}


@dataclass
class WorkloadResult:
    name: str
    description: str
    unit: str
    cases: dict = field(default_factory=dict)     # label -> {contender: Stats}
    targets: list = field(default_factory=list)
    lines: list = field(default_factory=list)     # extra report lines (checks, survival, per notebook)
    extra: dict = field(default_factory=dict)     # extra numbers for --json
    seconds: float = 0.0

    def stats(self, contender, case=""):
        return self.cases.get(case, {}).get(contender)

    def median(self, contender, case=""):
        s = self.stats(contender, case)
        return s.median if s is not None and s.usable else None


# ---- machine and versions ---------------------------------------------------------------------
def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _openblas_threads():
    """Threads NumPy's OpenBLAS will use, asked from the library itself (None if not found)."""
    import ctypes

    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "openblas" in line.lower() and ".so" in line}
    except OSError:
        return None
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for symbol in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_", "openblas_get_num_threads"):
            fn = getattr(lib, symbol, None)
            if fn is not None:
                fn.restype = ctypes.c_int
                return fn()
    return None


def _git_commit():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                             timeout=10)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def machine_info():
    blas = {}
    try:
        config = np.show_config(mode="dicts")
        b = config["Build Dependencies"]["blas"]
        blas = {"name": b.get("name"), "version": b.get("version")}
    except Exception:  # noqa: BLE001 - informational only
        pass
    info = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numpy_blas": blas,
        "numpy_blas_threads": _openblas_threads(),
        "thread_env": {name: os.environ.get(name) for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                                               "MKL_NUM_THREADS")},
        "autograd_edu": _contenders.version("autograd_edu"),
        "autograd_edu_git": _git_commit(),
        "torch": _contenders.version("torch"),
        "mygrad": _contenders.version("mygrad"),
        "timer": TIMER_NAME,
    }
    if info["torch"]:
        torch = _contenders.load("torch")
        info["torch_threads"] = torch.get_num_threads()
        info["torch_blas"] = "MKL" if torch.backends.mkl.is_available() else "other"
    return info


def format_machine(info, cfg):
    blas = info["numpy_blas"]
    threads = info["numpy_blas_threads"]
    lines = [
        f"date      {info['date']}",
        f"machine   {info['cpu']}, {info['cores']} cores, {info['platform']}",
        f"python    {info['python']}; autograd_edu {info['autograd_edu']} (git {info['autograd_edu_git']}, "
        f"working tree as found)",
        f"numpy     {info['numpy']} with {blas.get('name', '?')} {blas.get('version', '')}, "
        f"{threads if threads is not None else '?'} BLAS thread(s)",
        "torch     " + (f"{info['torch']}, {info['torch_threads']} thread(s), BLAS {info['torch_blas']}"
                         if info["torch"] else "not installed: its column is skipped"),
        "mygrad    " + (f"{info['mygrad']} (defaults: memory guarding on)" if info["mygrad"]
                         else "not installed: its column is skipped"),
        "threads   single-threaded BLAS for all: " + ", ".join(f"{k}={v}" for k, v in info["thread_env"].items())
        + ", torch.set_num_threads(1)",
        f"timer     {info['timer']}",
        f"method    {'--quick: ' if cfg.quick else ''}{cfg.repeats} repeats (fewer for slow cases, at least "
        f"{1 if cfg.quick else 3}), "
        f"samples of ~{cfg.sample_seconds:g} s, contenders interleaved round-robin; median and IQR;\n"
        f"          imported modules frozen out of the garbage collector (gc.freeze), full collection before each sample",
    ]
    return lines


# ---- measuring --------------------------------------------------------------------------------
def _short(error):
    text = f"{type(error).__name__}: {error}".splitlines()[0]
    return text if len(text) <= 90 else text[:87] + "..."


def _as_array(value):
    if hasattr(value, "detach"):  # a PyTorch tensor
        value = value.detach().numpy()
    return np.asarray(value, dtype=np.float64)


def compare(value, reference, rtol, atol):
    """(ok, text) comparing a contender's result with the floor's."""
    try:
        a, b = _as_array(value), _as_array(reference)
    except Exception as error:  # noqa: BLE001
        return False, f"MISMATCH: cannot read result ({_short(error)})"
    if a.shape != b.shape:
        return False, f"MISMATCH: shape {a.shape} vs {b.shape}"
    if not np.allclose(a, b, rtol=rtol, atol=atol):
        err = np.max(np.abs(a - b) / (atol + rtol * np.abs(b)))
        return False, f"MISMATCH: off by {err:.1f}x the tolerance"
    return True, "ok"


def freeze_imports():
    """Import every framework, then move all objects alive now to the collector's permanent
    generation: collections then only look at what the workloads create."""
    for name in ORDER:
        try:
            _contenders.load(name)
        except Skip:
            pass
    gc.collect()
    gc.freeze()


def _call_timed(run, inner):
    gc.collect()
    start = TIMER()
    for _ in range(inner):
        value = run()
    return TIMER() - start, value


def measure_case(workload, case, cfg, names=ORDER, log=print):
    stats = {name: Stats(name) for name in names}
    runs = {}
    for name in names:
        factory = workload.CONTENDERS.get(name)
        if factory is None:
            stats[name].skipped = "no implementation for this workload"
            continue
        try:
            run = factory(**case.kwargs)
            value = run()   # the first call pays one-time costs (lazy imports, caches)
            calls, start = 0, TIMER()
            while calls < 1 or TIMER() - start < cfg.warmup_seconds:   # warm up, and learn the time per call
                value = run()
                calls += 1
            call_seconds = max((TIMER() - start) / calls, 1e-7)
            stats[name].inner = max(1, int(round(cfg.sample_seconds / call_seconds)))
            stats[name].value = value
            runs[name] = (run, call_seconds)
        except Skip as why:
            stats[name].skipped = str(why)
        except Exception as error:  # noqa: BLE001 - a broken contender is reported, not fatal
            stats[name].error = _short(error)
    # fewer repeats for slow cases, never fewer than 3 (1 when --quick)
    per_repeat = sum(call_seconds * stats[n].inner for n, (_, call_seconds) in runs.items())
    repeats = cfg.repeats
    if per_repeat * repeats > cfg.case_budget_seconds:
        repeats = max(1 if cfg.quick else 3, int(cfg.case_budget_seconds // max(per_repeat, 1e-9)))
    active = [n for n in names if n in runs]
    for r in range(repeats):
        order = active[r % len(active):] + active[:r % len(active)] if active else []
        for name in order:
            if stats[name].error:
                continue
            run, _ = runs[name]
            try:
                seconds, value = _call_timed(run, stats[name].inner)
            except Exception as error:  # noqa: BLE001
                stats[name].error = _short(error)
                continue
            stats[name].samples.append(seconds / stats[name].inner / case.per_call)
            stats[name].value = value
    runs.clear()
    gc.collect()
    return stats


def check_case(workload, stats):
    floor = stats.get("numpy")
    if floor is None or floor.median is None:
        for s in stats.values():
            if s.median is not None:
                s.check = "unchecked (no floor)"
        return
    floor.check, floor.check_ok = "reference", True
    checker = getattr(workload, "check", None)
    for name, s in stats.items():
        if name == "numpy" or s.median is None:
            continue
        if checker is not None:
            s.check_ok, s.check = checker(s.value, floor.value)
        else:
            s.check_ok, s.check = compare(s.value, floor.value, workload.RTOL, workload.ATOL)


def ratio_targets(workload, result):
    """The workload's TARGETS: (contender, versus, limit, text); the worst case over all cases counts."""
    targets = []
    for who, versus, limit, text in getattr(workload, "TARGETS", ()):
        worst, worst_case, problem = None, None, None
        for label in result.cases:
            s = result.stats(who, label)
            if s is None or s.median is None:
                problem = problem or f"{LABELS[who]} did not run"
                continue
            if s.check_ok is False:
                problem = problem or f"{LABELS[who]} result wrong"
                continue
            other = result.median(versus, label)
            if other is None:
                continue
            ratio = s.median / other
            if worst is None or ratio > worst:
                worst, worst_case = ratio, label
        if problem is not None and "wrong" in problem:
            targets.append(Target(result.name, text, problem, False))
        elif worst is None:
            targets.append(Target(result.name, text, problem or f"{LABELS[versus]} not measured", None))
        else:
            where = f" ({worst_case})" if len(result.cases) > 1 and worst_case else ""
            targets.append(Target(result.name, text, f"{worst:.3f}x{where}", worst <= limit))
    return targets


def run_workload(workload, cfg, log=print):
    start = time.perf_counter()
    result = WorkloadResult(workload.NAME, workload.DESCRIPTION, getattr(workload, "UNIT", ""))
    if hasattr(workload, "special"):   # not a contender race (the notebooks)
        workload.special(cfg, result, log=log)
    else:
        for case in workload.cases(cfg.quick):
            log(f"  {workload.NAME} {case.label}".rstrip() + " ...")
            stats = measure_case(workload, case, cfg, log=log)
            check_case(workload, stats)
            result.cases[case.label] = stats
        result.targets.extend(ratio_targets(workload, result))
        if hasattr(workload, "extra"):
            workload.extra(cfg, result, log=log)
    result.seconds = time.perf_counter() - start
    return result


# ---- printing ---------------------------------------------------------------------------------
def format_time(seconds):
    if seconds is None:
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale or unit == "ns":
            value = seconds / scale
            return f"{value:.3g} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return "-"


def _ratio(a, b):
    return "-" if a is None or b is None else f"{a / b:.2f}"


def table(results):
    header = ["workload", "per", "contender", "median", "IQR", "x floor", "x torch", "x mygrad", "check"]
    rows = []
    for result in results:
        if not result.cases:
            continue
        for label, stats in result.cases.items():
            name = f"{result.name} {label}".strip()
            first = True
            floor = result.median("numpy", label)
            torch = result.median("torch", label)
            mygrad = result.median("mygrad", label)
            for contender, s in stats.items():
                median = s.median
                q1, q3 = s.quartiles
                if s.skipped:
                    note = f"skipped: {s.skipped}"
                elif s.error:
                    note = f"ERROR {s.error}"
                else:
                    note = s.check or ""
                rows.append([name if first else "", result.unit if first else "", LABELS[contender],
                             format_time(median), "-" if q1 is None else format_time(q3 - q1),
                             _ratio(median, floor), _ratio(median, torch), _ratio(median, mygrad), note])
                first = False
    return _align(header, rows, right={3, 4, 5, 6, 7})


def targets_table(results):
    header = ["workload", "target", "measured", "status"]
    rows = [[t.workload, t.text, t.value, t.status] for r in results for t in r.targets]
    return _align(header, rows)


def _align(header, rows, right=()):
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)] if rows else [len(h) for h in header]
    # the last column is free text: don't pad it
    def line(cells):
        out = []
        for i, cell in enumerate(cells):
            cell = str(cell)
            if i == len(cells) - 1:
                out.append(cell)
            elif i in right:
                out.append(cell.rjust(widths[i]))
            else:
                out.append(cell.ljust(widths[i]))
        return "  ".join(out).rstrip()
    sep = "  ".join("-" * w for w in widths)
    return [line(header), sep] + [line(r) for r in rows]


def to_json(info, cfg, results):
    return {
        "machine": info,
        "config": {"quick": cfg.quick, "repeats": cfg.repeats, "sample_seconds": cfg.sample_seconds},
        "workloads": {
            r.name: {"description": r.description, "unit": r.unit, "seconds": r.seconds,
                     "cases": {label: {c: s.to_json() for c, s in stats.items()} for label, stats in r.cases.items()},
                     "targets": [t.to_json() for t in r.targets], "extra": r.extra}
            for r in results
        },
    }
