"""draw_graph: every node and edge of known graphs, data-flow direction, no overlapping boxes,
well-formed SVG, DOT, and collapsing of large graphs."""
import itertools
import xml.etree.ElementTree as ET

import pytest

import autograd_edu as torch
from oracle import seed_002
from autograd_edu.viz import draw_graph

SVG = "{http://www.w3.org/2000/svg}"


def titles(picture):
    return sorted(box.lines[0] for box in picture.model.boxes.values())


def edges(picture):
    """{(input's first line, op's first line, input position)}."""
    boxes = picture.model.boxes
    return sorted((boxes[e.source].lines[0], boxes[e.target].lines[0], e.index) for e in picture.model.edges)


def assert_laid_out(picture):
    rects = picture.layout.rects
    assert set(rects) == set(picture.model.boxes)
    for (k1, r1), (k2, r2) in itertools.combinations(rects.items(), 2):
        assert not r1.overlaps(r2), (k1, k2)
    for e in picture.model.edges:  # data flows down: every input is drawn above the op that used it
        assert rects[e.source].y + rects[e.source].h <= rects[e.target].y
    for r in rects.values():
        assert 0 <= r.x and r.x + r.w <= picture.layout.width and r.y + r.h <= picture.layout.height


def test_seed_002_chain():
    a, out = seed_002()
    picture = draw_graph(out, names={"a": a})
    assert titles(picture) == ["1.", "2.", "AddBackward0", "MulBackward0", "SinBackward0", "SumBackward0",
                               "a  [25]"]  # the constants 2 (in 2 * b) and 1 (in c + 1), drawn with their values
    # AddBackward0 -> ((MulBackward0,0),(None,0)) -> ((SinBackward0,0),(None,0)) -> ((AccumulateGrad,0),)  (C8)
    assert edges(picture) == [("1.", "AddBackward0", 1), ("2.", "MulBackward0", 1),
                              ("AddBackward0", "SumBackward0", 0), ("MulBackward0", "AddBackward0", 0),
                              ("SinBackward0", "MulBackward0", 0), ("a  [25]", "SinBackward0", 0)]
    assert_laid_out(picture)
    leaf = next(b for b in picture.model.boxes.values() if b.kind == "leaf")
    assert leaf.lines[1].startswith("value [0., 0.2618, 0.5236, ...") and leaf.lines[2] == "grad  None"


def test_leaf_shows_its_grad_after_backward_and_unnamed_leaves_are_numbered():
    a, out = seed_002()
    out.backward()
    (leaf,) = [b for b in draw_graph(out).model.boxes.values() if b.kind == "leaf"]
    assert leaf.lines[0] == "leaf 0  [25]"
    assert leaf.lines[2] == "grad  [2., 1.932, 1.732, ..., 1.732, 1.932, 2.]"  # 2 cos(a)
    hidden = [b for b in draw_graph(out, show_values=False, show_grads=False).model.boxes.values() if b.kind == "leaf"]
    assert hidden[0].lines == ["leaf 0  [25]"]


def test_blitz_q_next_functions_layout():
    a = torch.tensor([2., 3.], requires_grad=True)
    b = torch.tensor([6., 4.], requires_grad=True)
    q = 3 * a ** 3 - b ** 2
    picture = draw_graph(q, names={"a": a, "b": b, "Q": q})
    assert edges(picture) == [("3.", "MulBackward0", 1), ("MulBackward0", "Q = SubBackward0", 0),
                              ("PowBackward0", "MulBackward0", 0), ("PowBackward0", "Q = SubBackward0", 1),
                              ("a  [2]", "PowBackward0", 0), ("b  [2]", "PowBackward0", 0)]
    assert_laid_out(picture)


def test_constant_inputs_show_their_value_or_their_shape():
    x = torch.tensor([1., 2., 3.], requires_grad=True)
    out = (x * 0.5 + torch.ones(3)) / 4
    consts = sorted(b.lines for b in draw_graph(out).model.boxes.values() if b.kind == "const")
    # numbers are drawn as the number; a constant tensor (no grad) as its shape
    assert consts == [["0.5", "(constant: None)"], ["4.", "(constant: None)"], ["tensor [3]", "(constant: None)"]]
    scale = torch.tensor(2.)
    y = x * scale
    scale.add_(5)  # changed afterwards: the picture shows the value the op used
    assert [b.lines[0] for b in draw_graph(y).model.boxes.values() if b.kind == "const"] == ["2."]


def test_reused_node_has_two_edges():
    a = torch.tensor([1., 2.], requires_grad=True)
    b = a + a
    c = b * b
    picture = draw_graph(c, names={"a": a, "b": b})
    assert edges(picture) == [("a  [2]", "b = AddBackward0", 0), ("a  [2]", "b = AddBackward0", 1),
                              ("b = AddBackward0", "MulBackward0", 0), ("b = AddBackward0", "MulBackward0", 1)]
    assert len(picture.model.boxes) == 3


def test_wide_graph_has_no_overlaps():
    """A small MLP-like graph: several leaves, reuse, constants and long edges."""
    torch.manual_seed(0)
    x = torch.randn(4, 3)
    w1, b1 = torch.randn(3, 5, requires_grad=True), torch.zeros(5, requires_grad=True)
    w2 = torch.randn(5, 1, requires_grad=True)
    h = torch.relu(x @ w1 + b1)
    y = torch.tanh(h @ w2) * 2 + h.sum() * 0.1
    loss = ((y - 1) ** 2).mean() + 0.01 * (w1 ** 2).sum()
    picture = draw_graph(loss, names={"w1": w1, "b1": b1, "w2": w2})
    assert_laid_out(picture)
    kinds = [b.kind for b in picture.model.boxes.values()]
    assert kinds.count("leaf") == 3 and "more" not in kinds


def test_svg_is_well_formed_and_escaped():
    a = torch.tensor([1., 2.], requires_grad=True)
    out = (a * 2).sum()
    svg = draw_graph(out, names={"<a & b>": a})._repr_svg_()
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "<a & b>  [2]" in texts and "SumBackward0" in texts
    assert len([g for g in root.iter(SVG + "g") if "node" in g.get("class", "")]) == 4  # Sum, Mul, the constant, leaf
    assert len([p for p in root.iter(SVG + "path") if "edge" in p.get("class", "")]) == 3


def test_dot_text():
    a, out = seed_002()
    dot = draw_graph(out, names={"a": a}).to_dot()
    assert dot.startswith("digraph autograd {") and dot.endswith("}")
    assert 'label="SinBackward0\\n[25]"' in dot
    assert dot.count("->") == 6
    assert "n3 -> n2" in dot and "n4 -> n3" in dot


def test_leaf_without_graph_and_tensor_without_grad():
    a = torch.tensor([1., 2.], requires_grad=True)
    assert titles(draw_graph(a, names={"a": a})) == ["a  [2]"]
    assert titles(draw_graph(torch.ones(2))) == ["tensor (no graph)"]


def test_large_graph_collapses_and_says_so():
    x = torch.tensor(1., requires_grad=True)
    y = x
    for _ in range(200):
        y = y * 1.01
    picture = draw_graph(y, max_nodes=50)
    assert picture.model.total_nodes == 201 and picture.model.collapsed
    assert sum(b.kind == "op" for b in picture.model.boxes.values()) == 50
    more = picture.model.boxes["more"]
    assert more.lines[0] == "... 151 more nodes"
    assert repr(picture) == "<graph of 50 nodes, collapsed: 151 more not shown>"
    ET.fromstring(picture.to_svg())
    assert_laid_out(picture)


@pytest.mark.parametrize("n", [1, 7, 30])
def test_many_leaves_side_by_side(n):
    leaves = [torch.tensor(float(i), requires_grad=True) for i in range(n)]
    picture = draw_graph(torch.stack(leaves).sum())
    assert_laid_out(picture)
    assert len(picture.model.boxes) == n + 2  # the leaves, StackBackward0, SumBackward0
