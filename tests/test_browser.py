"""The stepper in a real browser: JupyterLab on loopback, the fixture notebook run in headless
Debian Chromium (driven by Playwright, never a downloaded browser), Step clicked, a screenshot
saved to test-output/browser/ (the CI artifact)."""
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "browser" / "stepper.ipynb"
OUTPUT = ROOT / "test-output" / "browser"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium "
                       "missing): run `apt-get install -y chromium`, as .ci/run does"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python) is not installed")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on 127.0.0.1 serving a copy of the fixture; yields its base URL and token."""
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copy(FIXTURE, root / FIXTURE.name)
    token, port = secrets.token_hex(16), free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               IPYTHONDIR=str(tmp_path / "ipython"), JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    news = tmp_path / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text('{"fetchNews": "false"}')  # no "official Jupyter news?" popup over the screenshot
    log = open(tmp_path / "lab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--IdentityProvider.token={token}",
         f"--port={port}", "--LabApp.extension_manager=readonly",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         f"--LabApp.user_settings_dir={tmp_path / 'settings'}", f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text())
                time.sleep(0.25)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_stepper_renders_and_steps_in_jupyterlab(lab):
    base, token = lab
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.set_default_timeout(45_000)
            page.goto(f"{base}/lab/tree/{FIXTURE.name}?token={token}")
            page.locator(".jp-Notebook .jp-Cell").first.wait_for()
            # JupyterLab may ask which kernel to use: accept its choice (the notebook's python3) whenever it asks
            page.add_locator_handler(page.locator(".jp-Dialog"),
                                     lambda dialog: dialog.locator(".jp-mod-accept").click())
            page.locator(".jp-StatusBar-TextItem", has_text="| Idle").first.wait_for()
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu-itemLabel:visible", has_text=re.compile(r"^Run All Cells$")).click()

            step = page.locator(".jupyter-widgets .widget-button", has_text="Step")
            step.wait_for()
            prompts = page.locator(".jp-CodeCell .jp-InputPrompt")
            page.wait_for_function(
                "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
                ".every(p => /\\[\\d+\\]/.test(p.textContent))")
            assert prompts.count() == 5
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
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
            assert seen[0][2].startswith("g arriving: 1.")
            page.locator(".jupyter-widgets", has=step).first.scroll_into_view_if_needed()
            page.screenshot(path=str(OUTPUT / "stepper.png"), full_page=False)
            page.locator(".widget-vbox", has=step).first.screenshot(path=str(OUTPUT / "stepper-widget.png"))
        except Exception:
            page.screenshot(path=str(OUTPUT / "failure.png"))  # what the page looked like, for the CI artifact
            raise
        finally:
            browser.close()
