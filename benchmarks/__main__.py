"""`python -m benchmarks`: run the workloads, print the table of medians and ratios and the targets.

    .venv/bin/python -m benchmarks                    # full run (a few minutes)
    .venv/bin/python -m benchmarks --quick            # short run (under a minute)
    .venv/bin/python -m benchmarks --json out.json    # also write every number
    .venv/bin/python -m benchmarks --only overhead,tutorial
    .venv/bin/python -m benchmarks --profile overhead # cProfile of autograd_edu on a workload

Importing the `benchmarks` package first sets the BLAS thread variables to 1 (see __init__.py).
"""
import argparse
import json
import sys
import time

from . import NUMPY_WAS_PREIMPORTED, harness
from .workloads import NAMES, get


def _names(text):
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in NAMES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown workload(s) {unknown}; choose from {', '.join(NAMES)}")
    return names


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few, short repeats: the whole run in under a minute")
    parser.add_argument("--json", metavar="PATH", help="write all numbers (samples, medians, targets) as JSON")
    parser.add_argument("--only", type=_names, metavar="W1,W2", help=f"run only these of: {', '.join(NAMES)}")
    parser.add_argument("--skip", type=_names, metavar="W1,W2", default=[], help="run all but these")
    parser.add_argument("--profile", metavar="WORKLOAD", choices=[n for n in NAMES if n != "notebooks"],
                        help="instead of benchmarking, profile autograd_edu on WORKLOAD (see profiling.py)")
    parser.add_argument("--top", type=int, default=15, help="with --profile: how many entries (default 15)")
    parser.add_argument("--sort", default="tottime", help="with --profile: pstats sort key (default tottime)")
    args = parser.parse_args(argv)

    if args.profile:
        from . import profiling

        return profiling.main([args.profile, "--top", str(args.top), "--sort", args.sort])

    def log(message):
        print(message, file=sys.stderr, flush=True)

    cfg = harness.Config.make(args.quick)
    info = harness.machine_info()
    harness.freeze_imports()
    start = time.perf_counter()
    print("autograd_edu benchmarks" + (" (--quick)" if args.quick else ""))
    print("\n".join(harness.format_machine(info, cfg)))
    if NUMPY_WAS_PREIMPORTED:
        print("WARNING   numpy was imported before the benchmarks package: the thread settings may not apply")
    print(flush=True)

    results = []
    for name in args.only or NAMES:
        if name in args.skip:
            continue
        log(f"{name} ...")
        results.append(harness.run_workload(get(name), cfg, log=log))
        log(f"{name}: {results[-1].seconds:.1f} s")

    print("\n".join(harness.table(results)))
    print("per: the unit each time is for; IQR: q3 - q1 over repeats; x floor / x torch / x mygrad: ratio of "
          "medians;\ncheck: the result (gradient or loss) compared with the NumPy floor's")
    for result in results:
        if result.lines:
            print()
            print("\n".join(result.lines))
    print()
    print("\n".join(harness.targets_table(results)))
    statuses = [t.status for r in results for t in r.targets]
    elapsed = time.perf_counter() - start
    print(f"\n{statuses.count('PASS')} of {len(statuses)} targets met ({statuses.count('MISS')} missed, "
          f"{statuses.count('n/a')} not evaluated); run took {elapsed:.0f} s")

    if args.json:
        data = harness.to_json(info, cfg, results)
        data["seconds"] = elapsed
        with open(args.json, "w") as f:
            json.dump(data, f, indent=1, default=str)
        print(f"numbers written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
