"""The Complaints page: the queue by unit, oldest first; filters in the link; bulk actions for
analysts, checked against what the page showed; viewers look and cannot change a status by
any route (no control, a URL parameter, a replayed widget event)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from monitor.ops import auth
from monitor.ops import complaints as queue_ops
from monitor.store import complaint_status as cs
from monitor.store import open_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "app_pages/view_complaints.py"
ANALYST_PW = "analis-rahasia-1"
ROLES = {"roles": {"passwords": {"analyst": auth.hash_password(ANALYST_PW, rounds=4)}}}


def open_page(params: dict[str, str] | None = None, secrets: dict | None = None) -> AppTest:
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


def queue(url: str, **kwargs):
    store = open_store(url)
    try:
        return queue_ops.queue(store, **kwargs)
    finally:
        store.dispose()


def history(url: str, key):
    store = open_store(url)
    try:
        return cs.history(store, key)
    finally:
        store.dispose()


def table(at: AppTest):
    return at.dataframe[1].value  # the first is the count per unit


def test_the_queue_is_shown_by_unit_oldest_first(app_env, seeded_db):
    url = app_env(seeded_db)
    at = open_page()
    assert_clean(at)
    assert [t.value for t in at.title] == ["Antrean aduan"]
    expected = queue(url)
    shown = table(at)
    assert len(shown) == len(expected) > 0
    assert shown["Akun"].tolist() == expected["author"].tolist()  # oldest first
    by_unit = at.dataframe[0].value
    assert set(by_unit["Unit"]) == {u or "Di luar kewenangan (rujuk)" for u in expected["unit"]}
    # the count per unit covers every complaint of the filters (not only the rows drawn)
    counts = by_unit["Aduan"].map(lambda n: int(str(n).replace(".", "")))
    assert counts.sum() == len(expected)
    assert any(m.value == f"**{len(expected)} aduan**" for m in at.markdown)
    assert shown["Tautan"].iloc[0].startswith("https://www.instagram.com/p/")
    assert "/c/" in shown["Tautan"].iloc[0]  # a link to the comment itself


def test_filters_live_in_the_link(app_env, seeded_db):
    url = app_env(seeded_db)
    unit = "Ditjen Penanganan Fakir Miskin"
    at = open_page({"unit": unit, "status": "new"})
    assert_clean(at)
    assert set(table(at)["Unit"]) == {unit}
    assert len(table(at)) == len(queue(url, units=[unit], statuses=["new"]))
    at.pills(key="vs_statuses").set_value(["closed"]).run()
    assert at.query_params["status"] == "closed"
    assert at.query_params["unit"] == unit
    assert any(i.value == "Tidak ada aduan dengan filter ini." for i in at.info)


def test_an_analyst_forwards_a_selection_and_it_is_recorded(app_env, seeded_db):
    url = app_env(seeded_db)
    at = open_page()  # open mode: everyone is an analyst
    first = queue(url).iloc[:2]
    keys = [f"{p}:{c}" for p, c in zip(first["platform"], first["comment_id"], strict=True)]
    at.multiselect(key="cq_pick").set_value(keys).run()
    at.selectbox(key="cq_unit").set_value("Inspektorat Jenderal").run()
    at.button(key="cq_forward").click().run()
    assert_clean(at)
    assert any("2 aduan diubah menjadi Diteruskan" in s.value for s in at.success)
    for p, c in zip(first["platform"], first["comment_id"], strict=True):
        (change,) = history(url, (p, c))
        assert (change.to_status, change.unit) == ("forwarded", "Inspektorat Jenderal")
    at.checkbox(key="cq_pick_all").check().run()
    at.button(key="cq_close").click().run()
    assert_clean(at)
    assert queue(url).empty  # every open complaint closed
    assert any(i.value == "Tidak ada aduan dengan filter ini." for i in at.info)


def test_a_change_on_a_stale_list_is_refused(app_env, seeded_db):
    url = app_env(seeded_db)
    at = open_page()
    row = queue(url).iloc[0]
    key = (row["platform"], row["comment_id"])
    at.multiselect(key="cq_pick").set_value([f"{key[0]}:{key[1]}"]).run()
    store = open_store(url)
    cs.set_status(store, [key], "forwarded", unit="Biro Humas", who="rekan")  # meanwhile
    store.dispose()
    at.button(key="cq_close").click().run()
    assert any("was changed by rekan since you saw it" in e.value for e in at.error)
    assert [c.changed_by for c in history(url, key)] == ["rekan"]


def test_the_handover_is_an_excel_file_of_the_unit(app_env, seeded_db):
    app_env(seeded_db)
    at = open_page()
    assert_clean(at)
    unit = "Ditjen Penanganan Fakir Miskin"
    at.selectbox(key="cq_xlsx_unit").set_value(unit).run()
    assert_clean(at)
    assert at.get("download_button")


# --- viewers ------------------------------------------------------------------------------------


def test_a_viewer_sees_the_queue_but_no_control(app_env, seeded_db):
    app_env(seeded_db)
    at = open_page(secrets=ROLES)
    assert_clean(at)
    assert len(table(at)) > 0
    assert not [b for b in at.button if b.key and b.key.startswith("cq_")]
    assert not [m for m in at.multiselect if m.key == "cq_pick"]
    assert any("hanya diubah oleh analis" in c.value for c in at.caption)


def test_an_analyst_sees_the_controls_after_signing_in(app_env, seeded_db):
    """Positive control for the viewer test: the same checks find the analyst's controls."""
    app_env(seeded_db)
    at = open_page(secrets=ROLES)
    at.text_input(key="citra_analyst_login_password").input(ANALYST_PW)
    at.button(key="citra_analyst_login_submit").click().run()
    at.switch_page(PAGE).run()
    assert {"cq_forward", "cq_answered", "cq_close"} <= {b.key for b in at.button}


@pytest.mark.parametrize(
    "params",
    [
        {"status": "closed", "cq_close": "1"},
        {"action": "close", "ids": "all", "can_edit": "1", "_citra_can_edit": "true"},
    ],
)
def test_url_parameters_change_no_status(app_env, seeded_db, params):
    url = app_env(seeded_db)
    before = queue(url, statuses=None)["status"].tolist()
    at = open_page(params, secrets=ROLES)
    assert not at.exception
    assert not [b for b in at.button if b.key and b.key.startswith("cq_")]
    assert queue(url, statuses=None)["status"].tolist() == before


def test_a_replayed_widget_event_changes_nothing_for_a_viewer(app_env, seeded_db):
    """An analyst's widget values forced into a viewer's session (as a replayed event would
    carry them) change no status: the controls are not there, and the action asks again."""
    url = app_env(seeded_db)
    row = queue(url).iloc[0]
    key = f"{row['platform']}:{row['comment_id']}"
    at = open_page(secrets=ROLES)
    for name, value in (
        ("cq_pick", [key]),
        ("cq_pick_all", True),
        ("cq_unit", "Biro Humas"),
        ("cq_forward", True),
        ("cq_close", True),
        ("cq_answered", True),
    ):
        at.session_state[name] = value
    at.run()
    assert not at.exception
    assert history(url, (row["platform"], row["comment_id"])) == []


# --- the handover workbook (library) -----------------------------------------------------------


def test_the_handover_workbook_is_formula_safe_with_links(store):
    from datetime import date

    from tests.analytics_helpers import add_comments, row

    day = date(2021, 3, 1)
    add_comments(
        store,
        [
            row(day, comment_id="a1", complaint=True, category="bantuan_belum_cair",
                text="=HYPERLINK(\"http://evil\")", author="@budi"),
            row(day, hour=9, comment_id="y1", platform="youtube", post_id="vid1", complaint=True,
                category="bantuan_belum_cair", text="PKH belum cair"),
            row(day, comment_id="o1", complaint=True, category="bencana", text="banjir"),
        ],
    )  # fmt: skip
    unit = "Ditjen Penanganan Fakir Miskin"
    book = load_workbook(io.BytesIO(queue_ops.handover_xlsx(store, unit)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (f"Unit: {unit}",) + (None,) * (len(rows[1]) - 1)
    header = rows[1]
    body = [dict(zip(header, r, strict=True)) for r in rows[2:]]
    assert [b["id"] for b in body] == ["instagram:a1", "youtube:y1"]  # bencana is another unit
    assert body[0]["text"] == '\'=HYPERLINK("http://evil")'
    assert body[0]["author"] == "'@budi"
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
    assert body[0]["link"] == "https://www.instagram.com/p/P1/c/a1/"
    assert body[1]["link"] == "https://www.youtube.com/watch?v=vid1&lc=y1"
    link_col = header.index("link") + 1
    assert sheet.cell(row=3, column=link_col).hyperlink.target == body[0]["link"]
