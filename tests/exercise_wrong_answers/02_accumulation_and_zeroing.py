"""Plausible wrong answers for solutions/02_accumulation_and_zeroing.ipynb (see README.md)."""

_TRAIN_HEAD = (
    "def train(X, y, lr=0.1, steps=100):\n"
    "    Xt, yt = torch.tensor(X), torch.tensor(y)\n"
    "    w = torch.zeros(X.shape[1], dtype=torch.float64, requires_grad=True)\n"
    "    losses = []\n"
    "    for step in range(steps):\n"
    "        loss = ((Xt @ w - yt) ** 2).mean()\n"
)
_TRAIN_TAIL = (
    "        losses.append(loss.item())\n"
    "    return w.detach().numpy(), losses\n"
)



def _pieces(backward_line):
    """grad_in_pieces with its backward line (what each chunk's loss is divided by) given."""
    return (
        "def grad_in_pieces(w, X, y, pieces):\n"
        "    leaf = torch.tensor(np.asarray(w, dtype=np.float64), requires_grad=True)\n"
        "    for rows in np.array_split(np.arange(len(y)), pieces):\n"
        "        residual = torch.tensor(X[rows]) @ leaf - torch.tensor(y[rows])\n"
        + backward_line +
        "    return leaf.grad.numpy()\n"
    )


WRONG = [
    {
        "answer": "q1_answer",
        "source": "answer_q1 = 9.0   # thinks each backward() overwrites .grad",
        "question": "q1",
        "message": r"values differ; first at the value: got 9\.0",
    },
    {
        "answer": "q2_answer",
        "source": (
            "answer_q2a = [2.0, -4.0]\n"
            "answer_q2b = [3.0, 3.0]     # the second backward replaces the first instead of adding\n"
            "answer_q2c = [3.0, 12.0]\n"
        ),
        "question": "q2",
        "message": r"2 of 2 values differ; first at index \(0,\): got 3\.0",
    },
    {
        "answer": "q3_answer",
        "source": _pieces(
            "        (residual ** 2).mean().backward()     # each piece's own mean: sums `pieces` means\n"
        ),
        "question": "q3",
        "message": r"2 of 2 values differ",
    },
    {
        "answer": "q3_answer",
        "source": _pieces(
            "        ((residual ** 2).mean() / pieces).backward()   # right only when the chunks are equal\n"
        ),
        "question": "q3",
        "message": r"values differ; first at index \(0,\)",
    },
    {
        "answer": "q4_answer",
        "source": _TRAIN_HEAD + (
            "        loss.backward()\n"
            "        w -= lr * w.grad            # zeroing added, but the update is still recorded\n"
            "        w.grad.zero_()\n"
        ) + _TRAIN_TAIL,
        "question": "q4",
        "message": r"RuntimeError: a leaf Variable that requires grad is being used in an in-place operation",
    },
    {
        "answer": "q4_answer",
        "source": _TRAIN_HEAD + (
            "        loss.backward()\n"
            "        with torch.no_grad():\n"
            "            w -= lr * w.grad        # legal now, but the gradients still pile up\n"
        ) + _TRAIN_TAIL,
        "question": "q4",
        "message": r"the loss goes up at step \d+, from [\d.]+ to [\d.]+",
    },
    {
        "answer": "q4_answer",
        "source": _TRAIN_HEAD + (
            "        loss.backward()\n"
            "        w.grad.zero_()              # zeroed after backward, before the step: w never moves\n"
            "        with torch.no_grad():\n"
            "            w -= lr * w.grad\n"
        ) + _TRAIN_TAIL,
        "question": "q4",
        "message": r"99 of 100 values differ; first at index \(1,\)",
    },
]

RIGHT = [
    {"answer": "q1_answer", "source": "answer_q1 = 27   # an integer"},
    {"answer": "q2_answer", "source": "answer_q2a = (2, -4)\nanswer_q2b = [5, -1.0]\nanswer_q2c = np.array([3.0, 12.0])"},
    {"answer": "q4_answer", "source": _TRAIN_HEAD + (
        "        w.grad = None               # cleared before backward() (it is None at the first step)\n"
        "        loss.backward()\n"
        "        with torch.no_grad():\n"
        "            w -= lr * w.grad\n"
    ) + _TRAIN_TAIL},
]
