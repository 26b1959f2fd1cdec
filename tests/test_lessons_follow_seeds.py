"""Each source tutorial's steps appear in its lesson, in order, with the output PyTorch prints
(quoted in shared/seeds/INDEX.md and measured on PyTorch 2.13): searched in the stored outputs
that nbval keeps honest."""
from pathlib import Path

import nbformat
import pytest

LESSONS = Path(__file__).resolve().parents[1] / "lessons"
ONES_3x3 = lambda v: f"tensor([[{v}, {v}, {v}],\n        [{v}, {v}, {v}],\n        [{v}, {v}, {v}]])"  # noqa: E731
ONES_2x2 = lambda v: f"tensor([[{v}, {v}],\n        [{v}, {v}]])"  # noqa: E731
COS_4x5 = "tensor([[0.5403, 0.5403, 0.5403, 0.5403, 0.5403],\n" + "\n".join(
    ["        [0.5403, 0.5403, 0.5403, 0.5403, 0.5403],"] * 2) + "\n        [0.5403, 0.5403, 0.5403, 0.5403, 0.5403]])"

SEED_STEPS = {
    "01_backward_basics.ipynb": [  # seed 000
        "False\nTrue",
        "None",
        ONES_3x3("-0.3333"),
        "tensor([4., 4., 4.], grad_fn=<MulBackward0>)",
        "RuntimeError: grad can be implicitly created only for scalar outputs",
        "tensor([4.0000e-01, 4.0000e+00, 4.0000e-04])",
        # T2.2 of "A Gentle Introduction to torch.autograd" (tutorial_checklist.md, measured on 2.13)
        "tensor([-12.,  65.], grad_fn=<SubBackward0>)",
        "tensor([True, True])\ntensor([True, True])",
        "True\nFalse",
    ],
    "02_grad_fn_and_accumulation.ipynb": [  # seed 001
        "tensor(4., grad_fn=<SumBackward0>)",
        "<SumBackward0 object at 0x",
        ONES_2x2("1."), ONES_2x2("2."), ONES_2x2("3."), ONES_2x2("0."), ONES_2x2("1."),
        COS_4x5, COS_4x5,
    ],
    "03_fundamentals_of_autograd.ipynb": [  # seed 002
        "tensor([0.0000, 0.2618, 0.5236, 0.7854, 1.0472, 1.3090, 1.5708, 1.8326, 2.0944,",
        "       requires_grad=True)",
        "grad_fn=<SinBackward0>",
        "grad_fn=<MulBackward0>",
        "grad_fn=<AddBackward0>",
        "tensor(25., grad_fn=<SumBackward0>)",
        "<AddBackward0 object at 0x",
        "((<MulBackward0 object at 0x",
        "((<SinBackward0 object at 0x",
        "((<AccumulateGrad object at 0x",
        "()\n",
        "None",
        "tensor([ 2.0000e+00,  1.9319e+00,  1.7321e+00,",
    ],
    "06_backward_vs_autograd_grad.ipynb": [  # seed 003
        "tensor([11.], grad_fn=<AddBackward0>)",
        "(tensor([7.]),)",
    ],
    "07_special_functions.ipynb": [  # seed 004
        "(tensor([2., 2., 2.]), tensor([4., 4., 4.]))",
        "tensor(4., grad_fn=<MaxBackward1>)",
        "tensor([0.0000, 0.0000, 0.0000, 0.5000, 0.5000, 0.0000])",
        "tensor([1.5000, 2.0000, 3.0000, 4.0000, 5.0000, 5.5000, 5.5000],\n       grad_fn=<ClampBackward1>)",
        "tensor([0., 1., 1., 1., 1., 0., 0.])",
    ],
}


def stored_output_text(path):
    parts = []
    for cell in nbformat.read(path, as_version=4).cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                parts.append(out.text)
            elif out.output_type == "error":
                parts.append(f"{out.ename}: {out.evalue}\n")
            elif "text/plain" in out.get("data", {}):
                parts.append(out.data["text/plain"] + "\n")
    return "".join(parts)


@pytest.mark.parametrize("lesson", sorted(SEED_STEPS))
def test_seed_steps_appear_in_order(lesson):
    path = LESSONS / lesson
    assert path.exists(), f"lesson {lesson} is missing"
    text = stored_output_text(path)
    position = 0
    for step in SEED_STEPS[lesson]:
        found = text.find(step, position)
        assert found >= 0, f"{lesson}: after position {position}, the step output {step!r} is missing"
        position = found + len(step)
