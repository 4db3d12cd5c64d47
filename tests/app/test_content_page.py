"""The Content page: posts ranked by reception, filters in the link, the types compared, one
post's own view, and content types set by hand (analysts only, audited)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from monitor.analysis.content import METRICS, UNTYPED
from monitor.nlp.content_types import TYPES
from monitor.ops import auth
from monitor.store import open_store
from monitor.store.audit import list_audit
from monitor.store.posts import get_post
from monitor.ui import viewstate
from tests.app.conftest import POSTS

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "app_pages/view_content.py"
ANALYST_PW = "analis-rahasia-1"
ROLES = {"roles": {"passwords": {"analyst": auth.hash_password(ANALYST_PW, rounds=4)}}}
CAPTIONS = {
    POSTS[0]: ("Penyaluran BST tahap 9 sudah tersalurkan #BansosTepatSasaran", "2020-10-20"),
    POSTS[1]: ("Kuis Sabtu! Tebak kata hari ini #KuisSabtu", "2020-11-15"),
    POSTS[2]: ("Transparansi anggaran: realisasi Rp 97,8 triliun", "2020-12-11"),
}


@pytest.fixture
def content_db(seeded_db, tmp_path) -> Path:
    """The seeded store with a post export giving its three posts captions and times."""
    import shutil

    from monitor.ingest.pipeline import import_file

    db = tmp_path / "content.db"
    shutil.copy(seeded_db, db)
    items = [
        {
            "shortCode": code,
            "caption": caption,
            "type": "Image",
            "url": f"https://www.instagram.com/p/{code}/",
            "timestamp": f"{day}T01:00:00.000Z",
            "likesCount": 100 + n,
            "commentsCount": 50,
        }
        for n, (code, (caption, day)) in enumerate(CAPTIONS.items())
    ]
    export = tmp_path / "posts.json"
    export.write_text(json.dumps(items), encoding="utf-8")
    store = open_store(f"sqlite:///{db}")
    import_file(store, export)
    store.dispose()
    return db


def open_page(params=None, secrets=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(PAGE).run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def posts_table(at: AppTest):
    return at.dataframe[1].value  # the first is the types compared


def test_posts_are_ranked_with_their_types(app_env, content_db):
    app_env(content_db)
    at = open_page()
    assert_clean(at)
    table = posts_table(at)
    assert len(table) == 3
    assert set(table["Jenis"]) == {
        "Informasi & progres program",
        "Kuis & trivia",
        "Transparansi anggaran",
    }
    nets = [float(v) for v in table["Indeks bersih"]]
    assert nets == sorted(nets, reverse=True)  # best received first


def test_the_type_filter_and_rank_live_in_the_link(app_env, content_db):
    app_env(content_db)
    at = open_page({"ctype": "kuis", "rank": "negative_share"})
    assert_clean(at)
    table = posts_table(at)
    assert list(table["Jenis"]) == ["Kuis & trivia"]
    assert "Porsi negatif" in table.columns
    at.multiselect(key="vs_ctypes").set_value(["kuis", "program"]).run()
    assert at.query_params["ctype"] in ("program,kuis", ["program,kuis"])
    assert len(posts_table(at)) == 2


def test_a_post_link_opens_its_own_view(app_env, content_db):
    app_env(content_db)
    at = open_page({"post": POSTS[1], "lang": "en"})
    assert_clean(at)
    assert any("Comments in the 72 hours after publishing" in m.value for m in at.markdown)
    assert any(m.value == "**Comment themes**" for m in at.markdown)
    specs = [c.proto.spec for c in at.get("vega_lite_chart")]
    assert len(specs) >= 2 and any("hour" in s for s in specs)  # the types compared, the hours


def test_the_types_are_compared_before_and_after_an_event(app_env, content_db):
    app_env(content_db)
    events = open_store(f"sqlite:///{content_db}")
    from monitor.analysis.events import list_events

    first = int(list_events(events)["id"].iloc[0])
    events.dispose()
    at = open_page({"event": str(first)})
    assert_clean(at)
    assert at.selectbox(key="vs_event").value == first


def test_an_analyst_sets_a_posts_types_and_the_audit_log_records_it(app_env, content_db):
    url = app_env(content_db)
    at = open_page({"post": POSTS[0]}, secrets=ROLES)
    at.text_input(key="citra_analyst_login_password").input(ANALYST_PW)
    at.button(key="citra_analyst_login_submit").click().run()
    at.switch_page(PAGE).run()
    assert_clean(at)
    at.multiselect(key=f"ct_manual_instagram_{POSTS[0]}").set_value(["layanan"]).run()
    at.button(key="ct_save_types").click().run()
    assert_clean(at)
    store = open_store(url)
    try:
        assert get_post(store, "instagram", POSTS[0])["manual_types"] == "layanan"
        assert (list_audit(store)["action"] == "post_types").sum() == 1
    finally:
        store.dispose()
    assert "Pengumuman layanan" in set(posts_table(at)["Jenis"])


def test_a_viewer_gets_no_way_to_set_types(app_env, content_db):
    app_env(content_db)
    at = open_page({"post": POSTS[0]}, secrets=ROLES)
    assert_clean(at)
    assert not any(b.key == "ct_save_types" for b in at.button)


def test_the_links_choices_are_the_librarys():
    assert (*TYPES, UNTYPED) == viewstate.CONTENT_TYPES
    assert viewstate.RANKS == METRICS


def test_content_link_fields_round_trip_and_bad_ones_are_noted():
    state, notices = viewstate.parse({"ctype": "kuis,program", "rank": "engagement"})
    assert (state.ctypes, state.rank, notices) == (("program", "kuis"), "engagement", [])
    assert viewstate.serialise(state) == {"ctype": "program,kuis", "rank": "engagement"}
    state, notices = viewstate.parse({"ctype": "kuis,hiburan", "rank": "likes"})
    assert state.ctypes == ("kuis",) and state.rank == "net_index"
    assert {n.param for n in notices} == {"ctype", "rank"}


def _sign_in(at: AppTest) -> AppTest:
    at.text_input(key="citra_analyst_login_password").input(ANALYST_PW)
    at.button(key="citra_analyst_login_submit").click().run()
    return at.switch_page("app_pages/manage_settings.py").run()


def test_the_rules_and_followers_are_edited_in_the_settings(app_env, content_db):
    from monitor.ops import settings as settings_mod

    url = app_env(content_db)
    at = _sign_in(open_page(secrets=ROLES))
    assert_clean(at)
    assert "kuis\tword\tkuis" in at.text_area(key="content_rules_text").value  # the shipped file
    at.text_area(key="content_rules_text").set_value("layanan\tword\tkuis\n")
    at.text_area(key="followers_text").set_value("instagram: 5.200.000")
    at.button(key="content_save").click().run()
    assert_clean(at)
    store = open_store(url)
    try:
        saved = settings_mod.load(store)
    finally:
        store.dispose()
    assert saved.content_type_rules == "layanan\tword\tkuis\n"
    assert saved.followers == {"instagram": 5_200_000}
    at.switch_page(PAGE).run()
    assert "Pengumuman layanan" in set(posts_table(at)["Jenis"])  # the edited rules apply


def test_bad_rules_in_the_settings_are_refused_naming_the_line(app_env, content_db):
    from monitor.ops import settings as settings_mod

    url = app_env(content_db)
    at = _sign_in(open_page(secrets=ROLES))
    at.text_area(key="content_rules_text").set_value("kuis\tword\tkuis\nhiburan\tword\tlucu")
    at.button(key="content_save").click().run()
    shown = [e.value for e in at.error]  # Markdown-escaped
    assert any("line 2" in v and "hiburan" in v for v in shown), shown
    store = open_store(url)
    try:
        assert settings_mod.load(store).content_type_rules == ""
    finally:
        store.dispose()


def test_a_post_export_is_previewed_imported_and_undone_on_the_upload_page(app_env):
    from monitor.store.posts import read_posts
    from tests.ingest_helpers import FIXTURES

    url = app_env()
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/manage_upload.py").run()
    payload = (FIXTURES / "apify_posts.json").read_bytes()
    at.file_uploader(key="uploads").set_value(("posts.json", payload, "application/json")).run()
    assert_clean(at)
    preview = at.dataframe[0].value
    assert len(preview) == 3 and "Keterangan" in preview.columns
    at.button(key="import_button").click().run()
    assert_clean(at)
    assert any("bukan komentar" in c.value for c in at.caption)
    store = open_store(url)
    try:
        assert len(read_posts(store)) == 3
        at.button(key="undo_button").click().run()
        assert_clean(at)
        assert read_posts(store).empty  # the posts it brought in, with no comment under them
    finally:
        store.dispose()
