"""A small layered layout: inputs on top, the output at the bottom, no two boxes overlapping.

1. Layer = the longest path from the output (so every edge points down).
2. Order each row by the mean position of the boxes it connects to (a few barycenter sweeps).
3. Place boxes left to right at their neighbours' mean x, never closer than `GAP` (so no overlap).
"""
from dataclasses import dataclass

CHAR_WIDTH = 7.8  # px per character of the 13 px monospace font used in the SVG
LINE_HEIGHT = 18
PAD = 8
GAP = 24  # horizontal space between boxes
ROW_GAP = 46  # vertical space between rows (room for the arrows)
MARGIN = 16


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other):
        return (self.x < other.x + other.w and other.x < self.x + self.w
                and self.y < other.y + other.h and other.y < self.y + self.h)


@dataclass
class Layout:
    rects: dict  # key -> Rect
    width: float
    height: float


def box_size(box):
    return (max(len(line) for line in box.lines) * CHAR_WIDTH + 2 * PAD,
            len(box.lines) * LINE_HEIGHT + 2 * PAD)


def layout(model, sizes=None):
    """Positions for every box of `model` (`sizes`: {key: (w, h)} to override the text-based size)."""
    sizes = {key: (sizes or {}).get(key) or box_size(box) for key, box in model.boxes.items()}
    depth = _depths(model)
    bottom = max(depth.values())
    rows = [[] for _ in range(bottom + 1)]
    for key in model.boxes:  # discovery order: a deterministic start
        rows[bottom - depth[key]].append(key)
    consumers, inputs = {k: [] for k in model.boxes}, {k: [] for k in model.boxes}
    for e in model.edges:
        consumers[e.source].append(e.target)
        inputs[e.target].append(e.source)
    x = _pack(rows, sizes)
    for _ in range(3):
        for row in reversed(rows[:-1]):  # upwards: follow the consumers below
            _place(row, consumers, x, sizes)
        for row in rows[1:]:  # downwards: follow the inputs above
            _place(row, inputs, x, sizes)
    shift = MARGIN - min(x[k] - sizes[k][0] / 2 for k in x)
    rects, y = {}, MARGIN
    for row in rows:
        height = max(sizes[k][1] for k in row)
        for k in row:
            w, h = sizes[k]
            rects[k] = Rect(x[k] - w / 2 + shift, y + (height - h) / 2, w, h)
        y += height + ROW_GAP
    width = max(r.x + r.w for r in rects.values()) + MARGIN
    return Layout(rects, width, y - ROW_GAP + MARGIN)


def _depths(model):
    """Longest path (in edges) from the root to each box, processing a box once all its consumers are done."""
    waiting = {k: 0 for k in model.boxes}
    for e in model.edges:
        waiting[e.source] += 1
    inputs = {k: [] for k in model.boxes}
    for e in model.edges:
        inputs[e.target].append(e.source)
    depth = {k: 0 for k in model.boxes}
    ready = [k for k, n in waiting.items() if n == 0]
    while ready:
        key = ready.pop()
        for source in inputs[key]:
            depth[source] = max(depth[source], depth[key] + 1)
            waiting[source] -= 1
            if waiting[source] == 0:
                ready.append(source)
    return depth


def _pack(rows, sizes):
    """Centres of boxes packed left to right in each row, rows centred on x = 0."""
    x = {}
    for row in rows:
        total = sum(sizes[k][0] for k in row) + GAP * (len(row) - 1)
        left = -total / 2
        for k in row:
            x[k] = left + sizes[k][0] / 2
            left += sizes[k][0] + GAP
    return x


def _place(row, neighbours, x, sizes):
    """Reorder `row` by its neighbours' mean x, move each box there, then push apart overlaps."""
    def wanted(k):
        return sum(x[n] for n in neighbours[k]) / len(neighbours[k]) if neighbours[k] else x[k]

    target = {k: wanted(k) for k in row}
    row.sort(key=lambda k: target[k])
    for i, k in enumerate(row):
        x[k] = target[k] if i == 0 else max(target[k], x[row[i - 1]] + (sizes[row[i - 1]][0] + sizes[k][0]) / 2 + GAP)
    drift = sum(x[k] - target[k] for k in row) / len(row)  # centre the row on its targets again
    for k in row:
        x[k] -= drift
