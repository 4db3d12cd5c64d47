"""Reception per post and per type, on generated data where the answer is known."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from monitor.analysis import content

CAPTIONS = {
    "transparansi": "Transparansi anggaran: realisasi Rp {n} triliun",
    "program": "Penyaluran BST tahap {n} berjalan",
    "kuis": "Kuis Sabtu ke-{n}: tebak kata!",
}


def generated(
    positive: dict[str, float], posts_per_type: int = 12, comments_per_post: int = 60, seed=7
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Posts of each type whose comments are positive with the type's chance, negative
    otherwise: the type's true net index is ``2 * p - 1``."""
    rng = np.random.default_rng(seed)
    posts, comments = [], []
    start = datetime(2021, 1, 4, 3)
    for t, (kind, p) in enumerate(positive.items()):
        for i in range(posts_per_type):
            post_id = f"{kind}{i}"
            published = start + timedelta(days=i, hours=t)
            posts.append(
                {
                    "platform": "instagram",
                    "post_id": post_id,
                    "title": None,
                    "caption": CAPTIONS[kind].format(n=i + 1),
                    "hashtags": "",
                    "published_at": published,
                    "like_count": 100 + i,
                    "comment_count": None,
                    "manual_types": None,
                }
            )
            for j in range(comments_per_post):
                good = rng.random() < p
                comments.append(
                    {
                        "platform": "instagram",
                        "post_id": post_id,
                        "comment_id": f"{post_id}-{j}",
                        "created_at_utc": published + timedelta(minutes=7 * j),
                        "label": "positive" if good else "negative",
                        "score": 0.5 if good else -0.5,
                        "emotion": "happy" if good else "anger",
                        "is_complaint": not good and j % 3 == 0,
                        "answered": not good and j % 6 == 0,
                    }
                )
    return pd.DataFrame(posts), pd.DataFrame(comments)


def test_the_type_made_better_received_comes_out_on_top_with_a_separate_interval():
    posts, comments = generated({"transparansi": 0.8, "program": 0.45, "kuis": 0.5})
    table = content.compare_types(content.reception(posts, comments)).set_index("type")
    assert list(table.index) == ["program", "transparansi", "kuis"]  # TYPES order
    best = table["mean"].idxmax()
    assert best == "transparansi"
    for other in ("program", "kuis"):
        assert table.loc[best, "low"] > table.loc[other, "high"]
    assert table.loc["transparansi", "mean"] == pytest.approx(0.6, abs=0.08)


def test_types_received_alike_have_overlapping_intervals():
    posts, comments = generated({"transparansi": 0.6, "program": 0.6, "kuis": 0.6})
    table = content.compare_types(content.reception(posts, comments)).set_index("type")
    assert table.loc["transparansi", "low"] < table.loc["program", "high"]
    assert table.loc["program", "low"] < table.loc["transparansi", "high"]


def test_the_bootstrap_is_deterministic_and_holds_the_mean():
    values = np.array([0.1, 0.4, 0.35, 0.9, -0.2, 0.5])
    first = content.bootstrap_mean(values)
    assert first == content.bootstrap_mean(values)
    mean, low, high = first
    assert mean == pytest.approx(values.mean()) and low < mean < high
    assert content.bootstrap_mean(np.array([0.3])) == (0.3, 0.3, 0.3)
    assert all(np.isnan(content.bootstrap_mean(np.array([np.nan]))))


def test_reception_figures_of_one_post():
    posts, comments = generated({"kuis": 0.5}, posts_per_type=1, comments_per_post=6)
    comments["label"] = ["positive", "positive", "positive", "negative", "neutral", "negative"]
    comments["is_complaint"] = [False, False, False, True, False, True]
    comments["answered"] = [False, False, False, True, False, False]
    comments["emotion"] = ["happy", "happy", "", "anger", "", "anger"]
    row = content.reception(posts, comments, followers={"instagram": 1000}).iloc[0]
    assert row["types"] == ("kuis",)
    assert row["comments"] == 6
    assert row["net_index"] == pytest.approx(1 / 6)
    assert row["negative_share"] == pytest.approx(2 / 6)
    assert row["emo_happy"] == pytest.approx(2 / 6) and row["emo_fear"] == 0
    assert row["complaints"] == 2 and row["complaints_answered_share"] == 0.5
    assert row["engagement"] == 100 + 6  # likes plus the comments stored (no stated count)
    assert row["engagement_per_follower"] == pytest.approx(0.106)


def test_a_post_without_comments_has_no_ratios_and_no_follower_figure_unset():
    posts, comments = generated({"kuis": 0.5}, posts_per_type=2, comments_per_post=3)
    comments = comments[comments["post_id"] == "kuis0"]
    table = content.reception(posts, comments).set_index("post_id")
    assert table.loc["kuis1", "comments"] == 0
    assert np.isnan(table.loc["kuis1", "net_index"])
    assert np.isnan(table.loc["kuis0", "engagement_per_follower"])  # no follower count set


def test_the_hand_set_types_win_over_the_rules():
    posts, comments = generated({"kuis": 0.5}, posts_per_type=2, comments_per_post=1)
    posts.loc[0, "manual_types"] = "layanan"
    posts.loc[1, "manual_types"] = ""  # set by hand to none
    table = content.reception(posts, comments)
    assert list(table["types"]) == [("layanan",), ()]
    assert list(table["manual"]) == [True, True]


def test_before_and_after_a_day():
    posts, comments = generated({"program": 0.5}, posts_per_type=10, comments_per_post=40)
    late = posts["published_at"] >= datetime(2021, 1, 9)
    late_ids = set(posts.loc[late, "post_id"])
    flip = comments["post_id"].isin(late_ids)
    comments.loc[flip, "label"] = "positive"
    table = content.before_after(content.reception(posts, comments), date(2021, 1, 9))
    by = table.set_index("period")
    assert by.loc["before", "posts"] == 5 and by.loc["after", "posts"] == 5
    assert by.loc["after", "mean"] == 1.0
    assert by.loc["after", "low"] > by.loc["before", "high"]


def test_period_and_type_filters_and_ranking():
    posts, comments = generated({"transparansi": 0.9, "program": 0.2}, posts_per_type=4)
    table = content.reception(posts, comments)
    only = content.in_period(table, date(2021, 1, 5), date(2021, 1, 6), ("program",))
    assert sorted(only["post_id"]) == ["program1", "program2"]
    top = content.ranked(table)
    assert top["post_id"].iloc[0].startswith("transparansi")
    assert content.ranked(table, "negative_share")["post_id"].iloc[0].startswith("transparansi")


def test_comments_in_the_hours_after_publishing():
    posts, comments = generated({"kuis": 1.0}, posts_per_type=1, comments_per_post=20)
    hours = content.hours_after(comments, posts.loc[0, "published_at"], hours=3)
    # one comment every 7 minutes: 9 in the first hour (0..56 min), 9 in the second (63..119)
    assert list(hours["comments"]) == [9, 9, 2]
    assert list(hours["net_index"]) == [1.0, 1.0, 1.0]


def test_themes_are_the_stems_most_comments_share():
    comments = pd.DataFrame(
        {
            "terms": ["bansos cair", "bansos lambat", "bansos", "terima kasih"],
            "label": ["negative", "negative", "neutral", "positive"],
        }
    )
    table = content.themes(comments, top=2)
    assert table.iloc[0].to_dict() == {"term": "bansos", "comments": 3, "negative": 2}


def test_an_unknown_metric_is_refused():
    posts, comments = generated({"kuis": 0.5}, posts_per_type=1, comments_per_post=1)
    with pytest.raises(ValueError, match="unknown metric 'likes_per_day'"):
        content.compare_types(content.reception(posts, comments), "likes_per_day")


def test_posts_of_unknown_time_are_left_out_of_a_period_and_of_before_after():
    posts, comments = generated({"program": 0.5}, posts_per_type=3, comments_per_post=2)
    posts.loc[1, "published_at"] = None
    table = content.reception(posts, comments)
    assert sorted(content.in_period(table, date(2021, 1, 1))["post_id"]) == ["program0", "program2"]
    assert len(content.in_period(table)) == 3  # no period asked: every post
    split = content.before_after(table, date(2021, 1, 5)).set_index("period")
    assert split["posts"].sum() == 2
