"""Response service levels: time to the account's first reply per unit and per platform, the
share answered within the target, and the overdue open complaints (both backends)."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from monitor.core.errors import CitraError
from monitor.ops import complaints as queue_ops
from monitor.ops import service_levels as sl
from monitor.ops import settings as settings_mod
from monitor.store import complaint_status as cs
from tests.analytics_helpers import add_comments, row

DAY = date(2021, 3, 1)
LATER = DAY + timedelta(days=5)
NOW = datetime(LATER.year, LATER.month, LATER.day, 5)  # UTC: 12:00 in Jakarta
PFM, IRJEN = "Ditjen Penanganan Fakir Miskin", "Inspektorat Jenderal"


def seed(store) -> None:
    aid, levy = "bantuan_belum_cair", "pungli_penipuan"
    add_comments(
        store,
        [
            row(DAY, hour=8, comment_id="a", complaint=True, category=aid, reply_minutes=60),
            row(DAY, hour=9, comment_id="b", complaint=True, category=aid, reply_minutes=1800),
            row(DAY, hour=9, comment_id="c", platform="x", complaint=True, category=levy),
            row(DAY, hour=10, comment_id="d", platform="x", complaint=True, category=levy),
            row(LATER, hour=10, comment_id="e", complaint=True, category=aid),  # 2 hours old
            row(
                DAY, hour=11, comment_id="f", platform="youtube", complaint=True,
                category="luar_kewenangan", reply_minutes=600,
            ),
            row(DAY, hour=12, comment_id="g", text="mantap", reply_minutes=5),  # no complaint
        ],
    )  # fmt: skip
    keys = [("instagram", "a"), ("instagram", "b")]
    cs.set_status(store, keys, cs.ANSWERED, who="system")
    cs.set_status(store, [("x", "d"), ("youtube", "f")], cs.CLOSED, who="ana")


def levels(store, by, **kwargs) -> dict:
    frame = sl.service_levels(store, by, now=NOW, **kwargs)
    return {r[by]: r for r in frame.to_dict("records")}


def test_service_levels_per_unit(store):
    seed(store)
    got = levels(store, "unit")
    assert list(got) == [PFM, IRJEN, ""]  # the most complaints first; "" outside the remit
    pfm = got[PFM]  # a: 1 h, b: 30 h, e: open for 2 h (pending)
    assert (pfm["complaints"], pfm["replied"], pfm["median_reply_hours"]) == (3, 2, 15.5)
    assert (pfm["within_target"], pfm["due"], pfm["within_target_share"]) == (1, 2, 0.5)
    assert (pfm["overdue"], pfm["pending"], pfm["no_reply"]) == (0, 1, 0)
    irjen = got[IRJEN]  # c: open for days (overdue), d: closed without a reply
    assert (irjen["complaints"], irjen["replied"]) == (2, 0)
    assert math.isnan(irjen["median_reply_hours"])
    assert (irjen["due"], irjen["within_target_share"], irjen["overdue"]) == (1, 0.0, 1)
    assert irjen["no_reply"] == 1
    assert (got[""]["median_reply_hours"], got[""]["within_target_share"]) == (10.0, 1.0)


def test_service_levels_per_platform_and_period(store):
    seed(store)
    got = levels(store, "platform")
    assert set(got) == {"instagram", "x", "youtube"}
    assert got["instagram"]["within_target_share"] == 0.5
    assert got["x"]["overdue"] == 1
    only_x = levels(store, "platform", platforms=["x"])
    assert list(only_x) == ["x"]
    recent = levels(store, "platform", start=LATER)
    assert list(recent) == ["instagram"] and recent["instagram"]["complaints"] == 1


def test_the_target_is_a_setting(store):
    seed(store)
    relaxed = replace(settings_mod.load(store), reply_target_hours=48)
    got = levels(store, "unit", settings=relaxed)
    assert got[PFM]["within_target_share"] == 1.0  # b's 30 hours are within 48
    settings_mod.save(store, relaxed)
    assert levels(store, "unit")[PFM]["within_target_share"] == 1.0  # read from the store
    assert settings_mod.Settings().reply_target_hours == 24


def test_overdue_are_the_open_complaints_waiting_longer_than_the_target(store):
    seed(store)
    late = sl.overdue(store, now=NOW)
    assert late["comment_id"].tolist() == ["c"]
    assert sl.overdue_count(store, now=NOW) == 1
    assert sl.overdue_count(store, now=NOW, platforms=["instagram"]) == 0
    # e is 2 hours old: overdue only with a target under 2 hours
    quick = replace(settings_mod.load(store), reply_target_hours=1)
    assert sl.overdue(store, now=NOW, settings=quick)["comment_id"].tolist() == ["c", "e"]
    # an open complaint the account already replied to (re-opened) waits for the team again
    cs.set_status(store, [("instagram", "a")], cs.NEW, who="ana")
    assert sl.overdue(store, now=NOW)["comment_id"].tolist() == ["a", "c"]
    same = queue_ops.queue(store, now=NOW, overdue=True)
    assert same["comment_id"].tolist() == ["a", "c"]


def test_an_unknown_grouping_is_refused(store):
    with pytest.raises(CitraError, match="service levels by 'day'"):
        sl.service_levels(store, "day")


def test_no_complaints_no_figures(store):
    frame = sl.service_levels(store, "unit", now=NOW)
    assert frame.empty and list(frame.columns) == ["unit", *sl.LEVEL_COLUMNS]
    assert sl.overdue_count(store, now=NOW) == 0


def test_the_morning_summary_counts_the_overdue(store):
    from monitor.analysis import reports

    seed(store)
    summary = reports.morning_summary(store, LATER + timedelta(days=1))
    # now (not the summarised day): c and e are open and older than a day
    assert summary["overdue_complaints"] == sl.overdue_count(store) == 2
    only_x = reports.morning_summary(store, LATER + timedelta(days=1), platforms=["x"])
    assert only_x["overdue_complaints"] == 1
