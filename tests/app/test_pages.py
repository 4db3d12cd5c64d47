"""Every page as a person uses it, through Streamlit's AppTest (no browser)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from monitor.store import open_store
from monitor.store.schema import comments, corrections, imports

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = [
    "app_pages/view_morning.py",
    "app_pages/view_timeline.py",
    "app_pages/view_comments.py",
    "app_pages/view_complaints.py",
    "app_pages/view_content.py",
    "app_pages/manage_upload.py",
    "app_pages/manage_events.py",
    "app_pages/manage_settings.py",
]
TITLES = {
    "app_pages/view_morning.py": "Ringkasan pagi",
    "app_pages/view_timeline.py": "Linimasa sentimen",
    "app_pages/view_comments.py": "Komentar",
    "app_pages/view_complaints.py": "Antrean aduan",
    "app_pages/view_content.py": "Konten",
    "app_pages/manage_upload.py": "Unggah ekspor komentar",
    "app_pages/manage_events.py": "Peristiwa berita",
    "app_pages/manage_settings.py": "Pengaturan",
}


def start(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def open_page(page: str, params: dict[str, str] | None = None) -> AppTest:
    at = start(params)
    if page != "app_pages/view_morning.py":
        at.switch_page(page).run()
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def results_count(at: AppTest) -> int:
    for md in at.markdown:
        text = md.value
        if "komentar cocok" in text or "matching comments" in text:
            return int(text.strip("*").split()[0].replace(".", "").replace(",", ""))
    raise AssertionError("no result count on the page")


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_empty_store(app_env, page):
    app_env()
    at = open_page(page)
    assert_clean(at)
    assert at.title[0].value == TITLES[page]
    if page.startswith("app_pages/view_"):
        assert any("Belum ada data" in i.value for i in at.info)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_seeded_store(app_env, seeded_db, page):
    app_env(seeded_db)
    at = open_page(page)
    assert_clean(at)
    assert at.title[0].value == TITLES[page]
    assert not any("Belum ada data" in i.value for i in at.info)


def test_morning_view_shows_figures_spikes_and_waiting_complaints(app_env, seeded_db):
    app_env(seeded_db)
    at = start({"day": "2020-12-06"})
    assert_clean(at)
    labels = [m.label for m in at.metric]
    assert labels[:5] == [
        "Komentar",
        "Indeks bersih",
        "Porsi negatif",
        "Keluhan",
        "Keluhan belum dibalas",
    ]
    comments_metric = at.metric[0]
    assert int(comments_metric.value.replace(".", "")) > 30  # the seeded burst
    assert comments_metric.delta.startswith("+")
    assert "6 Des 2020" in " ".join(c.value for c in at.caption)
    subheaders = [s.value for s in at.subheader]
    assert "Lonjakan 7 hari terakhir" in subheaders
    assert "Keluhan yang paling lama menunggu" in subheaders
    assert at.query_params.get("day") == "2020-12-06"


def test_language_switch_and_link_parameter(app_env, seeded_db):
    app_env(seeded_db)
    at = start({"lang": "en"})
    assert at.title[0].value == "Morning view"
    at.switch_page("app_pages/view_timeline.py").run()
    assert at.title[0].value == "Sentiment timeline"
    assert at.query_params.get("lang") == "en"
    at.segmented_control(key="vs_lang").set_value("id").run()
    assert at.title[0].value == "Linimasa sentimen"
    assert "lang" not in at.query_params


def test_platform_filter_lives_in_the_link_and_follows_every_page(app_env, seeded_db):
    app_env(seeded_db)
    at = start({"platform": "youtube,x"})
    assert_clean(at)
    assert at.multiselect(key="vs_platforms").value == ["x", "youtube"]
    assert at.query_params.get("platform") == "x,youtube"
    at.switch_page("app_pages/view_comments.py").run()
    assert at.multiselect(key="vs_platforms").value == ["x", "youtube"]
    assert at.query_params.get("platform") == "x,youtube"
    at.multiselect(key="vs_platforms").set_value(["instagram"]).run()
    assert at.query_params.get("platform") == "instagram"
    at.multiselect(key="vs_platforms").set_value([]).run()
    assert "platform" not in at.query_params


def test_query_parameters_set_timeline_state(app_env, seeded_db):
    app_env(seeded_db)
    params = {"from": "2020-11-15", "to": "2020-12-10", "metric": "net", "post": "CHpostBBB02"}
    at = open_page("app_pages/view_timeline.py", params)
    assert_clean(at)
    assert at.date_input(key="vs_range").value == (date(2020, 11, 15), date(2020, 12, 10))
    assert at.segmented_control(key="vs_metric").value == "net"
    assert at.multiselect(key="vs_posts").value == ["CHpostBBB02"]
    assert "15 Nov 2020 – 10 Des 2020" in " ".join(c.value for c in at.caption)
    for key, value in params.items():
        assert at.query_params.get(key) == value


def test_widget_changes_are_written_to_the_link(app_env, seeded_db):
    app_env(seeded_db)
    at = open_page("app_pages/view_timeline.py")
    at.date_input(key="vs_range").set_value((date(2020, 11, 1), date(2020, 11, 30))).run()
    at.segmented_control(key="vs_metric").set_value("negshare").run()
    assert at.query_params.get("from") == "2020-11-01"
    assert at.query_params.get("to") == "2020-11-30"
    assert at.query_params.get("metric") == "negshare"
    # The range is shared: the Comments page opens on the same days.
    at.switch_page("app_pages/view_comments.py").run()
    assert at.date_input(key="vs_range").value == (date(2020, 11, 1), date(2020, 11, 30))
    assert at.query_params.get("from") == "2020-11-01"


@pytest.mark.parametrize(
    ("params", "expected_notice"),
    [
        ({"from": "2020-13-45"}, "tidak valid"),
        ({"bogus": "1"}, "tidak dikenal"),
        ({"event": "999999"}, "tidak ada lagi"),
        ({"post": "NoSuchPost"}, "tidak ada lagi"),
        ({"from": "2020-12-10", "to": "2020-11-01"}, "tertukar"),
        ({"from": "2019-01-01", "to": "2020-11-01"}, "disesuaikan"),
        ({"metric": "<script>"}, "tidak valid"),
    ],
)
def test_bad_or_stale_link_parameters_fall_back_gently(app_env, seeded_db, params, expected_notice):
    app_env(seeded_db)
    at = start(params)  # the notice shows on the page the link opens
    assert_clean(at)
    assert any(expected_notice in i.value for i in at.info), [i.value for i in at.info]
    at.switch_page("app_pages/view_timeline.py").run()
    assert_clean(at)
    assert at.title[0].value == "Linimasa sentimen"


def test_comment_filters_change_what_is_shown(app_env, seeded_db):
    app_env(seeded_db)
    at = open_page("app_pages/view_comments.py", {"from": "2020-10-20", "to": "2021-01-02"})
    assert_clean(at)
    everything = results_count(at)
    at.pills(key="vs_sentiments").set_value(["negative"]).run()
    negative = results_count(at)
    assert 0 < negative < everything
    assert at.query_params.get("sent") == "negative"
    at.segmented_control(key="vs_answered").set_value("answered").run()
    answered = results_count(at)
    assert answered < negative or answered == 0
    assert at.query_params.get("ans") == "answered"


def test_stem_search_finds_derived_words(app_env, seeded_db):
    app_env(seeded_db)
    at = open_page("app_pages/view_comments.py", {"from": "2020-10-20", "to": "2021-01-02"})
    at.text_input(key="vs_q").set_value("bantu").run()
    assert_clean(at)
    assert results_count(at) > 0
    table = at.dataframe[0].value
    texts = " ".join(table["Teks"].astype(str)).lower()
    assert "membantu" in texts or "bantuan" in texts
    assert at.query_params.get("q") == "bantu"


def test_label_correction_persists(app_env, seeded_db):
    url = app_env(seeded_db)
    at = open_page("app_pages/view_comments.py", {"from": "2020-12-06", "to": "2020-12-06"})
    from monitor.store import queries

    store = open_store(url)
    day = date(2020, 12, 6)
    shown, _ = queries.search_comments(store, queries.CommentFilter(start=day, end=day), limit=5)
    store.dispose()
    comment_id = shown["comment_id"].iloc[0]
    at.selectbox(key="comment_pick").set_value(f"instagram:{comment_id}").run()
    assert_clean(at)
    radio = at.radio(key="correct_label")
    new_label = next(o for o in ("positive", "neutral", "negative") if o != radio.value)
    radio.set_value(new_label)
    at.button(key="correct_save").click().run()
    assert_clean(at)
    assert any("dikoreksi" in s.value for s in at.success)
    store = open_store(url)
    with store.connect() as conn:
        stored = conn.execute(
            select(comments.c.corrected_label).where(comments.c.comment_id == comment_id)
        ).scalar_one()
        audit = conn.execute(select(corrections.c.label)).scalars().all()
    store.dispose()
    assert stored == new_label
    assert audit == [new_label]


def test_upload_preview_import_report_and_undo(app_env, tmp_path):
    from tests.app.conftest import seed_items

    url = app_env()
    payload = json.dumps(seed_items()[:60], ensure_ascii=False).encode("utf-8")
    at = open_page("app_pages/manage_upload.py")
    at.file_uploader(key="uploads").set_value(("export.json", payload, "application/json")).run()
    assert_clean(at)
    assert any("`apify`" in m.value for m in at.markdown)
    assert len(at.dataframe[0].value) > 0  # the preview
    at.button(key="import_button").click().run()
    assert_clean(at)
    assert any(s.value == "Laporan impor" for s in at.subheader)
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Baru"]) >= 60
    store = open_store(url)
    with store.connect() as conn:
        assert conn.execute(select(imports.c.status)).scalars().all() == ["done"]
    at.button(key="undo_button").click().run()
    assert_clean(at)
    with store.connect() as conn:
        assert conn.execute(select(imports.c.status)).scalars().all() == ["undone"]
        assert conn.execute(select(comments.c.comment_id)).first() is None
    store.dispose()


def test_unknown_layout_asks_for_a_column_mapping(app_env):
    app_env()
    csv = b"Tanggal;Isi komentar;Akun\n2021-01-05 10:00;Bansos belum cair;warga1\n"
    at = open_page("app_pages/manage_upload.py")
    at.file_uploader(key="uploads").set_value(("sheet.csv", csv, "text/csv")).run()
    assert_clean(at)
    assert any("Pemetaan kolom" in m.value for m in at.markdown)


def test_events_can_be_added(app_env, seeded_db):
    url = app_env(seeded_db)
    at = open_page("app_pages/manage_events.py")
    assert_clean(at)
    before = len(at.dataframe[0].value) if at.dataframe else 0
    at.text_input[0].set_value("Rapat dengar pendapat DPR")
    at.button[0].click().run()
    assert_clean(at)
    assert len(at.dataframe[0].value) == before + 1
    from monitor.analysis import events

    store = open_store(url)
    titles = list(events.list_events(store)["title_id"])
    store.dispose()
    assert "Rapat dengar pendapat DPR" in titles


def test_settings_are_saved(app_env):
    url = app_env()
    at = open_page("app_pages/manage_settings.py")
    at.text_input(key="owner_instagram").set_value("@kemensos_test")
    at.button[0].click().run()
    assert_clean(at)
    from monitor.ops import settings

    store = open_store(url)
    assert settings.load(store).account == "kemensos_test"
    store.dispose()


def test_demo_data_is_labelled_and_removable(app_env, monkeypatch):
    url = app_env()
    monkeypatch.setenv("CITRA_DEMO", "1")
    from monitor.demo import generator as demo

    monkeypatch.setattr(demo, "load_demo", lambda store: _small_demo(store))
    at = start()
    assert_clean(at)
    assert any("Data demo" in w.value for w in at.warning)
    at.button(key="demo_remove").click().run()
    assert_clean(at)
    assert not any("Data demo" in w.value for w in at.warning)
    store = open_store(url)
    with store.connect() as conn:
        assert conn.execute(select(comments.c.comment_id)).first() is None
    store.dispose()


def _small_demo(store):
    from monitor.ingest.pipeline import import_file
    from tests.app.conftest import seed_items

    payload = json.dumps(seed_items()[:40]).encode("utf-8")
    return import_file(store, payload, file_name="demo.json", is_demo=True)


def test_paging_shows_the_next_rows_and_is_in_the_link(app_env, seeded_db):
    app_env(seeded_db)
    at = open_page("app_pages/view_comments.py", {"from": "2020-10-20", "to": "2021-01-02"})
    first = list(at.dataframe[0].value["Teks"])
    at.number_input(key="vs_p").set_value(2).run()
    assert_clean(at)
    second = list(at.dataframe[0].value["Teks"])
    assert at.query_params.get("p") == "2"
    assert first != second
    # A new filter starts again from the first page.
    at.pills(key="vs_sentiments").set_value(["positive"]).run()
    assert "p" not in at.query_params


def test_viewer_sees_no_analyst_actions(app_env, seeded_db):
    """With a team password configured, a visitor who has not signed in only views."""
    from monitor.ops.auth import hash_password

    url = app_env(seeded_db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["roles"] = {"passwords": {"analyst": hash_password("rahasia-tim", rounds=4)}}
    at.run()
    assert_clean(at)
    assert not any("Mode terbuka" in c.value for c in at.sidebar.caption)
    with pytest.raises(ValueError):
        at.switch_page("app_pages/manage_upload.py")
    at.switch_page("app_pages/view_comments.py").run()
    from monitor.store import queries

    store = open_store(url)
    first, _ = queries.search_comments(store, queries.CommentFilter(), limit=1)
    store.dispose()
    at.selectbox(key="comment_pick").set_value(f"instagram:{first['comment_id'].iloc[0]}").run()
    assert_clean(at)
    assert any(s.value == "Rincian komentar" for s in at.subheader)
    assert at.text  # the comment itself is shown
    assert not [r for r in at.radio if r.key == "correct_label"]
    at.switch_page("app_pages/manage_events.py").run()
    assert_clean(at)
    assert not at.tabs  # no add/edit/import for viewers


@pytest.mark.parametrize("page", PAGES)
def test_a_page_run_on_its_own_shows_nothing(app_env, seeded_db, page):
    """Without app.py (sign-in, access check) a page only points to the start page."""
    app_env(seeded_db)
    at = AppTest.from_file(str(Path(APP).parent / page), default_timeout=60).run()
    assert not at.exception
    assert [i.value for i in at.info] == ["Buka Citra dari halaman awalnya."]
    assert not at.title and not at.dataframe and not at.button
