"""The anatomy beyond the spike card: the Timeline's copy-paste line on spike days, the
Comments page grouped by account (in the share link), the Morning view's "main issues this
week" and the campaign rule on the Settings page."""

from __future__ import annotations

from datetime import date

from monitor.ops import settings as settings_mod
from monitor.ops.privacy import pseudonym
from monitor.store import open_store
from monitor.ui import viewstate as vs
from tests.analytics_helpers import add_comments, row
from tests.app.test_anatomy_page import _with_campaign
from tests.app.test_pages import assert_clean, open_page, start

SPIKE = {"from": "2020-12-01", "to": "2020-12-10"}


def _link(at) -> dict[str, str]:
    return {k: at.query_params.get(k) for k in at.query_params}


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_timeline_says_the_copy_paste_share_of_a_spike_day(app_env, seeded_db):
    _with_campaign(app_env(seeded_db))
    at = open_page("app_pages/view_timeline.py", SPIKE)
    assert_clean(at)
    text = _markdown(at)
    assert "Salin-tempel pada hari lonjakan" in text
    assert "7 Des 2020: 47% dari 2 kampanye salin-tempel oleh 35 akun" in text
    english = open_page("app_pages/view_timeline.py", {**SPIKE, "lang": "en"})
    assert "47% from 2 copy-paste campaigns of 35 accounts" in _markdown(english)


def test_the_timeline_has_no_copy_paste_line_without_a_campaign(app_env, seeded_db):
    app_env(seeded_db)
    at = open_page("app_pages/view_timeline.py", {"from": "2020-11-01", "to": "2020-11-30"})
    assert_clean(at)
    assert "Salin-tempel pada hari lonjakan" not in _markdown(at)


def test_comments_grouped_by_account_live_in_the_link(app_env, seeded_db):
    url = app_env(seeded_db)
    store = open_store(url)
    add_comments(
        store,
        [row(date(2020, 12, 7), author="si_ramai", text=f"komentar {i}") for i in range(40)],
    )
    store.dispose()
    at = open_page("app_pages/view_comments.py", {"from": "2020-12-07", "to": "2020-12-07"})
    at.segmented_control(key="vs_group").set_value("account").run()
    assert_clean(at)
    assert at.query_params.get("group") == "account"
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Platform",
        "Akun",
        "Komentar",
        "Unggahan",
        "Terbanyak di satu unggahan",
        "Bagian",
        "Pertama terlihat",
    ]
    assert table["Akun"].iloc[0] == "si_ramai" and table["Komentar"].iloc[0] == 40
    assert any("akun" in m.value for m in at.markdown)
    shared = open_page("app_pages/view_comments.py", _link(at))  # a new visit from the link
    assert_clean(shared)
    assert shared.segmented_control(key="vs_group").value == "account"
    assert shared.dataframe[0].value.equals(table)


def test_a_pseudonymised_store_groups_by_pseudonym(app_env, seeded_db):
    url = app_env(seeded_db)
    store = open_store(url)
    alias = pseudonym("nama_asli", "kunci")
    add_comments(store, [row(date(2020, 12, 7), author=alias, text=f"k {i}") for i in range(40)])
    store.dispose()
    at = open_page(
        "app_pages/view_comments.py", {"from": "2020-12-07", "to": "2020-12-07", "group": "account"}
    )
    assert_clean(at)
    names = at.dataframe[0].value["Akun"].tolist()
    assert names[0] == alias and "nama_asli" not in " ".join(names)


def test_group_is_a_view_state_field_that_round_trips():
    state, notices = vs.parse({"group": "account", "page": "comments"})
    assert state.group == "account" and notices == []
    assert vs.serialise(state) == {"group": "account"}
    assert vs.parse(vs.serialise(state))[0] == vs.with_changes(state, page="morning")
    assert vs.serialise(vs.ViewState()) == {}  # one comment a row is the default
    bad, notices = vs.parse({"group": "akun"})
    assert bad.group == "comment" and [n.param for n in notices] == ["group"]


def test_the_morning_view_shows_the_main_issues_of_the_week(app_env, seeded_db):
    app_env(seeded_db)
    at = start({"day": "2020-12-07"})
    assert_clean(at)
    assert any(h.value == "Isu utama minggu ini" for h in at.subheader)
    lines = [m.value for m in at.markdown if m.value.startswith("- **")]
    assert lines and all("komentar" in line for line in lines)
    assert any("× biasanya" in line or "baru" in line for line in lines)
    issues = next(d.value for d in at.dataframe if "Per hari" in d.value.columns)
    assert len(issues) == len(lines) and issues["Komentar"].min() > 0
    english = start({"day": "2020-12-07", "lang": "en"})
    assert any(h.value == "Main issues this week" for h in english.subheader)


def test_the_settings_page_saves_the_campaign_rule(app_env):
    url = app_env()
    at = open_page("app_pages/manage_settings.py")
    assert at.number_input(key="anatomy_min_accounts").value == 5
    assert at.number_input(key="anatomy_similarity").value == 0.6
    at.number_input(key="anatomy_min_accounts").set_value(12)
    at.number_input(key="anatomy_window_minutes").set_value(30)
    at.button[0].click().run()  # the form's save
    assert_clean(at)
    store = open_store(url)
    try:
        got = settings_mod.load(store)
    finally:
        store.dispose()
    assert got.anatomy_min_accounts == 12 and got.anatomy_window_minutes == 30
    assert (
        open_page("app_pages/manage_settings.py").number_input(key="anatomy_min_accounts").value
        == 12
    )
