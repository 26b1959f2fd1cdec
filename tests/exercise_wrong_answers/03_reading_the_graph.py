"""Plausible wrong answers for solutions/03_reading_the_graph.ipynb (see README.md)."""

WRONG = [
    {
        "answer": "q1_answer",
        # reads the expression left to right: `*` is written first, so it is named first
        "source": 'answer_q1 = ["MeanBackward0", "TanhBackward0", "MulBackward0", "AddBackward0", "AccumulateGrad"]',
        "question": "q1",
        "message": r"got 'MulBackward0'",
    },
    {
        "answer": "q2_answer",
        "source": (
            "def walk(t):\n"
            "    names, node = [], t.grad_fn\n"
            "    while node is not None:\n"
            "        names.append(type(node).__name__)\n"
            "        node = node.next_functions[0][0]     # AccumulateGrad has no inputs\n"
            "    return names\n"
        ),
        "question": "q2",
        "message": r"IndexError: tuple index out of range",
    },
    {
        "answer": "q2_answer",
        "source": (
            "def walk(t):\n"
            "    names, node = [], t.grad_fn\n"
            "    while node.next_functions:                # assumes a grad_fn, and a node at every step\n"
            "        names.append(type(node).__name__)\n"
            "        node = node.next_functions[0][0]\n"
            "    names.append(type(node).__name__)\n"
            "    return names\n"
        ),
        "question": "q2",
        "message": r"AttributeError: 'NoneType' object has no attribute 'next_functions'",
    },
    {
        "answer": "q3_answer",
        "source": (
            "x_np, w_np, b_np = np.array([0.5, -1.0, 2.0]), 1.5, 0.25\n"
            "z_np = w_np * x_np + b_np\n"
            "answer_q3_z = 1 - np.tanh(z_np) ** 2              # forgot the 1/3 of the mean\n"
            "answer_q3_w = float(np.sum(answer_q3_z * x_np))\n"
        ),
        "question": "q3",
        "message": r"3 of 3 values differ",
    },
    {
        "answer": "q4_answer",
        "source": (
            "def grad_into_z(x, w, b):\n"
            "    xt = torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)\n"
            "    wt = torch.tensor(float(w), dtype=torch.float64, requires_grad=True)\n"
            "    bt = torch.tensor(float(b), dtype=torch.float64, requires_grad=True)\n"
            "    z = wt * xt + bt                             # no retain_grad(): z.grad stays None\n"
            "    z.tanh().mean().backward()\n"
            "    return z.grad, wt.grad.item()\n"
        ),
        "question": "q4",
        "message": r"got NoneType None",
    },
]

RIGHT = [
    {"answer": "q1_answer",
     "source": 'answer_q1 = ("MeanBackward0", "TanhBackward0", "AddBackward0", "MulBackward0", "AccumulateGrad")  # a tuple'},
    {"answer": "q3_answer",
     "source": "answer_q3_z = [0.1400, 0.0935, 0.0020]   # four decimal places, as the question asks\nanswer_q3_w = -0.0195"},
]
