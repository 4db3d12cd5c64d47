"""Complaint detection and routing: which comments the ministry must act on, and which unit.

A complaint reports a problem or asks for service ("PKH saya belum cair", "kapan cair min?"),
which is not the same as negative sentiment: an insult is negative but no complaint. The rules
live in ``data/complaint_rules.tsv`` (stemmed keyword patterns, request and question cues) so an
analyst can read and extend them without touching code; this module only applies them.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from monitor.nlp import text as textmod

# Categories in priority order (ties go to the earlier one). Labels for the UI.
CATEGORIES: dict[str, dict[str, str]] = {
    "pungli_penipuan": {"id": "Pungli, potongan & penipuan", "en": "Illegal levies & fraud"},
    "bencana": {"id": "Bantuan bencana", "en": "Disaster aid"},
    "disabilitas_rehabilitasi": {
        "id": "Disabilitas & rehabilitasi sosial",
        "en": "Disability & rehabilitation",
    },
    "data_penerima": {"id": "Data penerima & pendaftaran", "en": "Recipient data & registration"},
    "bantuan_belum_cair": {
        "id": "Bantuan belum diterima/terlambat",
        "en": "Aid not received or late",
    },
    "layanan_lain": {"id": "Pertanyaan layanan lain", "en": "Other service questions"},
}
DEFAULT_CATEGORY = "layanan_lain"
MAX_GAP = 2


@dataclass(frozen=True)
class Rule:
    kind: str  # topic | problem | request | question | address
    category: str | None
    weight: float
    stems: tuple[str, ...]


@dataclass(frozen=True)
class ComplaintResult:
    is_complaint: bool
    category: str | None
    cues: tuple[str, ...]  # matched patterns, for "why is this a complaint"


def _pattern_stems(pattern: str) -> tuple[str, ...]:
    out: list[str] = []
    for word in pattern.lower().split():
        if word == "?":
            out.append("?")
            continue
        for w in textmod.normalise_word(word) or (word,):
            out.append(textmod.stem(w))
    return tuple(out)


@functools.cache
def rules() -> tuple[Rule, ...]:
    """Rules from ``data/complaint_rules.tsv``."""
    out = []
    for n, row in enumerate(textmod.read_rows("complaint_rules.tsv"), start=1):
        if len(row) != 4:
            raise ValueError(f"complaint_rules.tsv rule {n}: expected 4 tab-separated fields")
        kind, cat, weight, pattern = row
        if cat != "-" and cat not in CATEGORIES:
            raise ValueError(f"complaint_rules.tsv rule {n}: unknown category {cat!r}")
        out.append(Rule(kind, None if cat == "-" else cat, float(weight), _pattern_stems(pattern)))
    return tuple(out)


@functools.cache
def _index() -> dict[str, tuple[Rule, ...]]:
    """Rules by their first stem, so matching is one dict lookup per token."""
    idx: dict[str, list[Rule]] = {}
    for r in rules():
        idx.setdefault(r.stems[0], []).append(r)
    return {k: tuple(v) for k, v in idx.items()}


def _expand(stems: Sequence[str]) -> list[str]:
    """Phrase tokens (``belum_cair``) back into their words, stemmed, for rule matching."""
    out: list[str] = []
    for s in stems:
        if "_" in s:
            out.extend(textmod.stem(w) for w in s.split("_"))
        else:
            out.append(s)
    return out


def _matches(seq: list[str], start: int, pattern: tuple[str, ...]) -> bool:
    pos = start
    for word in pattern[1:]:
        for j in range(pos + 1, min(len(seq), pos + 2 + MAX_GAP)):
            if seq[j] == textmod.BOUNDARY:
                return False
            if seq[j] == word:
                pos = j
                break
        else:
            return False
    return True


def classify_stems(stems: Sequence[str], has_question_mark: bool = False) -> ComplaintResult:
    """Apply the rules to a comment's stems (see ``data/complaint_rules.tsv`` for the logic)."""
    seq = _expand(stems)
    idx = _index()
    present = set(seq)
    matched: list[Rule] = []
    for i, s in enumerate(seq):
        for r in idx.get(s, ()):
            # a pattern whose other words are absent cannot match: skip the positional search
            if len(r.stems) == 1 or (present.issuperset(r.stems) and _matches(seq, i, r.stems)):
                matched.append(r)
    if has_question_mark:
        matched.extend(idx.get("?", ()))
    kinds = {r.kind for r in matched}
    trigger = bool(kinds & {"problem", "request", "question"})
    # a generic problem word ("lambat") needs a subject; a specific one ("belum cair") is one
    subject = any(r.kind in ("topic", "address") or (r.category and r.weight >= 2) for r in matched)
    if not (trigger and (subject or {"request", "question"} <= kinds)):
        return ComplaintResult(False, None, ())
    weights: dict[str, float] = {}
    for r in matched:
        if r.category and r.kind in ("topic", "problem"):
            weights[r.category] = weights.get(r.category, 0.0) + r.weight
    category = DEFAULT_CATEGORY
    if weights:
        order = list(CATEGORIES)
        category = max(weights, key=lambda c: (weights[c], -order.index(c)))
    cues = tuple(dict.fromkeys(" ".join(r.stems) for r in matched))
    return ComplaintResult(True, category, cues)


def classify(text: str) -> ComplaintResult:
    """Complaint or not, its category and the cues that decided it."""
    _, stems = textmod.tokens_and_stems(text)
    return classify_stems(stems, "?" in (text or ""))


def is_complaint(text: str) -> bool:
    """Does the comment report a problem or ask for a service the ministry must act on?"""
    return classify(text).is_complaint


def complaint_category(text: str) -> str | None:
    """The unit a complaint goes to (a key of ``CATEGORIES``), or None if no complaint."""
    return classify(text).category
