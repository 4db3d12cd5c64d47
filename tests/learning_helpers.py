"""A store with analysts' corrections, for the learn-from-corrections tests.

The comments come from the project's demo generator through the real import; the "analysts"
follow one consistent rule the shipped model does not know (comments about aid that has not
been paid out, ``cair``, are negative; questions are neutral), so a re-fit has something to
learn and the held-out figure something to show.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from monitor.demo import generator as demo
from monitor.ingest.pipeline import import_file
from monitor.store.corrections import correct_label
from monitor.store.schema import comments

DEMO_COMMENTS = 900
DEMO_SEED = 5


def import_demo(store, folder: Path, n: int = DEMO_COMMENTS) -> None:
    import_file(store, demo.write_demo_export(folder / "demo.json", n, seed=DEMO_SEED))


def analysts_label(text: str) -> str | None:
    """The deployment's rule (None: the analysts leave the comment as it is)."""
    low = text.lower()
    if "cair" in low:
        return "negative"
    if "?" in text:
        return "neutral"
    return None


def correct_like_analysts(store, limit: int, *, by: str = "ana") -> int:
    """Correct up to ``limit`` comments whose stored label disagrees with the rule."""
    with store.connect() as conn:
        rows = conn.execute(
            select(
                comments.c.platform,
                comments.c.comment_id,
                comments.c.text,
                comments.c.sentiment_label,
            ).order_by(comments.c.platform, comments.c.comment_id)
        ).all()
    done = 0
    for platform, cid, text, label in rows:
        wanted = analysts_label(text)
        if wanted is None or wanted == label:
            continue
        correct_label(store, cid, wanted, platform=platform, corrected_by=by)
        done += 1
        if done >= limit:
            break
    return done


def stored_scores(store) -> dict[tuple[str, str], tuple[float, str]]:
    """(platform, comment id) -> (sentiment score, model label) of every stored comment."""
    with store.connect() as conn:
        rows = conn.execute(
            select(
                comments.c.platform,
                comments.c.comment_id,
                comments.c.sentiment_score,
                comments.c.sentiment_label,
            )
        ).all()
    return {(p, c): (s, lab) for p, c, s, lab in rows}
