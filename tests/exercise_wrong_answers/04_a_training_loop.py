"""Plausible wrong answers for solutions/04_a_training_loop.ipynb (see README.md)."""

_HEAD = (
    "def train(model, X, y, lr=None, steps=None):\n"
    "    lr = LEARNING_RATE if lr is None else lr\n"
    "    steps = STEPS if steps is None else steps\n"
    "    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
    "    loss_fn = torch.nn.CrossEntropyLoss()\n"
    "    losses = []\n"
)


def _train(defaults, loop):
    return "# Your defaults: set LEARNING_RATE and STEPS.\n" + defaults + "\n\n" + _HEAD + loop + "    return losses\n"


_GOOD_LOOP = (
    "    for step in range(steps):\n"
    "        optimizer.zero_grad()\n"
    "        loss = loss_fn(model(X), y)\n"
    "        loss.backward()\n"
    "        optimizer.step()\n"
    "        losses.append(loss.item())\n"
)

WRONG = [
    {
        "answer": "q1_answer",
        "source": (
            "answer_q1_grad = 4.0              # thinks the second backward() replaced the first\n"
            "answer_q1_w = 1.0 - 0.1 * 4.0\n"
        ),
        "question": "q1",
        "message": r"values differ; first at the value: got 4\.0",
    },
    {
        "answer": "q2_answer",
        "source": (
            "def make_model(seed):\n"
            "    torch.manual_seed(seed)\n"
            "    return torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))  # ReLU, not Tanh\n"
        ),
        "question": "q2",
        "message": r"values differ; first at index \(0, 0\)",
    },
    {
        "answer": "q3_answer",
        "source": (
            "def accuracy(model, X, y):\n"
            "    with torch.no_grad():\n"
            "        predicted = model(X).argmax(dim=0)      # the best point per class, not the best class per point\n"
            "    return (predicted == y).float().mean().item()\n"
        ),
        "question": "q3",
        "message": r"RuntimeError: The size of tensor a \(2\) must match the size of tensor b \(200\)",
    },
    {
        "answer": "q3_answer",
        "source": (
            "def accuracy(model, X, y):\n"
            "    with torch.no_grad():\n"
            "        predicted = model(X).argmax(dim=1)\n"
            "    return (predicted == y).float().mean()      # a 0-d tensor, not a Python float\n"
        ),
        "question": "q3",
        "message": r"expected a Python float or NumPy float, got Tensor",
    },
    {
        "answer": "q4_answer",
        "source": _train("LEARNING_RATE, STEPS = 1.0, 300", (
            "    for step in range(steps):\n"
            "        loss = loss_fn(model(X), y)      # no zero_grad(): every step adds to the old gradients\n"
            "        loss.backward()\n"
            "        optimizer.step()\n"
            "        losses.append(loss.item())\n"
        )),
        "question": "q4",
        "message": r"values differ; first at index \(2,\)",
    },
    {
        "answer": "q4_answer",
        "source": _train("LEARNING_RATE, STEPS = 100.0, 300   # far too large", _GOOD_LOOP),
        "question": "q4",
        "message": r"the last loss, [\d.e+]+, is not below 0\.25 times the first",
    },
    {
        "answer": "q4_answer",
        "source": _train("LEARNING_RATE, STEPS = 1.0, 300", (
            "    for step in range(steps):\n"
            "        optimizer.zero_grad()\n"
            "        loss = loss_fn(model(X), y)\n"
            "        optimizer.step()\n"
            "        losses.append(loss.item())\n"
            "    loss.backward()                      # backward once, after the loop: no step ever sees a gradient\n"
        )),
        "question": "q4",
        "message": r"19 of 20 values differ; first at index \(1,\)",
    },
]

RIGHT = [
    {"answer": "q1_answer", "source": "answer_q1_grad = 8\nanswer_q1_w = 0.2   # rounded to two decimal places"},
    {"answer": "q3_answer", "source": (
        "def accuracy(model, X, y):\n"
        "    model.eval()                                  # a Module has eval(); it changes nothing here\n"
        "    with torch.no_grad():\n"
        "        predicted = model(X).argmax(dim=1)\n"
        "    return np.mean(predicted.numpy() == y.numpy())   # a NumPy float64\n"
    )},
]
