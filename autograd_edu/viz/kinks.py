"""Find where an elementwise function's gradient jumps (kinks: relu and abs at 0, clamp bounds,
max ties) and what the engine says exactly there (the convention, e.g. relu'(0) = 0).

The sampled gradient is scanned for steps much larger than their neighbours'; each candidate is
narrowed by bisection with the engine's own gradient. A smooth function's steps shrink as the
interval does, a jump does not, so only real kinks survive.
"""
from dataclasses import dataclass

import numpy as np


@dataclass
class Kink:
    x: float  # where the gradient jumps
    left: float  # the gradient just left of x
    right: float  # the gradient just right of x
    at: float  # what the engine gives at x itself (a convention: the derivative does not exist there)
    f: float  # f(x)


def find_kinks(grad_at, f_at, xs, grads, iterations=48):
    """Kinks of f between the samples `xs` (with engine gradients `grads`).

    `grad_at(points)` / `f_at(points)`: the engine's df/dx and f at an array of points.
    """
    finite = np.isfinite(grads)
    steps = np.abs(np.diff(grads))
    steps[~(finite[1:] & finite[:-1])] = 0
    scale = 1e-6 * (1 + np.max(np.abs(grads[finite]), initial=0))
    typical = np.median(steps) if steps.size else 0
    candidates = [i for i in range(steps.size) if steps[i] > 3 * typical + scale]
    kinks = []
    for i in candidates:
        lo, hi = float(xs[i]), float(xs[i + 1])
        g_lo, g_hi = float(grads[i]), float(grads[i + 1])
        for _ in range(iterations):
            mid = (lo + hi) / 2
            g_mid = float(grad_at(np.array([mid]))[0])
            if abs(g_mid - g_lo) >= abs(g_hi - g_mid):
                hi, g_hi = mid, g_mid
            else:
                lo, g_lo = mid, g_mid
        if abs(g_hi - g_lo) > 1e3 * scale:
            kink = _at(grad_at, f_at, lo, hi, xs)
            if not kinks or kink.x != kinks[-1].x:  # a sampled kink (abs at 0) is found from both sides
                kinks.append(kink)
    return kinks


def _at(grad_at, f_at, lo, hi, xs):
    """The kink between lo and hi: snapped to a round number when one is that close (0, a bound),
    with the one-sided gradients and the engine's value at the point itself."""
    span = float(xs[-1] - xs[0])
    digits = max(0, 9 - int(np.floor(np.log10(span))))
    x = round((lo + hi) / 2, digits) + 0.0  # + 0.0 turns -0.0 into 0.0
    h = span * 1e-7
    left, at, right = grad_at(np.array([x - h, x, x + h]))
    return Kink(x, float(left), float(right), float(at), float(f_at(np.array([x]))[0]))
