"""Hostile data on every page: author names, comment texts, event titles, file and mapping
names and share-link parameters full of Markdown (tests/hostile/make_corpus.py) are shown as the
characters written, never interpreted.

Each page is driven through AppTest over a store holding that data; every text Streamlit would
draw as Markdown (bodies of markdown, captions, alerts, titles; widget labels and help texts;
metric labels; progress texts) is checked for a construct a hostile value could have opened
there: a link or image, raw HTML, an autolink, a formula, a directive or icon, emphasis around
hostile words. Texts shown by widgets that never interpret (select-box options, ``st.text``,
table cells) are checked for invisible controls instead. Positive controls: the hostile names are
on the page, escaped, so nothing passes because it was not shown at all.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hostile.make_corpus import (
    BIDI_NAMES,
    DISPLAY_NAMES,
    HOSTILE_HOST,
    MARKUP,
    apify_item,
    markup_json,
)
from streamlit.testing.v1 import AppTest

from monitor.ui.safe_text import WORD_JOINER, is_hidden, md_text, plain_text
from monitor.ui.viewstate import MAX_ECHO_CHARS
from tests.app.conftest import write_seed_export

APP = str(Path(__file__).resolve().parents[2] / "app.py")
HOSTILE_POST = "CIhostile01"
DAY = date(2020, 12, 6)
FILE_NAME = f"![t](http://{HOSTILE_HOST}/file.png) [Klik](http://evil.example).json"
MAPPING_NAME = f"![m](http://{HOSTILE_HOST}/map.png) :red[RESMI]"
EVENT_TITLES = MARKUP[:6]
LINK_NAME = "**[Hubungi petugas](http://evil.example/login)**"
LINK_VALUE = f"![t](http://{HOSTILE_HOST}/link.png) :red[**PETUGAS RESMI**]"

PUNCT = re.escape(string.punctuation)
ESCAPED = re.compile(rf"\\[{PUNCT}]")
# Markup the app writes itself, which is not data.
OWN_MARKUP = re.compile(r":red\[▲\]|:material/(person|lock_open|home):|&#32;")
HOSTILE_WORDS = "tebal|miring|coret|kode|PETUGAS|RESMI|Judul|kutipan|daftar|kecil|biru"
INTERPRETED = {
    "link or image": re.compile(r"\]\s*[(\[]|!\["),
    "reference definition": re.compile(r"\[[^\]]*\]:"),
    "raw HTML or autolink": re.compile(r"<[A-Za-z/!?]"),
    "character reference": re.compile(r"&#?\w+;"),
    "formula": re.compile(r"\$"),
    "url autolink": re.compile(r"https?:|www\.", re.I),
    "e-mail autolink": re.compile(r"[\w.+-]@\w"),
    "directive": re.compile(r":[a-z][a-z0-9-]*\["),
    "icon or emoji shortcode": re.compile(r":material|:streamlit:|:[\w+-]+:"),
    "emphasis or code around hostile words": re.compile(rf"[*_~`]\s*({HOSTILE_WORDS})"),
    "block syntax": re.compile(r"(?m)^\s*(#|>|\d+[.)]\s|\|)"),
}
MARKDOWN_TYPES = {
    "markdown", "caption", "title", "header", "subheader", "success", "info", "warning",
    "error", "exception", "toast", "metric", "progress",
}  # fmt: skip


# --- the store ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    from monitor.analysis import events
    from monitor.ingest.pipeline import import_file
    from monitor.store import comments as comment_store
    from monitor.store import open_store

    folder = tmp_path_factory.mktemp("hostile_pages")
    db = folder / "hostile.db"
    store = open_store(f"sqlite:///{db}")
    import_file(store, write_seed_export(folder / "seed.json"))
    report = import_file(store, markup_json(), file_name=FILE_NAME)
    assert report.rows_new == len(DISPLAY_NAMES)
    for i, title in enumerate(EVENT_TITLES):
        events.add_event(
            store,
            DAY,
            title_id=title,
            title_en=title,
            category="other",
            source_url=f"https://news.example/{i}",
        )
    comment_store.save_mapping(store, MAPPING_NAME, {"text": "Isi komentar"})
    store.dispose()
    return db


@pytest.fixture
def hostile_env(hostile_db, app_env):
    return app_env(hostile_db)


# --- what is on the page -------------------------------------------------------------------------


def _walk(node) -> Iterator:
    kids = getattr(node, "children", None)
    if isinstance(kids, dict):
        for kid in kids.values():
            yield from _walk(kid)
    else:
        yield node


def markdown_texts(at: AppTest) -> list[tuple[str, str]]:
    """(where, source) of every text on the page that Streamlit renders as Markdown."""
    found = []
    for el in _walk(at._tree):
        proto = getattr(el, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        kind = getattr(el, "type", type(el).__name__)
        for field, value in proto.ListFields():
            if not isinstance(value, str) or not value:
                continue
            if field.name in ("label", "help") or (
                kind in MARKDOWN_TYPES and field.name in ("body", "text")
            ):
                found.append((f"{kind}.{field.name}", value))
    return found


def plain_texts(at: AppTest) -> list[tuple[str, str]]:
    """Texts widgets show without interpreting them: select-box options, st.text, table cells."""
    found = []
    for box in [*at.selectbox, *at.multiselect]:
        found += [(f"option of {box.key}", str(o)) for o in box.options]
    found += [("text", t.value) for t in at.text]
    for frame in at.dataframe:
        value = frame.value
        for column in value.columns:
            if str(column) in ("Penulis", "Author"):
                found += [("author cell", str(v)) for v in value[column]]
    return found


def interpreted(source: str) -> list[str]:
    """What a Markdown source would draw as something other than its characters."""
    bare = ESCAPED.sub("", OWN_MARKUP.sub("", source)).replace(WORD_JOINER, "")
    problems = [name for name, pattern in INTERPRETED.items() if pattern.search(bare)]
    if any(is_hidden(ch) for ch in source.replace(WORD_JOINER, "")):
        problems.append("invisible control")
    return problems


def emoji_part(ch: str) -> bool:
    return ch == "\u200d" or 0xE0020 <= ord(ch) < 0xE0080


def assert_inert(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    bad = [(where, src, interpreted(src)) for where, src in markdown_texts(at) if interpreted(src)]
    assert not bad, bad
    hidden = [
        (where, text)
        for where, text in plain_texts(at)
        if any(is_hidden(ch) and not emoji_part(ch) for ch in text)
    ]
    assert not hidden, hidden


def all_markdown(at: AppTest) -> str:
    return "\n".join(src for _, src in markdown_texts(at))


def start(params: dict[str, str] | None = None, secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


# --- the checker itself ------------------------------------------------------------------------


# Typography and backslashes are inert either way (covered in test_safe_text).
VISIBLE_MARKUP = [m for m in MARKUP if m not in ("-> <- <-> -- >= <= ~=", "a\\*b\\* \\")]


@pytest.mark.parametrize("value", [*VISIBLE_MARKUP, FILE_NAME, MAPPING_NAME, LINK_NAME, LINK_VALUE])
def test_the_checker_sees_raw_markup_and_passes_it_escaped(value):
    """The check can fail: each hostile value raw in a caption is caught, escaped it is not."""
    assert interpreted(f"{value} · 6 Des 2020"), value
    assert not interpreted(f"{md_text(value)} · 6 Des 2020")


@pytest.mark.parametrize("name", BIDI_NAMES)
def test_the_checker_sees_invisible_controls(name):
    assert interpreted(name)
    assert not interpreted(md_text(name))


# --- the pages ---------------------------------------------------------------------------------


def test_comment_details_show_hostile_authors_and_texts_as_text(hostile_env):
    at = start({"from": DAY.isoformat(), "to": DAY.isoformat(), "post": HOSTILE_POST})
    at.switch_page("app_pages/view_comments.py").run()
    assert_inert(at)
    picker = at.selectbox(key="comment_pick")
    assert len(picker.options) == len(DISPLAY_NAMES)
    shown_authors = set()
    for i in range(len(picker.options)):
        at.selectbox(key="comment_pick").select_index(i).run()
        assert_inert(at)
        captions = [c.value for c in at.caption]
        shown_authors |= {n for n in DISPLAY_NAMES if any(md_text(n) in c for c in captions)}
        assert at.text, "the comment text is shown"
    # Positive control: every hostile author was on the page, escaped.
    assert shown_authors == set(DISPLAY_NAMES)
    options = " ".join(at.selectbox(key="comment_pick").options)
    assert all(plain_text(n) in options for n in BIDI_NAMES)


def test_morning_view_with_hostile_comments_and_events(hostile_env):
    at = start({"day": DAY.isoformat()})
    assert_inert(at)
    assert any("Lonjakan" in s.value for s in at.subheader)


def test_timeline_event_study_with_hostile_titles(hostile_env):
    at = start({"from": "2020-11-20", "to": "2020-12-20"})
    at.switch_page("app_pages/view_timeline.py").run()
    assert_inert(at)
    picker = at.selectbox(key="vs_event")
    hostile = [i for i, o in enumerate(picker.options) if any(t in o for t in EVENT_TITLES)]
    assert len(hostile) == len(EVENT_TITLES), picker.options
    for i in hostile:
        at.selectbox(key="vs_event").select_index(i).run()
        assert_inert(at)
        assert at.metric, "the event study is shown"


def test_events_page_with_hostile_titles(hostile_env):
    at = start()
    at.switch_page("app_pages/manage_events.py").run()
    assert_inert(at)
    names = " ".join(at.selectbox(key="event_edit_pick").options)
    assert all(t in names for t in EVENT_TITLES)


def test_upload_page_with_hostile_file_and_mapping_names(hostile_env):
    at = start()
    at.switch_page("app_pages/manage_upload.py").run()
    assert_inert(at)
    assert any(FILE_NAME in o for o in at.selectbox(key="undo_pick").options)
    # A file with a hostile name: its panel, its preview, its import report.
    items = [
        apify_item(100 + i, t, ownerUsername=n)
        for i, (t, n) in enumerate(zip(MARKUP, BIDI_NAMES, strict=False))
    ]
    payload = json.dumps(items, ensure_ascii=False).encode("utf-8")
    at.file_uploader(key="uploads").set_value((FILE_NAME, payload, "application/json")).run()
    assert_inert(at)
    assert md_text(FILE_NAME) in all_markdown(at)
    at.button(key="import_button").click().run()
    assert_inert(at)
    assert any(s.value == "Laporan impor" for s in at.subheader)
    assert md_text(FILE_NAME) in all_markdown(at)
    # A broken file with a hostile name: the error names it, escaped.
    at.file_uploader(key="uploads").set_value(
        (FILE_NAME.replace(".json", ".csv"), b"", "text/csv")
    ).run()
    assert_inert(at)
    assert at.error
    # An unknown layout with hostile column names and a saved hostile mapping name.
    csv = f"Tanggal;Isi komentar;{MARKUP[0]}\n2021-01-05 10:00;Bansos belum cair;warga1\n"
    at.file_uploader(key="uploads").set_value(("sheet.csv", csv.encode(), "text/csv")).run()
    assert_inert(at)
    assert any(MAPPING_NAME in str(o) for b in at.selectbox for o in b.options)


def test_settings_page(hostile_env):
    at = start()
    at.switch_page("app_pages/manage_settings.py").run()
    assert_inert(at)


def test_crafted_share_link_notices_are_text(hostile_env):
    params = {
        LINK_NAME: LINK_VALUE,
        "from": LINK_VALUE,
        "post": f"{HOSTILE_POST},{LINK_VALUE}",
        "event": LINK_NAME,
        "metric": MARKUP[1],
        "x" * 300: "y" * 300,
    }
    at = start(params)
    assert_inert(at)
    notices = [i.value for i in at.info]
    assert len(notices) >= 5, notices
    text = "\n".join(notices)
    # Positive control: the crafted name and value are echoed, escaped and cut.
    assert md_text(LINK_NAME) in text
    assert md_text(LINK_VALUE) in text
    assert md_text("x" * (MAX_ECHO_CHARS - 1) + "…") in text
    assert "y" * (MAX_ECHO_CHARS + 1) not in text


def test_identity_provider_addresses_are_text(hostile_env):
    """The e-mail an identity provider reports is shown in the sidebar or the refusal."""
    oidc = {
        "auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32},
        "roles": {"analysts": ["[klik](http://evil.example)_a_@kemensos.go.id"], "viewers": []},
    }
    for email in (
        "[klik](http://evil.example)_a_@kemensos.go.id",
        f"![t](http://{HOSTILE_HOST}/x.png)@evil.example",
    ):
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in oidc.items():
            at.secrets[key] = value
        at.user = {"is_logged_in": True, "email": email}
        at.run()
        assert_inert(at)
        assert md_text(email) in all_markdown(at)


def test_complaint_queue_over_hostile_data(hostile_env):
    at = start({"status": "new,forwarded,answered,closed"})
    at.switch_page("app_pages/view_complaints.py").run()
    assert_inert(at)
    assert at.dataframe  # the queue is drawn


def test_content_page_over_hostile_captions(hostile_db, app_env, tmp_path):
    """Post captions and titles are the public's words too (a tweet's text): the Content
    page's ranking, a post's own view and its complaints show them as text."""
    import json
    import shutil

    from monitor.ingest.pipeline import import_file
    from monitor.store import open_store
    from tests.app.conftest import POSTS

    db = tmp_path / "hostile_content.db"
    shutil.copy(hostile_db, db)
    items = [
        {
            "shortCode": code,
            "caption": f"{title} #KuisSabtu",
            "type": "Image",
            "timestamp": "2020-11-01T01:00:00.000Z",
            "likesCount": 10,
        }
        for code, title in zip(POSTS, EVENT_TITLES, strict=False)
    ]
    export = tmp_path / "posts.json"
    export.write_text(json.dumps(items), encoding="utf-8")
    store = open_store(f"sqlite:///{db}")
    import_file(store, export)
    store.dispose()
    app_env(db)
    at = start({"post": POSTS[0]})
    at.switch_page("app_pages/view_content.py").run()
    assert_inert(at)
    assert len(at.dataframe) >= 3  # the types, the posts, the post's themes
