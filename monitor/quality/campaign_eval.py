"""How well a copy-paste campaign is told from an organic spike: ``python -m monitor.quality.campaign_eval``.

Days are generated from the demo's wording (``monitor.demo.vocabulary``: its templates of the
corruption, aid and verdict topics for the public, of the praise and Risma topics for the
campaigns), and ``analysis.anatomy.campaigns`` runs on each with its defaults:

* **organic, free wording**: ``--organic`` comments spread over the day, each by its own
  account, each a random choice of 6 to 14 words from the vocabulary of those templates plus
  one of the words every such day shares (*korupsi*, *bansos*): many people, many phrasings,
  one vocabulary;
* **organic, demo templates**: the same number of comments, each a whole template of those
  topics with its slots filled at random (what the demo generator writes): people repeating
  the slogans of the day word for word, a harder case than free wording;
* **campaign**: a free-wording day plus ``size`` accounts (10, 30, 100) posting one praise text
  of at least 10 words within 45 minutes, each with ``changes`` words (0, 1, 3) replaced by
  words of the vocabulary.

Per cell, over ``--runs`` days: the mean coordination share found and the true share of the
campaign, the share of the campaign's comments found in campaigns (recall) and the share of
the public's comments wrongly put in one; for organic days, the mean and largest share and
how many days came out "coordinated".
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from monitor.analysis import anatomy
from monitor.demo import vocabulary as voc

PUBLIC_TOPICS = ("corruption", "aid", "verdict")
CAMPAIGN_TOPICS = ("praise", "risma")
SHARED_WORDS = ("korupsi", "bansos")
SIZES = (10, 30, 100)
CHANGES = (0, 1, 3)
START = datetime(2021, 1, 4, 17, 0)  # 00:00 in Jakarta, as naive UTC
_SLOT = re.compile(r"\{(\w+)\}")


def render(template: str, rng: np.random.Generator) -> str:
    """A template with each slot filled by one of its values (``{bu}``: "bu")."""

    def fill(m: re.Match) -> str:
        values = voc.SLOTS.get(m.group(1)) or ("bu",)
        return str(values[int(rng.integers(len(values)))])

    return _SLOT.sub(fill, template)


def _templates(topics: tuple[str, ...]) -> list[str]:
    return [t[0] for name in topics for t in voc.TOPICS[name]["templates"]]


def _bag(templates: list[str]) -> list[str]:
    """The distinct words of the templates (slots dropped), in first-seen order."""
    words = re.findall(r"[A-Za-z]+", " ".join(_SLOT.sub(" ", t) for t in templates))
    return list(dict.fromkeys(w.lower() for w in words if len(w) > 2))


PUBLIC = _templates(PUBLIC_TOPICS)
BAG = _bag(PUBLIC)
PRAISE = _templates(CAMPAIGN_TOPICS)


def _rows(texts: list[str], authors: list[str], times: list[datetime]) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame(
        {
            "comment_id": [f"c{i}" for i in range(n)],
            "platform": "instagram",
            "post_id": "P1",
            "author": authors,
            "text": texts,
            "created_at_utc": times,
            "like_count": 0,
            "label": "negative",
            "is_complaint": False,
            "terms": "",
        }
    )


def organic_free(n: int, rng: np.random.Generator, tag: str = "w") -> pd.DataFrame:
    """``n`` comments in free wording from the public's vocabulary, all sharing its words."""
    texts = []
    for _ in range(n):
        k = int(rng.integers(6, 15))
        words = [BAG[i] for i in rng.choice(len(BAG), size=k, replace=False)]
        words.insert(int(rng.integers(len(words) + 1)), SHARED_WORDS[int(rng.integers(2))])
        texts.append(" ".join(words))
    times = [START + timedelta(seconds=int(s)) for s in rng.integers(0, 86_400, n)]
    return _rows(texts, [f"{tag}{i}" for i in range(n)], times)


def organic_templates(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n`` comments each a whole template of the public's topics, slots filled at random."""
    texts = [render(PUBLIC[int(rng.integers(len(PUBLIC)))], rng) for _ in range(n)]
    times = [START + timedelta(seconds=int(s)) for s in rng.integers(0, 86_400, n)]
    return _rows(texts, [f"t{i}" for i in range(n)], times)


def campaign_text(rng: np.random.Generator) -> str:
    """One praise text of at least 10 words (templates joined until it is that long)."""
    text = ""
    while len(text.split()) < 10:
        text = (text + " " + render(PRAISE[int(rng.integers(len(PRAISE)))], rng)).strip()
    return text


def paraphrase(text: str, changes: int, rng: np.random.Generator) -> str:
    """``text`` with ``changes`` of its words (distinct positions) replaced by others."""
    words = text.split()
    for pos in rng.choice(len(words), size=min(changes, len(words)), replace=False):
        words[int(pos)] = BAG[int(rng.integers(len(BAG)))]
    return " ".join(words)


def campaign_day(
    organic: int, size: int, changes: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, int]:
    """A free-wording day with a campaign of ``size`` accounts; the frame and the campaign's
    first row."""
    public = organic_free(organic, rng)
    base = campaign_text(rng)
    at = START + timedelta(hours=int(rng.integers(6, 20)))
    texts = [paraphrase(base, changes, rng) for _ in range(size)]
    times = [at + timedelta(seconds=int(s)) for s in np.sort(rng.integers(0, 45 * 60, size))]
    paid = _rows(texts, [f"buzzer{i}" for i in range(size)], times)
    return pd.concat([public, paid], ignore_index=True), organic


def evaluate(
    *,
    runs: int = 20,
    organic: int = 400,
    seed: int = 11,
    sizes=SIZES,
    changes=CHANGES,
    similarity: float = anatomy.SIMILARITY,
) -> dict:
    """The figures of the module docstring as a JSON-able dict (``similarity``: the campaign
    rule's, default the library's)."""
    rng = np.random.default_rng(seed)

    def campaigns(day: pd.DataFrame) -> list[dict]:
        return anatomy.campaigns(day, similarity=similarity)

    out: dict = {
        "runs": runs,
        "organic": organic,
        "seed": seed,
        "similarity": similarity,
        "campaigns": [],
        "organic_days": {},
    }
    for size in sizes:
        for c in changes:
            shares, truths, recalls, wrong = [], [], [], []
            for _ in range(runs):
                day, first = campaign_day(organic, size, c, rng)
                found = campaigns(day)
                share = anatomy.coordination_share(day, found) or 0.0
                flagged = {a for cp in found for a in cp["authors"]}
                paid = sum(1 for a in flagged if a.startswith("buzzer"))
                public = sum(1 for a in flagged if not a.startswith("buzzer"))
                shares.append(share)
                truths.append(size / len(day))
                recalls.append(paid / size)
                wrong.append(public / first)
            out["campaigns"].append(
                {
                    "accounts": size,
                    "words_changed": c,
                    "true_share": round(float(np.mean(truths)), 3),
                    "coordination_share": round(float(np.mean(shares)), 3),
                    "recall": round(float(np.mean(recalls)), 3),
                    "public_wrongly_in_campaigns": round(float(np.mean(wrong)), 4),
                    "coordinated_days": sum(s >= anatomy.COORDINATED_SHARE for s in shares),
                }
            )
    for name, make in (("free_wording", organic_free), ("demo_templates", organic_templates)):
        for n in (organic, organic * 5):
            shares = []
            for _ in range(runs):
                day = make(n, rng)
                shares.append(anatomy.coordination_share(day, campaigns(day)) or 0.0)
            out["organic_days"][f"{name}_{n}"] = {
                "comments": n,
                "mean_share": round(float(np.mean(shares)), 4),
                "max_share": round(float(np.max(shares)), 4),
                "coordinated_days": sum(s >= anatomy.COORDINATED_SHARE for s in shares),
            }
    return out


def format_text(result: dict) -> str:
    """The figures as two small tables."""
    lines = [
        f"campaigns on a day of {result['organic']} organic comments, {result['runs']} days each"
        f" (similarity {result['similarity']})",
        f"{'accounts':>8} {'changed':>7} {'true':>6} {'found':>6} {'recall':>7} {'public':>7}"
        f" {'coord. days':>11}",
    ]
    for r in result["campaigns"]:
        lines.append(
            f"{r['accounts']:>8} {r['words_changed']:>7} {r['true_share']:>6.3f}"
            f" {r['coordination_share']:>6.3f} {r['recall']:>7.3f}"
            f" {r['public_wrongly_in_campaigns']:>7.4f} {r['coordinated_days']:>5}/{result['runs']}"
        )
    lines.append("organic days (no campaign)")
    for name, r in result["organic_days"].items():
        lines.append(
            f"  {name:<22} mean {r['mean_share']:.4f}  max {r['max_share']:.4f}"
            f"  coordinated {r['coordinated_days']}/{result['runs']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m monitor.quality.campaign_eval",
        description="Coordination share of generated campaign and organic spike days.",
    )
    parser.add_argument("--runs", type=int, default=20, help="days per cell (default 20)")
    parser.add_argument("--organic", type=int, default=400, help="organic comments per day")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--similarity", type=float, default=anatomy.SIMILARITY, help="the rule's Jaccard"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.organic < 1:
        print("Error: --runs and --organic must be at least 1", file=sys.stderr)
        return 1
    if not 0 < args.similarity <= 1:
        print("Error: --similarity must be above 0 and at most 1", file=sys.stderr)
        return 1
    result = evaluate(
        runs=args.runs, organic=args.organic, seed=args.seed, similarity=args.similarity
    )
    print(json.dumps(result, indent=2) if args.json else format_text(result))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
