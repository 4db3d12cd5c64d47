"""End to end: the real server on localhost, driven by headless Chromium.

Opens a shared link and checks the page shows that range, uploads an export and reads the
import report, and screenshots every page into docs/screenshots/ (shown in the README).
Skips locally when Chromium or Playwright is missing; under CI=true that is a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
FIXTURE = ROOT / "tests" / "fixtures" / "apify.json"
CHROMIUM = os.environ.get("CITRA_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = pytest.mark.e2e


def _require_browser():
    problem = None
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:
        problem = "playwright is not installed"
    if problem is None and not Path(CHROMIUM).exists():
        problem = f"Chromium not found at {CHROMIUM}"
    if problem:
        if IN_CI:
            pytest.fail(f"end-to-end test cannot run in CI: {problem}")
        pytest.skip(problem)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A Streamlit server on a free port over a temporary store holding the demo data."""
    _require_browser()
    folder = tmp_path_factory.mktemp("e2e")
    url = f"sqlite:///{folder / 'citra.db'}"
    from monitor.analysis import events
    from monitor.demo import generator as demo
    from monitor.store import open_store

    store = open_store(url)
    demo.load_demo(store)
    events.seed_timeline(store)
    store.dispose()

    port = _free_port()
    env = {**os.environ, "CITRA_DATABASE_URL": url, "CITRA_DEMO": "0"}
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            "--client.toolbarMode",
            "minimal",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("the Streamlit server did not start:\n" + (folder / "server.log").read_text())
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


def _page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="id-ID")
    return context.new_page()


# Every chart has drawn and no element is still a loading placeholder.
DRAWN = """() => {
  const charts = Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]'));
  const drawn = charts.every(c => c.querySelector('canvas, svg'));
  return drawn && !document.querySelector('[data-testid="stSkeleton"]');
}"""


def _settle(page, text: str, timeout: float = 30_000) -> None:
    """Wait until ``text`` is shown and the script has stopped running, charts drawn."""
    page.get_by_text(text, exact=False).first.wait_for(timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')",
        timeout=timeout,
    )
    page.wait_for_function(DRAWN, timeout=timeout)
    page.wait_for_timeout(500)


def _shoot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its own container, so grow the window to fit."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": 1440, "height": 1000}
    height = 0
    for _ in range(3):  # growing the window can draw more (lazy tables, charts): measure again
        needed = page.evaluate(
            "() => Math.max(...Array.from(document.querySelectorAll('section, div'))"
            ".map(e => e.scrollHeight))"
        )
        if needed <= height:
            break
        height = needed
        page.set_viewport_size({"width": size["width"], "height": min(height + 60, 4000)})
        page.wait_for_timeout(800)
        page.wait_for_function(DRAWN, timeout=20_000)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(size)


def test_shared_link_opens_that_range(server, browser):
    """Runs first: a shared deep link as the very first request after the server started."""
    page = _page(browser)
    page.goto(f"{server}/timeline?from=2020-11-15&to=2021-01-10&metric=stacked&event=2")
    _settle(page, "15 Nov 2020 – 10 Jan 2021")
    assert page.get_by_text("Page not found").count() == 0
    assert "from=2020-11-15" in page.url and "to=2021-01-10" in page.url
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for()
    _shoot(page, "timeline")
    page.goto(f"{server}/timeline?from=2020-11-15&to=2021-01-10&lang=en&metric=net")
    _settle(page, "15 Nov 2020 – 10 Jan 2021")
    assert page.get_by_text("Sentiment timeline").first.is_visible()
    page.context.close()


def test_every_page_screenshot(server, browser):
    page = _page(browser)
    page.goto(f"{server}/?day=2020-12-07")
    _settle(page, "Lonjakan 7 hari terakhir")
    _shoot(page, "morning")
    page.goto(f"{server}/comments?from=2020-12-05&to=2020-12-09&q=bantu")
    _settle(page, "komentar cocok")
    _shoot(page, "comments")
    page.get_by_role("button", name="Salin tautan").click()
    link = page.locator("[data-testid='stCode'] code").first
    link.wait_for()
    text = link.inner_text().replace("\n", "")
    assert "/comments?" in text and "q=bantu" in text and "from=2020-12-05" in text
    page.keyboard.press("Escape")
    page.goto(f"{server}/events")
    _settle(page, "Peristiwa berita")
    _shoot(page, "events")
    page.goto(f"{server}/settings")
    _settle(page, "Akun yang dipantau")
    _shoot(page, "settings")
    page.context.close()


def test_upload_shows_import_report(server, browser):
    page = _page(browser)
    page.goto(f"{server}/upload")
    _settle(page, "Unggah ekspor komentar")
    page.locator("input[type=file]").first.set_input_files(str(FIXTURE))
    _settle(page, "Format terdeteksi")
    page.get_by_role("button", name="Impor").first.click()
    _settle(page, "Laporan impor", timeout=60_000)
    assert page.get_by_text("Riwayat impor").first.is_visible()
    _shoot(page, "upload")
    page.context.close()


def test_screenshots_exist():
    """The README shows these; a missing one is a broken page in the docs."""
    missing = [
        n
        for n in ("morning", "timeline", "comments", "upload", "events", "settings")
        if not (SHOTS / f"{n}.png").exists()
    ]
    assert not missing, missing
