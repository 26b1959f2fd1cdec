"""mlp-train: a 2-32-32-1 tanh MLP on two moons (N=512), sigmoid + binary cross-entropy,
full-batch SGD for 100 steps; time per step.

Every contender starts from the same float32 weights (drawn with NumPy from a seed, copied in)
and the same data, uses plain tensor ops only (matmul, add, tanh, sigmoid, log, mean; BCE
written out as -(y log p + (1 - y) log(1 - p)).mean()) and a manual SGD update under no_grad
(w -= lr * w.grad, then the gradient is cleared), so no nn/optim module is involved. The loss
of step 100 must agree across contenders within float32 tolerance: this validates all of them.

The floor is the same forward and the chain rule written out op by op, as the graph has it
(through log, 1 - p and the sigmoid, not the fused `p - y` shortcut): the arithmetic an engine
has to do. One call of `run` is a whole 100-step training from the initial weights.
"""
import numpy as np

from ..contenders import load
from ..harness import Case, Target

NAME = "mlp-train"
DESCRIPTION = "MLP 2-32-32-1 tanh, sigmoid + BCE, two moons N=512, full-batch SGD, 100 steps; per step"
UNIT = "step"
STEPS, N, LR, SEED = 100, 512, 0.5, 0
LOSS_RTOL = 1e-4
TARGETS = [
    ("autograd_edu", "numpy", 1.5, "autograd_edu <= 1.5x the NumPy floor"),
    ("autograd_edu", "mygrad", 1.0, "autograd_edu faster than MyGrad (< 1x)"),
]


def cases(quick):
    return [Case("", {}, per_call=STEPS)]


def make_moons(n=N, noise=0.1, seed=SEED):
    """Two interleaving half circles (as sklearn.datasets.make_moons), float32; y has shape (n, 1)."""
    rng = np.random.default_rng(seed)
    n_out = n // 2
    n_in = n - n_out
    t_out = np.linspace(0, np.pi, n_out)
    t_in = np.linspace(0, np.pi, n_in)
    x = np.concatenate([np.stack([np.cos(t_out), np.sin(t_out)], 1),
                        np.stack([1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5], 1)])
    y = np.concatenate([np.zeros(n_out), np.ones(n_in)])
    x += rng.normal(scale=noise, size=x.shape)
    order = rng.permutation(n)
    return x[order].astype(np.float32), y[order].reshape(n, 1).astype(np.float32)


def initial_weights(seed=SEED + 1):
    """[W1, b1, W2, b2, W3, b3], uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)) like torch.nn.Linear."""
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in ((2, 32), (32, 32), (32, 1)):
        bound = 1 / np.sqrt(fan_in)
        params.append(rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32))
        params.append(rng.uniform(-bound, bound, (fan_out,)).astype(np.float32))
    return params


def numpy_floor():
    X, y = make_moons()
    init = initial_weights()

    def run():
        W1, b1, W2, b2, W3, b3 = params = [p.copy() for p in init]
        for _ in range(STEPS):
            # forward
            h1 = np.tanh(X @ W1 + b1)
            h2 = np.tanh(h1 @ W2 + b2)
            p = 1 / (1 + np.exp(-(h2 @ W3 + b3)))
            one_minus_y = 1 - y
            one_minus_p = 1 - p
            t = y * np.log(p) + one_minus_y * np.log(one_minus_p)
            loss = -t.mean()
            # backward, op by op
            grad_t = np.full_like(t, -1 / t.size)                           # -mean
            grad_p = grad_t * y / p - grad_t * one_minus_y / one_minus_p     # log p, log(1 - p)
            grad_z3 = grad_p * p * (1 - p)                                   # sigmoid
            grads = [None] * 6
            grads[4], grads[5] = h2.T @ grad_z3, grad_z3.sum(0)
            grad_z2 = (grad_z3 @ W3.T) * (1 - h2 * h2)                       # tanh
            grads[2], grads[3] = h1.T @ grad_z2, grad_z2.sum(0)
            grad_z1 = (grad_z2 @ W2.T) * (1 - h1 * h1)
            grads[0], grads[1] = X.T @ grad_z1, grad_z1.sum(0)
            for w, g in zip(params, grads):
                w -= LR * g
        return float(loss)

    return run


def _torch_like(torch):
    """The same code for autograd_edu and PyTorch (`import autograd_edu as torch`)."""
    X_np, y_np = make_moons()
    init = initial_weights()
    X, y = torch.tensor(X_np), torch.tensor(y_np)

    def run():
        params = [torch.tensor(p, requires_grad=True) for p in init]
        W1, b1, W2, b2, W3, b3 = params
        for _ in range(STEPS):
            h1 = torch.tanh(X @ W1 + b1)
            h2 = torch.tanh(h1 @ W2 + b2)
            p = torch.sigmoid(h2 @ W3 + b3)
            loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
            loss.backward()
            with torch.no_grad():
                for w in params:
                    w -= LR * w.grad
                    w.grad = None
        return loss.item()

    return run


def autograd_edu():
    return _torch_like(load("autograd_edu"))


def pytorch():
    return _torch_like(load("torch"))


def mygrad():
    mg = load("mygrad")
    from mygrad.nnet.activations import sigmoid

    X, y = make_moons()   # NumPy arrays are constants to MyGrad
    init = initial_weights()

    def run():
        params = [mg.tensor(p) for p in init]
        W1, b1, W2, b2, W3, b3 = params
        for _ in range(STEPS):
            h1 = mg.tanh(mg.matmul(X, W1) + b1)
            h2 = mg.tanh(mg.matmul(h1, W2) + b2)
            p = sigmoid(mg.matmul(h2, W3) + b3)
            loss = -mg.mean(y * mg.log(p) + (1 - y) * mg.log(1 - p))
            loss.backward()
            for w in params:
                w.data -= LR * w.grad
                w.null_grad()
        return loss.item()

    return run


CONTENDERS = {"numpy": numpy_floor, "autograd_edu": autograd_edu, "torch": pytorch, "mygrad": mygrad}


def check(value, reference):
    if not np.isfinite(value):
        return False, f"MISMATCH: loss {value}"
    rel = abs(value - reference) / abs(reference)
    if rel > LOSS_RTOL:
        return False, f"MISMATCH: loss {value:.6f} vs {reference:.6f}"
    return True, f"ok (loss {value:.6f})"


def extra(cfg, result, log=print):
    """Print the step-100 losses side by side (the check that validates every implementation)."""
    stats = result.cases[""]
    losses = {name: s.value for name, s in stats.items() if s.median is not None}
    result.extra["loss_after_100_steps"] = losses
    result.extra["loss_rtol"] = LOSS_RTOL
    if losses:
        text = ", ".join(f"{name} {loss:.7f}" for name, loss in losses.items())
        result.lines.append(f"mlp-train loss at step {STEPS} (must agree within rtol {LOSS_RTOL:g}): {text}")
        values = np.array(list(losses.values()))
        spread = float((values.max() - values.min()) / abs(values.mean()))
        agree = all(s.check_ok for s in stats.values() if s.median is not None)
        result.targets.append(Target(NAME, f"step-{STEPS} loss agrees across contenders (rtol {LOSS_RTOL:g})",
                                     f"spread {spread:.1e}", agree))
