"""A spike's anatomy from the store: ``find_spikes`` fills it with the drivers (both backends)."""

from __future__ import annotations

import dataclasses
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


def test_author_concentration_of_a_period_shows_pseudonyms_only(store):
    from monitor.analysis.reports import author_concentration

    key = "kunci-rahasia"
    rows = [
        row(date(2020, 11, 1), author=pseudonym("akun_lama", key), text="dulu"),
        *[
            row(SPIKE, author=pseudonym("akun_lama", key), text=f"lagi {i}", post_id="P1")
            for i in range(4)
        ],
        *[row(SPIKE, author=pseudonym(f"akun_baru_{i}", key), text="baru") for i in range(3)],
    ]
    add_comments(store, rows)
    got = author_concentration(store, SPIKE, SPIKE)
    text = json.dumps(got, default=str)
    assert "akun_lama" not in text and "akun_baru" not in text
    assert got["comments"] == 7 and got["accounts"] == 4
    assert got["top"][0]["author"] == pseudonym("akun_lama", key)
    assert got["repeating"][0]["author"] == pseudonym("akun_lama", key)
    assert got["new_accounts"] == 3 and got["new_share"] == round(3 / 7, 4)


def test_period_themes_compare_the_week_with_the_weeks_before(store):
    from datetime import timedelta

    from monitor.analysis.reports import period_themes

    end = SPIKE
    rows = [
        row(
            end - timedelta(days=i % 7),
            label="negative",
            text="bst belum cair",
            terms="bst belum cair",
        )
        for i in range(70)
    ]
    rows += [
        row(
            end - timedelta(days=8 + i),
            label="negative",
            text="bst belum cair",
            terms="bst belum cair",
        )
        for i in range(14)
    ]
    rows += [row(end, label="positive", text="mantap", terms="mantap") for _ in range(30)]
    add_comments(store, rows)
    got = period_themes(store, end)
    assert got["comments"] == 70
    (theme,) = got["themes"]
    assert theme["label"] == "bst belum cair"
    assert theme["per_day"] == 10.0 and theme["baseline_per_day"] == 0.5 and theme["ratio"] == 20.0


def test_find_spikes_reads_the_campaign_rule_from_settings(store):
    from monitor.ops import settings as settings_mod

    add_comments(store, synthetic_rows(date(2020, 10, 1), 70, spikes={SPIKE: 3.0}) + campaign(8))
    assert hit_of(store).anatomy["campaigns"][0]["accounts"] == 8
    settings_mod.save(store, dataclasses.replace(settings_mod.load(store), anatomy_min_accounts=10))
    assert hit_of(store).anatomy["campaigns"] == []
