"""The monitored account is identified by its platform handle only, compared after Unicode
normalisation; a display name that looks like the account never makes a reply the owner's,
so the complaint it answers stays unanswered."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from monitor.core.handles import normal_handle, same_handle
from monitor.ingest import pipeline
from monitor.ops import settings as settings_mod
from monitor.store.schema import comments
from tests.hostile.make_corpus import EC_HEADER, POST_URL, apify_item

COMPLAINT = "Bansos saya belum cair sudah 3 bulan, tolong dicek"


def owner_flags(store) -> dict[str, tuple[bool, object]]:
    with store.connect() as conn:
        rows = conn.execute(
            select(comments.c.comment_id, comments.c.is_owner_reply, comments.c.first_reply_at)
        )
        return {cid: (bool(owner), first) for cid, owner, first in rows}


def ec_thread(name: str, username: str) -> bytes:
    """A complaint and one reply to it (numbered 1.1) by ``name`` / ``username``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(EC_HEADER)
    w.writerow(["1", "", "Warga", "warga_1", "401", "2020-12-06 10:00:00", "0", COMPLAINT, "No",
                "", "18100000000000001", "https://www.instagram.com/warga_1",
                f"{POST_URL}c/18100000000000001/"])  # fmt: skip
    w.writerow(["1.1", "", name, username, "402", "2020-12-06 11:00:00", "0", "Mohon DM ya",
                "No", "", "18100000000000002", "", f"{POST_URL}c/18100000000000002/"])  # fmt: skip
    return buf.getvalue().encode()


@pytest.mark.parametrize(
    ("name", "username", "owner"),
    [
        ("KemensosRI", "", False),  # a display name only: anyone can call themselves that
        ("@@@kemensosri", "", False),
        ("Kemensos RI", "kemensosri", True),
        ("Siapa Saja", "KemensosRI", True),  # handles compare without case
    ],
)
def test_exportcomments_owner_is_the_username_never_the_name(store, name, username, owner):
    pipeline.import_file(store, ec_thread(name, username), file_name="thread.csv")
    flags = owner_flags(store)
    assert flags["18100000000000002"][0] is owner
    answered = flags["18100000000000001"][1] is not None
    assert answered is owner


def apify_thread(handle: str) -> bytes:
    reply = apify_item(1, "Mohon DM ya", ownerUsername=handle, ts="2020-12-06T04:15:00.000Z")
    top = apify_item(0, COMPLAINT, replies=[reply])
    return json.dumps([top], ensure_ascii=False).encode()


@pytest.mark.parametrize(
    ("handle", "owner"),
    [
        ("kemensosri", True),
        ("@kemensosri", True),
        ("ｋｅｍｅｎｓｏｓｒｉ", True),  # full width: NFKC
        ("kemen\u200bsosri", True),  # zero-width space removed
        ("\u202ekemensosri\u202c", True),  # bidi controls removed
        ("@@@kemensosri", False),
        ("kemensosri_", False),
        ("kemensosri.id", False),
        ("", False),
    ],
)
def test_apify_owner_handles_are_compared_after_normalisation(store, handle, owner):
    pipeline.import_file(store, apify_thread(handle), file_name="thread.json")
    flags = owner_flags(store)
    assert flags[str(17900000000000001)][0] is owner
    assert (flags[str(17900000000000000)][1] is not None) is owner


def test_the_account_setting_is_normalised_too(store):
    settings_mod.save(store, replace(settings_mod.Settings(), account=" @KemensosRI "))
    pipeline.import_file(store, apify_thread("kemensosri"), file_name="thread.json")
    assert owner_flags(store)[str(17900000000000001)][0] is True


def test_normal_handle():
    assert normal_handle("ＫｅｍｅｎｓｏｓＲＩ") == "kemensosri"
    assert normal_handle("@@kemensosri") == "@kemensosri"
    assert same_handle("kemensosri", "@KEMENSOSRI")
    assert not same_handle("", "")
    assert not same_handle("kemensosri", "kemensosrí")
