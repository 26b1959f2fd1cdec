"""BackpropStepper driven from Python: hand-computed traces, Back/Reset, no side effects, text."""
import re

import numpy as np
import pytest

import autograd_edu as torch
from oracle import seed_002
from autograd_edu.viz import BackpropStepper


def reused():
    a = torch.tensor([1., 2.], requires_grad=True)
    b = a + a
    c = b * b
    return a, b, c.sum()


def state(stepper):
    """What a student sees, as data: the current node, the text panel, the graph, the leaf grads."""
    grads = {k: None if g is None else g.tolist() for k, g in stepper.leaf_grads().items()}
    return stepper.current_node(), stepper.details.value, stepper.graph_view.value, grads


def test_seed_002_step_by_step_matches_hand_computation():
    a, out = seed_002()
    stepper = BackpropStepper(out, names={"a": a})
    ones, x = np.ones(25), a.detach().numpy().astype(np.float64)
    # out = sum(2 sin a + 1): d out/dd = 1, dd/dc = 1, dc/db = 2, db/da = cos a
    expected = [("SumBackward0", 1.0, [ones]),
                ("AddBackward0", ones, [ones, None]),
                ("MulBackward0", ones, [2 * ones, None]),
                ("SinBackward0", 2 * ones, [2 * np.cos(x)]),
                ("torch::autograd::AccumulateGrad", 2 * np.cos(x), [])]
    assert len(stepper.trace) == len(expected)
    for position, (name, grad_in, sends) in enumerate(expected, start=1):
        stepper.step_button.click()
        record = stepper.trace.records[position - 1]
        assert stepper.position == position and stepper.current_node().name() == name
        np.testing.assert_allclose(record.grad_in, grad_in, rtol=1e-6, atol=1e-6)
        assert len(record.sends) == len(sends)
        for (child, k, sent), want in zip(record.sends, sends):
            if want is None:
                assert child is None and sent is None  # the constant: (None, 0) in next_functions
            else:
                np.testing.assert_allclose(sent, want, rtol=1e-6, atol=1e-6)
        assert f'data-node="{name}"' in stepper.details.value
        a_grad = stepper.leaf_grads()["a"]
        assert (a_grad is None) == (position < 5)
    np.testing.assert_allclose(stepper.leaf_grads()["a"], 2 * np.cos(x), atol=1e-6)
    assert "SinBackward0" in stepper.details.value or "AccumulateGrad" in stepper.details.value
    assert stepper.step_button.disabled
    assert a.grad is None  # never touched without apply=True
    out.backward()  # the graph is still there, and the stepper's end is what backward() gives
    np.testing.assert_array_equal(stepper.leaf_grads()["a"], a.grad.numpy())


def test_reused_node_accumulates_from_two_paths():
    a, b, out = reused()
    stepper = BackpropStepper(out, names={"a": a, "b": b})
    stepper.go(len(stepper.trace))
    records = stepper.trace.records
    assert [r.node.name() for r in records] == ["SumBackward0", "MulBackward0", "AddBackward0",
                                                "torch::autograd::AccumulateGrad"]
    # c = b*b sends g*b = [2, 4] along both of its edges to b's node...
    assert [s[2].tolist() for s in records[1].sends] == [[2., 4.], [2., 4.]]
    assert [g.tolist() for _, g in records[2].arrived] == [[2., 4.], [2., 4.]]
    assert records[2].grad_in.tolist() == [4., 8.]
    # ...and b = a + a sends [4, 8] twice to a: a.grad = 8a
    assert [g.tolist() for _, g in records[3].arrived] == [[4., 8.], [4., 8.]]
    assert stepper.leaf_grads() == {"a": pytest.approx([8., 16.])}
    stepper.go(3)
    assert "[2., 4.] + [2., 4.] = [4., 8.] (summed from 2 paths)" in stepper.details.value


def test_back_and_reset_restore_the_state():
    a, b, out = reused()
    stepper = BackpropStepper(out)
    states = [state(stepper)]
    for _ in range(len(stepper.trace)):
        stepper.step_button.click()
        states.append(state(stepper))
    assert len({s[1] for s in states}) == len(states)  # every step shows something new
    for position in reversed(range(len(states) - 1)):
        stepper.back_button.click()
        assert state(stepper) == states[position]
    assert stepper.back_button.disabled
    stepper.slider.value = 3
    assert state(stepper) == states[3]
    stepper.reset_button.click()
    assert stepper.position == 0 and state(stepper) == states[0]
    assert a.grad is None


def test_highlighted_node_in_the_graph():
    a, out = seed_002()
    stepper = BackpropStepper(out, names={"a": a})
    assert 'class="node op current"' not in stepper.graph_view.value
    stepper.go(4)
    key = stepper._picture().model.key_of[stepper.current_node()]
    assert f'class="node op current" data-key="{key}"' in stepper.graph_view.value
    assert stepper.graph_view.value.count(" done\"") == 3  # Sum, Add, Mul already ran
    assert stepper.graph_view.value.count('class="edge hot"') == 1  # Sin sends along one edge


def test_existing_grad_accumulates_and_apply_writes_it():
    a, b, out = reused()
    a.grad = torch.tensor([1., 1.])
    stepper = BackpropStepper(out, apply=True)
    assert stepper.leaf_grads()["leaf 0"].tolist() == [1., 1.]
    stepper.go(3)
    assert a.grad.tolist() == [1., 1.]  # not yet: only at the last step
    stepper.go(4)
    assert a.grad.tolist() == [9., 17.]  # 1 + 8a, as backward() would accumulate
    stepper.go(0)
    stepper.go(4)
    assert a.grad.tolist() == [9., 17.]  # applied once


def test_inputs_restrict_the_leaves_followed_and_intermediate_grads_stay_untouched():
    x = torch.tensor([1., 2.], requires_grad=True)
    w = torch.tensor([3., 4.], requires_grad=True)
    y = x * w
    y.retain_grad()
    stepper = BackpropStepper(y.sum(), inputs=[w], names={"x": x, "w": w})
    stepper.go(len(stepper.trace))
    assert list(stepper.leaf_grads()) == ["w"] and stepper.leaf_grads()["w"].tolist() == [1., 2.]
    assert x.grad is None and w.grad is None and y.grad is None
    assert "x is not in inputs" in repr(stepper)
    with pytest.raises(ValueError):
        BackpropStepper(y.sum(), inputs=[y])


def test_non_scalar_output_with_gradient():
    x = torch.tensor([1., 2.], requires_grad=True)
    stepper = BackpropStepper(x * x, gradient=torch.tensor([1., 10.]))
    stepper.go(len(stepper.trace))
    assert stepper.leaf_grads()["leaf 0"].tolist() == [2., 40.]


def test_text_trace_is_readable_and_deterministic():
    a, out = seed_002()
    text = repr(BackpropStepper(out, names={"a": a}))
    a2, out2 = seed_002()
    assert repr(BackpropStepper(out2, names={"a": a2})) == text  # nothing random, no addresses
    assert not re.search(r"0x[0-9a-f]+|model_id", text)
    lines = text.splitlines()
    assert lines[0] == "BackpropStepper at step 0 of 5 (a widget: run it in JupyterLab to click through it)"
    (sin_line,) = [line for line in lines if line.startswith("step 4  SinBackward0:  out = sin x;")]
    assert "dL/dx = grad_out * cos x" in sin_line  # the rule, read from the op's docstring, in neutral names
    # the lesson's own a and b never appear in a rule; alpha is replaced by its value (1 here)
    assert "step 2  AddBackward0:  out = x + y; dL/dx = grad_out, dL/dy = grad_out" in lines
    assert "    input 1 is the constant 2. (None): nothing to send" in lines
    assert "    sends to input 0, AccumulateGrad (a): [2., 1.932, 1.732, ..., 1.732, 1.932, 2.]" in lines
    assert lines[-1] == "After the last step (what backward() gives): a.grad = [2., 1.932, 1.732, ..., 1.732, 1.932, 2.]"
    bundle = BackpropStepper(out, names={"a": a})._repr_mimebundle_()
    assert bundle["text/plain"].startswith("BackpropStepper at step 0 of 5")


def test_tensor_without_graph_is_refused_with_a_hint():
    with pytest.raises(RuntimeError, match="requires_grad=True"):
        BackpropStepper(torch.ones(2).sum())


def test_every_op_rule_is_written_in_neutral_names():
    """The rules name inputs x, y, the output out and the arriving gradient grad_out, never the
    letters a, b or g that lessons use for their own tensors (English "a" stays: "a copy of x")."""
    from autograd_edu.autograd.function import Function
    from autograd_edu.viz.formatting import derivative_rule

    def ops(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from ops(sub)

    builtin = [op for op in ops(Function) if op.__module__.startswith("autograd_edu.ops")]
    assert len(builtin) > 40
    for op in builtin:
        rule = derivative_rule(op._node.__new__(op._node))
        assert not re.search(r"(?<![\w`])(b|g)(?![\w`])|dL/d[ab]\b|(?<![\w`])a (?=[-+*/=])", rule), (op, rule)
    x, y = torch.ones(2, requires_grad=True), torch.ones(2, requires_grad=True)
    assert derivative_rule(torch.sub(x, y, alpha=2).grad_fn) == "out = x - 2 * y; dL/dx = grad_out, dL/dy = -2 * grad_out"
    assert derivative_rule(torch.tensor(1., requires_grad=True)._gradient_edge()) == "leaf.grad += grad_out"
