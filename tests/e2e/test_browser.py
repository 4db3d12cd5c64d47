"""End to end: the real server on localhost, driven by headless Chromium.

Opens a shared link and checks the page shows that range, opens a link copied with a platform
filter in a new browser context, uploads an export and reads the import report, and
screenshots every page into docs/screenshots/ (shown in the README) over the demo data of
Instagram, X and YouTube.
Skips locally when Chromium or Playwright is missing; under CI=true that is a failure.
"""

from __future__ import annotations

import json
import os
import re
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


def _serve(folder: Path, script: Path, env: dict[str, str], *args: str):
    """A Streamlit server for ``script`` on a free port; yields its base URL, then stops it."""
    port = _free_port()
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
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
            *args,
        ],
        cwd=ROOT,
        env={**os.environ, "CITRA_DEMO": "0", **env},
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
    yield from _serve(folder, ROOT / "app.py", {"CITRA_DATABASE_URL": url})


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
    page.goto(f"{server}/timeline?from=2020-11-15&to=2021-01-10&metric=stacked&event=2&by=stack")
    _settle(page, "15 Nov 2020 – 10 Jan 2021")
    assert page.get_by_text("Page not found").count() == 0
    assert "from=2020-11-15" in page.url and "to=2021-01-10" in page.url
    assert "by=stack" in page.url
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for()
    assert page.get_by_text("Instagram + X + YouTube").first.is_visible()
    _shoot(page, "timeline")
    page.goto(f"{server}/timeline?from=2020-11-15&to=2021-01-10&lang=en&metric=net")
    _settle(page, "15 Nov 2020 – 10 Jan 2021")
    assert page.get_by_text("Sentiment timeline").first.is_visible()
    page.context.close()


LINK_TEXT = re.compile(r"^(https?://|/)")  # a link, not another code box (a complaint's reply)


def _copied_link(page) -> str:
    """The link the sidebar's "Copy link" shows."""
    page.get_by_role("button", name="Salin tautan").click()
    link = page.locator("[data-testid='stCode'] code").filter(has_text=LINK_TEXT).first
    link.wait_for()
    text = link.inner_text().replace("\n", "")
    page.keyboard.press("Escape")
    return text


def _chosen_platforms(page) -> list[str]:
    """The platforms chosen in the sidebar's filter (its chips)."""
    box = page.locator(".st-key-vs_platforms")
    return [t.strip() for t in box.locator(".react-aria-ComboBox [data-tag]").all_inner_texts()]


def test_a_link_with_a_platform_opens_the_same_view_in_a_new_browser(server, browser):
    """A link copied on the X comments of some days, opened by someone else (a new browser
    context: no cookies, no session), shows the same page, days and platform filter."""
    page = _page(browser)
    page.goto(f"{server}/comments?from=2020-12-05&to=2020-12-09&platform=x")
    _settle(page, "komentar cocok")
    assert _chosen_platforms(page) == ["X"]
    first_count = page.get_by_text("komentar cocok").first.inner_text()
    link = _copied_link(page)
    page.context.close()
    path, _, query = link.partition("?")
    assert path.endswith("/comments"), link
    assert sorted(query.split("&")) == ["from=2020-12-05", "platform=x", "to=2020-12-09"]

    other = _page(browser)  # a new context: nothing of the first visit
    other.goto(link)
    _settle(other, "komentar cocok")
    assert other.locator("h1").first.inner_text() == "Komentar"
    assert _chosen_platforms(other) == ["X"]
    assert other.get_by_text(first_count).first.is_visible()
    shown = other.locator(".st-key-vs_range [data-testid='stDateInputField']").inner_text()
    assert re.sub(r"\D", "", shown) == "0512202009122020", shown  # 05/12/2020 – 09/12/2020
    cells = other.locator("[data-testid='stDataFrame']").first
    cells.wait_for()
    assert "platform=x" in other.url and "from=2020-12-05" in other.url
    other.context.close()


QUEUE_COUNT = re.compile(r"^[\d.]+ aduan$")  # the queue's count above its table


def _chosen_units(page) -> list[str]:
    box = page.locator(".st-key-vs_units")
    return [t.strip() for t in box.locator("[data-tag]").all_inner_texts()]


def test_a_complaints_link_with_a_unit_and_status_opens_the_same_queue(server, browser):
    """A link to one unit's new complaints, opened in a new browser context (no session),
    shows the same queue: the same filters and the same count."""
    unit = "Ditjen Penanganan Fakir Miskin"
    page = _page(browser)
    page.goto(f"{server}/complaints?status=new&unit={unit.replace(' ', '+')}")
    _settle(page, "Kecepatan balasan")
    count = page.locator("strong", has_text=QUEUE_COUNT).first.inner_text()
    assert _chosen_units(page) == [unit]
    link = _copied_link(page)
    page.context.close()
    path, _, query = link.partition("?")
    assert path.endswith("/complaints"), link
    assert sorted(query.split("&")) == ["status=new", "unit=Ditjen+Penanganan+Fakir+Miskin"]

    other = _page(browser)
    other.goto(link)
    _settle(other, "Kecepatan balasan")
    assert other.locator("h1").first.inner_text() == "Antrean aduan"
    assert _chosen_units(other) == [unit]
    assert other.locator("strong", has_text=QUEUE_COUNT).first.inner_text() == count
    pills = other.locator(".st-key-vs_statuses [aria-pressed='true']").all_inner_texts()
    assert [p.strip() for p in pills] == ["Baru"], pills
    assert "status=new" in other.url and "unit=" in other.url
    other.context.close()


def _demo_quiz_post(tmp_path) -> str:
    """A quiz post of the demo's Instagram posts (its post export, as the demo writes it)."""
    from monitor.demo import generator as demo
    from monitor.demo.shapes import write_instagram_posts

    path = write_instagram_posts(
        tmp_path / "posts.json", demo.DEMO_SIZES["instagram"], demo.DEFAULT_SEED
    )
    from monitor.nlp.content_types import types_of

    items = json.loads(path.read_text(encoding="utf-8"))
    return next(i["shortCode"] for i in items if "kuis" in types_of(None, i["caption"], None))


def test_a_content_link_opens_the_same_types_rank_and_post(server, browser, tmp_path):
    """A Content link with types, a rank and an open post, opened in a new browser context,
    shows the same filters, the types compared and that post's first hours."""
    post = _demo_quiz_post(tmp_path)
    page = _page(browser)
    page.goto(f"{server}/content?ctype=kuis,transparansi&rank=negative_share&post={post}")
    _settle(page, "Perbandingan jenis konten")
    _settle(page, "jam setelah diunggah")
    chips = page.locator(".st-key-vs_ctypes [data-tag]").all_inner_texts()
    assert [c.strip() for c in chips] == ["Transparansi anggaran", "Kuis & trivia"], chips
    assert page.locator("[data-testid='stVegaLiteChart']").count() >= 2
    _shoot(page, "content")
    link = _copied_link(page)
    page.context.close()
    path, _, query = link.partition("?")
    assert path.endswith("/content"), link
    assert sorted(query.split("&")) == sorted(
        ["ctype=transparansi%2Ckuis", f"post={post}", "rank=negative_share"]
    ), query

    other = _page(browser)
    other.goto(link)
    _settle(other, "jam setelah diunggah")
    assert other.locator("h1").first.inner_text() == "Konten"
    chips = other.locator(".st-key-vs_ctypes [data-tag]").all_inner_texts()
    assert [c.strip() for c in chips] == ["Transparansi anggaran", "Kuis & trivia"], chips
    other.context.close()


def test_every_page_screenshot(server, browser):
    page = _page(browser)
    page.goto(f"{server}/?day=2020-12-07")
    _settle(page, "Lonjakan 7 hari terakhir")
    assert page.get_by_text("Per platform (dalam kurung").first.is_visible()
    page.locator("strong", has_text="Platform pendorong").first.wait_for(timeout=10_000)
    _shoot(page, "morning")
    page.goto(f"{server}/comments?from=2020-12-05&to=2020-12-09&q=bantu")
    _settle(page, "komentar cocok")
    _shoot(page, "comments")
    text = _copied_link(page)
    assert "/comments?" in text and "q=bantu" in text and "from=2020-12-05" in text
    page.goto(f"{server}/complaints")
    _settle(page, "Kecepatan balasan")
    assert page.get_by_text("Balasan untuk aduan").first.is_visible()
    _shoot(page, "complaints")
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
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # A click that lands while the page is still re-running after the upload can be dropped
    # (the button is redrawn under the pointer), as a person would see and click again; a
    # second import of the same file is reported as well (all duplicates).
    for attempt in range(3):
        page.get_by_role("button", name="Impor").first.click()
        try:
            page.get_by_text("Laporan impor", exact=False).first.wait_for(timeout=40_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    _settle(page, "Laporan impor", timeout=60_000)
    assert page.get_by_text("Riwayat impor").first.is_visible()
    _shoot(page, "upload")
    page.context.close()


# --- hostile data and sign-in, on a deployment with roles ----------------------------------------

ANALYST_PW = "analis-rahasia-1"
VIEWER_PW = "peninjau-rahasia-2"


@pytest.fixture(scope="module")
def guarded_server(tmp_path_factory):
    """A server with team passwords (no anonymous viewing) over the seed export plus one post of
    hostile authors and texts (tests/hostile/make_corpus.py)."""
    _require_browser()
    from hostile.make_corpus import markup_json

    from monitor.ingest.pipeline import import_file
    from monitor.ops import auth
    from monitor.store import open_store
    from tests.app.conftest import write_seed_export

    folder = tmp_path_factory.mktemp("e2e_guarded")
    url = f"sqlite:///{folder / 'citra.db'}"
    store = open_store(url)
    import_file(store, write_seed_export(folder / "seed.json"))
    import_file(store, markup_json(), file_name="hostile.json")
    store.dispose()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[roles.passwords]\n"
        f'analyst = "{auth.hash_password(ANALYST_PW, rounds=4)}"\n'
        f'viewer = "{auth.hash_password(VIEWER_PW, rounds=4)}"\n',
        encoding="utf-8",
    )
    yield from _serve(
        folder, ROOT / "app.py", {"CITRA_DATABASE_URL": url}, "--secrets.files", str(secrets)
    )


def _nav_links(page) -> list[str]:
    """The titles in the sidebar's menu (each link also holds its icon's name)."""
    links = page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()
    return [text.strip().split("\n")[-1] for text in links]


def _sign_in(page, password: str) -> None:
    page.get_by_text("Silakan masuk").first.wait_for(timeout=30_000)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()


def test_deep_link_sign_in_keeps_the_page_and_filters(guarded_server, browser):
    """Signing in from /comments?... lands on that page with those filters."""
    page = _page(browser)
    page.goto(f"{guarded_server}/comments?from=2020-12-05&to=2020-12-09&sent=negative")
    _sign_in(page, VIEWER_PW)
    page.locator("h1").first.wait_for(timeout=30_000)
    _settle(page, "Keluar")
    assert page.locator("h1").first.inner_text() == "Komentar"
    path, _, query = page.url.partition("?")
    assert path.endswith("/comments"), page.url
    assert "from=2020-12-05" in query and "to=2020-12-09" in query and "sent=negative" in query
    assert page.get_by_text("komentar cocok").first.is_visible()
    page.context.close()


def test_no_menu_before_sign_in_nor_after_sign_out(guarded_server, browser):
    """With roles and no anonymous viewing, the sidebar lists no page until someone signs in,
    and lists none again once they sign out."""
    page = _page(browser)
    page.goto(f"{guarded_server}/timeline")
    page.get_by_text("Silakan masuk").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    assert _nav_links(page) == []
    assert page.locator("a[href*='/timeline'], a[href*='/upload']").count() == 0
    _sign_in(page, VIEWER_PW)
    _settle(page, "Keluar")
    assert "Ringkasan pagi" in _nav_links(page)
    page.get_by_role("button", name="Keluar").click()
    page.get_by_text("Silakan masuk").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    assert _nav_links(page) == []
    page.context.close()


HOSTILE_HOSTS = ("127.0.0.1:9", "evil.example")


def _watch_hostile_requests(page) -> list[str]:
    """Every request the page makes to a hostile host (the page's own URL names them too)."""
    from urllib.parse import urlsplit

    fetched: list[str] = []
    page.on(
        "request",
        lambda r: fetched.append(r.url) if urlsplit(r.url).netloc in HOSTILE_HOSTS else None,
    )
    return fetched


def test_hostile_author_makes_the_browser_fetch_nothing(guarded_server, browser):
    """The comment details of every hostile author: no request to the hostile hosts, no live
    link, no image; the markup is shown as the characters written."""
    from hostile.make_corpus import DISPLAY_NAMES, HOSTILE_HOST

    page = _page(browser)
    fetched = _watch_hostile_requests(page)
    page.goto(f"{guarded_server}/?from=2020-12-06&to=2020-12-06&post=CIhostile01")
    _sign_in(page, VIEWER_PW)
    _settle(page, "Keluar")
    page.locator("[data-testid='stSidebarNav'] a", has_text="Komentar").click()
    _settle(page, "komentar cocok")
    picker = page.locator(".st-key-comment_pick [role='combobox']")
    seen_image_markup = False
    for i in range(len(DISPLAY_NAMES)):
        picker.click()
        if page.locator("[role='option']").count() == 0:  # the list opens on click or on a key
            page.keyboard.press("ArrowDown")
        page.locator(f"[role='option'][data-key='{i}']").click()
        page.get_by_text("Kata yang menggerakkan skor").first.wait_for(timeout=30_000)
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')"
        )
        page.wait_for_timeout(300)
        main = page.locator("[data-testid='stMain']")
        assert main.locator("a[href*='evil.example'], a[href*='127.0.0.1']").count() == 0
        assert main.locator("img[src*='127.0.0.1'], img[src*='evil'], img[alt='t']").count() == 0
        seen_image_markup |= page.evaluate(
            """(target) => Array.from(document.querySelectorAll('[data-testid="stCaptionContainer"]'))
                .some(e => e.textContent.replaceAll('\\u2060', '').includes(target))""",
            f"![t](http://{HOSTILE_HOST}/track.png)",
        )
    assert seen_image_markup, "the hostile author was not shown as text"
    assert fetched == []
    page.context.close()


def test_crafted_share_link_notice_is_text(guarded_server, browser):
    from urllib.parse import urlencode

    name = "**[Hubungi petugas](http://evil.example/login)**"
    value = "![t](http://127.0.0.1:9/link.png) :red[**PETUGAS RESMI**]"
    page = _page(browser)
    fetched = _watch_hostile_requests(page)
    page.goto(f"{guarded_server}/?" + urlencode({name: value, "from": value}))
    _sign_in(page, VIEWER_PW)
    _settle(page, "Lonjakan 7 hari terakhir")
    notices = page.locator("[data-testid='stAlert']").filter(has_text="Hubungi petugas")
    notices.first.wait_for()
    shown = [
        t.replace("\u2060", "") for t in page.locator("[data-testid='stAlert']").all_inner_texts()
    ]
    assert sum(t.count(name) for t in shown) == 1, shown  # the name, as written
    assert sum(t.count(value) for t in shown) == 1, shown  # the bad date, as written
    alerts = page.locator("[data-testid='stAlert']")
    assert alerts.locator("a, img, strong, [class*='Colored']").count() == 0
    assert fetched == []
    page.context.close()


# --- the escaping rule in Streamlit's own renderer ------------------------------------------------

PROBE_ALPHABET = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + list("aZ09 wwh.ttp@:/\n\t") + [
    "\u202e", "\u200d", "\u200b", "😡", "👨\u200d👩", "\u2060", "é", "ا",
]  # fmt: skip
ELEMENTS = (
    "a, img, strong, em, del, pre, h1, h2, h3, h4, h5, h6, ul, ol, li, blockquote, "
    "table, hr, input, br, [role='img'], .katex, [class*='Colored'], [class*='Badge']"
)


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    """The probe page over the hostile corpus and a few hundred random markup-heavy strings."""
    _require_browser()
    import json
    import random

    from hostile.make_corpus import DISPLAY_NAMES, HTML, MARKUP, RTL_TEXTS, ZERO_WIDTH

    rnd = random.Random(20201206)
    texts = [*MARKUP, *DISPLAY_NAMES, *HTML, *RTL_TEXTS, *ZERO_WIDTH]
    texts += ["".join(rnd.choices(PROBE_ALPHABET, k=rnd.randint(1, 40))) for _ in range(300)]
    folder = tmp_path_factory.mktemp("e2e_probe")
    (folder / "probe.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    env = {"CITRA_PROBE_FILE": str(folder / "probe.json"), "PYTHONPATH": str(ROOT)}
    for base in _serve(folder, ROOT / "tests" / "e2e" / "markdown_probe.py", env):
        yield base, texts


def _drawn(page, prefix: str, n: int) -> list:
    """(elements drawn, paragraphs, code elements, text) of each probe container."""
    return page.evaluate(
        """([prefix, n, selector]) => Array.from({length: n}, (_, i) => {
            const box = document.querySelector(
                `.st-key-${prefix}_${i} [data-testid="stMarkdownContainer"]`);
            if (!box) return null;
            return [box.querySelectorAll(selector).length, box.querySelectorAll('p').length,
                    box.querySelectorAll('code').length, box.textContent];
        })""",
        [prefix, n, ELEMENTS],
    )


def test_escaped_markdown_renders_as_plain_text(probe, browser):
    """Each string, drawn by st.markdown in Chromium as md_text, is one paragraph of exactly its
    characters (controls as ⟨U+…⟩): no link, image, emphasis, code, heading, list, formula,
    icon, emoji or coloured text. As md_code it is one code element of the same characters."""
    from monitor.ui.safe_text import WORD_JOINER, visible_controls

    base, texts = probe
    page = _page(browser)
    page.goto(base)
    page.get_by_text("probe done").wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    problems = []
    for text, got in zip(texts, _drawn(page, "probe", len(texts)), strict=True):
        if got is None:
            problems.append((text, "not drawn"))
            continue
        elements, paragraphs, codes, content = got
        if (
            elements
            or codes
            or paragraphs > 1
            or content.replace(WORD_JOINER, "") != visible_controls(text)
        ):
            problems.append((text, elements, paragraphs, content))
    for text, got in zip(texts, _drawn(page, "code", len(texts)), strict=True):
        expected = visible_controls(text)
        if not expected:
            continue
        if got is None:
            problems.append((text, "code not drawn"))
            continue
        elements, paragraphs, codes, content = got
        if elements or codes != 1 or content.replace(WORD_JOINER, "") != expected:
            problems.append(("code", text, elements, codes, content))
    assert not problems, problems[:10]
    page.context.close()


def test_screenshots_exist():
    """The README shows these; a missing one is a broken page in the docs."""
    missing = [
        n
        for n in (
            "morning",
            "timeline",
            "comments",
            "complaints",
            "content",
            "upload",
            "events",
            "settings",
        )
        if not (SHOTS / f"{n}.png").exists()
    ]
    assert not missing, missing
