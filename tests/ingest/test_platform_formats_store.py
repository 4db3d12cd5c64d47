"""Each platform's export, imported: its comments and import carry its platform, and what the
file says of its posts is stored with them."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from monitor.ingest import pipeline
from monitor.store import posts as post_store
from monitor.store.schema import comments, imports
from tests.ingest_helpers import FIXTURES, MF

X_ROOT, TH_ROOT = MF.X_TWEETS[0][0], MF.TWEETS[0].id
FB_POST = next(iter(MF.FB_POSTS))

CASES = [
    # fixture, format, platform, comments stored, (post id, its stored facts)
    ("tweet_harvest_2.7.csv", "tweet_harvest", "x", 9,
     (TH_ROOT, {"title": MF.TWEETS[0].text, "like_count": 250, "comment_count": 3,
                "url": f"https://x.com/kemensosri/status/{TH_ROOT}",
                "published_at": pd.Timestamp("2020-12-06 03:00:00")})),
    ("tweet_harvest_2.6.csv", "tweet_harvest", "x", 8,
     (TH_ROOT, {"like_count": 250, "published_at": pd.Timestamp("2020-12-06 03:00:00")})),
    ("x_api_pages.jsonl", "x_api", "x", 8,
     (X_ROOT, {"like_count": 250, "comment_count": 3, "view_count": 51234,
               "url": f"https://x.com/kemensosri/status/{X_ROOT}"})),
    ("youtube_pages.json", "youtube", "youtube", 8, (MF.YT_VIDEOS[1], {})),
    ("facebook_apify.json", "facebook_apify", "facebook", 6,
     (FB_POST, {"title": MF.FB_POSTS[FB_POST][1], "url": MF.FB_POSTS[FB_POST][0]})),
    ("tiktok_apify.json", "tiktok_apify", "tiktok", 6,
     (MF.TT_VIDEOS[0], {"url": f"https://www.tiktok.com/@kemensosri/video/{MF.TT_VIDEOS[0]}"})),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fmt", "platform", "n", "post"), CASES, ids=[c[0] for c in CASES])
def test_imported_with_its_platform_and_post_facts(store, name, fmt, platform, n, post):
    report = pipeline.import_file(store, FIXTURES / name, account="kemensosri")
    assert (report.source_format, report.platform, report.rows_new) == (fmt, platform, n)
    with store.connect() as conn:
        assert set(conn.execute(select(comments.c.platform)).scalars()) == {platform}
        assert conn.execute(select(imports.c.platform)).scalar_one() == platform
    post_id, facts = post
    stored = post_store.get_post(store, platform, post_id)
    assert stored is not None
    assert {k: stored[k] for k in facts} == facts


def test_x_and_tiktok_files_side_by_side_keep_their_own_comments(store):
    for name in ("x_api_pages.json", "tweet_harvest_2.7.csv", "tiktok_apify.json"):
        pipeline.import_file(store, FIXTURES / name, account="kemensosri")
    with store.connect() as conn:
        rows = conn.execute(select(comments.c.platform, comments.c.comment_id)).all()
    by_platform = pd.Series([p for p, _ in rows]).value_counts().to_dict()
    assert by_platform == {"x": 17, "tiktok": 6}


def test_owner_by_the_stable_ids_in_the_settings(store):
    """Where an export names no handle (bare X API tweets) or only a display name (a
    Facebook page without a vanity link), the account's ids in the settings find its replies."""
    import json
    from dataclasses import replace

    from monitor.ops import settings as settings_mod
    from tests.ingest_helpers import stored

    owners = {"x": [MF.X_ACCOUNT_ID], "facebook": [MF.FB_PAGE_ID]}
    settings_mod.save(store, replace(settings_mod.load(store), account="", owners=owners))
    tweets = [t for page in MF.x_pages() for t in page["data"]]
    pipeline.import_file(store, json.dumps(tweets).encode(), file_name="tweets.json")
    items = MF.facebook_items()
    for item in items:
        item["profileUrl"] = "https://www.facebook.com/profile.php?id=1"  # no vanity name
    pipeline.import_file(store, json.dumps(items).encode(), file_name="fb.json")
    owned = {cid for cid, row in stored(store).items() if row["is_owner_reply"]}
    assert owned == {MF.X_TWEETS[0][0], MF.X_TWEETS[2][0], MF.FB_COMMENTS[1][0]}
