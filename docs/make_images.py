"""Make the pictures in docs/images/ from the code itself (run: .venv/bin/python docs/make_images.py).

    sin_and_grad.png      plot_function_and_grad(torch.sin, 0, 2 pi): sin and the engine's d sin/dx = cos
    kinks.png             relu, abs and clamp: the kinks marked with PyTorch's convention there
    graph_seed_002.svg    draw_graph of seed 002 after backward(): names, shapes, values, a.grad
    broadcast_backward.png  plot_broadcast_backward: a bias copied to every row, its gradient summed back
    stepper_midway.png    the BackpropStepper in JupyterLab after 3 of its 5 steps, screenshotted by
                          the browser test (tests/test_browser.py, headless Debian Chromium)
"""
import math
import shutil
import subprocess
import sys
from pathlib import Path

from matplotlib.figure import Figure

import autograd_edu as torch
from autograd_edu.viz import draw_graph, plot_broadcast_backward, plot_function_and_grad

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"


def sin_and_grad():
    fig = plot_function_and_grad(torch.sin, 0, 2 * math.pi, name="sin",
                                 title="sin(x) and its gradient from backward(): cos(x)")
    fig.savefig(IMAGES / "sin_and_grad.png", dpi=100)


def kinks():
    fig = Figure(figsize=(20, 7), layout="constrained")
    for ax, (f, name) in zip(fig.subplots(1, 3), [(torch.relu, "relu"), (torch.abs, "abs"),
                                                   (lambda x: torch.clamp(x, -1, 1), "clamp")]):
        plot_function_and_grad(f, -2, 2, ax=ax, name=name)
    fig.savefig(IMAGES / "kinks.png", dpi=80)


def graph_seed_002():
    a = torch.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
    b = torch.sin(a)
    c = 2 * b
    d = c + 1
    out = d.sum()
    out.backward(retain_graph=True)
    draw_graph(out, names={"a": a, "b": b, "c": c, "d": d, "out": out}).save(IMAGES / "graph_seed_002.svg")


def broadcast_backward():
    fig = plot_broadcast_backward([10., 20., 30.], [[0., 0., 0.], [1., 1., 1.]], name="b")
    fig.savefig(IMAGES / "broadcast_backward.png", dpi=80)


def stepper_midway():
    test = subprocess.run([sys.executable, "-m", "pytest", "tests/test_browser.py", "-q", "-p", "no:cacheprovider",
                           "-o", "addopts=", "-rs", "-k", "stepper"], cwd=ROOT)
    shot = ROOT / "test-output" / "browser" / "stepper-widget.png"
    if test.returncode != 0 or not shot.exists():
        sys.exit("the browser test failed or was skipped: no stepper screenshot")
    shutil.copy(shot, IMAGES / "stepper_midway.png")


if __name__ == "__main__":
    IMAGES.mkdir(parents=True, exist_ok=True)
    sin_and_grad()
    kinks()
    graph_seed_002()
    broadcast_backward()
    stepper_midway()
    print("wrote", ", ".join(sorted(p.name for p in IMAGES.iterdir())))
