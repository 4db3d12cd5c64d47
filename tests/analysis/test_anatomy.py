"""The anatomy of a spike day: campaigns, heavy commenters, themes (pure functions)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.analysis import anatomy

T0 = datetime(2024, 3, 4, 2, 0)  # 09:00 in Jakarta, stored as naive UTC

CAMPAIGN = "menteri sudah bekerja keras bantuan sosial tepat sasaran untuk rakyat kecil"
_WORDS = (
    "bansos belum cair data salah desa kami tidak dapat kenapa tetangga kaya malah terima "
    "tolong cek ulang pendamping lambat sekali antri lama kantor pos sudah tiga bulan menunggu "
    "anak sekolah butuh biaya harga beras naik pejabat diam saja janji tinggal janji program "
    "bagus pelaksanaan buruk warga miskin dilupakan daftar penerima dicoret tanpa alasan"
)
VOCAB = _WORDS.split()


def frame(rows: list[dict]) -> pd.DataFrame:
    """A day's comments in the shape of ``read_day_comments``."""
    out = []
    for i, r in enumerate(rows):
        out.append(
            {
                "comment_id": f"c{i}",
                "platform": r.get("platform", "instagram"),
                "post_id": r.get("post_id", "P1"),
                "author": r.get("author", f"user{i}"),
                "text": r["text"],
                "created_at_utc": r.get("time", T0 + timedelta(minutes=i)),
                "like_count": r.get("likes", 0),
                "label": r.get("label", "negative"),
                "is_complaint": r.get("complaint", False),
                "terms": r.get("terms", ""),
            }
        )
    return pd.DataFrame(out)


def paraphrase(text: str, rng: random.Random, changes: int) -> str:
    """The text with ``changes`` words replaced or added, as campaign accounts do."""
    ws = text.split()
    for _ in range(changes):
        if rng.random() < 0.5:
            ws[rng.randrange(len(ws))] = rng.choice(("pak", "bu", "mantap", "hebat", "terus"))
        else:
            ws.insert(rng.randrange(len(ws) + 1), rng.choice(("👍", "!!", "setuju", "bravo")))
    out = " ".join(ws)
    return out.upper() if rng.random() < 0.3 else out


def organic(n: int, rng: random.Random, start: int = 0) -> list[dict]:
    """Many people, many phrasings, one shared word (korupsi)."""
    return [
        {
            "text": " ".join(rng.sample(VOCAB, 8) + ["korupsi"]),
            "author": f"warga{start + i}",
            "time": T0 + timedelta(minutes=3 * i),
        }
        for i in range(n)
    ]


def campaign_rows(
    accounts: int, rng: random.Random, *, minutes: float = 1.0, changes: tuple[int, ...] = (0, 1, 2)
) -> list[dict]:
    return [
        {
            "text": paraphrase(CAMPAIGN, rng, rng.choice(changes)),
            "author": f"buzzer{i}",
            "time": T0 + timedelta(hours=2, minutes=minutes * i),
            "post_id": "P9",
        }
        for i in range(accounts)
    ]


def test_a_paraphrased_campaign_is_found_with_its_accounts_and_share():
    rng = random.Random(1)
    day = frame(organic(60, rng) + campaign_rows(40, rng))
    found = anatomy.campaigns(day)
    assert len(found) == 1
    c = found[0]
    assert c["comments"] == 40 and c["accounts"] == 40
    assert c["share"] == 0.4
    assert c["posts"] == [{"platform": "instagram", "post_id": "P9", "comments": 40}]
    assert set(c["authors"]) == {f"buzzer{i}" for i in range(40)}
    assert c["first"] < c["last"]
    assert anatomy.coordination_share(day, found) == 0.4


def test_heavier_paraphrases_are_still_mostly_caught():
    rng = random.Random(4)
    day = frame(organic(100, rng) + campaign_rows(60, rng, changes=(3,)))
    found = anatomy.campaigns(day)
    assert sum(c["comments"] for c in found) >= 0.8 * 60
    assert all(a.startswith("buzzer") for c in found for a in c["authors"])


def test_an_organic_spike_sharing_vocabulary_comes_out_low():
    day = frame(organic(300, random.Random(2)))
    assert anatomy.campaigns(day) == []
    assert anatomy.coordination_share(day, []) == 0.0


def test_a_mixed_day_counts_only_the_campaign():
    rng = random.Random(3)
    rows = organic(150, rng) + campaign_rows(25, rng) + organic(150, rng, start=500)
    day = frame(rows)
    found = anatomy.campaigns(day)
    assert [c["accounts"] for c in found] == [25]
    assert anatomy.coordination_share(day, found) == round(25 / 325, 4)


def test_short_common_texts_are_never_a_campaign():
    day = frame([{"text": "mantap pak menteri"} for _ in range(30)])
    assert anatomy.campaigns(day) == []


def test_one_account_repeating_itself_is_not_a_campaign():
    day = frame([{"text": CAMPAIGN, "author": "loud"} for _ in range(30)])
    assert anatomy.campaigns(day) == []
    assert anatomy.authors(day)["heavy"][0]["author"] == "loud"


def test_fewer_accounts_than_the_minimum_are_not_a_campaign():
    rows = [{"text": CAMPAIGN, "author": f"a{i % 4}"} for i in range(20)]
    assert anatomy.campaigns(frame(rows)) == []
    rows.append({"text": CAMPAIGN, "author": "a4"})
    assert anatomy.campaigns(frame(rows))[0]["accounts"] == 5


def test_the_same_text_hours_apart_is_split_into_bursts():
    spread = [
        {"text": CAMPAIGN, "author": f"q{i}", "time": T0 + timedelta(hours=2 * i)} for i in range(8)
    ]
    assert anatomy.campaigns(frame(spread)) == []
    # within the window they are one campaign
    close = [dict(r, time=T0 + timedelta(minutes=50 * i)) for i, r in enumerate(spread)]
    assert anatomy.campaigns(frame(close))[0]["accounts"] == 8


def test_the_representative_text_is_the_most_frequent():
    rows = [{"text": CAMPAIGN + " pak", "author": "x0"}]
    rows += [{"text": CAMPAIGN, "author": f"x{i}"} for i in range(1, 6)]
    assert anatomy.campaigns(frame(rows))[0]["text"] == CAMPAIGN


def test_words_are_normalised_for_matching():
    a = anatomy.words("BANSOS blm cairrr!!! 🙏 @menteri https://x.co/a")
    b = anatomy.words("bansos belum cair")
    assert a == b
    assert anatomy.jaccard(a, b) == 1.0
    assert anatomy.jaccard(frozenset(), frozenset()) == 0.0


def brute_groups(texts, similarity):
    """Every pair compared: the groups an exact all-pairs search gives."""
    parent = list(range(len(texts)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i):
            if (
                len(texts[i]) >= anatomy.MIN_WORDS
                and len(texts[j]) >= anatomy.MIN_WORDS
                and anatomy.jaccard(texts[i], texts[j]) >= similarity
            ):
                ri, rj = find(i), find(j)
                parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(len(texts))]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.frozensets(st.sampled_from("abcdefghij"), max_size=9), max_size=30),
    st.sampled_from((0.5, 0.6, 0.8, 1.0)),
)
def test_lsh_never_joins_what_a_full_comparison_keeps_apart(texts, similarity):
    """Candidates are verified by exact Jaccard: every LSH group lies inside one exact group."""
    exact = brute_groups(texts, similarity)
    got = anatomy.similar_groups(texts, similarity)
    for i, g in enumerate(got):
        assert exact[i] == exact[g]


def test_lsh_finds_nearly_every_pair_at_the_threshold():
    """Pairs at exactly 0.6 (12 words, three changed): LSH proposes about 99 in 100."""
    rng = random.Random(8)
    pairs = found = 0
    for k in range(300):
        base = [f"w{k}_{j}" for j in range(12)]
        other = base[:9] + [f"x{k}_{j}" for j in range(3)]
        a, b = frozenset(base), frozenset(other)
        assert anatomy.jaccard(a, b) == 0.6
        noise = [frozenset(rng.sample(VOCAB, 8)) for _ in range(3)]
        groups = anatomy.similar_groups([a, *noise, b])
        pairs += 1
        found += groups[0] == groups[4]
    assert found >= 0.95 * pairs


def test_a_small_campaign_with_three_words_changed_each_is_found():
    """Five accounts: one posts the 12-word text, four change three words of it each in their
    own way (0.6 to the original, about 0.33 to each other: joined through the original)."""
    rng = random.Random(9)
    text = "bansos belum cair data salah desa kami tidak dapat kenapa tetangga kaya"
    base = text.split()
    assert len(anatomy.words(text)) == 12
    rows = []
    for i in range(5):
        ws = list(base)
        for pos in rng.sample(range(len(ws)), 3) if i else ():
            ws[pos] = f"kata{i}{pos}"
        rows.append({"text": " ".join(ws), "author": f"b{i}", "time": T0 + timedelta(minutes=i)})
    day = frame(organic(50, rng) + rows)
    found = anatomy.campaigns(day)
    assert [c["accounts"] for c in found] == [5]


def test_the_same_day_in_another_order_gives_the_same_campaigns():
    rng = random.Random(10)
    rows = organic(80, rng) + campaign_rows(30, rng, changes=(1, 2, 3))
    first = anatomy.campaigns(frame(rows))
    again = anatomy.campaigns(frame(rows))
    shuffled = list(rows)
    random.Random(0).shuffle(shuffled)
    other = anatomy.campaigns(frame(shuffled))
    assert first == again
    assert [(c["comments"], set(c["authors"])) for c in other] == [
        (c["comments"], set(c["authors"])) for c in first
    ]


def test_word_sets_equal_words_text_by_text():
    texts = [
        "BANSOS blm cairrr!!! 🙏 @menteri",
        None,
        "",
        "min 2 kali #BansosCair",
        "bansos belum cair",
    ]
    assert anatomy.word_sets(texts) == [anatomy.words(t) for t in texts]


def test_heavy_commenters_need_both_count_and_share():
    rows = [
        {"text": f"t{i}", "author": "loud", "post_id": "P1" if i < 6 else "P2"} for i in range(8)
    ]
    rows += [{"text": f"u{i}", "author": "four"} for i in range(4)]
    rows += [{"text": f"v{i}", "author": f"p{i}"} for i in range(88)]
    rows += [{"text": "anon", "author": ""}]
    got = anatomy.authors(frame(rows))
    assert got["accounts"] == 90
    assert got["heavy"] == [
        {
            "author": "loud",
            "platform": "instagram",
            "comments": 8,
            "share": round(8 / 101, 4),
            "posts": 2,
            "most_on_one_post": 6,
        }
    ]
    assert got["new_accounts"] is None  # without first-seen times
    assert got["top_share"] == round((8 + 4 + 8) / 101, 4)
    # at 1 % of 1,000 comments, five are not enough
    big = rows[:8] + [{"text": f"w{i}", "author": f"r{i}"} for i in range(992)]
    assert anatomy.authors(frame(big))["heavy"] == []
    assert anatomy.authors(frame([]).reindex(columns=["author"]))["heavy"] == []


def test_accounts_repeating_under_one_post_and_accounts_first_seen():
    rows = [{"text": f"a{i}", "author": "ulang", "post_id": "P1"} for i in range(4)]
    rows += [{"text": f"b{i}", "author": "dua", "post_id": "P1"} for i in range(2)]
    rows += [{"text": "c", "author": "ulang", "post_id": "P2"}]
    rows += [{"text": "x", "author": "ulang", "post_id": "P1", "platform": "x"}]
    since = T0 - timedelta(hours=2)
    first_seen = {
        ("instagram", "ulang"): T0 - timedelta(days=40),
        ("instagram", "dua"): T0,  # first seen in the period
        ("x", "ulang"): T0 - timedelta(minutes=30),  # the same name on X is another account
    }
    got = anatomy.authors(frame(rows), first_seen=first_seen, since=since)
    assert got["repeating"] == [
        {"author": "ulang", "platform": "instagram", "post_id": "P1", "comments": 4}
    ]
    assert got["repeating_share"] == 0.5
    assert got["accounts"] == 3
    assert got["new_accounts"] == 2 and got["new_share"] == round(3 / 8, 4)
    assert [(a["platform"], a["author"]) for a in got["new"]] == [
        ("instagram", "dua"),
        ("x", "ulang"),
    ]
    assert got["top"][0] == {
        "author": "ulang",
        "platform": "instagram",
        "comments": 5,
        "share": 0.625,
        "posts": 2,
        "most_on_one_post": 4,
    }


def test_themes_are_topics_of_the_stems_with_size_ratio_and_example():
    rows = [{"text": "bst belum cair", "terms": "bst belum cair", "likes": i} for i in range(30)]
    rows += [
        {"text": "harga beras naik", "terms": "harga beras naik", "likes": 1} for _ in range(10)
    ]
    rows += [{"text": "lain", "terms": "data"} for _ in range(20)]
    base = ["data"] * 200 + ["bst belum cair"] * 28 + ["harga"] * 2
    got = anatomy.themes(frame(rows), base, 28)
    # ordered by the comments they add over their baseline: 29, then 12.9, then 9.9
    assert [g["label"] for g in got] == ["bst belum cair", "data", "harga beras naik"]
    bst, data, beras = got
    assert bst["comments"] == 30 and bst["baseline_per_day"] == 1.0 and bst["ratio"] == 30.0
    assert bst["example"] == "bst belum cair" and bst["example_likes"] == 29  # ties: most liked
    assert data["comments"] == 20 and data["ratio"] == 2.8
    assert beras["comments"] == 10 and beras["baseline_per_day"] == 0.07


def test_themes_are_the_same_for_the_same_comments_in_any_run():
    rng = random.Random(12)
    rows = [
        {"text": "x", "terms": " ".join(rng.sample(VOCAB, 4)), "likes": rng.randrange(9)}
        for _ in range(200)
    ]
    first = anatomy.themes(frame(rows), [], 28)
    assert len(first) == anatomy.THEMES
    assert anatomy.themes(frame(rows), [], 28) == first
    assert sum(g["comments"] for g in first) <= 200


def test_a_period_gives_comments_per_day_against_the_baseline():
    rows = [{"text": "bst belum cair", "terms": "bst belum cair"} for _ in range(70)]
    got = anatomy.themes(frame(rows), ["bst belum cair"] * 28, 28, days=7)
    assert got[0]["comments"] == 70 and got[0]["per_day"] == 10.0
    assert got[0]["baseline_per_day"] == 1.0 and got[0]["ratio"] == 10.0


def test_a_theme_new_to_the_baseline_has_no_ratio():
    rows = [{"text": "vonis hakim", "terms": "vonis hakim"} for _ in range(6)]
    got = anatomy.themes(frame(rows), ["data"] * 50, 28)
    assert got[0]["ratio"] is None and got[0]["baseline_per_day"] == 0.0
    assert got[0]["label"] == "vonis hakim"


def test_comments_without_stems_have_no_themes():
    assert anatomy.themes(frame([{"text": "🙏", "terms": ""}] * 5), [], 28) == []


def test_anatomy_puts_the_parts_together():
    rng = random.Random(5)
    rows = organic(30, rng) + campaign_rows(30, rng)
    day = frame(rows)
    kind = [True] * 30 + [False] * 30
    got = anatomy.anatomy(day, kind, [], 28, posts=[{"post_id": "P9"}])
    assert got["comments"] == 60
    assert got["coordination_share"] == 0.5 and got["coordinated"] is True
    assert got["campaigns"][0]["accounts"] == 30
    assert got["posts"] == [{"post_id": "P9"}]
    assert got["authors"]["accounts"] == 60


@pytest.mark.parametrize("share, coordinated", [(0.24, False), (0.25, True)])
def test_the_day_is_coordinated_from_a_quarter(share, coordinated):
    n = 100
    k = int(share * n)
    rows = [{"text": CAMPAIGN, "author": f"b{i}"} for i in range(k)]
    rows += [{"text": f"biasa {i}", "author": f"o{i}"} for i in range(n - k)]
    got = anatomy.anatomy(frame(rows), [False] * n, [], 28)
    assert got["coordinated"] is coordinated


def test_an_empty_day_has_no_anatomy_figures():
    got = anatomy.anatomy(frame([]).reindex(columns=["comment_id", "text", "author"]), [], [], 28)
    assert got["comments"] == 0 and got["coordination_share"] is None
    assert got["coordinated"] is False and got["campaigns"] == []
