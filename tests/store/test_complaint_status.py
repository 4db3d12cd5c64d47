"""The triage queue's status: set in one transaction with its audit trail, refused for comments
that are gone or not complaints, never losing one of two simultaneous changes, and set to
"answered" by an import that brings the owner's reply (both backends)."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from monitor.core.errors import CitraError
from monitor.ingest.pipeline import import_file
from monitor.ops import complaints as queue_ops
from monitor.store import complaint_status as cs
from monitor.store import purge
from monitor.store.schema import complaint_status, complaint_status_log
from tests.analytics_helpers import add_comments, row

DAY = date(2021, 3, 1)
A, B, C = ("instagram", "a1"), ("x", "b1"), ("instagram", "plain")


def seed(store) -> None:
    add_comments(
        store,
        [
            row(DAY, hour=8, comment_id="a1", complaint=True, category="bantuan_belum_cair"),
            row(
                DAY,
                hour=9,
                comment_id="b1",
                platform="x",
                complaint=True,
                category="pungli_penipuan",
            ),
            row(DAY, hour=10, comment_id="plain", text="mantap"),
        ],
    )


def log_rows(store) -> list[tuple]:
    t = complaint_status_log.c
    with store.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(
                    t.platform, t.comment_id, t.from_status, t.to_status, t.unit, t.version,
                    t.changed_by,
                ).order_by(t.id)
            )
        ]  # fmt: skip


def status_count(store) -> int:
    with store.connect() as conn:
        return conn.execute(select(func.count()).select_from(complaint_status)).scalar_one()


def test_a_change_is_stored_with_its_audit_row(store):
    seed(store)
    (change,) = cs.set_status(store, [A], cs.FORWARDED, unit="Biro Humas", who="ana")
    assert (change.from_status, change.to_status, change.unit, change.version) == (
        "new",
        "forwarded",
        "Biro Humas",
        1,
    )
    cs.set_status(store, [A], cs.CLOSED, who="budi")  # keeps the unit it went to
    assert log_rows(store) == [
        ("instagram", "a1", "new", "forwarded", "Biro Humas", 1, "ana"),
        ("instagram", "a1", "forwarded", "closed", "Biro Humas", 2, "budi"),
    ]
    queue = cs.queue_rows(store).set_index("comment_id")
    assert queue.loc["a1", ["status", "unit", "version", "changed_by"]].tolist() == [
        "closed",
        "Biro Humas",
        2,
        "budi",
    ]
    assert queue.loc["b1", ["status", "version"]].tolist() == ["new", 0]
    assert [c.to_status for c in cs.history(store, A)] == ["forwarded", "closed"]


def test_the_queue_holds_complaints_only_oldest_first_with_filters(store):
    seed(store)
    cs.set_status(store, [B], cs.ANSWERED, who="ana")
    assert cs.queue_rows(store)["comment_id"].tolist() == ["a1", "b1"]
    assert cs.queue_rows(store, statuses=["new"])["comment_id"].tolist() == ["a1"]
    assert cs.queue_rows(store, platforms=["x"])["comment_id"].tolist() == ["b1"]
    assert cs.queue_rows(store, start=date(2021, 3, 2)).empty
    assert cs.queue_rows(store)["post_url"].tolist() == [
        "https://www.instagram.com/p/P1/",
        "https://x.com/i/status/P1",
    ]


def test_a_repeated_change_is_not_a_change(store):
    seed(store)
    cs.set_status(store, [A, B], cs.CLOSED, who="ana")
    assert cs.set_status(store, [A, B], cs.CLOSED, who="budi") == []
    assert cs.set_status(store, [("instagram", "a1")], cs.NEW, who="ana")[0].version == 2
    assert len(log_rows(store)) == 3


def test_a_bulk_change_with_one_bad_comment_changes_nothing(store):
    seed(store)
    with pytest.raises(cs.StatusRefused, match=r"comment 'nope' \(instagram\) is not in the store"):
        cs.set_status(store, [A, B, ("instagram", "nope")], cs.CLOSED, who="ana")
    with pytest.raises(cs.StatusRefused, match=r"comment 'plain' \(instagram\) is not a complaint"):
        cs.set_status(store, [A, C], cs.CLOSED, who="ana")
    assert status_count(store) == 0 and log_rows(store) == []


def test_a_comment_removed_by_retention_is_refused_by_name(store):
    seed(store)
    cs.set_status(store, [A], cs.FORWARDED, unit="Biro Humas", who="ana")
    purge.delete_before(store, date(2021, 4, 1))
    with pytest.raises(cs.StatusRefused) as err:
        cs.set_status(store, [A], cs.CLOSED, who="ana")
    assert str(err.value) == (
        "comment 'a1' (instagram) was removed from the store (retention or an undone import); "
        "no status was changed"
    )
    assert len(log_rows(store)) == 1


def test_a_stale_version_is_refused_and_names_who_changed_it(store):
    seed(store)
    cs.set_status(store, [A], cs.FORWARDED, unit="Biro Humas", who="ana", expected=0)
    with pytest.raises(cs.StatusConflict) as err:
        cs.set_status(store, [A, B], cs.CLOSED, who="budi", expected={A: 0, B: 0})
    assert str(err.value) == (
        "comment 'a1' (instagram) was changed by ana since you saw it: it is now forwarded "
        "(Biro Humas), version 1, not 0; reload and try again (no status was changed)"
    )
    assert [r[1] for r in log_rows(store)] == ["a1"]  # b1 was not changed either
    assert cs.set_status(store, [A], cs.CLOSED, who="budi", expected={A: 1})[0].version == 2


def test_two_analysts_at_once_both_land_in_the_audit_trail(store):
    seed(store)
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def change(status: str, unit: str | None, who: str) -> None:
        try:
            barrier.wait()
            cs.set_status(store, [A], status, unit=unit, who=who)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=change, args=("forwarded", "Biro Humas", "ana")),
        threading.Thread(target=change, args=("closed", None, "budi")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = log_rows(store)
    assert sorted(r[6] for r in rows) == ["ana", "budi"]
    assert [r[5] for r in rows] == [1, 2]
    assert rows[1][2] == rows[0][3]  # the second change started from the first one's result
    (final,) = cs.queue_rows(store, platforms=["instagram"])[["status", "version"]].values
    assert final.tolist() == [rows[1][3], 2]


@pytest.mark.parametrize(
    ("status", "unit", "message"),
    [
        ("done", None, "status must be one of new, forwarded, answered, closed, not 'done'"),
        ("forwarded", None, "forwarding a complaint needs the unit it goes to"),
        ("new", "Biro Humas", "a new complaint has no unit yet"),
    ],
)
def test_a_bad_change_is_refused(store, status, unit, message):
    seed(store)
    with pytest.raises(CitraError, match=message):
        cs.set_status(store, [A], status, unit=unit, who="ana")
    assert status_count(store) == 0


# --- "answered" from an import ------------------------------------------------------------

HEADER = "id,parent,author,text,time,post\n"
COMPLAINT = "c1,,warga1,bansos PKH saya belum cair mohon dibantu,2021-03-01 08:00:00,P9\n"
OTHER = "c2,,warga2,bantuan BPNT belum cair sampai sekarang,2021-03-01 09:00:00,P9\n"
REPLY = "r1,c1,kemensosri,mohon kirim NIK lewat DM,2021-03-01 10:00:00,P9\n"
REPLY2 = "r2,c2,kemensosri,sudah kami teruskan,2021-03-01 11:00:00,P9\n"
MAPPING = {"id": "id", "parent": "parent", "author": "author", "text": "text", "time": "time"}


def ingest(store, body: str, name: str) -> None:
    mapping = {**MAPPING, "post": "post"}
    import_file(
        store,
        (HEADER + body).encode(),
        file_name=name,
        account="kemensosri",
        assume_tz="Asia/Jakarta",
        mapping=mapping,
    )


def test_an_owner_reply_in_a_later_import_marks_the_complaint_answered(store):
    ingest(store, COMPLAINT + OTHER, "first.csv")
    queue = cs.queue_rows(store).set_index("comment_id")
    assert queue["status"].to_dict() == {"c1": "new", "c2": "new"}
    cs.set_status(store, [("instagram", "c2")], cs.CLOSED, who="ana")
    ingest(store, REPLY + REPLY2, "replies.csv")
    queue = cs.queue_rows(store).set_index("comment_id")
    assert queue["status"].to_dict() == {"c1": "answered", "c2": "closed"}  # closed stays
    (change,) = cs.history(store, ("instagram", "c1"))
    assert (change.from_status, change.to_status, change.changed_by) == (
        "new",
        "answered",
        "system",
    )


def test_a_complaint_arriving_after_its_reply_is_answered_and_keeps_its_unit(store):
    ingest(store, REPLY, "reply-first.csv")
    ingest(store, COMPLAINT, "complaint.csv")
    assert cs.queue_rows(store)["status"].tolist() == ["answered"]
    ingest(store, OTHER, "other.csv")
    cs.set_status(store, [("instagram", "c2")], cs.FORWARDED, unit="Biro Humas", who="ana")
    ingest(store, REPLY2, "reply2.csv")
    queue = cs.queue_rows(store).set_index("comment_id")
    assert queue.loc["c2", ["status", "unit", "changed_by"]].tolist() == [
        "answered",
        "Biro Humas",
        "system",
    ]


# --- the queue with units (ops) -------------------------------------------------------------


def test_the_queue_shows_each_complaint_under_its_unit_with_waiting_time(store):
    seed(store)
    now = datetime(2021, 3, 2, 1, 0)  # 08:00 Jakarta on 2 March
    queue = queue_ops.queue(store, now=now).set_index("comment_id")
    assert queue["unit"].to_dict() == {
        "a1": "Ditjen Penanganan Fakir Miskin",
        "b1": "Inspektorat Jenderal",
    }
    assert queue["waiting_hours"].to_dict() == {"a1": 24.0, "b1": 23.0}
    queue_ops.set_status(store, [B], "forwarded", "Biro Humas", "ana")
    forwarded = queue_ops.queue(store, units=["biro humas"], now=now)
    assert forwarded["comment_id"].tolist() == ["b1"]
    queue_ops.set_status(store, [A], "closed", who="ana")
    assert queue_ops.queue(store, now=now)["comment_id"].tolist() == ["b1"]  # open ones
    assert len(queue_ops.queue(store, statuses=None, now=now)) == 2


def test_default_units_follow_the_categories():
    from monitor.ops.settings import Settings

    s = Settings()
    assert queue_ops.default_unit("data_penerima", s).startswith("Pusat Data")
    assert queue_ops.default_unit("something_new", s) == "Biro Humas"
    assert queue_ops.default_unit("luar_kewenangan", s) is None
    assert queue_ops.default_unit(None, s) is None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (dict(status="forwarded", unit="Dinas PU"), "unknown unit 'Dinas PU'"),
        (dict(status="shut"), "unknown status 'shut'"),
        (dict(status="closed", who="system"), "'system' is the name of automatic changes"),
    ],
)
def test_the_ops_checks_refuse_before_the_store(store, call, message):
    seed(store)
    with pytest.raises(CitraError, match=message):
        queue_ops.set_status(store, [A], **{"who": "ana", **call})
    assert status_count(store) == 0


@pytest.mark.parametrize(
    ("text", "key"),
    [("a1", ("instagram", "a1")), ("x:123", ("x", "123")), (" YouTube:Ug:z ", ("youtube", "Ug:z"))],
)
def test_a_key_is_read_from_platform_and_id(text, key):
    assert queue_ops.parse_key(text) == key


@pytest.mark.parametrize(
    ("text", "message"), [("myspace:1", "unknown platform"), ("x:", "no comment id")]
)
def test_a_bad_key_is_refused(text, message):
    with pytest.raises(CitraError, match=message):
        queue_ops.parse_key(text)


def test_one_import_answering_many_complaints_writes_each_status_and_trail_line_once(store):
    """The set-based path (never-triaged complaints) and the row-by-row one (a forwarded one)
    in the same import: every answered complaint gets one status row and one trail line."""
    body = "".join(
        f"k{i},,warga{i},bansos PKH saya belum cair mohon dibantu,2021-03-01 08:0{i}:00,P9\n"
        for i in range(6)
    )
    ingest(store, body, "complaints.csv")
    cs.set_status(store, [("instagram", "k5")], cs.FORWARDED, unit="Biro Humas", who="ana")
    replies = "".join(
        f"a{i},k{i},kemensosri,mohon kirim NIK lewat DM,2021-03-01 10:0{i}:00,P9\n"
        for i in (0, 1, 2, 5)
    )
    ingest(store, replies, "replies.csv")
    queue = cs.queue_rows(store).set_index("comment_id")
    assert queue["status"].to_dict() == {
        "k0": "answered", "k1": "answered", "k2": "answered",
        "k3": "new", "k4": "new", "k5": "answered",
    }  # fmt: skip
    assert queue.loc["k5", ["unit", "version"]].tolist() == ["Biro Humas", 2]
    assert queue.loc["k0", ["version", "changed_by"]].tolist() == [1, "system"]
    lines = [(r[1], r[2], r[3]) for r in log_rows(store) if r[6] == "system"]
    assert sorted(lines) == [
        ("k0", "new", "answered"), ("k1", "new", "answered"),
        ("k2", "new", "answered"), ("k5", "forwarded", "answered"),
    ]  # fmt: skip
    ingest(store, replies, "replies-again.csv")  # the same answers again change nothing
    assert len(log_rows(store)) == 5
