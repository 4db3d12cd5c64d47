"""Phase 5, the copy-paste search of a spike's anatomy on one day of ``n`` comments.

The day is the demo generator's texts (its templates repeat and vary, so they hold many
near-duplicates: a hard day for the search), each by one of ``n / 3`` accounts at a time spread
over 24 hours, plus one copy-paste campaign of ``CAMPAIGN_ACCOUNTS`` accounts. Measured:
``anatomy.word_sets`` (normalising), ``anatomy.similar_groups`` (MinHash LSH and the exact
check of its candidates) and the whole ``anatomy.campaigns``; then, on the first
``sample`` comments, the same search against comparing every pair of distinct word sets (what
a hand-written search without an index does), the ratio of the two, how far their groups agree,
and the all-pairs time extrapolated to the whole day by the number of pairs.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

CAMPAIGN_ACCOUNTS = 100
SAMPLE = 3_000


def day_frame(n: int, seed: int):
    """One generated day of ``n`` comments in the shape of ``read_day_comments``."""
    import pandas as pd

    from monitor.demo import generator as demo

    rng = random.Random(seed)
    organic = max(n - CAMPAIGN_ACCOUNTS, 0)
    texts = demo.generate_texts(max(organic, 1), seed)[:organic]
    start = datetime(2024, 3, 4, 17, 0)  # 00:00 in Jakarta
    base = "menteri sudah bekerja keras bantuan sosial tepat sasaran untuk rakyat kecil kami"
    rows_text = list(texts)
    authors = [f"u{rng.randrange(max(n // 3, 1))}" for _ in texts]
    times = [start + timedelta(seconds=rng.randrange(86_400)) for _ in texts]
    for i in range(CAMPAIGN_ACCOUNTS):
        ws = base.split()
        ws[rng.randrange(len(ws))] = rng.choice(("pak", "bu", "hebat", "mantap"))
        rows_text.append(" ".join(ws))
        authors.append(f"buzzer{i}")
        times.append(start + timedelta(hours=10, seconds=20 * i))
    return pd.DataFrame(
        {
            "comment_id": [f"c{i}" for i in range(len(rows_text))],
            "platform": "instagram",
            "post_id": [f"P{i % 40}" for i in range(len(rows_text))],
            "author": authors,
            "text": rows_text,
            "created_at_utc": times,
            "like_count": 0,
            "label": "negative",
            "is_complaint": False,
            "terms": "",
        }
    )


def all_pairs_groups(sets: list, similarity: float) -> list[int]:
    """The exact groups: every pair of distinct word sets compared (the baseline)."""
    from monitor.analysis import anatomy

    parent = list(range(len(sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict = {}
    distinct: list[int] = []
    for i, s in enumerate(sets):
        if len(s) < anatomy.MIN_WORDS:
            continue
        if s in first:
            parent[find(i)] = find(first[s])
        else:
            first[s] = i
            distinct.append(i)
    for x, i in enumerate(distinct):
        a = sets[i]
        for j in distinct[:x]:
            if anatomy.jaccard(a, sets[j]) >= similarity:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(len(sets))]


def _same_group_pairs(groups: list[int]) -> int:
    return sum(k * (k - 1) // 2 for k in Counter(groups).values())


def phase_anatomy(n: int, seed: int, sample: int = SAMPLE) -> dict[str, Any]:
    from monitor.analysis import anatomy

    day = day_frame(n, seed)
    texts = day["text"].tolist()
    anatomy.word_sets(texts[:100])  # load the normaliser's data files
    c0, t0 = time.process_time(), time.perf_counter()
    sets = anatomy.word_sets(texts)
    t1 = time.perf_counter()
    groups = anatomy.similar_groups(sets)
    t2 = time.perf_counter()
    found = anatomy.campaigns(day)
    t3 = time.perf_counter()
    cpu = time.process_time() - c0  # the three steps above
    distinct = len({s for s in sets if len(s) >= anatomy.MIN_WORDS})

    part = sets[:sample]
    s0 = time.perf_counter()
    lsh_part = anatomy.similar_groups(part)
    s1 = time.perf_counter()
    exact_part = all_pairs_groups(part, anatomy.SIMILARITY)
    s2 = time.perf_counter()
    part_distinct = len({s for s in part if len(s) >= anatomy.MIN_WORDS})
    # pairs of comments grouped together: LSH's are a subset of the exact ones (verified)
    exact_pairs = _same_group_pairs(exact_part)
    lsh_pairs = _same_group_pairs(lsh_part)
    pair_ratio = (distinct * (distinct - 1)) / max(part_distinct * (part_distinct - 1), 1)
    return {
        "comments": len(day),
        "seconds": t3 - t2,  # the whole campaign search, as find_spikes runs it
        "word_sets_seconds": t1 - t0,
        "similar_groups_seconds": t2 - t1,
        "campaigns_seconds": t3 - t2,
        "cpu_timed_self": cpu,
        "distinct_word_sets": distinct,
        "groups_of_two_or_more": sum(1 for k in Counter(groups).values() if k > 1),
        "campaigns": len(found),
        "campaign_comments": sum(c["comments"] for c in found),
        "sample": len(part),
        "sample_distinct_word_sets": part_distinct,
        "sample_lsh_seconds": s1 - s0,
        "sample_all_pairs_seconds": s2 - s1,
        "sample_ratio": (s2 - s1) / max(s1 - s0, 1e-9),
        "sample_pair_recall": lsh_pairs / exact_pairs if exact_pairs else 1.0,
        "sample_groups_equal": lsh_part == exact_part,
        "all_pairs_seconds_at_n": (s2 - s1) * pair_ratio,
    }
