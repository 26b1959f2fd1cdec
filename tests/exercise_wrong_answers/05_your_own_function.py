"""Plausible wrong answers for solutions/05_your_own_function.ipynb (see README.md)."""

SOFTPLUS_SIGN_ERROR = '''
class Softplus(Function):
    """y = log(1 + e^x), elementwise"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.log(1 + torch.exp(x))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * torch.sigmoid(-x)  # sign error: e^x / (1 + e^x) is sigmoid(x)
'''

SMOOTH_ABS_NO_NONE_FOR_EPS = '''
class SmoothAbs(Function):
    """y = sqrt(x**2 + eps**2), elementwise; eps is a Python number"""

    @staticmethod
    def forward(ctx, x, eps):
        y = torch.sqrt(x * x + eps * eps)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        x, y = ctx.saved_tensors
        return grad_output * x / y  # one gradient for two arguments of forward: None for eps is missing
'''

SWISH_NO_PRODUCT_RULE = '''
class Swish(Function):
    """y = x * sigmoid(x), elementwise"""

    @staticmethod
    def forward(ctx, x):
        s = torch.sigmoid(x)
        ctx.save_for_backward(x, s)
        return x * s

    @staticmethod
    def backward(ctx, grad_output):
        x, s = ctx.saved_tensors
        return grad_output * s  # treats sigmoid(x) as a constant: the x * sigmoid'(x) term is missing
'''

SWISH_BETA_GRAD_SUMMED_TO_SCALAR = '''
class SwishBeta(Function):
    """y = x * sigmoid(beta * x); beta broadcasts against x"""

    @staticmethod
    def forward(ctx, x, beta):
        s = torch.sigmoid(beta * x)
        ctx.save_for_backward(x, beta, s)
        return x * s

    @staticmethod
    def backward(ctx, grad_output):
        x, beta, s = ctx.saved_tensors
        ds = s * (1 - s)
        # "beta is one number, so sum everything": right for a single beta, wrong for one per column
        return grad_output * (s + beta * x * ds), (grad_output * x * x * ds).sum()
'''

WRONG = [
    {"answer": "q1_answer", "source": SOFTPLUS_SIGN_ERROR, "question": "q1",
     "message": r"GradcheckError: Jacobian mismatch"},
    {"answer": "q2_answer", "source": SMOOTH_ABS_NO_NONE_FOR_EPS, "question": "q2",
     "message": r"returned an incorrect number of gradients \(expected 2, got 1\)"},
    {"answer": "q3_answer", "source": SWISH_NO_PRODUCT_RULE, "question": "q3",
     "message": r"(?s)GradcheckError: Jacobian mismatch.*\| q3: forward .*: 4 of 10 values differ"},
    {"answer": "q4_answer", "source": SWISH_BETA_GRAD_SUMMED_TO_SCALAR, "question": "q4",
     "message": r"invalid gradient at index 1 - got \[\] but expected shape compatible with \[4\]"},
]
