"""Execute notebooks in place, top to bottom in a fresh kernel, so their stored outputs are
what the code prints today (nbval then compares them in CI).

    .venv/bin/python tools/run_notebooks.py lessons/*.ipynb solutions/*.ipynb

Error outputs are kept as their last line, "Name: message" (cells marked NBVAL_RAISES_EXCEPTION
demonstrate errors; the frames inside the engine would only store this machine's paths);
tests/test_notebooks.py fails any error in a cell that is not so marked.
"""
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    for cell in nb.cells:  # a deliberate error must not stop JupyterLab's Run All (nbval reads the tag too)
        tags = cell.metadata.setdefault("tags", []) if "NBVAL_RAISES_EXCEPTION" in cell.source else []
        if cell.cell_type == "code" and "NBVAL_RAISES_EXCEPTION" in cell.source and "raises-exception" not in tags:
            tags.append("raises-exception")
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True, record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            if output.output_type == "error":  # the stored message, without frames of the engine's source
                output.traceback = [f"{output.ename}: {output.evalue}"]
    nbformat.write(nb, path)
    return time.perf_counter() - start


if __name__ == "__main__":
    total = 0.0
    for name in sys.argv[1:]:
        seconds = run(Path(name))
        total += seconds
        print(f"{seconds:6.1f} s  {name}")
    print(f"{total:6.1f} s  in all")
