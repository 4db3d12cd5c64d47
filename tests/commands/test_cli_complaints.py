"""``complaints`` lists the triage queue; ``complaints set`` changes it, recorded, or refuses
with one clear line and changes nothing."""

from __future__ import annotations

import getpass
import json
from datetime import date

import pytest

from monitor.cli import main
from monitor.ops import complaints as queue_ops
from monitor.ops.settings import Settings
from monitor.store import complaint_status as cs
from tests.analytics_helpers import add_comments, row

DAY = date(2021, 3, 1)


@pytest.fixture
def db(store, store_url):
    add_comments(
        store,
        [
            row(DAY, hour=8, comment_id="a1", complaint=True, category="bantuan_belum_cair"),
            row(DAY, hour=9, comment_id="b1", platform="x", complaint=True, category="bencana"),
            row(date(2021, 3, 5), comment_id="c1", complaint=True, category="data_penerima"),
            row(DAY, hour=10, comment_id="plain", text="mantap"),
        ],
    )
    return store_url


def listed(capsys, db, *args) -> list[dict]:
    assert main(["complaints", "--db", db, "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_queue_is_listed_oldest_first_with_unit_and_waiting_time(db, capsys):
    records = listed(capsys, db)
    assert [r["id"] for r in records] == ["instagram:a1", "x:b1", "instagram:c1"]
    first = records[0]
    assert first["status"] == "new" and first["version"] == 0
    assert first["unit"] == "Ditjen Penanganan Fakir Miskin" and first["forwarded_to"] is None
    assert first["waiting_hours"] > records[2]["waiting_hours"] > 0
    assert first["post_url"] == "https://www.instagram.com/p/P1/"
    assert first["created_at_utc"] == "2021-03-01T01:00:00"


def test_the_filters_narrow_the_queue(db, capsys):
    assert [r["id"] for r in listed(capsys, db, "--platform", "x")] == ["x:b1"]
    assert [r["id"] for r in listed(capsys, db, "--from", "2021-03-02")] == ["instagram:c1"]
    unit = listed(capsys, db, "--unit", "Ditjen Perlindungan dan Jaminan Sosial")
    assert [r["id"] for r in unit] == ["x:b1"]


def test_set_changes_records_the_user_and_the_list_follows(db, store, capsys):
    code = main(
        ["complaints", "set", "--db", db, "--status", "forwarded", "--unit", "biro humas"]
        + ["a1", "x:b1"]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "instagram:a1: new -> forwarded (Biro Humas), version 1" in out
    user = getpass.getuser()
    assert [c.changed_by for c in cs.history(store, ("x", "b1"))] == [user]
    assert {r["id"] for r in listed(capsys, db, "--unit", "Biro Humas")} == {
        "instagram:a1",
        "x:b1",
    }
    assert main(["complaints", "set", "--db", db, "--status", "closed", "--json", "a1"]) == 0
    (change,) = json.loads(capsys.readouterr().out)
    assert (change["from"], change["to"], change["unit"]) == ("forwarded", "closed", "Biro Humas")
    assert [r["id"] for r in listed(capsys, db)] == ["x:b1", "instagram:c1"]
    assert [r["id"] for r in listed(capsys, db, "--status", "closed")] == ["instagram:a1"]
    assert len(listed(capsys, db, "--status", "all")) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--status", "closed", "a1", "nope"],
            "Error: comment 'nope' (instagram) is not in the store",
        ),
        (["--status", "closed", "plain"], "Error: comment 'plain' (instagram) is not a complaint"),
        (["--status", "forwarded", "--unit", "Dinas PU", "a1"], "Error: unknown unit 'Dinas PU'"),
        (["--status", "forwarded", "a1"], "Error: forwarding a complaint needs the unit"),
        (["--status", "closed", "myspace:1"], "Error: 'myspace:1': unknown platform 'myspace'"),
        (
            ["--status", "closed", "--expect-version", "3", "a1"],
            "Error: comment 'a1' (instagram) was changed",
        ),
    ],
)
def test_set_refuses_with_one_line_and_changes_nothing(db, store, capsys, args, message):
    assert main(["complaints", "set", "--db", db, *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
    assert cs.history(store, ("instagram", "a1")) == []


def test_an_unknown_status_is_a_usage_error(db, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["complaints", "set", "--db", db, "--status", "done", "a1"])
    assert exit_.value.code == 2
    assert "invalid choice: 'done'" in capsys.readouterr().err


def test_an_unknown_unit_filter_is_refused(db, capsys):
    assert main(["complaints", "--db", db, "--unit", "Dinas PU"]) == 1
    assert capsys.readouterr().err.startswith("Error: unknown unit 'Dinas PU'")


def test_a_unit_complaints_went_to_stays_listable(db, store, capsys):
    """The filter knows units the store holds, beside the Settings' ones."""
    assert "Biro Humas" in queue_ops.unit_names(Settings())
    cs.set_status(store, [("instagram", "a1")], "forwarded", unit="Unit Lama", who="ana")
    assert [r["id"] for r in listed(capsys, db, "--unit", "unit lama")] == ["instagram:a1"]


def test_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["complaints", "--help"])
    assert "python -m monitor complaints set --status" in capsys.readouterr().out
