"""Plausible wrong answers for solutions/06_higher_order.ipynb (see README.md)."""

SECOND_DERIVATIVE_NO_CREATE_GRAPH = '''
def second_derivative(f, x):
    x = torch.tensor(np.float64(x), requires_grad=True)
    (d1,) = torch.autograd.grad(f(x), x)  # create_graph forgotten: d1 is a plain number
    (d2,) = torch.autograd.grad(d1, x)
    return d2.item()
'''

HVP_GRAD_OF_GRAD_NO_CREATE_GRAPH = '''
def hvp(f, x, v):
    x = x.detach().requires_grad_(True)
    (g,) = torch.autograd.grad(f(x), x)  # the gradient of the gradient, but the first pass is not recorded
    (hv,) = torch.autograd.grad((g * v).sum(), x)
    return hv
'''

PENALTY_FROM_DOT_GRAD = '''
def penalty_grad(w, x):
    w = w.detach().requires_grad_(True)
    x = x.detach().requires_grad_(True)
    loss(w, x).backward()          # x.grad holds dL/dx, but as a value with no history
    p = (x.grad**2).sum()
    (dw,) = torch.autograd.grad(p, w)
    return dw
'''

NEWTON_WRONG_SIGN = '''
def newton_minimize(f, x0, steps):
    xs = [float(x0)]
    for _ in range(steps):
        x = torch.tensor(np.float64(xs[-1]), requires_grad=True)
        (d1,) = torch.autograd.grad(f(x), x, create_graph=True)
        (d2,) = torch.autograd.grad(d1, x)
        xs.append(xs[-1] + d1.item() / d2.item())  # + instead of -: walks uphill
    return xs
'''

WRONG = [
    {"answer": "q1_answer", "source": SECOND_DERIVATIVE_NO_CREATE_GRAPH, "question": "q1",
     "message": r"RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn"},
    {"answer": "q2_answer", "source": HVP_GRAD_OF_GRAD_NO_CREATE_GRAPH, "question": "q2",
     "message": r"RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn"},
    {"answer": "q3_answer", "source": PENALTY_FROM_DOT_GRAD, "question": "q3",
     "message": r"RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn"},
    {"answer": "q4_answer", "source": NEWTON_WRONG_SIGN, "question": "q4",
     "message": r"1 of 1 values differ; first at the value: got \d[\d.e+]*, expected 0\.0"},
]
