"""Vocabulary of the demo data, read once (at import) from the files in ``monitor/demo/data``.

The wording lives in data files so it can be read, reviewed and extended without touching the
generator (``data/README.md`` describes each file). Templates use named slots (``{prog}``,
``{place}``...) filled per comment; each template is also rendered in casual and heavy-slang
spellings, so the same idea appears the way different people actually type it.

A template is ``(text, weight, start_utc, end_utc)``; a reply of the ministry is
``(text, start_utc, end_utc)``; openers and closers are ``(text, weight)``. Dates are UTC ISO
strings or ``None`` (no limit).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")


def _json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _tsv(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header line; ``#`` lines and blank lines are skipped."""
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _by(rows: list[dict[str, str]], key: str, value) -> dict[str, tuple]:
    """``value(row)`` of each row, grouped by the row's ``key`` column in file order."""
    out: dict[str, list] = {}
    for row in rows:
        out.setdefault(row[key], []).append(value(row))
    return {k: tuple(v) for k, v in out.items()}


# Named date gates (UTC ISO); the data files may use these names instead of a date.
DATES: dict[str, str] = _json("dates.json")
RISMA_IN = DATES["RISMA_IN"]
CEKBANSOS = DATES["CEKBANSOS"]


def _date(cell: str) -> str | None:
    return DATES.get(cell, cell) if cell else None


# Slot values, in the order of the positional arguments every template is formatted with.
# ``{bu}`` depends on the period (the minister changed on 2020-12-23) and ``{tag}`` is another
# commenter's handle: both are filled per comment, so their lists here are empty.
_slots = _json("slots.json")
BU_BEFORE: tuple[str, ...] = tuple(_slots["bu"]["before"])
BU_AFTER: tuple[str, ...] = tuple(_slots["bu"]["after"])
SLOTS: dict[str, tuple[str, ...]] = {
    name: () if name == "bu" else tuple(values) for name, values in _slots.items()
}
SLOT_ORDER: tuple[str, ...] = tuple(SLOTS)

# Topics: group (complaint / angry / positive / neutral / negative / short / spam), the
# complaint category the ministry's replies are chosen by, and the templates.
_templates = _by(
    _tsv("templates.tsv"),
    "topic",
    lambda r: (r["text"], float(r["weight"]), _date(r["from"]), _date(r["until"])),
)
TOPICS: dict[str, dict[str, Any]] = {}
for _name, _meta in _json("topics.json").items():
    TOPICS[_name] = {**_meta, "templates": _templates[_name]}
    if "start" in _meta:
        TOPICS[_name]["start"] = _date(_meta["start"])

# Per comment group: second sentences, the share of comments that get one, openers and closers.
EXTRAS: dict[str, tuple[str, ...]] = _by(_tsv("extras.tsv"), "group", lambda r: r["text"])
_groups = _json("groups.json")
EXTRA_SHARE: dict[str, float] = _groups["extra_share"]
PREFIXES: dict[str, tuple[tuple[str, float], ...]] = {
    g: tuple((text, weight) for text, weight in opts) for g, opts in _groups["prefixes"].items()
}
SUFFIXES: dict[str, tuple[tuple[str, float], ...]] = {
    g: tuple((text, weight) for text, weight in opts) for g, opts in _groups["suffixes"].items()
}

# Replies: the ministry answers complaints (by category); other commenters chime in (by group).
OWNER_REPLIES: dict[str, tuple[tuple[str, str | None, str | None], ...]] = _by(
    _tsv("owner_replies.tsv"),
    "category",
    lambda r: (r["text"], _date(r["from"]), _date(r["until"])),
)
USER_REPLIES: dict[str, tuple[str, ...]] = _by(
    _tsv("user_replies.tsv"), "group", lambda r: r["text"]
)

# Casual spellings: word -> (variants for casual, variants for heavy slang).
SLANG: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    word: (tuple(casual), tuple(heavy)) for word, (casual, heavy) in _json("slang.json").items()
}

# Handles: syllables Indonesians put in usernames.
_names = _json("usernames.json")
FIRST_NAMES: tuple[str, ...] = tuple(_names["first"])
LAST_NAMES: tuple[str, ...] = tuple(_names["last"])

# What the ministry's posts say in full (an Instagram caption, a video's description), by theme.
POST_CAPTIONS: dict[str, tuple[str, ...]] = {
    theme: tuple(captions)
    for theme, captions in _json("post_captions.json").items()
    if not theme.startswith("_")
}

# What the ministry's posts say (a tweet's text, a video's title), by the post's theme.
POST_TITLES: dict[str, tuple[str, ...]] = {
    theme: tuple(titles) for theme, titles in _json("post_titles.json").items()
}
