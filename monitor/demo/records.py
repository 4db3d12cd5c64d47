"""The demo's records of one platform, as plain rows, a chunk at a time.

Every writer (Apify JSON, exportcomments CSV, X API v2, tweet-harvest, YouTube) is fed by the
same rows, so the platforms' files tell the same year in their own shapes. Strings are made
per chunk, so a million records never sit in memory as Python objects.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from monitor.demo.plan import Plan, make_plan
from monitor.demo.story import ACCOUNT, PROFILES
from monitor.demo.texts import comment_texts, reply_texts

CHUNK = 20_000

# A record: (comment id, post id, parent id or None, text, username, user id, verified,
# ISO timestamp, likes) -- plain Python values shared by every writer.
Row = tuple[str, str, "str | None", str, str, str, bool, str, int]


def iso(ts: np.ndarray) -> np.ndarray:
    """Epoch seconds as ISO UTC with milliseconds and ``Z`` (as the exporters write them)."""
    s = np.datetime_as_string(ts.astype("datetime64[s]"), unit="ms")
    return np.char.add(s, "Z").astype(object)


def iter_chunks(
    n: int, seed: int, platform: str = "instagram", plan: Plan | None = None
) -> Iterator[tuple[list[Row], list[int], list[Row]]]:
    """Top-level rows, their reply counts and the replies in order, a chunk at a time."""
    plan = plan or make_plan(n, seed, platform)
    key = PROFILES[platform].seed_key
    m = len(plan.t)
    codes = np.asarray(plan.post_code, dtype=object)
    for c, lo in enumerate(range(0, m, CHUNK)):
        hi = min(lo + CHUNK, m)
        rng = np.random.default_rng([seed, 2, c, key] if key else [seed, 2, c])
        users = plan.user[lo:hi]
        rows = list(
            zip(
                plan.cid[lo:hi].astype(str).tolist(),
                codes[plan.post[lo:hi]].tolist(),
                [None] * (hi - lo),
                comment_texts(plan, lo, hi, rng),
                plan.usernames[users].tolist(),
                plan.user_ids[users].astype(str).tolist(),
                plan.user_verified[users].tolist(),
                iso(plan.t[lo:hi]).tolist(),
                plan.likes[lo:hi].tolist(),
                strict=True,
            )
        )
        r_lo, r_hi = (int(x) for x in np.searchsorted(plan.r_parent, [lo, hi]))
        r_users = plan.r_user[r_lo:r_hi]
        r_owner = plan.r_owner[r_lo:r_hi]
        r_codes = codes[plan.post[plan.r_parent[r_lo:r_hi]]].tolist()
        r_parent_ids = plan.cid[plan.r_parent[r_lo:r_hi]].astype(str).tolist()
        replies = list(
            zip(
                plan.r_cid[r_lo:r_hi].astype(str).tolist(),
                r_codes,
                r_parent_ids,
                reply_texts(plan, r_lo, r_hi, rng),
                np.where(r_owner, ACCOUNT, plan.usernames[r_users]).tolist(),
                np.where(r_owner, plan.account_id, plan.user_ids[r_users].astype(str)).tolist(),
                (r_owner | plan.user_verified[r_users]).tolist(),
                iso(plan.r_t[r_lo:r_hi]).tolist(),
                plan.r_likes[r_lo:r_hi].tolist(),
                strict=True,
            )
        )
        counts = np.bincount(plan.r_parent[r_lo:r_hi] - lo, minlength=hi - lo).tolist()
        yield rows, counts, replies


def iter_rows(
    n: int, seed: int, platform: str = "instagram", plan: Plan | None = None
) -> Iterator[tuple[Row, list[Row]]]:
    """Top-level rows with their replies, in export order (by post, then time)."""
    for rows, counts, replies in iter_chunks(n, seed, platform, plan):
        pos = 0
        for row, k in zip(rows, counts, strict=True):
            if k:
                yield row, replies[pos : pos + k]
                pos += k
            else:
                yield row, []
