"""Service levels on the pages: the tables per unit and per platform on the Complaints page, the
"overdue" filter in its link, and the Morning view's flag that leads there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from test_complaints_page import assert_clean, open_page, queue, table

from monitor.ops import service_levels as sl
from monitor.store import open_store
from tests.analytics_helpers import add_comments, row

MORNING = "app_pages/view_morning.py"


def add_fresh_complaint(url: str) -> str:
    """An open complaint made an hour ago: in the queue, not yet overdue."""
    created = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=1)
    fresh = row(created.date(), complaint=True, category="bantuan_belum_cair", comment_id="fresh")
    fresh.update(created_at_utc=created, day=(created + timedelta(hours=7)).date())
    store = open_store(url)
    try:
        add_comments(store, [fresh])
    finally:
        store.dispose()
    return "fresh"


def overdue_ids(url: str) -> list[str]:
    store = open_store(url)
    try:
        return sl.overdue(store)["comment_id"].tolist()
    finally:
        store.dispose()


def levels(url: str, by: str):
    store = open_store(url)
    try:
        return sl.service_levels(store, by)
    finally:
        store.dispose()


def test_the_complaints_page_shows_service_levels_per_unit_and_platform(app_env, seeded_db):
    url = app_env(seeded_db)
    at = open_page()
    assert_clean(at)
    assert any(s.value == "Kecepatan balasan" for s in at.subheader)
    per_unit, per_platform = at.dataframe[2].value, at.dataframe[3].value
    expected = levels(url, "unit")
    assert len(per_unit) == len(expected) > 0
    assert per_unit["Aduan"].tolist() == [str(n) for n in expected["complaints"]]
    assert per_unit["Lewat target"].tolist() == [str(n) for n in expected["overdue"]]
    assert "Median waktu balas" in per_unit.columns and "Dalam target" in per_unit.columns
    assert per_platform["Platform"].tolist() == ["Instagram"]
    assert per_platform["Aduan"].tolist() == [str(levels(url, "platform")["complaints"][0])]


def test_the_overdue_filter_lives_in_the_link(app_env, seeded_db):
    url = app_env(seeded_db)
    fresh = add_fresh_complaint(url)
    everything = open_page()
    assert fresh in queue(url)["comment_id"].tolist()
    assert len(table(everything)) == len(queue(url))
    at = open_page({"overdue": "1"})
    assert_clean(at)
    late = overdue_ids(url)
    assert fresh not in late and len(late) == len(queue(url)) - 1
    assert len(table(at)) == len(late)
    assert at.toggle(key="vs_overdue").value is True
    at.toggle(key="vs_overdue").set_value(False).run()
    assert "overdue" not in at.query_params
    assert len(table(at)) == len(late) + 1
    at.toggle(key="vs_overdue").set_value(True).run()
    assert at.query_params["overdue"] == "1"


def test_the_morning_view_flags_the_overdue_and_opens_them(app_env, seeded_db):
    url = app_env(seeded_db)
    add_fresh_complaint(url)
    late = overdue_ids(url)
    at = open_page()
    at.switch_page(MORNING).run()
    assert_clean(at)
    flag = [w.value for w in at.warning if "aduan terbuka menunggu lebih dari 24 jam" in w.value]
    assert flag and f"{len(late)} aduan terbuka" in flag[0]
    at.button(key="overdue_link").click().run()
    assert_clean(at)
    assert [t.value for t in at.title] == ["Antrean aduan"]
    assert at.query_params["overdue"] == "1"
    assert len(table(at)) == len(late)


def test_no_flag_when_nothing_is_overdue(app_env, seeded_db):
    url = app_env(seeded_db)
    store = open_store(url)
    try:
        from monitor.ops import complaints as queue_ops

        keys = list(zip(queue(url)["platform"], queue(url)["comment_id"], strict=True))
        queue_ops.set_status(store, keys, "closed", who="ana")
    finally:
        store.dispose()
    at = open_page()
    at.switch_page(MORNING).run()
    assert_clean(at)
    assert not [b for b in at.button if b.key == "overdue_link"]


def test_the_target_is_set_on_the_settings_page(app_env, seeded_db):
    url = app_env(seeded_db)
    at = open_page()
    at.switch_page("app_pages/manage_settings.py").run()
    assert at.number_input(key="reply_target_hours").value == 24
    at.number_input(key="reply_target_hours").set_value(72)
    at.button(key="replies_save").click().run()
    assert_clean(at)
    store = open_store(url)
    try:
        from monitor.ops import settings as settings_mod

        assert settings_mod.load(store).reply_target_hours == 72
    finally:
        store.dispose()
    at.switch_page(MORNING).run()
    assert any("lebih dari 72 jam" in w.value for w in at.warning)
