"""Plausible wrong answers for solutions/01_derivatives_with_backward.ipynb (see README.md)."""

WRONG = [
    {
        "answer": "q1_answer",
        "source": "answer_q1 = [4.0, 12.0, 20.0]   # the gradient of the sum: forgot the 1/3 of the mean",
        "question": "q1",
        "message": r"3 of 3 values differ",
    },
    {
        "answer": "q1_answer",
        "source": "answer_q1 = [2 / 3, 2.0, 10 / 3]   # forgot the inner factor 2 of the chain rule",
        "question": "q1",
        "message": r"values differ; first at index \(0,\)",
    },
    {
        "answer": "q2_answer",
        "source": (
            "def grad_with_backward(f, x):\n"
            "    leaf = torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)\n"
            "    f(leaf.data).backward()          # .data has no history: the graph is lost\n"
            "    return leaf.grad.numpy()\n"
        ),
        "question": "q2",
        "message": r"does not require grad and does not have a grad_fn",
    },
    {
        "answer": "q2_answer",
        "source": (
            "def grad_with_backward(f, x):\n"
            "    leaf = torch.tensor(x, requires_grad=True)     # fine for floats, refused for integers\n"
            "    f(leaf).backward()\n"
            "    return leaf.grad.numpy()\n"
        ),
        "question": "q2",
        "message": r"Only Tensors of floating point and complex dtype can require gradients",
    },
    {
        "answer": "q3_answer",
        "source": "answer_q3 = [4.0, 5.0, 2.0]   # a sign error: dropped the minus of v = (2, -1)",
        "question": "q3",
        "message": r"2 of 3 values differ",
    },
    {
        "answer": "q4_answer",
        "source": (
            "def vjp(h, x, v):\n"
            "    leaf = torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)\n"
            "    h(leaf).backward(torch.ones_like(leaf))   # v shaped like x instead of like h(x)\n"
            "    return leaf.grad.numpy()\n"
        ),
        "question": "q4",
        "message": r"Mismatch in shape: grad_output\[0\] has a shape of torch\.Size\(\[3\]\)",
    },
]

RIGHT = [
    {"answer": "q1_answer", "source": "answer_q1 = [1.33, 4, 6.67]   # rounded to two decimal places, as the question allows"},
    {"answer": "q3_answer", "source": "answer_q3 = (4, -1, -2)       # integers, in a tuple"},
    {"answer": "q2_answer", "source": (
        "def grad_with_backward(f, x):\n"
        "    leaf = torch.tensor(x, dtype=torch.float64, requires_grad=True)   # dtype= converts integers too\n"
        "    f(leaf).backward()\n"
        "    return leaf.grad.numpy()\n"
    )},
]
