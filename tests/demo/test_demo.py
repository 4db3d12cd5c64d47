"""The demo data generator: shape of the exports, determinism and the story the year tells."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from monitor.cli import main
from monitor.core.platforms import label
from monitor.demo import generator as demo

ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
POST_URL = re.compile(r"^https://www\.instagram\.com/p/[A-Za-z0-9_-]{11}/$")
ANGRY = re.compile(r"korupsi|koruptor|maling|tikus|hukum mati|hukuman mati", re.IGNORECASE)
REPEATED_SHORT = {"aamiin", "mantap", "terima kasih bu", "semangat bu risma", "🙏", "amin"}


@pytest.fixture(scope="module")
def comments() -> list[dict]:
    return demo.generate_comments()


@pytest.fixture(scope="module")
def flat(comments) -> pd.DataFrame:
    """Every record (replies included) as one row, with its Jakarta day."""
    rows = []
    for c in comments:
        rows.append({**c, "parent": None, "parent_ts": None, "parent_text": None})
        for r in c["replies"]:
            rows.append(
                {**r, "parent": c["id"], "parent_ts": c["timestamp"], "parent_text": c["text"]}
            )
    df = pd.DataFrame(rows)
    df["ts"] = pd.to_datetime(df["timestamp"], utc=True)
    df["day"] = df["ts"].dt.tz_convert("Asia/Jakarta").dt.date
    return df


def _records(comments):
    for c in comments:
        yield c
        yield from c["replies"]


@pytest.mark.parametrize("n", [0, 1, 9, 10, 57, 1000])
def test_n_counts_every_record_replies_included(n):
    assert sum(1 + len(c["replies"]) for c in demo.generate_comments(n, seed=3)) == n


def test_default_size_is_a_few_thousand(comments):
    assert sum(1 + len(c["replies"]) for c in comments) == demo.DEFAULT_N


def test_deterministic_per_seed():
    a = demo.generate_comments(600, seed=11)
    assert a == demo.generate_comments(600, seed=11)
    assert a != demo.generate_comments(600, seed=12)


def test_apify_shape(comments):
    keys = {
        "id", "text", "ownerUsername", "timestamp", "likesCount", "postUrl", "commentUrl",
        "repliesCount", "replies", "owner",
    }  # fmt: skip
    for c in comments:
        assert set(c) == keys
        assert POST_URL.match(c["postUrl"])
        assert c["commentUrl"] == f"{c['postUrl']}c/{c['id']}/"
        assert c["repliesCount"] == len(c["replies"])
        for r in c["replies"]:
            assert set(r) == keys
            assert r["postUrl"] == c["postUrl"]
            assert r["commentUrl"] == f"{c['postUrl']}c/{c['id']}/r/{r['id']}/"
            assert r["replies"] == [] and r["repliesCount"] == 0
    for rec in _records(comments):
        assert ISO_MS.match(rec["timestamp"])
        assert rec["id"].isdigit() and len(rec["id"]) == 17
        assert isinstance(rec["likesCount"], int) and rec["likesCount"] >= 0
        assert rec["owner"]["username"] == rec["ownerUsername"]
        assert rec["owner"]["id"].isdigit()
        assert isinstance(rec["owner"]["is_verified"], bool)
        assert rec["text"].strip()


def test_ids_unique_and_increasing_with_time(flat):
    assert flat["id"].is_unique
    by_time = flat.sort_values(["ts", "id"])
    assert by_time["id"].astype(int).is_monotonic_increasing


def test_year_and_posts(flat):
    assert flat["day"].min() >= datetime(2020, 10, 1).date()
    assert flat["day"].max() <= datetime(2021, 9, 30).date()
    assert 40 <= flat["postUrl"].nunique() <= 80


def test_reaction_to_the_case(flat):
    top = flat[flat["parent"].isna()]
    daily = top.groupby("day").size()
    angry = top[top["text"].str.contains(ANGRY)].groupby("day").size()
    week = [datetime(2020, 12, 6).date() + timedelta(days=i) for i in range(7)]
    autumn = [d for d in daily.index if d < datetime(2020, 12, 1).date()]
    # volume and anger both surge in the week the minister was named a suspect
    assert daily.reindex(week).mean() > 3 * daily.reindex(autumn).mean()
    angry_share_week = angry.reindex(week).fillna(0).sum() / daily.reindex(week).sum()
    angry_share_autumn = angry.reindex(autumn).fillna(0).sum() / daily.reindex(autumn).sum()
    assert angry_share_week > 0.3 > 4 * angry_share_autumn
    # the verdict (2021-08-23) draws its own outrage
    assert top[top["day"] == datetime(2021, 8, 23).date()]["text"].str.contains("12 tahun").any()


def test_support_for_the_new_minister_only_after_her_appointment(flat):
    risma = flat[flat["text"].str.contains("risma", case=False)]
    assert len(risma) > 30
    assert (risma["ts"] >= pd.Timestamp("2020-12-22T05:00:00Z")).all()


def test_repeated_short_comments_at_a_realistic_share(flat):
    texts = flat["text"]
    counts = texts.map(texts.value_counts())
    repeated = texts[counts >= 3]
    assert 0.1 < len(repeated) / len(texts) < 0.4
    assert (repeated.str.len() <= 30).mean() > 0.9  # what repeats is the short stuff
    assert texts.str.lower().isin(REPEATED_SHORT).mean() > 0.03
    # most longer comments are unique, as in real exports
    long_ = flat.loc[flat["text"].str.len() > 40, "text"]
    assert long_.nunique() / len(long_) > 0.8


@pytest.mark.parametrize(
    "word", ["PKH", "BPNT", "BST", "DTKS", "NIK", "disabilitas", "banjir", "dipotong", "blm", "🙏"]
)
def test_vocabulary_of_the_domain(flat, word):
    assert flat["text"].str.contains(word, regex=False).any()


def test_weekdays_busier_than_weekends(flat):
    daily = flat.groupby("day").size()
    days = pd.to_datetime(pd.Series(daily.index))
    weekend = days.dt.day_of_week.ge(5).to_numpy()
    assert daily[~weekend].median() > daily[weekend].median()


def test_ministry_answers_a_share_of_complaints_hours_later(flat):
    owner = flat[flat["ownerUsername"] == demo.ACCOUNT]
    assert len(owner) > 50
    assert owner["parent"].notna().all()  # the account only ever replies
    assert owner["owner"].map(lambda o: o["is_verified"]).all()
    delay = owner["ts"] - pd.to_datetime(owner["parent_ts"], utc=True)
    assert (delay >= pd.Timedelta(minutes=20)).all()
    assert pd.Timedelta(hours=2) < delay.median() < pd.Timedelta(hours=24)
    # replies answer complaints, they are not sprinkled on praise
    assert not owner["parent_text"].str.lower().isin(REPEATED_SHORT).any()
    top = flat[flat["parent"].isna()]
    assert len(owner) < 0.5 * len(top)


def test_write_demo_export_round_trips(tmp_path):
    path = demo.write_demo_export(tmp_path / "demo.json", 800, seed=5)
    assert json.loads(path.read_text(encoding="utf-8")) == demo.generate_comments(800, seed=5)


def test_iter_comments_streams():
    it = demo.iter_comments(50_000, seed=1)
    first = next(it)
    assert not isinstance(it, list) and ISO_MS.match(first["timestamp"])


def test_exportcomments_csv_shape(tmp_path):
    path = demo.write_export_csv(tmp_path / "demo.csv", 700, seed=5)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + demo.EXPORTCOMMENTS_HEADER.encode() + b"\r\n")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["", "", "Name"] and header[-1] == "Comment URL"
    assert len(body) == 700
    apify = {r["id"]: r for r in _records(demo.generate_comments(700, seed=5))}
    for row in body:
        rec = apify[row[10]]
        assert row[7] == rec["text"]
        assert row[2] == rec["ownerUsername"] and row[3] in ("", rec["ownerUsername"])
        when = datetime.strptime(row[5], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        assert when == datetime.fromisoformat(rec["timestamp"].replace("Z", "+00:00"))
        assert row[12].startswith(rec["postUrl"].rstrip("/") + "/c/")
        assert row[8] in ("yes", "no")


def test_cli_write(tmp_path, capsys):
    out = tmp_path / "d.csv"
    assert main(["demo", "write", str(out), "--n", "40"]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf,,Name")
    assert main(["demo", "write"]) == 1
    assert "Error:" in capsys.readouterr().err


def test_load_and_remove_through_the_real_ingest(store):
    reports = demo.load_demo(store, 300, seed=2)
    sizes = demo.demo_sizes(300)
    assert sum(sizes.values()) == 300
    comments = [r for r in reports if r.kind == "comments"]
    assert {r.platform: r.rows_new for r in comments} == sizes
    assert all(r.rows_rejected == 0 for r in reports)
    assert {r.platform: r.source_format for r in comments} == demo.DEMO_FORMATS
    assert {r.platform for r in reports if r.kind == "posts"} == set(demo.POST_WRITERS)
    assert demo.has_demo(store)
    assert demo.remove_demo(store) == len(reports) == 5
    assert not demo.has_demo(store)
    assert demo.remove_demo(store) == 0


def test_cli_load_and_remove(store_url, capsys):
    assert main(["demo", "load", "--db", store_url, "--n", "120"]) == 0
    out = capsys.readouterr().out
    assert "120 new comments" in out and "posts with captions" in out
    assert all(label(p) in out for p in demo.DEMO_FORMATS)
    assert main(["demo", "load", "--db", store_url, "--n", "120"]) == 0
    assert "already loaded" in capsys.readouterr().out
    assert main(["demo", "remove", "--db", store_url]) == 0
    assert "Removed 5 demo import" in capsys.readouterr().out
