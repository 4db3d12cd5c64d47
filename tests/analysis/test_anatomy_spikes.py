"""A spike's anatomy from the store: ``find_spikes`` fills it with the drivers (both backends)."""

from __future__ import annotations

import json
from datetime import date

from monitor.analysis.reports import find_spikes
from monitor.ops.privacy import pseudonym
from tests.analytics_helpers import add_comments, row, synthetic_rows

SPIKE = date(2020, 12, 7)
PASTE = "menteri sudah bekerja keras bantuan sosial tepat sasaran untuk rakyat kecil"


def campaign(n: int, *, author=lambda i: f"buzzer{i}") -> list[dict]:
    """``n`` accounts pasting one text (a word changed in every third) within half an hour."""
    return [
        row(
            SPIKE,
            hour=14,
            author=author(i),
            label="negative",
            text=PASTE + (" pak" if i % 3 == 0 else ""),
            terms="menteri kerja keras bantu sosial",
            post_id="P2",
        )
        for i in range(n)
    ]


def hit_of(store):
    found = find_spikes(store, sensitivity="balanced", link_events=False)
    return next(s for s in found if s.day == SPIKE and s.metric == "negative")


def test_a_campaign_spike_carries_its_coordination_share_and_campaign(store):
    rows = synthetic_rows(date(2020, 10, 1), 70, spikes={SPIKE: 3.0}) + campaign(40)
    add_comments(store, rows)
    hit = hit_of(store)
    day_total = sum(1 for r in rows if r["day"] == SPIKE)
    assert hit.coordination_share == round(40 / day_total, 4)
    assert hit.anatomy["coordinated"] is True
    (c,) = hit.anatomy["campaigns"]
    assert c["accounts"] == 40 and c["posts"][0]["post_id"] == "P2"
    assert hit.anatomy["comments"] == day_total
    assert hit.anatomy["posts"] == hit.posts
    d = hit.to_dict()
    assert d["coordination_share"] == hit.coordination_share
    assert d["anatomy"]["campaigns"][0]["text"] == PASTE
    json.dumps(d)  # what ``spikes --json`` prints


def test_an_organic_spike_has_no_campaign_and_its_theme(store):
    add_comments(store, synthetic_rows(date(2020, 10, 1), 70, spikes={SPIKE: 5.0}))
    hit = hit_of(store)
    assert hit.coordination_share == 0.0 and hit.anatomy["campaigns"] == []
    assert hit.anatomy["coordinated"] is False
    theme = hit.anatomy["themes"][0]
    assert {"vonis", "hakim"} <= set(theme["terms"]) and theme["ratio"] is None


def test_a_pseudonymised_store_shows_pseudonyms_only(store):
    key = "kunci-rahasia"
    handle = lambda i: f"akun_asli_{i}"  # noqa: E731
    rows = synthetic_rows(date(2020, 10, 1), 70, spikes={SPIKE: 3.0})
    rows += campaign(20, author=lambda i: pseudonym(handle(i), key))
    rows += [row(SPIKE, author=pseudonym("si_berisik", key), text=f"ulang {i}") for i in range(6)]
    add_comments(store, rows)
    hit = hit_of(store)
    text = json.dumps(hit.to_dict())
    assert "akun_asli" not in text and "si_berisik" not in text
    assert pseudonym(handle(0), key) in hit.anatomy["campaigns"][0]["authors"]
    heavy = [h["author"] for h in hit.anatomy["authors"]["heavy"]]
    assert heavy == [pseudonym("si_berisik", key)]


def test_without_drivers_there_is_no_anatomy(store):
    add_comments(store, synthetic_rows(date(2020, 10, 1), 70, spikes={SPIKE: 5.0}))
    found = find_spikes(store, sensitivity="balanced", drivers=False, link_events=False)
    hit = next(s for s in found if s.day == SPIKE)
    assert hit.anatomy == {} and hit.coordination_share is None
