"""The course in a real browser: ONE JupyterLab server on loopback (started once for this module)
serving copies of the fixture notebook and of every lesson, each run in headless Debian Chromium
(driven by Playwright, never a downloaded browser). Screenshots go to test-output/browser/ (the CI
artifact).

* test_stepper_renders_and_steps_in_jupyterlab: the fixture's BackpropStepper renders as a widget
  and clicking Step moves its highlight through the graph.
* test_lesson_in_jupyterlab[<lesson>]: every lessons/*.ipynb, run top to bottom (Run > Run All
  Cells) in a fresh kernel: every code cell ran, once, in order; the only error outputs are in
  cells marked NBVAL_RAISES_EXCEPTION (and each of those shows its error); every widget renders
  as a widget and answers a click on its button (or on its slider); every figure is a decoded image; every
  draw_graph is an SVG picture; no "Error displaying widget" / "Loading widget..." is left. A
  screenshot of the whole notebook goes to test-output/browser/lessons/<lesson>.png, and one of
  each figure, graph and widget to test-output/browser/lessons/<lesson>/cell<N>-<k>.png.

What a lesson cell should show is read from the outputs saved in the repository's notebook (the
ones the nbval run checks): the test compares the live page to them, cell by cell. The server
serves copies with those outputs cleared, so everything on the page comes from this run.

Two JupyterLab facts the checks rely on (JupyterLab 4.6): an error and a stderr stream are both
rendered as `.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]` (nothing in the
DOM tells them apart, so a cell's stderr is an error unless the saved notebook shows a stderr
stream there and it is no traceback); and image/svg+xml is shown as an <img> whose src is the SVG
(a data: URL), not as inline <svg>. Run All stops at the first cell that raises unless the cell
is tagged `raises-exception`: every NBVAL_RAISES_EXCEPTION cell carries that tag too
(tests/test_notebooks.py requires it), so a student's Run All goes on past a lesson's deliberate
errors just as this test's does.
"""
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from lab_helpers import free_port

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "browser" / "stepper.ipynb"
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
OUTPUT = ROOT / "test-output" / "browser"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RAISES = "NBVAL_RAISES_EXCEPTION"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
STDERR_MIME = "application/vnd.jupyter.stderr"
WIDGET_OUTPUT = ".jp-OutputArea-output:has(> .jupyter-widgets)"  # an output showing a rendered widget
# text JupyterLab or ipywidgets put in an output when a render fails or never finishes
BROKEN_RENDER = ["Error displaying widget", "Loading widget...", "Failed to load model class", "Javascript Error"]
# stderr a fresh machine may print once, harmlessly (not the lesson's doing)
BENIGN_STDERR = re.compile(r"Matplotlib is building the font cache")
VIEWPORT = {"width": 1400, "height": 1000}
MAX_SCREENSHOT_HEIGHT = 30_000  # px; a longer notebook is cut there (none is nearly that long)
RUN_TIMEOUT_MS = 150_000  # one lesson, run all: a few seconds normally; generous for a loaded CI machine

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium "
                       "missing): run `apt-get install -y chromium`, as .ci/run does"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")


def _settings(path, **values):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values))


def copy_for_the_browser(src, dst):
    """A copy of a lesson for the server, with saved outputs and prompts cleared (so every output on the page
    is from this run, and "every prompt shows a number" means "every cell ran"). Its tags are the lesson's
    own: a deliberate error's `raises-exception` tag is what lets Run All go on past it."""
    nb = json.loads(src.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    dst.write_text(json.dumps(nb, indent=1), encoding="utf-8")


class Lab:
    def __init__(self, base, token, root):
        self.base, self.token, self.root = base, token, root

    def url(self, path):
        """The notebook at `path`, alone in a fresh workspace (a new name each time: JupyterLab restores a
        workspace's open tabs, and would reopen the notebooks of the tests before)."""
        return f"{self.base}/lab/workspaces/{secrets.token_hex(6)}/tree/{path}?token={self.token}"

    def api(self, path, method="GET"):
        request = urllib.request.Request(f"{self.base}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=15) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self):
        """End every session (and its kernel), so that lessons do not pile up kernels on a small machine."""
        try:
            for session in self.api("sessions"):
                self.api(f"sessions/{session['id']}", method="DELETE")
        except OSError as e:  # the server is gone or busy: the module's teardown ends it anyway
            print("could not shut the kernels down:", e)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """One JupyterLab server on 127.0.0.1 for the module, serving (in a temporary root, so the repository's
    notebooks are never modified or saved) a copy of the fixture and lessons/ copied for the browser."""
    tmp = tmp_path_factory.mktemp("jupyterlab")
    root = tmp / "notebooks"
    (root / "lessons").mkdir(parents=True)
    shutil.copy(FIXTURE, root / FIXTURE.name)
    for lesson in LESSONS:
        copy_for_the_browser(lesson, root / "lessons" / lesson.name)
    token, port = secrets.token_hex(16), free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               IPYTHONDIR=str(tmp / "ipython"), JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"))
    settings = tmp / "settings" / "@jupyterlab"
    # no "official Jupyter news?" popup over the screenshots
    _settings(settings / "apputils-extension" / "notification.jupyterlab-settings", fetchNews="false")
    # every cell in the DOM, rendered, whether scrolled to or not (JupyterLab 4 may virtualise long notebooks)
    _settings(settings / "notebook-extension" / "tracker.jupyterlab-settings", windowingMode="none")
    log = open(tmp / "lab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--IdentityProvider.token={token}",
         f"--port={port}", "--LabApp.extension_manager=readonly",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         f"--LabApp.user_settings_dir={tmp / 'settings'}", f"--LabApp.workspaces_dir={tmp / 'workspaces'}"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + (tmp / "lab.log").read_text())
                time.sleep(0.25)
        yield Lab(base, token, root)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module; each test gets its own context (see `page`)."""
    playwright = sync_api.sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser, lab):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(45_000)
    try:
        yield page
    finally:
        context.close()
        lab.shut_down_kernels()


def open_notebook(page, lab, path):
    page.goto(lab.url(path))
    page.locator(".jp-Notebook .jp-Cell").first.wait_for()
    # JupyterLab may ask which kernel to use: accept its choice (the notebook's python3) whenever it asks
    page.add_locator_handler(page.locator(".jp-Dialog"), lambda dialog: dialog.locator(".jp-mod-accept").click())
    kernel_idle(page).wait_for()
    assert page.locator(".jp-NotebookPanel").count() == 1, "another notebook is open beside " + path


def kernel_idle(page):
    return page.locator(".jp-StatusBar-TextItem", has_text="| Idle").first


def run_all_cells(page):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel:visible", has_text=re.compile(r"^Run All Cells$")).click()


def test_stepper_renders_and_steps_in_jupyterlab(lab, page):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    try:
        open_notebook(page, lab, FIXTURE.name)
        run_all_cells(page)

        step = page.locator(".jupyter-widgets .widget-button", has_text="Step")
        step.wait_for()
        prompts = page.locator(".jp-CodeCell .jp-InputPrompt")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
            ".every(p => /\\[\\d+\\]/.test(p.textContent))")
        assert prompts.count() == 5
        errors = page.locator(f".jp-OutputArea-output[data-mime-type='{STDERR_MIME}'], "
                              ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
        assert errors.count() == 0, errors.all_inner_texts()
        # the widget, not its text fallback; the plot and the graph as pictures
        assert page.locator(".jp-OutputArea-output", has_text="BackpropStepper at step").count() == 0
        assert page.locator(".jp-OutputArea-output img").count() >= 1
        assert page.locator(".jp-OutputArea-output svg g.node").count() >= 7

        current = page.locator(".backprop-graph g.current")
        assert current.count() == 0  # before the first step nothing is highlighted
        seen = []
        for _ in range(3):
            step.click()
            page.wait_for_function(
                "n => document.querySelectorAll('.backprop-current').length === 1 && "
                "document.querySelector('.backprop-current').textContent.includes('Step ' + n + ' of')",
                arg=len(seen) + 1)
            seen.append((page.locator(".backprop-current").get_attribute("data-node"),
                         current.get_attribute("data-key"),
                         page.locator(".backprop-grad-in").inner_text()))
        assert [s[0] for s in seen] == ["SumBackward0", "AddBackward0", "MulBackward0"]
        assert len({s[1] for s in seen}) == 3  # the highlight moved through the graph
        assert len({s[2] for s in seen}) == 2  # 1. then [1., 1., ...] twice
        assert seen[0][2].startswith("grad_out arriving: 1.")
        page.locator(".jupyter-widgets", has=step).first.scroll_into_view_if_needed()
        page.screenshot(path=str(OUTPUT / "stepper.png"), full_page=False)
        page.locator(".widget-vbox", has=step).first.screenshot(path=str(OUTPUT / "stepper-widget.png"))
    except Exception:
        page.screenshot(path=str(OUTPUT / "failure.png"))  # what the page looked like, for the CI artifact
        raise


# ---------------------------------------------------------------------------------------------- lessons

def expected_cells(lesson):
    """Per cell of the repository's notebook: its type, first source line, whether it is marked to raise, and
    what its saved outputs show (the nbval run keeps those in step with the code)."""
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        kinds = set()
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_MIME in data:
                kinds.add("widget")
            elif "image/png" in data or "image/jpeg" in data:
                kinds.add("image")
            elif "image/svg+xml" in data:
                kinds.add("svg")
            elif out["output_type"] == "stream" and out["name"] == "stderr":
                kinds.add("stderr")
            elif out["output_type"] == "error":
                kinds.add("error")
        cells.append({"type": cell["cell_type"], "first_line": source.strip().splitlines()[0] if source.strip() else "",
                      "raises": RAISES in source, "kinds": kinds, "ran": cell.get("execution_count") is not None})
    return cells


# Everything the checks need from the page, read from the DOM in one go.
READ_CELLS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map(cell => {
    const outputs = [...cell.querySelectorAll('.jp-OutputArea-output')];
    const box = el => el.getBoundingClientRect();
    return {
        type: cell.classList.contains('jp-CodeCell') ? 'code'
            : cell.classList.contains('jp-MarkdownCell') ? 'markdown' : 'raw',
        prompt: (cell.querySelector('.jp-InputArea .jp-InputPrompt') || {}).textContent || '',
        source: (cell.querySelector('.jp-InputArea-editor .cm-content') || {}).innerText || '',
        stderr: outputs.filter(o => o.dataset.mimeType === 'application/vnd.jupyter.stderr').map(o => o.innerText),
        mimes: outputs.map(o => o.dataset.mimeType || ''),
        text: outputs.map(o => o.innerText).join('\\n'),
        widgets: cell.querySelectorAll('.jp-OutputArea-output .jupyter-widgets').length,
        buttons: [...cell.querySelectorAll('.jp-OutputArea-output .jupyter-widgets .widget-button')]
            .map(b => b.innerText.trim()),
        sliders: cell.querySelectorAll('.jp-OutputArea-output .jupyter-widgets .widget-slider').length,
        images: [...cell.querySelectorAll('.jp-OutputArea-output.jp-RenderedImage img')]
            .map(i => ({decoded: i.complete && i.naturalWidth > 0 && i.naturalHeight > 0,
                        width: box(i).width, height: box(i).height})),
        // JupyterLab 4 shows image/svg+xml as an <img> whose src is the SVG as a data: URL, not as inline <svg>
        svgs: [...cell.querySelectorAll('.jp-OutputArea-output.jp-RenderedSVG')].map(o => {
            const img = o.querySelector('img'), inline = o.querySelector('svg');
            const markup = inline ? inline.outerHTML
                : img && img.src.startsWith('data:image/svg+xml,') ? decodeURIComponent(img.src.split(',')[1]) : '';
            const shown = inline || img;
            return {as: inline ? 'inline svg' : img ? 'img' : 'nothing',
                    decoded: !!inline || !!(img && img.complete && img.naturalWidth > 0),
                    width: shown ? box(shown).width : 0, height: shown ? box(shown).height : 0,
                    nodes: (markup.match(/<g class="node/g) || []).length};
        }),
        mathErrors: cell.querySelectorAll('mjx-merror, .MathJax_Error').length,
    };
})"""


def shorten(text, head=300, tail=900):
    return text if len(text) <= head + tail else f"{text[:head]}\n[...]\n{text[-tail:]}"


def looks_like_a_traceback(text):
    return "Traceback (most recent call last)" in text or re.search(r"^\w*(Error|Exception)\b", text, re.M)


def check_lesson_page(expected, seen):
    """Compare the page (`seen`, from READ_CELLS) with the saved notebook (`expected`); return what is wrong."""
    problems = []
    if [c["type"] for c in seen] != [c["type"] for c in expected]:
        return [f"the page shows cells {[c['type'] for c in seen]}, the notebook has "
                f"{[c['type'] for c in expected]}"]
    code = [(i, e, s) for i, (e, s) in enumerate(zip(expected, seen)) if e["type"] == "code"]
    counts = [s["prompt"].strip() for _, _, s in code]
    if counts != [f"[{n}]:" for n in range(1, len(code) + 1)]:
        problems.append(f"the code cells did not all run once, in order, in a fresh kernel: prompts {counts}")
    for i, want, got in code:
        where = f"cell {i} ({want['first_line'][:60]!r})"
        if want["first_line"] and not got["source"].lstrip().startswith(want["first_line"].strip()):
            problems.append(f"{where}: the page shows another source: {got['source'][:80]!r}")
        if want["raises"] and RAISES not in got["source"]:
            problems.append(f"{where}: {RAISES} is not in the source on the page")
        # errors: JupyterLab renders a traceback, and a stderr stream, as text of mime type
        # application/vnd.jupyter.stderr; a cell may only show a stream it also shows in the saved notebook
        errors = [t for t in got["stderr"] if not ("stderr" in want["kinds"] and not looks_like_a_traceback(t))
                  and not BENIGN_STDERR.search(t)]
        if errors and not want["raises"]:
            problems.append(f"{where}: an error output, and the cell is not marked {RAISES}:\n"
                            + "\n".join(shorten(e) for e in errors))
        if want["raises"] and not any(looks_like_a_traceback(t) for t in got["stderr"]):
            problems.append(f"{where}: marked {RAISES} but shows no error")
        for text in BROKEN_RENDER:
            if text in got["text"]:
                problems.append(f"{where}: an output says {text!r}:\n{got['text'][:500]}")
        if "widget" in want["kinds"]:
            if not got["widgets"] or not (got["buttons"] or got["sliders"]):
                problems.append(f"{where}: no widget with buttons or sliders rendered (outputs: {got['mimes']}, "
                                f"text: {got['text'][:300]!r})")
        elif got["widgets"]:
            problems.append(f"{where}: a widget the saved notebook does not have")
        if "image" in want["kinds"]:
            if not got["images"] or not all(im["decoded"] and im["width"] > 50 for im in got["images"]):
                problems.append(f"{where}: the figure did not render as an image: {got['images']} ({got['mimes']})")
        if "svg" in want["kinds"]:
            if not got["svgs"] or not all(s["decoded"] and s["width"] > 50 and s["height"] > 50 and s["nodes"]
                                          for s in got["svgs"]):
                problems.append(f"{where}: the graph did not render as an SVG picture: {got['svgs']} ({got['mimes']})")
    for i, (want, got) in enumerate(zip(expected, seen)):
        if got["mathErrors"]:
            problems.append(f"cell {i} ({want['first_line'][:60]!r}): a math error in the rendered markdown")
    return problems


def poke_widget(page, host):
    """Click the widget's first enabled button, or else click its first slider at 80% of its length, and wait
    for the widget to change (its text for a button; its picture, redrawn by the kernel, for a slider).
    Returns what went wrong, or None."""
    button = host.locator(".widget-button:not([disabled])").first
    if button.count():
        before = host.inner_text()
        button.click()
        changed, what = "([el, before]) => el.innerText !== before", f"clicking {button.inner_text()!r}"
    else:
        track = host.locator(".widget-slider .noUi-target").first
        if not track.count():
            return f"a widget with no button to click and no slider to move: {host.inner_text()[:200]!r}"
        before = host.evaluate("el => [...el.querySelectorAll('img')].map(i => i.src).join()")
        box = track.bounding_box()
        track.click(position={"x": 0.8 * box["width"], "y": box["height"] / 2})
        changed = "([el, before]) => [...el.querySelectorAll('img')].map(i => i.src).join() !== before"
        what = "moving its first slider"
    try:
        page.wait_for_function(changed, arg=[host.element_handle(), before], timeout=20_000)
    except sync_api.TimeoutError:
        return f"{what} did not change its widget"
    return None


def screenshot_outputs(page, folder):
    """One screenshot per figure, graph and widget output of the notebook: cell<N>-<k>.png, to look at each
    picture at its real size in the browser (the whole-notebook screenshot is too tall to read)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for n, cell in enumerate(page.locator(".jp-Notebook .jp-Cell").all()):
        pictures = cell.locator(f".jp-OutputArea-output.jp-RenderedImage, .jp-OutputArea-output.jp-RenderedSVG, "
                                f"{WIDGET_OUTPUT}").all()
        for k, output in enumerate(pictures):
            output.screenshot(path=str(folder / f"cell{n}-{k}.png"))


def screenshot_whole_notebook(page, path):
    """JupyterLab scrolls the notebook inside a fixed-size window, so a "full page" screenshot would only show
    the first screenful: make the window as tall as the notebook's cells, then screenshot it."""
    measure = """() => {
        const scroller = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
        const cells = document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell');
        scroller.scrollTop = 0;
        const top = scroller.getBoundingClientRect().top, bottom = scroller.getBoundingClientRect().bottom;
        const last = cells[cells.length - 1].getBoundingClientRect().bottom;
        return {content: last - top, visible: last <= bottom,
                chrome: document.documentElement.clientHeight - scroller.clientHeight};
    }"""
    height = VIEWPORT["height"]
    for _ in range(20):  # a taller window can lay out (and lengthen) what was off screen: repeat until stable
        size = page.evaluate(measure)
        want = min(int(size["content"] + size["chrome"]) + 40, MAX_SCREENSHOT_HEIGHT)
        if size["visible"] and want <= height:
            break
        height = want
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        page.wait_for_timeout(250)  # short poll while the layout settles
    page.screenshot(path=str(path), full_page=False)


PROMPTS = "[...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea .jp-InputPrompt')]"


def wait_until_run_ends(page, quiet_ms=5_000):
    """After Run All: wait until every code cell shows an execution count and the kernel is idle.

    If a cell raises, JupyterLab stops the run there and blanks the prompts of the cells queued after it (it
    does so even when the kernel goes on running them, as for a cell tagged raises-exception; those fill in as
    they finish). So the wait also ends once the kernel has been idle, with no cell showing [*], for `quiet_ms`
    on end: the run has stopped short, and the checks name the cell where."""
    page.wait_for_function(f"() => /\\[(\\*|\\d+)\\]/.test(({PROMPTS}[0] || {{}}).textContent)",
                           timeout=RUN_TIMEOUT_MS)  # the run has started
    page.wait_for_function(
        f"""quiet => {{
            const prompts = {PROMPTS};
            const idle = [...document.querySelectorAll('.jp-StatusBar-TextItem')]
                .some(t => t.textContent.includes('| Idle'));
            if (idle && prompts.every(p => /\\[\\d+\\]/.test(p.textContent))) return true;
            if (!idle || prompts.some(p => p.textContent.includes('*'))) {{ window.__quietSince = null; return false; }}
            window.__quietSince = window.__quietSince || Date.now();
            return Date.now() - window.__quietSince >= quiet;
        }}""", arg=quiet_ms, timeout=RUN_TIMEOUT_MS, polling=100)


def settled(page, condition, arg, timeout=45_000):
    """Wait (polling) until `condition` holds; on timeout go on, for the checks to say what is missing."""
    try:
        page.wait_for_function(condition, arg=arg, timeout=timeout)
    except sync_api.TimeoutError:
        pass


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_in_jupyterlab(lab, page, lesson):
    expected = expected_cells(lesson)
    if not all(c["ran"] for c in expected if c["type"] == "code"):
        pytest.fail(f"{lesson.name} is saved without its outputs: this test reads what each cell should show "
                    "from them (run the lesson top to bottom and save it)")
    shots = OUTPUT / "lessons"
    shots.mkdir(parents=True, exist_ok=True)
    shot = shots / f"{lesson.stem}.png"
    for old in (shot, shots / f"{lesson.stem}-failure.png"):
        old.unlink(missing_ok=True)  # no picture from an earlier run passed off as this one's
    console_errors, page_errors = [], []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    try:
        open_notebook(page, lab, f"lessons/{lesson.name}")
        page.keyboard.press("Control+b")  # the file browser away: the whole width for the notebook
        run_all_cells(page)
        wait_until_run_ends(page)
        # widgets render after their output arrives, images decode: wait for that (a render that fails or never
        # finishes is reported by the checks below, with the cell it is in)
        settled(page, """([n, broken]) => {
            const notebook = document.querySelector('.jp-Notebook');
            const rendered = [...notebook.querySelectorAll('.jp-OutputArea-output')]
                .filter(o => o.querySelector('.jupyter-widgets .widget-button, .jupyter-widgets .widget-slider')).length;
            return (rendered >= n || broken.some(t => notebook.innerText.includes(t)))
                && [...notebook.querySelectorAll('.jp-OutputArea-output img')].every(i => i.complete);
        }""", [sum("widget" in c["kinds"] for c in expected), [t for t in BROKEN_RENDER if "Loading" not in t]])
        screenshot_whole_notebook(page, shot)
        seen = page.evaluate(READ_CELLS)  # with the window still notebook-tall: everything has been on screen
        page.set_viewport_size(VIEWPORT)
        problems = check_lesson_page(expected, seen)
        screenshot_outputs(page, shots / lesson.stem)
        # a widget that renders but is dead would still pass: click each one's first button (or move its first
        # slider), see it change
        hosts = page.locator(WIDGET_OUTPUT).all()
        if len(hosts) != sum("widget" in c["kinds"] for c in expected):
            problems.append(f"{len(hosts)} widget outputs on the page, the notebook has "
                            f"{sum('widget' in c['kinds'] for c in expected)}")
        for host in hosts:
            problem = poke_widget(page, host)
            if problem:
                problems.append(problem)
        assert not problems, (f"{lesson.name} in JupyterLab (screenshot: {shot}):\n" + "\n".join(problems)
                              + f"\n(browser console errors: {console_errors or 'none'}; "
                              f"uncaught page errors: {page_errors or 'none'})")
    except Exception:
        page.screenshot(path=str(shots / f"{lesson.stem}-failure.png"))  # what the page looked like
        raise
