"""Turn a laid-out graph into SVG (shown inline by Jupyter) or DOT text (for Graphviz users)."""
from xml.sax.saxutils import escape, quoteattr

from .layout import LINE_HEIGHT, PAD
from .style import COLORS

_FILL = {"op": COLORS["op"], "leaf": COLORS["leaf"], "const": COLORS["const"], "more": COLORS["const"]}
_STATE_FILL = {"current": COLORS["current"], "done": COLORS["done"]}


def to_svg(model, place, states=None, hot_edges=()):
    """SVG text. `states`: {key: "current" | "done"} colours nodes; `hot_edges`: edges drawn highlighted."""
    states = states or {}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" xml:space="preserve" width="{place.width:.0f}" height="{place.height:.0f}" '
             f'viewBox="0 0 {place.width:.0f} {place.height:.0f}" font-family="DejaVu Sans Mono, Menlo, Consolas, '
             f'monospace" font-size="13">',
             '<defs>', _marker("arrow", COLORS["line"]), _marker("arrow-hot", COLORS["current_edge"]), '</defs>',
             '<rect width="100%" height="100%" fill="white"/>']
    for edge in model.edges:
        parts.append(_edge_svg(model, place, edge, edge in hot_edges))
    for key, box in model.boxes.items():
        parts.append(_box_svg(box, place.rects[key], states.get(key)))
    parts.append("</svg>")
    return "\n".join(parts)


def _marker(name, color):
    return (f'<marker id="{name}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" markerHeight="10" '
            f'markerUnits="userSpaceOnUse" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>')


def _edge_svg(model, place, edge, hot):
    src, dst = place.rects[edge.source], place.rects[edge.target]
    n_inputs = len(model.inputs_of(edge.target))
    x1, y1 = src.x + src.w / 2, src.y + src.h
    x2, y2 = dst.x + dst.w * (edge.index + 1) / (n_inputs + 1), dst.y
    bend = max(20.0, (y2 - y1) / 2)
    color, marker, width = ((COLORS["current_edge"], "arrow-hot", 3.5) if hot else (COLORS["line"], "arrow", 1.5))
    svg = (f'<path class="edge{" hot" if hot else ""}" d="M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + bend:.1f} '
           f'{x2:.1f},{y2 - bend:.1f} {x2:.1f},{y2:.1f}" fill="none" stroke="{color}" stroke-width="{width}" '
           f'marker-end="url(#{marker})"/>')
    if n_inputs > 1:  # which input of the op this is: the position in next_functions
        svg += f'\n<text x="{x2 + 4:.1f}" y="{y2 - 6:.1f}" font-size="11" fill="#666">{edge.index}</text>'
    return svg


def _box_svg(box, rect, state):
    fill = _STATE_FILL.get(state, _FILL[box.kind])
    dash = ' stroke-dasharray="5,3"' if box.kind in ("const", "more") else ""
    stroke = 3 if state == "current" else 1.5
    parts = [f'<g class="node {box.kind}{" " + state if state else ""}" data-key={quoteattr(box.key)}>',
             f'<rect x="{rect.x:.1f}" y="{rect.y:.1f}" width="{rect.w:.1f}" height="{rect.h:.1f}" rx="6" '
             f'fill="{fill}" stroke="{COLORS["line"]}" stroke-width="{stroke}"{dash}/>']
    for i, line in enumerate(box.lines):
        weight = ' font-weight="bold"' if i == 0 else ""
        parts.append(f'<text x="{rect.x + PAD:.1f}" y="{rect.y + PAD + (i + 0.78) * LINE_HEIGHT:.1f}"{weight}>'
                     f'{escape(line)}</text>')
    parts.append("</g>")
    return "\n".join(parts)


def to_dot(model):
    """Graphviz DOT text for the same graph (render it with `dot -Tsvg` if you have Graphviz)."""
    lines = ["digraph autograd {", '  node [shape=box, style="rounded,filled", fontname="monospace"];']
    for key, box in model.boxes.items():
        label = "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"') for line in box.lines)
        style = ', style="rounded,filled,dashed"' if box.kind in ("const", "more") else ""
        lines.append(f'  {key.replace(".", "_")} [label="{label}", fillcolor="{_FILL[box.kind]}"{style}];')
    for e in model.edges:
        lines.append(f'  {e.source.replace(".", "_")} -> {e.target.replace(".", "_")} [label="{e.index}"];')
    lines.append("}")
    return "\n".join(lines)
