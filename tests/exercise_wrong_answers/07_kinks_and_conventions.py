"""Plausible wrong answers for solutions/07_kinks_and_conventions.ipynb (see README.md)."""

MAX_ALL_TO_FIRST_TIE = '''
def max_grad(x):
    g = np.zeros_like(x)
    g.flat[np.argmax(x)] = 1.0  # all of it to the first tie (MyGrad's choice, and max(dim=...)'s)
    return g
'''

CLAMP_ZERO_AT_BOUNDS = '''
def clamp_grad(x, lo, hi):
    return ((x > lo) & (x < hi)).astype(x.dtype)  # 0 at the bounds: the 2026 proposal, not PyTorch 2.13
'''

RELU_ONE_AT_ZERO = '''
def relu_grad(x):
    return (x >= 0).astype(x.dtype)  # relu'(0) = 1


def abs_grad(x):
    return np.sign(x)
'''

LOGSUMEXP_WITHOUT_MAX_SHIFT = '''
class LogSumExp(Function):
    """y = log(sum(exp(x))) over a 1-D tensor"""

    @staticmethod
    def forward(ctx, x):
        e = torch.exp(x)  # no shift by the max: overflows for x > 709, underflows below -745
        ctx.save_for_backward(e)
        return torch.log(e.sum())

    @staticmethod
    def backward(ctx, grad_output):
        (e,) = ctx.saved_tensors
        return grad_output * e / e.sum()
'''

ASKS_THE_ENGINE = '''
def max_grad(x):
    return engine_grad(torch.max, x)        # the helper meant for testing predictions


def clamp_grad(x, lo, hi):
    return engine_grad(lambda t: torch.clamp(t, lo, hi), x)
'''

ASKS_THE_ENGINE_RELU_ABS = '''
def relu_grad(x):
    leaf = torch.tensor(x, requires_grad=True)   # autograd itself, not a rule
    torch.relu(leaf).sum().backward()
    return leaf.grad.numpy()


def abs_grad(x):
    return engine_grad(torch.abs, x)
'''

WRONG = [
    {"answer": "q1_answer", "source": MAX_ALL_TO_FIRST_TIE, "question": "q1",
     "message": r"2 of 4 values differ; first at index \(0,\): got 1\.0, expected 0\.5"},
    {"answer": "q2_answer", "source": CLAMP_ZERO_AT_BOUNDS, "question": "q2",
     "message": r"2 of 5 values differ; first at index \(1,\): got 0\.0, expected 1\.0"},
    {"answer": "q3_answer", "source": RELU_ONE_AT_ZERO, "question": "q3",
     "message": r"^q3: relu_grad agrees with the engine on \[-1, 0, 1\]: 1 of 3 values differ; first at index \(1,\): got 1\.0, expected 0\.0"},
    {"answer": "q1_answer", "source": ASKS_THE_ENGINE.split("\n\n\n")[0], "question": "q1",
     "message": r"RuntimeError: Q1 to Q3 ask for the rule in plain NumPy"},
    {"answer": "q2_answer", "source": ASKS_THE_ENGINE.split("\n\n\n")[1], "question": "q2",
     "message": r"RuntimeError: Q1 to Q3 ask for the rule in plain NumPy"},
    {"answer": "q3_answer", "source": ASKS_THE_ENGINE_RELU_ABS, "question": "q3",
     "message": r"RuntimeError: Q1 to Q3 ask for the rule in plain NumPy"},
    {"answer": "q4_answer", "source": LOGSUMEXP_WITHOUT_MAX_SHIFT, "question": "q4",
     "message": r"item 0: 1 of 1 values differ; first at the value: got inf.*\| q4: very negative .*item 0: .*got -inf"},
]
