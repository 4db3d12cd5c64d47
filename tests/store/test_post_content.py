"""Content on the store: the comments under posts, and content types set by hand (audited)."""

from __future__ import annotations

from datetime import datetime

import pytest

from monitor.ingest import pipeline
from monitor.nlp.content_types import RulesError
from monitor.store import content as content_store
from monitor.store.audit import list_audit
from monitor.store.posts import get_post
from tests.ingest_helpers import FIXTURES, MF


@pytest.fixture
def with_posts(store):
    pipeline.import_file(store, FIXTURES / "apify.json", account=MF.ACCOUNT)
    pipeline.import_file(store, FIXTURES / "apify_posts.json")
    return store


def test_post_comments_leave_out_the_accounts_replies(with_posts):
    frame = content_store.post_comments(with_posts, ["instagram"], [MF.POST])
    assert list(frame.columns) == list(content_store.COMMENT_COLUMNS)
    owners = {c[0] for c in MF.COMMENTS if c[2] == MF.ACCOUNT}
    assert owners and not owners & set(frame["comment_id"])
    assert len(frame) == len(MF.COMMENTS) - len(owners)
    assert set(frame["label"]) <= {"positive", "neutral", "negative"}


def test_post_comments_with_text_carry_the_terms(with_posts):
    frame = content_store.post_comments(with_posts, None, [MF.POST], with_text=True)
    assert {"text", "terms"} <= set(frame.columns)


def test_hand_set_types_are_stored_and_audited(with_posts):
    at = datetime(2021, 1, 5, 8)
    stored = content_store.set_manual_types(
        with_posts, "instagram", MF.POST, ["layanan", "program"], actor="ana", at=at
    )
    assert stored == ("program", "layanan")
    assert get_post(with_posts, "instagram", MF.POST)["manual_types"] == "program,layanan"
    audit = list_audit(with_posts)
    line = audit[audit["action"] == "post_types"].iloc[0]
    assert line["actor"] == "ana"
    assert line["detail"] == f"instagram/{MF.POST}: rules -> program,layanan"
    content_store.set_manual_types(with_posts, "instagram", MF.POST, None, actor="ana", at=at)
    assert get_post(with_posts, "instagram", MF.POST)["manual_types"] is None


def test_an_unknown_type_or_post_is_refused_and_changes_nothing(with_posts):
    with pytest.raises(RulesError, match="unknown content type 'hiburan'"):
        content_store.set_manual_types(with_posts, "instagram", MF.POST, ["hiburan"], actor="a")
    with pytest.raises(content_store.UnknownPost, match="no post 'nope' on instagram"):
        content_store.set_manual_types(with_posts, "instagram", "nope", ["kuis"], actor="a")
    assert get_post(with_posts, "instagram", MF.POST)["manual_types"] is None
    assert (list_audit(with_posts)["action"] != "post_types").all()
